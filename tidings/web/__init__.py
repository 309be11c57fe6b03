"""The web application: a read-only REST API over a store and a page with table, timeline, map,
network and article evidence. ``tidings serve --db F`` runs it; ``create_app(db)`` builds it.

The page's libraries (vis-timeline, Leaflet, world-atlas, topojson-client, Cytoscape.js,
Swagger UI) are shipped in ``static/vendor/`` with their licences: nothing is fetched at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline
    from tidings.web.app import create_app

DEMO_ARTICLE = Path(__file__).parent / "demo" / "iraq-coalition-talks.txt"
DEMO_PUBLISHED = "2024-01-28"

__all__ = ["DEMO_ARTICLE", "create_app", "fill_demo"]


def fill_demo(db: str | Path, pipeline: Pipeline | None = None) -> int:
    """Ingest the seed article into ``db`` when it is missing or holds no documents; returns mentions added."""
    from tidings.store import connect

    path = Path(db)
    if path.exists():
        con = connect(path, read_only=True)
        try:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if "documents" in tables and con.execute("SELECT count(*) FROM documents").fetchall()[0][0]:
                return 0
        finally:
            con.close()
    from tidings.corpus.ingest import ingest

    summary = ingest([DEMO_ARTICLE], path, n_process=1, published=DEMO_PUBLISHED, pipeline=pipeline)
    return summary.mentions


def __getattr__(name: str) -> Any:
    # FastAPI loads only when the app is built, not when the CLI starts
    if name == "create_app":
        from tidings.web.app import create_app

        return create_app
    raise AttributeError(f"module 'tidings.web' has no attribute {name!r}")
