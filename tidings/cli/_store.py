"""Store commands: ingest, stats, export, explain, query, timeline."""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tidings.cli._app import _fail, app, err, out
from tidings.errors import TidingsError
from tidings.parse import DEFAULT_MODEL
from tidings.read import FORMATS

DbOption = Annotated[Path, typer.Option("--db", help="The store file (DuckDB), e.g. corpus.duckdb.")]


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories (read recursively), globs or fsspec URLs (s3://bucket/news/*.jsonl)."),
    ],
    db: Annotated[
        Path | None,
        typer.Option("--db", help="The store file (DuckDB), e.g. corpus.duckdb; optional with --engine dask."),
    ] = None,
    input_format: Annotated[
        str, typer.Option("--input-format", "-f", help=f"{' | '.join(FORMATS)} (auto sniffs each file).")
    ] = "auto",
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
    ] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1, help="Worker processes for parsing.")] = 2,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Documents per transaction.")] = 64,
    csv_text: Annotated[str | None, typer.Option("--csv-text", help="CSV column holding the article text.")] = None,
    csv_id: Annotated[str | None, typer.Option("--csv-id", help="CSV column holding the document id.")] = None,
    csv_title: Annotated[str | None, typer.Option("--csv-title", help="CSV column holding the title.")] = None,
    csv_url: Annotated[str | None, typer.Option("--csv-url", help="CSV column holding the URL.")] = None,
    csv_outlet: Annotated[str | None, typer.Option("--csv-outlet", help="CSV column holding the outlet.")] = None,
    csv_published: Annotated[
        str | None, typer.Option("--csv-published", help="CSV column holding the publication date.")
    ] = None,
    model: Annotated[str, typer.Option("--model", help="Installed spaCy English pipeline.")] = DEFAULT_MODEL,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra actor KB file or folder (repeatable).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; summary only.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (worker processes here) | dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786); default: a local cluster."),
    ] = None,
    parquet: Annotated[
        str | None,
        typer.Option(
            "--parquet",
            help="Parquet dataset partitioned by month: with --engine dask the output (folder or URL; "
            "default: next to --db, corpus.parquet/), else a copy of the store written after the ingest.",
        ),
    ] = None,
) -> None:
    """Code articles into a store: documents, event mentions, merged events, skipped inputs."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tidings.corpus.ingest import IngestProgress
    from tidings.corpus.ingest import ingest as run_ingest
    from tidings.read import CsvColumns

    if input_format not in FORMATS:
        raise _fail(f"unknown --input-format {input_format!r}; choose from {', '.join(FORMATS)}", 2)
    if engine not in ("local", "dask"):
        raise _fail(f"unknown --engine {engine!r}; choose from local, dask", 2)
    if scheduler and engine != "dask":
        raise _fail("--scheduler needs --engine dask", 2)
    if engine == "dask" and importlib.util.find_spec("distributed") is None:
        hint = '--engine dask needs Dask distributed, which is not installed: pip install "tidings[dask]"'
        raise _fail(escape(hint), 2)
    if engine == "dask":
        import distributed  # noqa: F401 - sets its loggers to INFO on import; quieten them below

        logging.getLogger("distributed").setLevel(logging.WARNING)
    from tidings.scale.sources import check

    try:
        check(paths)  # a URL whose protocol cannot be read here fails now, not after starting workers
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    if db is None and (engine != "dask" or parquet is None):
        raise _fail("ingest needs --db FILE (with --engine dask, --db FILE or --parquet DIR)", 2)
    columns = CsvColumns(
        text=csv_text, id=csv_id, title=csv_title, url=csv_url, outlet=csv_outlet, published=csv_published
    )
    logging.basicConfig(level=logging.WARNING)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("[bold]{task.fields[done]}[/bold] documents"),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("ingested {task.fields[ingested]} · skipped {task.fields[skipped]} · known {task.fields[known]}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or as_json,
        transient=False,
    )
    task = progress.add_task("ingesting", total=None, done=0, rate=0.0, ingested=0, skipped=0, known=0)

    def update(state: IngestProgress) -> None:
        rate = state.ingested / state.elapsed if state.elapsed else 0.0
        progress.update(
            task,
            description=state.stage,
            done=state.done,
            rate=rate,
            ingested=state.ingested,
            skipped=state.skipped,
            known=state.duplicates,
        )

    try:
        with progress:
            summary = run_ingest(
                paths,
                db,
                n_process=processes,
                batch_size=batch_size,
                input_format=input_format,
                csv_columns=columns,
                published=published,
                model=model,
                kb_paths=kb or (),
                progress=update,
                engine=engine,
                scheduler=scheduler,
                parquet=parquet,
            )
        dataset = None
        if engine == "dask":
            from tidings.scale.dask_ingest import default_dataset
            from tidings.scale.dataset import dataset_summary

            dataset = dataset_summary(parquet or default_dataset(db))
        elif parquet is not None and db is not None:
            from tidings.scale.dataset import write_dataset

            dataset = write_dataset(db, parquet)
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        extra = {"parquet": dataset.to_dict()} if dataset else {}
        sys.stdout.write(json.dumps({**summary.to_dict(), "rate": summary.rate, **extra}, ensure_ascii=False) + "\n")
        return
    for skip in summary.skips:
        err.print(f"tidings: skipped {skip.source}: {skip.reason}", markup=False, soft_wrap=True)
    if summary.skipped > len(summary.skips):
        err.print(f"tidings: … and {summary.skipped - len(summary.skips)} more skipped ('tidings stats' lists them)")
    err.print(
        f"ingested {summary.ingested} documents ({summary.rate:.1f}/s) into {summary.db}; "
        f"{summary.duplicates} already stored, {summary.skipped} skipped; "
        f"{summary.mentions} event mentions: {summary.new_events} new events, {summary.merged} merged into known ones; "
        f"{summary.elapsed:.1f} s",
        markup=False,
        soft_wrap=True,
    )
    if dataset is not None:
        err.print(
            f"wrote {dataset.documents} documents, {dataset.events} events and {dataset.mentions} mentions "
            f"in {dataset.months} monthly partitions as Parquet to {dataset.path}",
            markup=False,
            soft_wrap=True,
        )


def _open(db: Path):  # type: ignore[no-untyped-def]
    from tidings.store import open_store

    try:
        return open_store(db)
    except TidingsError as error:
        raise _fail(str(error), 2) from error


@app.command()
def stats(
    db: DbOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Count what a store holds: documents, events, mentions, skipped inputs and why."""
    store = _open(db)
    try:
        figures = store.stats()
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    if as_json:
        sys.stdout.write(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{db}", title_justify="left", show_header=False)
    for key in ("documents", "events", "mentions", "actors", "skipped", "multi_source_events", "merged_mentions"):
        table.add_row(key.replace("_", " "), f"{getattr(figures, key):,}")
    table.add_row("event dates", f"{figures.first_date or '—'} to {figures.last_date or '—'}")
    out.print(table)
    if figures.event_types:
        out.print("events by type: " + ", ".join(f"{k} {v}" for k, v in figures.event_types.items()))
    if figures.skipped_reasons:
        out.print("skipped: " + "; ".join(f"{k} ({v})" for k, v in figures.skipped_reasons.items()))


@app.command()
def export(
    db: DbOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (gdelt also writes *.mentions.tsv).")],
    format: Annotated[str, typer.Option("--format", help="jsonl | csv | parquet | plover | gdelt")] = "jsonl",
) -> None:
    """Write a store's events in an exchange format."""
    from tidings.export import export as run_export

    store = _open(db)
    try:
        result = run_export(store, format, output)
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    err.print(f"exported {result.events} events as {format} to {', '.join(result.files)}", markup=False)


@app.command()
def explain(
    db: DbOption,
    event_id: Annotated[str, typer.Argument(help="Event id (ev-…), a unique prefix of one, or a mention id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Show an event's mentions in context and why each joined the event."""
    from tidings.corpus.explain import explain as run_explain

    store = _open(db)
    try:
        explanation = run_explain(store, event_id)
    except TidingsError as error:
        raise _fail(str(error), 1) from error
    if as_json:
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    for line in explanation.lines():
        out.print(line, markup=False, soft_wrap=True)


ActorFilter = Annotated[
    str | None, typer.Option("--actor", help="Actor: country code, KB id or name (comma-separated: any).")
]
RecipientFilter = Annotated[str | None, typer.Option("--recipient", help="Recipient, matched like --actor.")]
CountryFilter = Annotated[str | None, typer.Option("--country", help="Place or any participant in this country.")]
TypeFilter = Annotated[str | None, typer.Option("--type", help="PLOVER event type(s), e.g. ASSAULT,COERCE.")]
ModeFilter = Annotated[str | None, typer.Option("--mode", help="PLOVER mode(s), e.g. drone.")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="Events ending on or after: YYYY[-MM[-DD]].")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Events starting on or before: YYYY[-MM[-DD]].")]
PlaceFilter = Annotated[str | None, typer.Option("--place", help="Place name (substring), country or GeoNames id.")]
TextFilter = Annotated[
    str | None, typer.Option("--text", help="Words in a report's trigger, title or the text around the trigger.")
]
FactualityFilter = Annotated[
    str | None, typer.Option("--factuality", help="asserted | negated | planned | hypothetical | demanded | claimed")
]
QuadFilter = Annotated[
    str | None,
    typer.Option("--quad-class", help="Quad class(es) 1-4, e.g. 3,4 (verbal, material conflict)."),
]
DocumentFilter = Annotated[str | None, typer.Option("--document", help="Events reported by this document id.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=0, help="At most this many events.")]


@app.command()
def query(
    db: DbOption,
    actor: ActorFilter = None,
    recipient: RecipientFilter = None,
    country: CountryFilter = None,
    type: TypeFilter = None,
    mode: ModeFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    place: PlaceFilter = None,
    text: TextFilter = None,
    factuality: FactualityFilter = None,
    quad_class: QuadFilter = None,
    document: DocumentFilter = None,
    sort: Annotated[str, typer.Option("--sort", help="date | sources | mentions | published | type | id")] = "date",
    descending: Annotated[bool, typer.Option("--desc", help="Sort in descending order.")] = False,
    limit: LimitOption = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many events first.")] = 0,
    format: Annotated[str, typer.Option("--format", help="table | jsonl | csv")] = "table",
) -> None:
    """Find events in a store by actor, recipient, type, date, place or words."""
    if format not in ("table", "jsonl", "csv"):
        raise _fail(f"unknown --format {format!r}; choose from table, jsonl, csv", 2)
    store = _open(db)
    filters = dict(actor=actor, recipient=recipient, country=country, type=type, mode=mode, since=since,
                   until=until, place=place, text=text, factuality=factuality, quad_class=quad_class,
                   document=document)  # fmt: skip
    try:
        events = store.query(sort=sort, descending=descending, limit=limit, offset=offset, **filters)  # type: ignore[arg-type]
        total = store.count(**filters) if format == "table" else len(events)  # type: ignore[arg-type]
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    if format == "jsonl":
        for event in events:
            sys.stdout.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    elif format == "csv":
        import csv

        from tidings.export.tabular import CSV_COLUMNS, flat_row

        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_row(event) for event in events)
    else:
        _print_events(events, total, offset)


def _print_events(events: list, total: int, offset: int) -> None:  # type: ignore[type-arg]
    from tidings.store.records import actor_label, date_label

    table = Table(title=f"{len(events)} of {total} events" + (f" from {offset + 1}" if offset else ""),
                  title_justify="left", show_lines=True, expand=True)  # fmt: skip
    for column in ("event", "when", "what", "who", "whom", "where", "status", "sources", "trigger"):
        table.add_column(column, overflow="fold")
    for event in events:
        r = event.record
        date, location = r.get("date") or {}, r.get("location") or {}
        labels = [[actor_label(a) for a in r.get(key) or []] for key in ("actors", "recipients")]
        status = (r.get("factuality") or "") + (f"\nper {r['attribution']['text']}" if r.get("attribution") else "")
        table.add_row(
            event.id,
            f"{date_label(date.get('start'), date.get('end'), date.get('precision') or 'unknown')}\n"
            f"{date.get('precision') or 'unknown'}",
            (r.get("type") or "") + (f"/{r['mode']}" if r.get("mode") else "") + f"\nCAMEO {r.get('cameo')}",
            "; ".join(labels[0]) or "—",
            "; ".join(labels[1]) or "—",
            location.get("name") or location.get("text") or "—",
            status,
            f"{event.num_sources}",
            f"“{(r.get('trigger') or {}).get('text', '')}”",
        )
    out.print(table)


@app.command()
def timeline(
    db: DbOption,
    actor: ActorFilter = None,
    recipient: RecipientFilter = None,
    country: CountryFilter = None,
    type: TypeFilter = None,
    mode: ModeFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    place: PlaceFilter = None,
    text: TextFilter = None,
    factuality: FactualityFilter = None,
    quad_class: QuadFilter = None,
    document: DocumentFilter = None,
    limit: LimitOption = None,
    format: Annotated[str, typer.Option("--format", help="table | jsonl")] = "table",
) -> None:
    """Dated events in chronological order, grouped by month, each with its sentence."""
    if format not in ("table", "jsonl"):
        raise _fail(f"unknown --format {format!r}; choose from table, jsonl", 2)
    store = _open(db)
    try:
        filters = dict(actor=actor, recipient=recipient, country=country, type=type, mode=mode, since=since,
                       until=until, place=place, text=text, factuality=factuality, quad_class=quad_class,
                       document=document)  # fmt: skip
        months = store.timeline(limit=limit, **filters)  # type: ignore[arg-type]
    except TidingsError as error:
        raise _fail(str(error), 2) from error
    for month in months:
        if format == "jsonl":
            for entry in month.entries:
                sys.stdout.write(json.dumps({"period": month.period, **entry.to_dict()}, ensure_ascii=False) + "\n")
            continue
        out.print(f"[bold]{month.period}[/bold]")
        for entry in month.entries:
            out.print("  " + entry.line(), markup=False, soft_wrap=True)
    if format == "table" and not months:
        err.print("no dated events match", markup=False)
