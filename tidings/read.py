"""Stage 1, read: bytes from files or stdin into raw documents.

Formats are looked up by name in ``READERS`` (text, html, jsonl); ``auto`` sniffs the
content. A reader yields either a ``RawDocument`` or an ``InputError`` for each record,
so one bad record never stops a batch. HTML is reduced to its article text with
trafilatura (boilerplate removed); its metadata (title, date, site) is kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.errors import InputError

log = logging.getLogger(__name__)

MAX_BYTES = 10_000_000  # a news article is rarely over 100 kB; 10 MB is surely not one article
FORMATS = ("auto", "text", "html", "jsonl")


@dataclass(slots=True)
class RawDocument:
    """A document as read, before cleaning: text plus whatever metadata came with it."""

    source: str  # file name, "<stdin>", or "file.jsonl:3" for a JSON line
    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # as given; parsed in prepare
    published_source: str | None = None  # "given" (input field / metadata) or None


ReadResult = RawDocument | InputError
Reader = Callable[[str, str], Iterator[ReadResult]]


def content_id(text: str) -> str:
    """Stable document id: a hash of the content."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else the best detected encoding.

    Raises InputError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(source, "empty input: nothing to read")
    if len(data) > MAX_BYTES:
        raise InputError(
            source,
            f"too large ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB): "
            "split it into articles (e.g. JSON Lines, one article a line)",
        )
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, f"binary data, not text (first bytes: {head[:8]!r})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "cannot decode: not UTF-8 and no other encoding fits")
    text = str(best)
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > len(text[:4096]) * 0.05:
        raise InputError(source, f"binary data, not text (first bytes: {head[:8]!r})")
    log.info("%s: decoded as %s", source, best.encoding)
    return text


def sniff(text: str) -> str:
    """Guess the format of decoded content: jsonl, html or text."""
    head = text.lstrip()[:2000]
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except json.JSONDecodeError:
            pass
    lowered = head.lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in lowered or "<p>" in lowered or "<div" in lowered or "<article" in lowered
    ):
        return "html"
    return "text"


def read_text(text: str, source: str) -> Iterator[ReadResult]:
    yield RawDocument(source=source, text=text)


def read_html(html: str, source: str) -> Iterator[ReadResult]:
    try:
        yield html_to_document(html, source)
    except InputError as err:
        yield err


def html_to_document(html: str, source: str, **meta: str | None) -> RawDocument:
    """Article text and metadata of a web page (trafilatura)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        raise InputError(source, "HTML page without article text (boilerplate only?)")
    published = meta.get("published") or getattr(extracted, "date", None)
    return RawDocument(
        source=source,
        text=body,
        id=meta.get("id"),
        title=meta.get("title") or getattr(extracted, "title", None),
        url=meta.get("url") or getattr(extracted, "url", None),
        outlet=meta.get("outlet") or getattr(extracted, "sitename", None),
        published=published,
        published_source="given" if published else None,
    )


def read_jsonl(content: str, source: str) -> Iterator[ReadResult]:
    """JSON Lines records ``{id, text | html, title, url, outlet, published}``."""
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(where, f"invalid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSON line must be an object with a 'text' or 'html' field")
            continue
        yield _record_to_document(record, where)


def _record_to_document(record: dict[str, object], where: str) -> ReadResult:
    meta = {
        key: (str(record[key]) if record.get(key) not in (None, "") else None)
        for key in ("id", "title", "url", "outlet", "published")
    }
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return RawDocument(
            source=where,
            text=text,
            published_source="given" if meta["published"] else None,
            **meta,
        )
    if isinstance(html, str) and html.strip():
        try:
            return html_to_document(html, where, **meta)
        except InputError as err:
            return err
    return InputError(where, "record has no non-empty 'text' or 'html' field")


READERS: dict[str, Reader] = {"text": read_text, "html": read_html, "jsonl": read_jsonl}


def read_bytes(data: bytes, source: str, input_format: str = "auto") -> Iterator[ReadResult]:
    """Decode and read one input (a file's or stdin's bytes)."""
    if input_format not in FORMATS:
        raise InputError(source, f"unknown input format {input_format!r}; use one of {FORMATS}")
    try:
        content = decode(data, source)
    except InputError as err:
        yield err
        return
    fmt = sniff(content) if input_format == "auto" else input_format
    yield from READERS[fmt](content, source)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files under directories named (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def read_paths(paths: Iterable[Path], input_format: str = "auto") -> Iterator[ReadResult]:
    """Read files (and directories recursively); unreadable files become InputErrors."""
    for path in iter_files(paths):
        try:
            data = path.read_bytes()
        except OSError as err:
            yield InputError(str(path), f"cannot open: {err.strerror or err}")
            continue
        yield from read_bytes(data, str(path), input_format)
