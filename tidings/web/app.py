"""The web application: a read-only REST API over a store, and the page that shows it.

``create_app(db_path)`` builds the FastAPI app. Every route reads the store through short
read-only connections (so an ingest can keep writing between requests); the only route
that computes anything new is ``POST /api/extract``, which codes a text and stores nothing.
Every error, whatever raised it, is answered as ``{"error": {status, code, message, details}}``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from tidings.errors import InputError, TidingsError
from tidings.store import StoreError, open_store
from tidings.store.query import EventFilters
from tidings.web import evidence, queries

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
MAX_EXTRACT_CHARS = 100_000  # POST /api/extract: longest text coded in one request
MAX_BODY_BYTES = 4 * MAX_EXTRACT_CHARS + 4096
READ_WAIT_S = 10.0  # how long a request waits for an ingest batch to release the store
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = PAGE_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")

Text = Annotated[str | None, Query(max_length=200)]


class ApiError(Exception):
    """An error answered with the API's JSON error shape."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def error_body(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details}}


class ExtractRequest(BaseModel):
    """A text to code; nothing is stored."""

    text: str = Field(description=f"the article text (at most {MAX_EXTRACT_CHARS:,} characters)")
    published: dt.date | None = Field(default=None, description="publication date anchoring relative dates")
    title: str | None = Field(default=None, max_length=1000)


def event_filter(
    actor: Text = None,
    recipient: Text = None,
    country: Annotated[str | None, Query(max_length=8, description="ISO3 or PLOVER code")] = None,
    type: Annotated[str | None, Query(max_length=400, description="PLOVER types, comma-separated")] = None,
    mode: Text = None,
    factuality: Text = None,
    quad_class: Annotated[str | None, Query(pattern=r"^[1-4](,[1-4])*$", description="e.g. 3,4")] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    place: Text = None,
    q: Annotated[str | None, Query(max_length=200, description="text search")] = None,
    document: Text = None,
) -> EventFilters:
    """The filters every listing route shares."""
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, "invalid_filter", f"date_from {date_from} is after date_to {date_to}")
    return EventFilters(
        actor=actor or None,
        recipient=recipient or None,
        country=country or None,
        type=type or None,
        mode=mode or None,
        factuality=factuality or None,
        quad_class=quad_class or None,
        since=date_from,
        until=date_to,
        place=place or None,
        text=q or None,
        document=document or None,
    )


Filter = Annotated[EventFilters, Depends(event_filter)]


