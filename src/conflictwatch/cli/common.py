"""Shared CLI state: the Typer app, global options, console and progress helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from conflictwatch import __version__

app = typer.Typer(
    name="conflictwatch",
    help="Turn conflict reporting into verifiable event data: ingest reports, extract events "
    "with their evidence, geocode them, and serve, query and export the results.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

T = TypeVar("T")


@dataclass
class Options:
    """Global options shared by every command."""

    db: str | None = None
    quiet: bool = False
    json: bool = False


OPTIONS = Options()
err_console = Console(stderr=True, soft_wrap=True)
out_console = Console()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"conflictwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="CONFLICTWATCH_DB",
        help="Database URL (any SQLAlchemy URL). Default: sqlite file "
        "~/.local/share/conflictwatch/conflictwatch.db.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors and results."),
    json_out: bool = typer.Option(False, "--json", help="Machine-readable JSON output."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    OPTIONS.db = db
    OPTIONS.quiet = quiet
    OPTIONS.json = json_out


def say(message: str) -> None:
    """Human-facing progress message on stderr, silenced by --quiet and --json."""
    if not (OPTIONS.quiet or OPTIONS.json):
        err_console.print(message)


def warn(message: str) -> None:
    """One-line problem report on stderr (kept under --quiet)."""
    err_console.print(message, markup=False, highlight=False)


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr; yields the function that advances it by one."""
    if OPTIONS.quiet or OPTIONS.json or not err_console.is_terminal:
        yield lambda: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


def progress_iter(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate with a Rich progress bar on stderr unless quiet/json or not a terminal."""
    with progress_bar(description, total) as advance:
        for item in items:
            yield item
            advance()
