"""A store as a Parquet dataset: documents, events and mentions, partitioned by month.

``write_dataset(db, out)`` writes ``out/documents`` (by publication month),
``out/events`` and ``out/mentions`` (by the month the event starts; ``month=unknown`` for
undated ones) as Hive-partitioned Parquet, for Spark, Dask, DuckDB or pandas to read
without the store. The dataset is rewritten from the store each time, so it always equals
the store, and writing it twice gives the same files.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from tidings.errors import TidingsError
from tidings.records import Record
from tidings.store.db import connect

TABLES = {
    "documents": ("SELECT *, {month} AS month FROM documents", "published"),
    "events": ("SELECT *, {month} AS month FROM events", "date_start"),
    "mentions": ("SELECT *, {month} AS month FROM mentions", "date_start"),
}


@dataclass(slots=True)
class DatasetSummary(Record):
    path: str
    documents: int = 0
    events: int = 0
    mentions: int = 0
    months: int = 0


def write_dataset(db: str | Path, out: str | Path) -> DatasetSummary:
    """Write the store at ``db`` as a Parquet dataset under ``out`` (replacing one there)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise TidingsError(f"cannot write a Parquet dataset to {out}: it is a file; pass a folder")
    summary = DatasetSummary(path=str(out))
    months: set[str] = set()
    con = connect(db, read_only=True)
    try:
        for table, (sql, column) in TABLES.items():
            month = f"coalesce(strftime({column}, '%Y-%m'), 'unknown')"
            query = sql.format(month=month)
            target = out / table
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            con.execute(f"COPY ({query}) TO '{_quoted(target)}' (FORMAT PARQUET, PARTITION_BY (month))")
            rows = con.execute(f"SELECT month, count(*) FROM ({query}) GROUP BY month").fetchall()
            setattr(summary, table, sum(n for _m, n in rows))
            months.update(m for m, _n in rows)
    finally:
        con.close()
    summary.months = len(months)
    return summary


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
