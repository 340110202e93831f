"""`conflictwatch extract` and `conflictwatch evaluate`: records from text, scores on dev sets.

`extract INPUT` reads a .txt/.html file, a folder of them, or a .jsonl of documents and prints
records to stdout (jsonl, acled CSV or one GeoJSON FeatureCollection) without a database.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from conflictwatch.cli.common import (
    OPTIONS,
    app,
    emit_json,
    out_console,
    progress_bar,
    progress_iter,
    say,
    warn,
)
from conflictwatch.records import Document, PlaceMention

FORMATS = ("jsonl", "acled", "geojson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")


def _parse_date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        warn(f"error: {what} must be YYYY-MM-DD, got {value!r}")
        raise typer.Exit(2) from None


def _html_text(raw: str) -> str:
    """Main text of an HTML page (trafilatura), or nothing when it finds none."""
    import trafilatura

    return trafilatura.extract(raw, include_comments=False, include_tables=False) or ""


def _file_document(path: Path, published: date | None) -> Document | None:
    raw = path.read_text(encoding="utf-8", errors="replace")
    text = _html_text(raw) if path.suffix.lower() in HTML_SUFFIXES else raw
    if not text.strip():
        warn(f"skipped {path}: no text")
        return None
    return Document(id=path.stem, text=text, published=published, origin=str(path))


def _jsonl_documents(path: Path, published: date | None) -> Iterator[Document]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text = str(obj["text"])
            except (ValueError, KeyError, TypeError) as exc:
                warn(f"skipped {path}:{lineno}: {exc.__class__.__name__}: {exc}")
                continue
            pub = published
            if obj.get("published"):
                try:
                    pub = date.fromisoformat(str(obj["published"])[:10])
                except ValueError:
                    warn(f"{path}:{lineno}: bad published date {obj['published']!r}; ignored")
            yield Document(
                id=str(obj.get("id") or f"{path.stem}-{lineno}"),
                text=text,
                published=pub,
                url=obj.get("url"),
                title=obj.get("title"),
                origin=f"{path}:{lineno}",
            )


def iter_documents(path: Path, published: date | None) -> Iterator[Document]:
    """Documents of INPUT: one file, a .jsonl of documents, or every text/HTML file of a folder."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file():
                yield from iter_documents(child, published)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_documents(path, published)
    elif suffix in TEXT_SUFFIXES + HTML_SUFFIXES or path.is_file() and not suffix:
        doc = _file_document(path, published)
        if doc is not None:
            yield doc


def _count(path: Path) -> int | None:
    """How many documents INPUT holds (for the progress bar), when cheap to know."""
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.is_file())
    if path.suffix.lower() == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            return sum(1 for line in fh if line.strip())
    return 1


@app.command()
def extract(
    input_path: Path = typer.Argument(
        ..., metavar="INPUT", help="A .txt/.html file, a folder, or a .jsonl of documents."
    ),
    published: str | None = typer.Option(
        None, "--published", help="Publication date YYYY-MM-DD (reference for relative dates)."
    ),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl | acled | geojson"),
    geo: bool = typer.Option(
        True, "--geo/--no-geo", help="Resolve places with the offline gazetteer (built on "
        "first use); --no-geo keeps place text only."
    ),
) -> None:
    """Print the event records of INPUT to stdout (no database)."""
    from conflictwatch.export.records import AcledWriter, GeoJsonWriter, write_jsonl
    from conflictwatch.extract.lexicon_files import LexiconError
    from conflictwatch.extract.pipeline import extract_document, with_places_ahead

    if fmt not in FORMATS:
        warn(f"error: --format must be one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if not input_path.exists():
        warn(f"error: input not found: {input_path}")
        raise typer.Exit(2)
    pub = _parse_date(published, "--published")
    geoparse = _geoparser() if geo else None
    out = sys.stdout
    acled = AcledWriter(out) if fmt == "acled" else None
    geojson = GeoJsonWriter(out) if fmt == "geojson" else None
    docs = records = failed = 0
    total = _count(input_path)
    with progress_bar("extract", total) as advance:  # counts documents begun, not read ahead
        # a batch's places first, then its records: faster than turn about
        for doc, places in with_places_ahead(iter_documents(input_path, pub), geoparse):
            advance()
            docs += 1
            try:
                events = extract_document(doc, geoparse=places)
            except LexiconError:
                raise  # the user's lexicon, not the document: stop and say so
            except Exception as exc:  # one bad document must not stop a batch
                failed += 1
                warn(f"failed {doc.origin or doc.id}: {exc.__class__.__name__}: {exc}")
                continue
            if acled is not None:
                records += acled.write(events)
            elif geojson is not None:
                records += geojson.write(events)
            else:
                records += write_jsonl(events, out)
    if geojson is not None:
        geojson.close()
    say(f"{docs} document(s), {records} record(s)")
    if failed:
        raise typer.Exit(1)


def _geoparser() -> Callable[[str], list[PlaceMention]] | None:
    """The default geoparser, or None (with a warning) when the geo stage is unavailable."""
    try:
        from conflictwatch.geo import geoparse
    except ImportError as exc:
        warn(f"warning: geo stage unavailable ({exc}); places keep their text only")
        return None
    return geoparse


@app.command()
def evaluate(
    acled: Path | None = typer.Option(None, "--acled", help="ACLED dev CSV (text = notes)."),
    pitf: Path | None = typer.Option(None, "--pitf", help="PITF dev CSV (text = description)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N rows of each."),
    geo: bool = typer.Option(
        True, "--geo/--no-geo", help="Geoparse places, as `extract` does by default (scores "
        "location distance; the country focus feeds actor names). --no-geo: text only."
    ),
    errors: Path | None = typer.Option(
        None, "--errors", help="Write mismatching rows as JSON lines here."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extraction on human-coded rows: type, sub-type, date, actor1, fatalities..."""
    from conflictwatch.evaluate import Report, evaluate_acled, evaluate_pitf

    if acled is None and pitf is None:
        warn("error: give --acled PATH and/or --pitf PATH")
        raise typer.Exit(2)
    for p in (acled, pitf):
        if p is not None and not p.exists():
            warn(f"error: file not found: {p}")
            raise typer.Exit(2)
    geoparse = _geoparser() if geo else None
    report = Report()
    started = time.perf_counter()
    err_fh = errors.open("w", encoding="utf-8") if errors else None

    def progress(rows: Iterator[dict[str, str]], label: str) -> Iterator[dict[str, str]]:
        return progress_iter(rows, label)

    try:
        if acled is not None:
            evaluate_acled(
                acled, report, limit=limit, geoparse=geoparse, errors=err_fh, progress=progress
            )
        if pitf is not None:
            evaluate_pitf(
                pitf, report, limit=limit, geoparse=geoparse, errors=err_fh, progress=progress
            )
    finally:
        if err_fh is not None:
            err_fh.close()
    report.seconds = time.perf_counter() - started
    if json_out or OPTIONS.json:
        emit_json(report.as_dict())
        return
    table = Table(
        title=f"Extraction vs human coding ({report.seconds:.1f} s; rows: "
        + ", ".join(f"{k} {v}" for k, v in report.rows.items())
        + ")"
    )
    table.add_column("measure")
    table.add_column("correct", justify="right")
    table.add_column("total", justify="right")
    table.add_column("%", justify="right")
    for s in report.scores.values():
        table.add_row(s.name, str(s.correct), str(s.total), f"{s.percent:.1f}")
    out_console.print(table)
