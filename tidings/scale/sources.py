"""Inputs named by local paths or fsspec URLs (``s3://…``, ``gs://…``, ``memory://…``, ``file://…``).

``expand(inputs)`` turns what the user named into the list of files to read, in a stable
order, without reading them: a directory is read recursively (hidden names left out, as
for local folders), a glob (``s3://bucket/2024-*/*.jsonl``) is expanded, a missing input
becomes an ``InputError``. ``read_source(source)`` reads one of those files exactly as
``tidings.read.read_paths`` reads a local one (same size limit, WARC streamed, the same
readers), so a document's ``source`` is the URL it came from. Listing happens where
``expand`` runs; reading happens wherever ``read_source`` runs — on the Dask workers for
``--engine dask``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tidings.errors import InputError, TidingsError
from tidings.read import (
    BINARY_FORMATS,
    MAX_BYTES,
    READERS,
    SNIFF_BYTES,
    CsvColumns,
    ReadResult,
    iter_files,
    read_bytes,
    read_paths,
    sniff_bytes,
)

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
    try:
        with fs.open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
            fmt = sniff_bytes(head) if input_format == "auto" else input_format
            if fmt in BINARY_FORMATS:
                handle.seek(0)
                yield from READERS[fmt](handle, source)
                return
            size = fs.size(path)
            if size is not None and size > MAX_BYTES:
                yield InputError(
                    source,
                    f"too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB): "
                    "split it into articles (e.g. JSON Lines, one article a line)",
                )
                return
            data = head + handle.read()
    except OSError as error:
        yield InputError(source, f"cannot open: {error.strerror or error}")
        return
    yield from read_bytes(data, source, input_format, csv_columns)


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
