"""The ``tidings`` command: a thin layer over the library.

Each subcommand parses its arguments and calls one library function. Results go to
stdout (JSON Lines by default, so commands compose in a shell); messages, skipped
inputs and progress go to stderr.
"""

from __future__ import annotations

from tidings.cli._app import app

# each module registers its commands on ``app`` (in the order they appear in --help)
from tidings.cli import _extract, _actors, _evaluate, _store  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]


def _register_serve() -> None:
    from tidings.web.cli import serve

    app.command("serve")(serve)


_register_serve()


def main() -> None:  # pragma: no cover - entry point for python -m tidings
    app()