def create_app(db_path: str | Path, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The web app over the store at ``db_path`` (which must exist).

    ``allowed_hosts`` limits the Host header (``tidings serve`` passes the loopback names
    when it binds to 127.0.0.1, so a web page elsewhere cannot reach it by DNS rebinding).
    """
    store = open_store(db_path, wait=READ_WAIT_S)
    app = FastAPI(
        title="tidings",
        summary="Events coded from news articles: who did what to whom, when, where, according to whom.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    _install_errors(app)
    _install_headers(app, allowed_hosts)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="tidings API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/api/events", tags=["events"])
    def list_events(
        flt: Filter,
        sort: Annotated[str, Query(pattern="^-?(" + "|".join(queries.SORTS) + ")$")] = "date",
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """Events matching the filters, one page at a time (``-`` before the sort key: descending)."""
        with store.connection() as con:
            return queries.events(con, flt, sort, limit, offset)

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """One event (by its id or the id of one of its mentions): the merged record, its mentions and,
        for each mention, the sentence and the character offsets of trigger, actors, date and place."""
        with store.connection() as con:
            found = con.execute(
                "SELECT DISTINCT event_id FROM mentions WHERE event_id = ? OR id = ? LIMIT 1", [event_id, event_id]
            ).fetchall()
            if not found:
                raise ApiError(404, "not_found", f"no event with id {event_id!r}; /api/events lists them")
            proof = evidence.event_evidence(con, found[0][0])
        stored = next(iter(store.events([found[0][0]])))
        return {**stored.to_dict(), "evidence": proof}

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def get_document(document_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """A document's metadata and clean text, and the spans of every event mention in it."""
        with store.connection() as con:
            found = evidence.document(con, document_id)
        if found is None:
            raise ApiError(404, "not_found", f"no document with id {document_id!r}")
        return found

    @app.get("/api/actors", tags=["aggregates"])
    def list_actors(
        flt: Filter,
        search: Annotated[str | None, Query(max_length=200, description="part of the actor's name")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        """Actors and recipients of the matching events, with how many events each takes part in."""
        with store.connection() as con:
            return queries.actors(con, flt, search, limit)

    @app.get("/api/timeline", tags=["aggregates"])
    def get_timeline(flt: Filter, max_items: Annotated[int, Query(ge=0, le=2000)] = 400) -> dict[str, Any]:
        """Dated events as timeline items (up to ``max_items``), else counts per day, month or year and quad class."""
        with store.connection() as con:
            return queries.timeline(con, flt, max_items)

    @app.get("/api/places", tags=["aggregates"])
    def get_places(flt: Filter, limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> dict[str, Any]:
        """Places of the matching events with counts by quad class."""
        with store.connection() as con:
            return queries.places(con, flt, limit)

    @app.get("/api/network", tags=["aggregates"])
    def get_network(
        flt: Filter,
        max_nodes: Annotated[int, Query(ge=1, le=500)] = 80,
        max_edges: Annotated[int, Query(ge=1, le=2000)] = 300,
    ) -> dict[str, Any]:
        """Actors (nodes) and actor→recipient pairs (edges, weighted by events; mean quad class and intensity)."""
        with store.connection() as con:
            return queries.network(con, flt, max_nodes, max_edges)

    @app.get("/api/stats", tags=["aggregates"])
    def get_stats() -> dict[str, Any]:
        """What the store holds: documents, events, mentions, dates, types, quad classes, skipped inputs."""
        stats = store.stats().to_dict()
        with store.connection() as con:
            stats["quad_classes"] = queries.quad_counts(con)
        return stats

    extract_lock = threading.Lock()
    pipelines: list[Any] = []

    @app.post("/api/extract", tags=["extract"])
    def post_extract(body: ExtractRequest) -> dict[str, Any]:
        """Code a text and return the record of the output contract (``--include-text`` form); stores nothing."""
        if len(body.text) > MAX_EXTRACT_CHARS:
            raise ApiError(
                413, "too_large", f"text is {len(body.text):,} characters; the limit is {MAX_EXTRACT_CHARS:,}"
            )
        with extract_lock:  # one spaCy pipeline, used by one request at a time
            if not pipelines:
                from tidings.pipeline import Pipeline

                pipelines.append(Pipeline())
            try:
                result = pipelines[0].extract(body.text, published=body.published, title=body.title)
            except InputError as error:
                raise ApiError(422, "cannot_code", error.reason) from error
        record: dict[str, Any] = result.to_dict()
        record["document"]["text"] = result.document.text
        return record

    return app


def _install_errors(app: FastAPI) -> None:
    def reply(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
        return JSONResponse(error_body(status, code, message, details), status_code=status)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return reply(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 411: "length_required"}
        return reply(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"location": [str(p) for p in e.get("loc", ())], "message": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        where = ", ".join(".".join(d["location"]) + ": " + str(d["message"]) for d in details)
        return reply(422, "invalid_request", f"invalid request ({where})", details)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        busy = "busy" in str(exc)
        return reply(503 if busy else 500, "store_busy" if busy else "store_error", str(exc))

    @app.exception_handler(TidingsError)
    async def tidings_error(_request: Request, exc: TidingsError) -> JSONResponse:
        return reply(500, "tidings_error", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return reply(500, "internal_error", "internal error; the server log has the details")


def _install_headers(app: FastAPI, allowed_hosts: Sequence[str] | None) -> None:
    hosts = {h.lower() for h in allowed_hosts or ()}

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if hosts:
            host = request.headers.get("host", "").lower()
            if _host_name(host) not in hosts:
                message = f"host {host!r} is not served here; open the page at http://127.0.0.1"
                return JSONResponse(error_body(400, "bad_host", message), status_code=400)
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.url.path.startswith("/api/"):
            length = request.headers.get("content-length", "")
            if not length.isdigit() and "chunked" in request.headers.get("transfer-encoding", "").lower():
                body = error_body(411, "length_required", "send a Content-Length header with the request body")
                return JSONResponse(body, status_code=411)
            if length.isdigit() and int(length) > MAX_BODY_BYTES:
                message = f"request body is {int(length):,} bytes; the limit is {MAX_BODY_BYTES:,}"
                return JSONResponse(error_body(413, "too_large", message), status_code=413)
        response = await call_next(request)
        docs = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else PAGE_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def _host_name(host: str) -> str:
    """The name in a Host header, without the port ("[::1]:8000" -> "[::1]")."""
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.split(":", 1)[0]


def _version() -> str:
    from tidings import __version__

    return __version__
