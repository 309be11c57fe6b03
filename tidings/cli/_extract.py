"""`tidings extract`: articles in, one JSON object per document out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tidings.cli._app import _fail, app, err, out
from tidings.errors import InputError, TidingsError
from tidings.parse import DEFAULT_MODEL
from tidings.read import FORMATS, RawDocument, read_bytes, read_paths
from tidings.records import Document, Extraction


def _raw_inputs(paths: list[str], input_format: str) -> Iterator[RawDocument | InputError]:
    files = [Path(p) for p in paths if p != "-"]
    for path in files:
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
    if "-" in paths or not paths:
        yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", input_format)
    yield from read_paths([p for p in files if p.exists()], input_format)


@app.command()
def extract(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories to read; '-' or nothing reads stdin.")
    ] = None,
    input_format: Annotated[
        str, typer.Option("--input-format", "-f", help="auto | text | html | jsonl (auto sniffs the content).")
    ] = "auto",
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
    ] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="Print readable tables instead of JSON Lines.")] = False,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Add the clean text to each document record.")
    ] = False,
    model: Annotated[
        str, typer.Option("--model", help="Installed spaCy English pipeline to parse with.")
    ] = DEFAULT_MODEL,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not report skipped inputs.")] = False,
    kb: Annotated[
        list[Path] | None, typer.Option("--kb", help="Extra actor KB file or folder (repeatable); overrides built-ins.")
    ] = None,
    ontology: Annotated[
        list[Path] | None,
        typer.Option("--ontology", help="Extra ontology YAML: event types, modes, CAMEO codes (repeatable)."),
    ] = None,
    lexicon: Annotated[
        list[Path] | None, typer.Option("--lexicon", help="Extra trigger lexicon TSV (repeatable).")
    ] = None,
) -> None:
    """Extract events from articles; one JSON object per document on stdout."""
    from tidings.pipeline import Pipeline
    from tidings.prepare import prepare

    paths = paths or []
    if not paths and sys.stdin.isatty():
        raise _fail("nothing to read: name a file, or pipe text into 'tidings extract -'", 2)
    if input_format not in FORMATS:
        raise _fail(f"unknown --input-format {input_format!r}; choose from {', '.join(FORMATS)}", 2)
    try:
        pipeline = Pipeline(model, kb_paths=kb or (), lexicon_paths=lexicon or (), ontology_paths=ontology or ())
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    skipped: list[InputError] = []

    def documents() -> Iterator[Document]:
        for item in _raw_inputs(paths, input_format):
            try:
                if isinstance(item, InputError):
                    raise item
                document = prepare(item, published=published)
                if document.published is None and not quiet:
                    _warn_undated(document)
                yield document
            except InputError as error:
                skipped.append(error)
                if not quiet:
                    err.print(f"tidings: skipped {error.source}: {error.reason}", markup=False, soft_wrap=True)

    def failed(document: Document, reason: str) -> None:
        skipped.append(InputError(document.source or document.id, reason))
        err.print(
            f"tidings: failed {document.source or document.id}: internal error ({reason}); "
            "please report it with the input",
            markup=False,
            soft_wrap=True,
        )

    coded = 0
    for result in pipeline.extract_many(documents(), n_process=processes, on_error=failed):
        coded += 1
        if pretty:
            _print_pretty(result)
        else:
            sys.stdout.write(json.dumps(result.to_dict(include_text=include_text), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if coded == 0:
        raise _fail(f"no document could be coded ({len(skipped)} input(s) skipped)")


def _warn_undated(document: Document) -> None:
    """Say why relative dates stay unresolved when a dateline gives the day but no year."""
    from tidings.time import find_dateline

    _, span = find_dateline(document.text)
    if span is not None:
        err.print(
            f"tidings: note: {document.source or document.id}: the dateline gives {span.text!r} but no year;"
            " pass --published to resolve relative dates",
            markup=False,
            soft_wrap=True,
        )


def _actors_text(actors: list) -> str:  # type: ignore[type-arg]
    parts = []
    for actor in actors:
        code = "/".join(filter(None, [actor.country, *actor.sectors]))
        parts.append(f"{actor.name or actor.text}" + (f" [{code}]" if code else ""))
    return "; ".join(parts) or "—"


def _print_pretty(result: Extraction) -> None:
    document = result.document
    published = document.published.isoformat() if document.published else "unknown"
    out.rule(f"[bold]{document.title or document.id}[/bold]")
    out.print(
        f"document {document.id} · published {published} ({document.published_source or 'not given'})"
        f" · {len(result.events)} events · {len(result.timexes)} time expressions · {len(result.places)} places"
    )
    table = Table(show_lines=True, expand=True)
    for column in ("#", "event", "who", "whom", "when", "where", "status", "evidence"):
        table.add_column(column, overflow="fold")
    for n, event in enumerate(result.events, start=1):
        date = event.date
        when = "—"
        if date.start or date.end:
            span = f"{date.start or '…'}" + (f" – {date.end}" if date.end and date.end != date.start else "")
            when = f"{span}\n{date.precision.value}, {date.source.value}"
        where = event.location.name or event.location.text if event.location else "—"
        status = event.factuality.value
        if event.attribution:
            status += f"\nper {event.attribution.text}"
        casualties = [
            f"{k} {c.min}" + (f"–{c.max}" if c.max != c.min else "") if c.max is not None else f"{k} ≥{c.min}"
            for k in ("killed", "injured", "arrested")
            if (c := getattr(event.casualties, k))
        ]
        if casualties:
            status += "\n" + ", ".join(casualties)
        table.add_row(
            str(n),
            f"{event.type}" + (f"/{event.mode}" if event.mode else "") + f"\nCAMEO {event.cameo} Q{event.quad_class}",
            _actors_text(event.actors),
            _actors_text(event.recipients),
            when,
            where,
            status,
            f"“{event.trigger.text}” s{event.sentence}" + (f" +{len(event.evidence)}" if event.evidence else ""),
        )
    out.print(table)
