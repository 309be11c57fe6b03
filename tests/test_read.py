from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.read import RawDocument, content_id, decode, read_bytes, read_paths, sniff

ARTICLE = "Protesters gathered outside parliament in Nairobi on Tuesday, police said."


def test_plain_text_is_read_as_one_document() -> None:
    [doc] = list(read_bytes(ARTICLE.encode(), "a.txt"))
    assert isinstance(doc, RawDocument)
    assert doc.text == ARTICLE and doc.source == "a.txt"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"id": "1", "text": "x"}\n', "jsonl"),
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        ("<div><p>Some text</p></div>", "html"),
        ("Plain words. {not json}", "text"),
        ("{ not json at all", "text"),
    ],
)
def test_sniff_detects_format_by_content(content: str, expected: str) -> None:
    assert sniff(content) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_bytes_give_a_reason(data: bytes, reason: str) -> None:
    [result] = list(read_bytes(data, "bad.bin"))
    assert isinstance(result, InputError)
    assert reason in result.reason and "bad.bin" in str(result)


def test_latin1_text_is_decoded() -> None:
    text = "Le président a déclaré que les négociations reprendront à Genève."
    assert decode(text.encode("latin-1"), "x") == text


def test_jsonl_records_keep_metadata_and_report_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE, "outlet": "Daily", "published": "2024-01-02"}),
        "{broken",
        json.dumps({"id": "a2"}),
        json.dumps({"id": "a3", "html": f"<html><body><article><p>{ARTICLE}</p></article></body></html>"}),
    ]
    results = list(read_bytes("\n".join(lines).encode(), "batch.jsonl"))
    first, broken, empty, html = results
    assert isinstance(first, RawDocument) and first.id == "a1" and first.outlet == "Daily"
    assert first.published == "2024-01-02" and first.published_source == "given"
    assert isinstance(broken, InputError) and broken.source == "batch.jsonl:2" and "invalid JSON" in broken.reason
    assert isinstance(empty, InputError) and "text" in empty.reason
    assert isinstance(html, RawDocument) and "Nairobi" in html.text and html.id == "a3"


def test_html_page_is_reduced_to_article_text() -> None:
    page = (
        "<html><head><title>Talks resume</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Talks resume</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article>"
        "<footer>Copyright 2024</footer></body></html>"
    )
    [doc] = list(read_bytes(page.encode(), "page.html"))
    assert isinstance(doc, RawDocument)
    assert "Nairobi" in doc.text and "Copyright" not in doc.text


def test_directories_are_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE + " Again.")
    (tmp_path / "sub" / "empty.txt").write_text("")
    results = list(read_paths([tmp_path]))
    assert [type(r).__name__ for r in results] == ["RawDocument", "RawDocument", "InputError"]


def test_content_id_is_stable_and_content_based() -> None:
    assert content_id("abc") == content_id("abc") != content_id("abd")


# --- CSV, feeds, WARC -------------------------------------------------------------------

RSS = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Protest in Nairobi</title><link>https://example.org/a</link>
<pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate><description>{ARTICLE}</description></item>
<item><title>Second</title><link>https://example.org/b</link>
<description>&lt;p&gt;{ARTICLE} Again.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Talks</title><link href="https://example.org/c"/><id>urn:c</id>
<updated>2024-03-13T08:00:00Z</updated><content type="text">{ARTICLE}</content></entry></feed>"""


def warc_bytes(pages: list[tuple[str, str, str]], gzip: bool = True) -> bytes:
    """A WARC with one response per (url, content type, body)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, content_type, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


PAGE = (
    "<html><head><title>Talks</title></head><body><nav>Home</nav>"
    f"<article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [(RSS, "feed"), (ATOM, "feed"), ("id,title,text\n1,Hi,Some words here\n", "csv"), ("a, b, c\n", "text")],
)
def test_sniff_detects_feeds_and_csv(content: str, expected: str) -> None:
    assert sniff(content) == expected


def test_csv_rows_become_documents_with_a_column_mapping() -> None:
    from tidings.read import CsvColumns

    data = f'story_id,headline,body,pubdate\n7,Nairobi,"{ARTICLE}",2024-03-12\n8,Empty,,2024-03-12\n'
    first, empty = list(read_bytes(data.encode(), "a.csv", csv_columns=CsvColumns(text="body")))
    assert isinstance(first, RawDocument) and first.id == "7" and first.title == "Nairobi"
    assert first.published == "2024-03-12" and first.source == "a.csv:2"
    assert isinstance(empty, InputError) and empty.source == "a.csv:3"


def test_csv_without_a_text_column_names_the_flag() -> None:
    [error] = list(read_bytes(b"a,b\n1,2\n", "x.csv", input_format="csv"))
    assert isinstance(error, InputError) and "--csv-text" in error.reason


@pytest.mark.parametrize("feed", [RSS, ATOM])
def test_feed_entries_become_documents(feed: str) -> None:
    docs = list(read_bytes(feed.encode(), "feed.xml"))
    assert docs and all(isinstance(d, RawDocument) for d in docs)
    first = docs[0]
    assert isinstance(first, RawDocument) and "Nairobi" in first.text and first.url.startswith("https://example.org/")
    assert first.outlet in {"Example Wire", "Atom Wire"} and first.published in {"2024-03-12", "2024-03-13"}


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_are_read_and_other_records_ignored(tmp_path: Path, gzip: bool) -> None:
    data = warc_bytes(
        [
            ("https://example.org/a", "text/html; charset=utf-8", PAGE),
            ("https://example.org/x.png", "image/png", "PNG"),
        ],
        gzip=gzip,
    )
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(data)
    for results in (list(read_paths([path])), list(read_bytes(data, str(path)))):
        [doc] = results
        assert isinstance(doc, RawDocument) and "Nairobi" in doc.text and doc.url == "https://example.org/a"


def test_a_large_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tidings.read

    monkeypatch.setattr(tidings.read, "MAX_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10)
    [error] = list(read_paths([path]))
    assert isinstance(error, InputError) and "too large" in error.reason
