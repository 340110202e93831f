"""`conflictwatch ingest`: store reports from files, folders, feeds and URLs (then extract)."""

from __future__ import annotations

from datetime import date, datetime

import typer
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.cli.common import (
    OPTIONS,
    app,
    emit_json,
    progress_bar,
    say,
    warn,
)
from conflictwatch.ingest.core import (
    DEFAULT_MAX_BYTES,
    IngestOptions,
    Outcome,
    expand_inputs,
    ingest,
)
from conflictwatch.pipeline import extract_and_store
from conflictwatch.records import IngestProblem, to_jsonable
from conflictwatch.samples import sample_paths
from conflictwatch.store import repo
from conflictwatch.store.db import StoreError, open_store

EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 1, 2, 3


def parse_day(value: str | None) -> date | None:
    """YYYY-MM-DD or None; a clear usage error otherwise."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2020-05-07") from None


def sessions_or_exit() -> sessionmaker[Session]:
    try:
        return open_store(OPTIONS.db)
    except StoreError as exc:
        warn(f"error: {exc}")
        raise typer.Exit(EXIT_STORE) from None


@app.command("ingest")
def ingest_command(
    inputs: list[str] = typer.Argument(
        None, help="Files (.txt .html .xml/.rss/.atom feeds, .jsonl), folders (recursive) or "
        "http(s) URLs of pages and feeds."),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for inputs that lack one (else taken from the "
        "metadata, or inferred from a dateline/caption and marked inferred)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Refuse inputs larger than this."),
    fetch_links: bool = typer.Option(True, help="Fetch a feed item's linked page when the "
                                     "feed carries only a short summary."),
    extract: bool = typer.Option(True, help="Extract events from the newly stored documents."),
    geocode: bool = typer.Option(True, help="Geocode extracted events with the gazetteer."),
    samples: bool = typer.Option(False, "--samples", help="Also ingest the bundled sample "
                                 "reports."),
) -> None:
    """Store documents; report each bad input with its reason and go on.

    Same content twice is stored once (reported as a duplicate). Exit status: 0 all inputs
    stored or duplicate; 1 some inputs failed (everything good was still stored); 2 usage
    error; 3 database error; 130 interrupted (committed documents stay; re-run to finish).
    """
    sources = list(inputs or [])
    if samples:
        sources.extend(str(path) for path in sample_paths())
    if not sources:
        warn("error: give at least one INPUT (or --samples)")
        raise typer.Exit(EXIT_USAGE)
    options = IngestOptions(published=parse_day(published), max_bytes=max_bytes,
                            fetch_links=fetch_links)
    sessions = sessions_or_exit()
    expanded = list(expand_inputs(sources))
    with progress_bar("ingest", total=len(expanded)) as advance:
        report = ingest([s.origin if isinstance(s, IngestProblem) else s for s in expanded],
                        sessions, options, on_outcome=_print_outcome,
                        on_source_done=lambda _source: advance())
    extracted = None
    wanted = set(report.stored) | set(report.duplicates)
    if extract and wanted:
        with sessions() as session:  # new documents, and earlier ones never extracted
            docs = [d for d in repo.documents_without_events(session) if d.id in wanted]
        with progress_bar("extract", total=len(docs)) as advance:  # documents begun
            extracted = extract_and_store(sessions, docs, geocode=geocode,
                                          on_document=lambda _doc: advance())
    _summarise(report, extracted)
    if report.errors:
        raise typer.Exit(EXIT_PARTIAL)


def _print_outcome(outcome: Outcome) -> None:
    if OPTIONS.json:
        return
    if outcome.status in ("error", "warning"):
        warn(f"{outcome.status}: {outcome.origin}: {outcome.reason}")
    elif outcome.status == "duplicate":
        say(f"[yellow]duplicate[/] {outcome.origin}: {outcome.reason}")
    else:
        say(f"[green]stored[/] {outcome.origin} → {outcome.document_id}")


def _summarise(report: object, extracted: object) -> None:
    from conflictwatch.ingest.core import IngestReport
    from conflictwatch.pipeline import ExtractReport

    assert isinstance(report, IngestReport)
    if OPTIONS.json:
        emit_json({
            "run_id": report.run_id, "stored": report.stored, "duplicates": report.duplicates,
            "problems": [to_jsonable(p) for p in report.problems],
            "extract": to_jsonable(extracted) if isinstance(extracted, ExtractReport) else None,
        })
        return
    line = (f"{len(report.stored)} stored, {len(report.duplicates)} duplicate, "
            f"{len(report.errors)} failed, {len(report.problems) - len(report.errors)} warnings")
    if isinstance(extracted, ExtractReport):
        line += f"; extracted {extracted.records} records from {extracted.documents} documents"
        for doc_id, reason in extracted.failed or []:
            warn(f"error: extraction failed for {doc_id}: {reason}")
    if OPTIONS.quiet:
        return
    warn(line)
