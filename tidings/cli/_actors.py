"""`tidings actors lookup`: how a mention resolves, and why."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli._app import _fail, app, out
from tidings.errors import TidingsError

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
