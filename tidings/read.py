"""Stage 1, read: bytes from files or stdin into raw documents.

Formats are looked up by name in ``READERS`` (text, html, jsonl, csv, feed, warc);
``auto`` sniffs the content. A reader yields either a ``RawDocument`` or an
``InputError`` for each record, so one bad record never stops a batch. HTML is reduced
to its article text with trafilatura (boilerplate removed); its metadata (title, date,
site) is kept. CSV columns map to document fields (``CsvColumns``); feeds (RSS/Atom)
are read with feedparser, WARC and WARC.gz files with warcio (HTML responses only).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tidings.errors import InputError

log = logging.getLogger(__name__)

MAX_BYTES = 10_000_000  # a news article is rarely over 100 kB; 10 MB is surely not one article
FORMATS = ("auto", "text", "html", "jsonl", "csv", "feed", "warc")


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
Reader = Callable[..., Iterator[ReadResult]]  # (content: str, source: str, **options); warc gets bytes
BINARY_FORMATS = frozenset({"warc"})  # readers that take the raw bytes, not decoded text


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


WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 4096  # enough to inflate the start of a gzipped WARC


def sniff_bytes(head: bytes) -> str | None:
    """Formats told apart before decoding: ``warc`` (plain or gzipped), else None."""
    if head.startswith(WARC_MAGIC):
        return "warc"
    if head.startswith(GZIP_MAGIC):
        import zlib

        try:
            inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return None
        if inflated.startswith(WARC_MAGIC):
            return "warc"
    return None


_FEED_ROOT = re.compile(r"<(rss|rdf:RDF|feed)[\s>]", re.IGNORECASE)


def sniff(text: str) -> str:
    """Guess the format of decoded content: jsonl, feed, html, csv or text."""
    head = text.lstrip()[:2000]
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except json.JSONDecodeError:
            pass
    lowered = head.lower()
    if head.startswith("<") and _FEED_ROOT.search(head) and "<html" not in lowered:
        return "feed"
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in lowered or "<p>" in lowered or "<div" in lowered or "<article" in lowered
    ):
        return "html"
    if _looks_like_csv(head):
        return "csv"
    return "text"


def _looks_like_csv(head: str) -> bool:
    """A header row naming a text-like column, and a second row with as many fields."""
    lines = head.splitlines()
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff(head[:1024], delimiters=",;\t|")
    except csv.Error:
        return False
    rows = list(csv.reader(io.StringIO("\n".join(lines[:2])), dialect))
    header = [h.strip().lower() for h in rows[0]]
    return len(header) > 1 and len(rows) == 2 and bool(set(header) & set(CsvColumns().text_names()))


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


def _record_to_document(record: dict[str, Any], where: str) -> ReadResult:
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


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV column holds each document field (``--csv-text body`` and so on).

    A field left as None is looked for under its usual names (``text``, ``body``,
    ``content`` ...), case-insensitively.
    """

    text: str | None = None
    html: str | None = None
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "text": ("text", "body", "content", "article", "story", "full_text"),
            "html": ("html", "raw_html"),
            "id": ("id", "doc_id", "document_id", "story_id"),
            "title": ("title", "headline"),
            "url": ("url", "link", "source_url"),
            "outlet": ("outlet", "source", "publisher", "site", "media"),
            "published": ("published", "date", "pubdate", "publish_date", "published_at", "timestamp"),
        },
        repr=False,
    )

    def text_names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.text, self.html) if n) or self.aliases["text"] + self.aliases["html"]

    def resolve(self, header: list[str]) -> dict[str, str]:
        """Field name -> column name present in the header."""
        lowered = {h.strip().lower(): h for h in header}
        mapping: dict[str, str] = {}
        for name, names in self.aliases.items():
            given = getattr(self, name)
            for candidate in (given,) if given else names:
                if candidate and candidate.lower() in lowered:
                    mapping[name] = lowered[candidate.lower()]
                    break
        return mapping


def read_csv(content: str, source: str, columns: CsvColumns | None = None) -> Iterator[ReadResult]:
    """One document per CSV row; the header names the columns (see ``CsvColumns``)."""
    columns = columns or CsvColumns()
    try:
        dialect: Any = csv.Sniffer().sniff(content[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content, newline=""), dialect=dialect)
    mapping = columns.resolve(list(reader.fieldnames or []))
    if "text" not in mapping and "html" not in mapping:
        yield InputError(
            source,
            f"CSV without a text column (header: {', '.join(reader.fieldnames or [])}); name it with --csv-text COLUMN",
        )
        return
    try:
        for number, row in enumerate(reader, start=2):
            record = {name: row.get(column) for name, column in mapping.items()}
            yield _record_to_document(record, f"{source}:{number}")
    except csv.Error as err:
        yield InputError(f"{source}:{reader.line_num}", f"malformed CSV ({err}); the rows before it were read")


