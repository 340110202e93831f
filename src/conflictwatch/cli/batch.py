"""`conflictwatch batch`: extract a large corpus in parallel on Dask, resumably (docs/batch.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from conflictwatch.cli.common import OPTIONS, app, emit_json, err_console, progress_bar, say, warn

EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 1, 2, 3


@app.command("batch")
def batch_command(
    inputs: list[str] = typer.Argument(
        ..., help="A .jsonl corpus (streamed), .txt/.html files, or folders of them."),
    scheduler: str = typer.Option(
        "local", help="'local' starts a LocalCluster of --workers processes; tcp://HOST:PORT "
        "uses an existing Dask scheduler; 'inline' runs in this process without Dask."),
    workers: int = typer.Option(2, min=1, help="Worker processes for --scheduler local."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for partition files and "
                                "the manifest; re-run with the same folder to resume."),
    partition_size: int = typer.Option(500, min=1, help="Documents (items) per partition."),
    fmt: str = typer.Option("parquet", "--format", help="parquet | jsonl"),
    to_db: bool = typer.Option(False, "--to-db", help="Then load finished partitions "
                               "(documents and records) into the database (--db)."),
    geocode: bool = typer.Option(True, help="Geocode with the offline gazetteer."),
    extractor: str = typer.Option(
        "conflictwatch.extract.pipeline:extract_document", hidden=True,
        help="MODULE:FUNCTION taking (Document, geoparse=...) -> list[Event]."),
) -> None:
    """Extract events from every document, partition by partition, in parallel.

    Finished partitions are written atomically with a manifest, so after an interruption the
    same command resumes without redoing them, and the records equal a single-process run's.
    Exit status: 0 done; 1 some documents or partitions failed; 2 usage; 3 database error.
    """
    from conflictwatch.batch import (
        BatchInputError,
        BatchSettings,
        ExtractorSpec,
        OutputMismatch,
        dask_client,
        run_batch,
    )
    from conflictwatch.batch.worker import DEFAULT_GEOPARSER

    if fmt not in ("parquet", "jsonl"):
        raise typer.BadParameter("--format is parquet or jsonl")
    if scheduler not in ("local", "inline") and not scheduler.startswith("tcp://"):
        raise typer.BadParameter("--scheduler is local, inline or tcp://HOST:PORT")
    spec = ExtractorSpec(extractor=extractor, geoparser=DEFAULT_GEOPARSER if geocode else None)
    settings = BatchSettings(partition_size=partition_size, fmt=fmt, spec=spec)
    with partition_bar() as bar:
        try:
            if scheduler == "inline":
                report = run_batch(inputs, output, settings, progress=bar.advance,
                                   on_total=bar.set_total)
            else:
                say(f"starting Dask ({scheduler}, {workers} workers)" if scheduler == "local"
                    else f"connecting to {scheduler}")
                with dask_client(scheduler, workers) as client:
                    report = run_batch(inputs, output, settings, client=client,
                                       progress=bar.advance, on_total=bar.set_total)
        except (BatchInputError, OutputMismatch) as exc:
            warn(f"error: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
    loaded = _load(inputs, output, settings) if to_db else None
    _summarise(report, loaded)
    if report.failed or report.errors:
        raise typer.Exit(EXIT_PARTIAL)


class _Bar:
    """Advances a Rich task by partitions; a no-op without a terminal or under --quiet/--json."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.task = progress.add_task("batch partitions", total=None) if progress else None

    def set_total(self, total: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, total=total)

    def advance(self, n: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, n)


@contextmanager
def partition_bar() -> Iterator[_Bar]:
    """A progress bar over partitions on stderr (total known once the inputs are counted)."""
    if OPTIONS.quiet or OPTIONS.json or not err_console.is_terminal:
        yield _Bar(None)
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console) as progress:
        yield _Bar(progress)


def _load(inputs: list[str], output: Path, settings: object) -> object:
    from conflictwatch.batch import BatchSettings, Output
    from conflictwatch.batch.load import load_into_store
    from conflictwatch.store.db import StoreError, open_store

    assert isinstance(settings, BatchSettings)
    try:
        sessions = open_store(OPTIONS.db)
    except StoreError as exc:
        warn(f"error: {exc}")
        raise typer.Exit(EXIT_STORE) from None
    with progress_bar("load", total=None) as advance:
        return load_into_store(list(inputs), Output(output, settings.fmt, settings.partition_size),
                               sessions, progress=lambda _n: advance())


def _summarise(report: object, loaded: object) -> None:
    from dataclasses import asdict

    from conflictwatch.batch import BatchReport
    from conflictwatch.batch.load import LoadReport

    assert isinstance(report, BatchReport)
    if OPTIONS.json:
        data = asdict(report) | {"docs_per_s": round(report.docs_per_s, 1)}
        data["loaded"] = asdict(loaded) if isinstance(loaded, LoadReport) else None
        emit_json(data)
        return
    for origin, reason in report.problems:
        warn(f"warning: {origin}: {reason}")
    for doc_id, reason in report.failed:
        warn(f"error: extraction failed for {doc_id}: {reason}")
    for part, reason in report.errors:
        warn(f"error: partition {part} failed: {reason} (re-run to retry it)")
    line = (f"{report.partitions} partitions ({report.resumed} already done, {report.done} now): "
            f"{report.documents} documents, {report.records} records, {report.skipped} skipped "
            f"(not English) in {report.seconds:.1f} s ({report.docs_per_s:.1f} docs/s, "
            f"{report.workers} worker{'s' if report.workers != 1 else ''})")
    if isinstance(loaded, LoadReport):
        line += (f"; loaded {loaded.documents} documents and {loaded.records} records from "
                 f"{loaded.partitions} partitions into the database")
        for conflict in loaded.conflicts:
            warn(f"warning: {conflict}: same text stored under another id; records not loaded")
    if not OPTIONS.quiet:
        warn(line)
