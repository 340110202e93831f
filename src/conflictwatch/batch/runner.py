"""Run a batch: partitions to workers, finished partitions to disk, finished ones never redone.

`run_batch` drives the whole thing from the client. Without a Dask client it runs every
partition in this process, one after another (the single-process reference: a parallel run
must yield exactly its records). With a client it keeps a bounded number of partitions in
flight (the corpus is streamed, never held whole), writes each result as it arrives and
records it in the manifest, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwatch.batch.output import ManifestEntry, Output
from conflictwatch.batch.partition import (
    Partition,
    count_items,
    expand_inputs,
    iter_partitions,
    partition_count,
)
from conflictwatch.batch.worker import (
    ExtractorSpec,
    PartitionResult,
    extract_partition,
    load_extractor,
)


@dataclass
class BatchSettings:
    """How to cut and write a batch; `partition_size` and `fmt` must not change on resume."""

    partition_size: int = 500
    fmt: str = "parquet"
    spec: ExtractorSpec = field(default_factory=ExtractorSpec)
    in_flight_per_worker: int = 2


@dataclass
class BatchReport:
    """What one run did (resumed partitions are counted apart from those done now)."""

    partitions: int = 0
    resumed: int = 0
    done: int = 0
    documents: int = 0
    records: int = 0
    words: int = 0
    skipped: int = 0
    seconds: float = 0.0
    setup_seconds: float = 0.0  # starting workers' extractors (gazetteer load), within seconds
    workers: int = 0
    failed: list[list[str]] = field(default_factory=list)
    problems: list[list[str]] = field(default_factory=list)
    errors: list[list[str]] = field(default_factory=list)  # [partition id, reason]

    @property
    def docs_per_s(self) -> float:
        """Throughput once the workers are set up (the gazetteer load is a one-off cost)."""
        busy = self.seconds - self.setup_seconds
        return self.documents / busy if busy > 0 else 0.0


Progress = Callable[[int], None]  # advance the bar by n partitions


@dataclass
class _Plan:
    """The partitions still to do, streamed, and how many there are in all."""

    todo: Iterator[tuple[Partition, str]]
    total: int
    skipped_files: list[str]


def plan(inputs: Sequence[str | Path], output: Output, on_resumed: Progress) -> _Plan:
    """Expand the inputs; the partitions the manifest already holds (same bytes) are skipped."""
    files, skipped = expand_inputs(inputs)
    output.prepare()
    finished = output.finished()
    total = partition_count(count_items(files), output.partition_size)

    def todo() -> Iterator[tuple[Partition, str]]:
        for part in iter_partitions(files, output.partition_size):
            fingerprint = part.fingerprint()
            entry = finished.get(part.index)
            if entry is not None and entry.fingerprint == fingerprint:
                on_resumed(1)
            else:
                yield part, fingerprint

    return _Plan(todo(), total, skipped)


def run_batch(inputs: Sequence[str | Path], output_dir: Path, settings: BatchSettings,
              client: Any = None, progress: Progress = lambda _n: None,
              on_total: Callable[[int], None] = lambda _n: None) -> BatchReport:
    """Extract every unfinished partition (in this process when `client` is None)."""
    output = Output(Path(output_dir), settings.fmt, settings.partition_size)
    report = BatchReport()

    def resumed(n: int) -> None:
        report.resumed += n
        progress(n)

    work = plan(inputs, output, resumed)
    report.partitions = work.total
    report.problems.extend([path, "not .jsonl, .txt or .html; skipped"]
                           for path in work.skipped_files)
    on_total(work.total)
    started = time.perf_counter()
    if client is None:
        report.workers = 1
        load_extractor(settings.spec)
        report.setup_seconds = time.perf_counter() - started
        for part, fingerprint in work.todo:
            result = extract_partition(part, settings.spec, settings.fmt)
            _commit(output, result, fingerprint, report)
            progress(1)
    else:
        _run_distributed(client, work, output, settings, report, progress)
    report.seconds = time.perf_counter() - started
    return report


def _commit(output: Output, result: PartitionResult, fingerprint: str,
            report: BatchReport) -> None:
    entry = ManifestEntry(
        partition=result.index, file=output.file_for(result.index).name, fingerprint=fingerprint,
        items=result.items, documents=result.documents, records=result.records,
        words=result.words, skipped=result.skipped, seconds=result.seconds, worker=result.worker,
        failed=result.failed, problems=result.problems)
    output.commit(entry, result.data)
    report.done += 1
    report.documents += result.documents
    report.records += result.records
    report.words += result.words
    report.skipped += result.skipped
    report.failed.extend(result.failed)
    report.problems.extend(result.problems)


def _run_distributed(client: Any, work: _Plan, output: Output, settings: BatchSettings,
                     report: BatchReport, progress: Progress) -> None:
    """Keep a few partitions per worker queued; write each result as soon as it is back."""
    from distributed import as_completed

    from conflictwatch.batch.plugin import ExtractorPlugin

    started = time.perf_counter()
    client.register_plugin(ExtractorPlugin(settings.spec))
    report.setup_seconds = time.perf_counter() - started
    report.workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = max(2, settings.in_flight_per_worker * report.workers)
    fingerprints: dict[str, tuple[int, str]] = {}
    pending = as_completed()

    def submit_next() -> bool:
        nxt = next(work.todo, None)
        if nxt is None:
            return False
        part, fingerprint = nxt
        future = client.submit(extract_partition, part, settings.spec, settings.fmt,
                               key=f"conflictwatch-{part.id}-{fingerprint[:12]}",
                               priority=-part.index, pure=False)
        fingerprints[future.key] = (part.index, fingerprint)
        pending.add(future)
        return True

    while len(fingerprints) < limit and submit_next():
        pass
    for future in pending:
        index, fingerprint = fingerprints.pop(future.key)
        try:
            result = future.result()
        except Exception as exc:  # a lost partition is reported; the others go on
            report.errors.append([output.file_for(index).stem, f"{type(exc).__name__}: {exc}"])
        else:
            _commit(output, result, fingerprint, report)
        future.release()
        progress(1)
        while len(fingerprints) < limit and submit_next():
            pass


@contextmanager
def dask_client(scheduler: str, workers: int) -> Iterator[Any]:
    """A client on a new LocalCluster (`local`: N processes, 1 thread each) or on `tcp://...`."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    # Dask keeps each connection's last 1,000 messages under 1 MB for debugging; a partition
    # (~400 KB of documents) is one message, so the client (and a local scheduler) held up to
    # 1,000 partitions: ~1 GB at a million documents. Batches keep no such log.
    with dask.config.set({"distributed.admin.low-level-log-length": 0}):
        if scheduler == "local":
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address="127.0.0.1:0",
                              silence_logs=logging.CRITICAL) as cluster, \
                    Client(cluster) as client:
                yield client
        else:
            with Client(scheduler, timeout="30s") as client:
                if workers:
                    client.wait_for_workers(1, timeout=60)
                yield client
