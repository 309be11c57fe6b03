"""Inputs named by local paths or fsspec URLs (``s3://…``, ``gs://…``, ``memory://…``, ``file://…``).

``expand(inputs)`` turns what the user named into the list of files to read, in a stable
order, without reading them: a directory is read recursively (hidden names left out, as
for local folders), a glob (``s3://bucket/2024-*/*.jsonl``) is expanded, a missing input
becomes an ``InputError``. ``read_source(source)`` reads one of those files with the
same ``tidings.read.read_file`` that reads a local one (same size limit, WARC streamed,
the same readers), so a document's ``source`` is the URL it came from. Listing happens
where ``expand`` runs; reading happens wherever ``read_source`` runs — on the Dask
workers for ``--engine dask``. The Parquet helpers at the end (``write_parquet``,
``read_parquet``, ``parquet_files``, ``remove``) serve the Dask engine's dataset and
staging files, local or in object storage.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import InputError, TidingsError
from tidings.read import CsvColumns, ReadResult, iter_files, read_file, read_paths

GLOB_CHARS = frozenset("*?[")


def is_url(name: str | Path) -> bool:
    """Whether an input is an fsspec URL (``proto://…``) rather than a local path."""
    return "://" in str(name)


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem and path of a URL; a clear error when its package is missing."""
    try:
        from fsspec.core import url_to_fs
    except ImportError as error:
        raise TidingsError(f"cannot read {url}: URLs need fsspec: pip install fsspec") from error
    protocol = url.split("://", 1)[0]
    try:
        return url_to_fs(url)
    except ImportError as error:
        raise TidingsError(f"cannot read {url}: {_install_hint(protocol)}") from error
    except ValueError as error:  # an unknown protocol
        raise TidingsError(f"cannot read {url}: {error}") from error


def _install_hint(protocol: str) -> str:
    from fsspec.registry import known_implementations

    implementation = known_implementations.get(protocol, {})
    package = str(implementation.get("class", "")).split(".", 1)[0] or protocol
    return f"the {protocol}:// protocol needs the {package} package, which is not installed: pip install {package}"


def check(inputs: Iterable[str | Path]) -> None:
    """Fail early, naming the input and the fix, when a URL's protocol cannot be read here."""
    for name in inputs:
        if is_url(name):
            filesystem(str(name))


def expand(inputs: Iterable[str | Path]) -> Iterator[str | InputError]:
    """The files to read, in order: local paths as ``iter_files`` gives them, URLs expanded."""
    for name in inputs:
        if not is_url(name):
            local = Path(name)
            if not local.exists():
                yield InputError(str(local), "no such file or directory")
                continue
            yield from (str(p) for p in iter_files([local]))
            continue
        url = str(name)
        fs, where = filesystem(url)
        path = str(where)
        try:
            if any(c in path for c in GLOB_CHARS):
                found = sorted(p for p in fs.glob(path) if not _hidden(p) and not fs.isdir(p))
            elif fs.isdir(path):
                found = sorted(p for p in fs.find(path) if not _hidden(p[len(path.rstrip("/")) :]))
            elif fs.exists(path):
                found = [path]
            else:
                found = []
        except OSError as error:
            yield InputError(url, f"cannot list: {error}")
            continue
        if not found:
            yield InputError(url, "no such file or directory")
        yield from (fs.unstrip_protocol(p) for p in found)


def _hidden(path: str) -> bool:
    return any(part.startswith(".") for part in path.split("/") if part)


def read_source(source: str, input_format: str = "auto", csv_columns: CsvColumns | None = None) -> Iterator[ReadResult]:
    """Read one file named by ``expand``: a local path, or an fsspec URL."""
    if not is_url(source):
        yield from read_paths([Path(source)], input_format, csv_columns)
        return
    fs, path = filesystem(source)
    yield from read_file(partial(fs.open, path, "rb"), source, input_format, csv_columns)


def read_inputs(
    inputs: Iterable[str | Path], input_format: str = "auto", csv_columns: CsvColumns | None = None
) -> Iterator[ReadResult]:
    """Every document of every input, in order; local paths read as ``read_paths`` reads them."""
    for item in expand(inputs):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_source(item, input_format, csv_columns)


def join(base: str, *parts: str) -> str:
    """``base/part/…`` for a local folder or a URL."""
    if is_url(base):
        return posixpath.join(base.rstrip("/"), *parts)
    return str(Path(base, *parts))


# --- Parquet files in a folder or under a URL (the Dask engine's dataset and staging) ----


def fs_path(url: str) -> tuple[Any, str]:
    """The fsspec file system and path of a URL or a local path."""
    if is_url(url):
        return filesystem(url)
    from fsspec.implementations.local import LocalFileSystem

    return LocalFileSystem(), Path(url).absolute().as_posix()


def write_parquet(table: pa.Table, url: str) -> None:
    fs, path = fs_path(url)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(path, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")


def read_parquet(url: str, columns: list[str] | None = None) -> pa.Table:
    fs, path = fs_path(url)
    with fs.open(path, "rb") as handle:
        return pq.read_table(handle, columns=columns)


def parquet_files(url: str) -> list[str]:
    """Parquet files under a folder (recursively), as URLs or paths like ``url``."""
    fs, path = fs_path(url)
    if not fs.exists(path):
        return []
    found = sorted(p for p in fs.find(path) if p.endswith(".parquet"))
    prefix = url.rstrip("/")
    return [prefix + p[len(path.rstrip("/")) :] for p in found]


def remove(url: str) -> None:
    fs, path = fs_path(url)
    if fs.exists(path):
        fs.rm(path, recursive=True)
