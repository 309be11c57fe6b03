"""``tidings serve``: arguments, the loopback default, --demo (uvicorn itself is replaced)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tidings.web.cli import serve


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    return seen


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("serve")(serve)
    app.command("noop")(lambda: None)  # keep "serve" a subcommand, as in the tidings command
    return app


def test_serve_binds_loopback_by_default(seed_store: Path, served: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli(), ["serve", "--db", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8000
    assert "http://127.0.0.1:8000/" in result.output


def test_serve_without_a_store_says_what_to_do(tmp_path: Path, served: dict[str, Any]) -> None:
    result = CliRunner().invoke(cli(), ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "tidings ingest" in result.output and "--demo" in result.output
    assert not served


def test_serve_demo_fills_an_empty_store(tmp_path: Path, served: dict[str, Any], monkeypatch, pipeline) -> None:  # type: ignore[no-untyped-def]
    import tidings.web

    real = tidings.web.fill_demo
    monkeypatch.setattr(tidings.web, "fill_demo", lambda db: real(db, pipeline=pipeline))
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(cli(), ["serve", "--db", str(db), "--demo", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "stored the seed article" in result.output
    assert served["port"] == 8123
    from tidings.store import open_store

    assert open_store(db).stats().documents == 1
