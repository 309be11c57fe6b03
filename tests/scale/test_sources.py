"""Inputs from fsspec URLs: memory:// and file:// here (no network), and clear errors otherwise."""

from __future__ import annotations

import importlib.util
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.corpus.ingest import ingest
from tidings.errors import InputError, TidingsError
from tidings.read import RawDocument
from tidings.scale.sources import expand, read_inputs

fsspec = pytest.importorskip("fsspec")

TEXTS = {
    "a.txt": "Police arrested 30 protesters in Nairobi on Tuesday, officials said.",
    "b.txt": "Japan pledged $50 million in humanitarian aid to Sudan on Wednesday.",
    ".hidden.txt": "Never read: hidden names are left out, as in local folders.",
}


@pytest.fixture
def bucket() -> Iterator[str]:
    """A folder of articles in fsspec's in-memory file system, with a JSON Lines file in a sub-folder."""
    root = f"memory://news-{uuid.uuid4().hex[:8]}"
    fs = fsspec.filesystem("memory")
    for name, text in TEXTS.items():
        fs.pipe(f"{root}/{name}", text.encode())
    lines = [json.dumps({"id": "w1", "text": "Turkish troops withdrew from a base near Kirkuk on Monday."}), "{bad"]
    fs.pipe(f"{root}/wire/day1.jsonl", ("\n".join(lines) + "\n").encode())
    yield root
    fs.rm(root.replace("memory://", "/"), recursive=True)


def test_folders_and_globs_of_urls_expand_like_local_folders(bucket: str) -> None:
    assert list(expand([bucket])) == [f"memory:///{bucket[9:]}/{n}" for n in ("a.txt", "b.txt", "wire/day1.jsonl")]
    assert list(expand([f"{bucket}/*.txt"])) == [f"memory:///{bucket[9:]}/{n}" for n in ("a.txt", "b.txt")]
    missing = list(expand([f"{bucket}/nothing-here", f"{bucket}/none-*.txt"]))
    assert [type(m) for m in missing] == [InputError, InputError]
    assert "no such file or directory" in missing[0].reason


def test_documents_read_from_urls_carry_their_url_and_line(bucket: str) -> None:
    read = list(read_inputs([bucket]))
    documents = [r for r in read if isinstance(r, RawDocument)]
    assert [d.source for d in documents] == [
        f"memory:///{bucket[9:]}/a.txt",
        f"memory:///{bucket[9:]}/b.txt",
        f"memory:///{bucket[9:]}/wire/day1.jsonl:1",
    ]
    assert documents[0].text == TEXTS["a.txt"]
    errors = [r for r in read if isinstance(r, InputError)]
    assert [e.source for e in errors] == [f"memory:///{bucket[9:]}/wire/day1.jsonl:2"]


def test_file_urls_read_what_local_paths_read(tmp_path: Path) -> None:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    local = [r.text for r in read_inputs([tmp_path]) if isinstance(r, RawDocument)]
    remote = [r.text for r in read_inputs([tmp_path.as_uri()]) if isinstance(r, RawDocument)]
    assert local == remote == [TEXTS["a.txt"], TEXTS["b.txt"]]


def test_ingest_reads_urls_with_the_default_engine(bucket: str, tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    summary = ingest([bucket], tmp_path / "c.duckdb", n_process=1, pipeline=pipeline, published="2024-03-15")
    assert (summary.ingested, summary.skipped) == (3, 1)


@pytest.mark.skipif(importlib.util.find_spec("s3fs") is not None, reason="s3fs is installed here")
def test_a_missing_protocol_package_is_named_with_the_input(tmp_path: Path) -> None:
    with pytest.raises(TidingsError, match=r"cannot read s3://bucket/news: .*pip install s3fs"):
        ingest(["s3://bucket/news"], tmp_path / "c.duckdb", n_process=1)
    result = CliRunner().invoke(app, ["ingest", "s3://bucket/news", "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 2
    assert "pip install s3fs" in result.output
    assert result.output.count("\n") == 1  # one line, naming the input and the fix
