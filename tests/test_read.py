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
