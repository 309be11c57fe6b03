"""``tidings serve``: the web application on a local port.

Wired into the ``tidings`` command in ``tidings/cli.py`` with ``app.command("serve")(serve)``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from tidings.errors import TidingsError

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def serve(
    db: Annotated[Path, typer.Option("--db", help="The store to show (made with 'tidings ingest').")],
    host: Annotated[str, typer.Option("--host", help="Address to bind; 0.0.0.0 opens it to the network.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="Fill a missing or empty store with the seed article.")] = False,
) -> None:
    """Serve the store as a web page (table, timeline, map, network, evidence) and a REST API (/docs)."""
    import uvicorn

    from tidings.web import create_app, fill_demo

    try:
        if demo:
            added = fill_demo(db)
            if added:
                typer.echo(f"demo: stored the seed article ({added} event mentions) in {db}", err=True)
        loopback = host in LOOPBACK
        app = create_app(db, allowed_hosts=[*LOOPBACK, "localhost"] if loopback else None)
    except TidingsError as error:
        hint = "" if demo else "; or pass --demo to start with the seed article"
        typer.echo(f"tidings: {error}{hint}", err=True)
        raise typer.Exit(1) from error
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"tidings: serving {db} at http://{shown}:{port}/ (API docs at /docs); Ctrl+C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