def read_feed(content: str, source: str) -> Iterator[ReadResult]:
    """RSS or Atom: one document per entry (its content, else its summary; link, date, source)."""
    import feedparser

    feed = feedparser.parse(content)
    if not feed.entries:
        reason = f"not an RSS or Atom feed ({feed.bozo_exception})" if feed.bozo else "feed without entries"
        yield InputError(source, reason + "; pass --input-format html to treat it as a web page")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{number}"
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        published = entry.get("published") or entry.get("updated")
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            published = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        source_title = (entry.get("source") or {}).get("title")
        record = {
            "id": entry.get("id"),
            "title": entry.get("title"),
            "url": entry.get("link"),
            "outlet": source_title or outlet,
            "published": published,
        }
        if body and "<" in body and ">" in body:
            record["html"] = f"<html><body><article>{body}</article></body></html>"
        else:
            record["text"] = body
        yield _record_to_document(record, where)


def read_warc(stream: bytes | IO[bytes], source: str) -> Iterator[ReadResult]:
    """HTML responses of a WARC or WARC.gz file (warcio), one document each, streamed."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(stream, bytes):
        stream = io.BytesIO(stream)
    number = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            number += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{number}" + (f" ({url})" if url else "")
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type:
                continue  # images, scripts, style sheets: not articles
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                yield InputError(where, f"HTTP status {status}, not a page")
                continue
            data = record.content_stream().read(MAX_BYTES + 1)
            try:
                html = decode(data, where)
            except InputError as err:
                yield err
                continue
            date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            yield _record_to_document({"html": html, "url": url, "published": date}, where)
    except ArchiveLoadFailed as err:
        yield InputError(source, f"broken WARC after {number} record(s): {err}")


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "feed": read_feed,
    "warc": read_warc,
}


def read_bytes(
    data: bytes, source: str, input_format: str = "auto", csv_columns: CsvColumns | None = None
) -> Iterator[ReadResult]:
    """Decode and read one input (a file's or stdin's bytes)."""
    if input_format not in FORMATS:
        raise InputError(source, f"unknown input format {input_format!r}; use one of {FORMATS}")
    fmt = sniff_bytes(data[:SNIFF_BYTES]) if input_format == "auto" else input_format
    if fmt in BINARY_FORMATS:
        yield from READERS[fmt](data, source)
        return
    try:
        content = decode(data, source)
    except InputError as err:
        yield err
        return
    fmt = sniff(content) if input_format == "auto" else input_format
    if fmt == "csv":
        yield from read_csv(content, source, csv_columns)
    else:
        yield from READERS[fmt](content, source)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files under directories named (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def read_paths(
    paths: Iterable[Path], input_format: str = "auto", csv_columns: CsvColumns | None = None
) -> Iterator[ReadResult]:
    """Read files (and directories recursively); unreadable files become InputErrors."""
    for path in iter_files(paths):
        yield from read_file(_opener(path), str(path), input_format, csv_columns)


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def read_file(
    opener: Callable[[], IO[bytes]], source: str, input_format: str = "auto", csv_columns: CsvColumns | None = None
) -> Iterator[ReadResult]:
    """Read one file opened by ``opener`` (a local path's or an fsspec file system's).

    WARC files are streamed record by record; any other file larger than ``MAX_BYTES``
    is refused before it is read, so memory stays bounded whatever the input.
    """
    try:
        with opener() as handle:
            head = handle.read(SNIFF_BYTES)
            fmt = sniff_bytes(head) if input_format == "auto" else input_format
            if fmt in BINARY_FORMATS:
                handle.seek(0)
                yield from READERS[fmt](handle, source)
                return
            size = handle.seek(0, io.SEEK_END)
            if size > MAX_BYTES:
                yield InputError(
                    source,
                    f"too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB): "
                    "split it into articles (e.g. JSON Lines, one article a line)",
                )
                return
            handle.seek(len(head))
            data = head + handle.read()
    except OSError as err:
        yield InputError(source, f"cannot open: {err.strerror or err}")
        return
    yield from read_bytes(data, source, input_format, csv_columns)
