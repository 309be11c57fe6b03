"""The ``tidings`` command: a thin layer over the library.

Each subcommand parses its arguments and calls one library function. Results go to
stdout (JSON Lines by default, so commands compose in a shell); messages, skipped
inputs and progress go to stderr.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tidings.errors import InputError, TidingsError
from tidings.parse import DEFAULT_MODEL
from tidings.read import FORMATS, RawDocument, read_bytes, read_paths
from tidings.records import Document, Extraction

app = typer.Typer(
    name="tidings",
    help="Turn news articles into sourced, dated event data (PLOVER / CAMEO), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
# tables piped to a file or pager get room instead of the 80-column default
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]tidings:[/red] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


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
        pipeline = Pipeline(model, kb_paths=kb or ())
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    skipped: list[InputError] = []

    def documents() -> Iterator[Document]:
        for item in _raw_inputs(paths, input_format):
            try:
                if isinstance(item, InputError):
                    raise item
                yield prepare(item, published=published)
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


actors_app = typer.Typer(help="Inspect the actor knowledge base.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(
    text: Annotated[str, typer.Argument(help='A mention as it appears in text, e.g. "White House".')],
    date: Annotated[str | None, typer.Option("--date", help="Resolve as of this date (YYYY-MM-DD).")] = None,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra actor KB file or folder (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Show how a mention resolves on a date, and why."""
    from tidings.actors import explain, load_kb
    from tidings.time import parse_date

    when = None
    if date is not None:
        parsed = parse_date(date)
        if parsed is None:
            raise _fail(f"cannot read --date {date!r}; use YYYY-MM-DD", 2)
        when = parsed.date() if hasattr(parsed, "date") and callable(parsed.date) else parsed
    try:
        explanation = explain(text, when, kb=load_kb(kb or ()))
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        for line in explanation.lines():
            out.print(line, markup=False, soft_wrap=True)
    if explanation.resolution is None:
        raise typer.Exit(1)


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", help="Folder of gold data (../shared/data).")] = Path(
        "../shared/data"
    ),
    task: Annotated[
        list[str] | None, typer.Option("--task", "-t", help="Task to run (repeatable); default all.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many items per task (quick runs).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with every result.")] = False,
) -> None:
    """Score each stage on third-party gold data and print the tables."""
    from tidings.evaluate import TASKS
    from tidings.evaluate import evaluate as run_evaluation

    logging.basicConfig(level=logging.WARNING)
    results = []
    try:
        for name in task or list(TASKS):
            started = time.perf_counter()
            if not as_json:
                err.print(f"evaluating {name} …")
            result = run_evaluation(data, [name], limit=limit)[0]
            result.seconds = time.perf_counter() - started
            results.append(result)
            if not as_json:
                _print_result(result)
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in results], indent=2) + "\n")


def _print_result(result) -> None:  # type: ignore[no-untyped-def]
    out.rule(f"[bold]{result.task}[/bold] — {result.description} ({result.seconds:.0f} s)")
    for spec in result.tables:
        table = Table(title=spec.title, title_justify="left")
        for column in spec.columns:
            table.add_column(str(column))
        for row in spec.rows:
            table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
        out.print(table)
    for note in result.notes:
        out.print(f"[dim]note: {note}[/dim]")


def main() -> None:  # pragma: no cover - entry point for python -m tidings
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
