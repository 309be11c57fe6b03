"""A store as a Parquet dataset: documents, events and mentions, partitioned by month.

``write_dataset(db, out)`` writes ``out/documents`` (by publication month),
``out/events`` and ``out/mentions`` (by the month the event starts; ``month=unknown`` for
undated ones) as Hive-partitioned Parquet, for Spark, Dask, DuckDB or pandas to read
without the store. The dataset is rewritten from the store each time, so it always equals
the store, and writing it twice gives the same files. Events carry one column the store
does not: ``source_keys``, the distinct sources (outlet, else document id) behind
``num_sources``, which a later ``--engine dask`` run needs to recount them.

``load_dataset(out, db)`` does the reverse for the dataset ``--engine dask`` writes
(``tidings.scale.dask_ingest``): it loads documents, mentions, actors and skipped inputs
not yet in the store, and replaces the store's rows of the dataset's events, in one
transaction, so loading twice changes nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import TidingsError
from tidings.records import Record
from tidings.scale.sources import fs_path, join, parquet_files, read_parquet
from tidings.store.db import connect

TABLES = {
    "documents": ("SELECT *, {month} AS month FROM documents", "published"),
    "events": (
        """SELECT e.*, (SELECT list(DISTINCT coalesce(d.outlet, d.id) ORDER BY coalesce(d.outlet, d.id))
                         FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = e.id)
                  AS source_keys, {month} AS month FROM events e""",
        "date_start",
    ),
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


@dataclass(slots=True)
class LoadSummary(Record):
    db: str
    documents: int = 0
    mentions: int = 0
    actors: int = 0
    events: int = 0
    skipped: int = 0


_KEYS = {
    "documents": "t.id = l.id",
    "mentions": "t.id = l.id",
    "actors": "t.mention_id = l.mention_id AND t.role = l.role AND t.position = l.position",
    "skipped": "t.source = l.source",
}


def load_dataset(out: str | Path, db: str | Path) -> LoadSummary:
    """Load the dataset at ``out`` (a folder or URL) into the store ``db``: new rows added, events replaced."""
    from tidings.scale.dask_ingest import SCHEMAS

    summary = LoadSummary(db=str(db))
    con = connect(db, read_only=False)
    try:
        con.begin()
        for table in ("documents", "mentions", "actors", "events", "skipped"):
            names = schema_names(table)
            columns = ", ".join(f'"{n}"' for n in names)
            before = _count(con, table)
            for url in parquet_files(join(str(out), table)):
                data = read_parquet(url).select(names).cast(pa.schema([SCHEMAS[table].field(n) for n in names]))
                con.register("_load", data)
                if table == "events":
                    con.execute("DELETE FROM events WHERE id IN (SELECT id FROM _load)")
                    con.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM _load")
                    summary.events += data.num_rows
                else:
                    con.execute(
                        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _load l "
                        f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {_KEYS[table]})"
                    )
                con.unregister("_load")
            if table != "events":
                setattr(summary, table, _count(con, table) - before)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return summary


def schema_names(table: str) -> list[str]:
    from tidings.store import schema

    return list(getattr(schema, table.upper()).names)


def _count(con: Any, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def dataset_summary(out: str | Path) -> DatasetSummary:
    """Rows and months of a dataset, from the Parquet footers (nothing else is read)."""
    summary = DatasetSummary(path=str(out))
    months: set[str] = set()
    for table in ("documents", "events", "mentions"):
        rows = 0
        for url in parquet_files(join(str(out), table)):
            fs, path = fs_path(url)
            with fs.open(path, "rb") as handle:
                rows += pq.ParquetFile(handle).metadata.num_rows
            months.update(part[6:] for part in url.split("/") if part.startswith("month="))
        setattr(summary, table, rows)
    summary.months = len(months)
    return summary
