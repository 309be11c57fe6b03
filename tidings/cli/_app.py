"""The Typer application and the consoles every command shares."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

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
