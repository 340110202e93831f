"""The `conflictwatch` command line: a thin Typer layer over the library's functions.

Each command group lives in its own module and registers itself on `app`:
`ingest` (cli/ingest.py), `extract`/`evaluate` (cli/extract.py), `geoparse`/`gazetteer`
(cli/geo.py), `serve` (cli/serve.py).

Exit codes: 0 success; 1 some inputs failed (the rest were processed); 2 bad usage or
arguments; 3 the database could not be opened or migrated.
"""

from __future__ import annotations

import typer

# Command modules register themselves on `app` when imported.
from conflictwatch.cli import batch as _batch  # noqa: F401
from conflictwatch.cli import extract as _extract  # noqa: F401
from conflictwatch.cli import geo as _geo  # noqa: F401
from conflictwatch.cli import ingest as _ingest  # noqa: F401
from conflictwatch.cli import resolve as _resolve  # noqa: F401
from conflictwatch.cli import serve as _serve  # noqa: F401
from conflictwatch.cli import token as _token  # noqa: F401
from conflictwatch.cli.common import app


def main() -> None:
    """Entry point of the `conflictwatch` script."""
    from conflictwatch.extract.lexicon_files import LexiconError

    try:
        app()
    except LexiconError as exc:  # a user's lexicon ($CONFLICTWATCH_LEXICONS): say which, why
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None


__all__ = ["app", "main", "typer"]
