"""Opening the DuckDB file: short leases, so readers and one writer can take turns.

DuckDB lets one process open a file read-write and then locks every other process out,
readers included. tidings therefore never holds the file for long: the writer opens it
for one batch (one transaction) and closes it; readers open it read-only for one query
or one export. Whoever finds it locked waits and retries (up to ``wait`` seconds), so
``stats`` during an ingest answers after at most one batch, and the ingest waits for a
running export to finish.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb

from tidings.errors import TidingsError
from tidings.store.schema import DDL, SCHEMA_VERSION

log = logging.getLogger(__name__)

READ_WAIT_S = 120.0
WRITE_WAIT_S = 3600.0


class StoreError(TidingsError):
    """The store cannot be opened or is not a tidings store."""


def connect(path: str | Path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store, retrying while another process holds the lock."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"no store at {path}: create one with 'tidings ingest PATH --db {path}'")
    wait = (READ_WAIT_S if read_only else WRITE_WAIT_S) if wait is None else wait
    deadline = time.monotonic() + wait
    delay = 0.02
    warned = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise StoreError(f"cannot open store {path}: {error}") from error
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"store {path} is busy (another tidings process holds it: {error}); try again when it is done"
                ) from error
            if not warned:
                log.info("store %s is busy; waiting for the other process", path)
                warned = True
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except duckdb.Error as error:
            raise StoreError(f"cannot open store {path}: not a DuckDB file ({error})") from error
    if not read_only:
        con.execute(DDL)
        con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    return con
