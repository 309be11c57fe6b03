"""`tidings evaluate`: per-stage scores on third-party gold data."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tidings.cli._app import _fail, app, err, out
from tidings.errors import TidingsError


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
