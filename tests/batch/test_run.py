"""Batch runs: parallel equals single-process, resume after a kill, tcp scheduler, --to-db."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from batch_corpus import FAKE, SLOW_FAKE
from typer.testing import CliRunner

from conflictwatch.batch import (
    BatchSettings,
    ExtractorSpec,
    OutputMismatch,
    read_records,
    run_batch,
)
from conflictwatch.batch.output import MANIFEST

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

HERE = Path(__file__).resolve().parent
FAKE_SPEC = ExtractorSpec(extractor=FAKE, geoparser=None)


def settings(size: int = 16, fmt: str = "parquet", extractor: str = FAKE) -> BatchSettings:
    return BatchSettings(partition_size=size, fmt=fmt,
                         spec=ExtractorSpec(extractor=extractor, geoparser=None))


def reference(inputs: list[Path], out: Path, fmt: str = "parquet") -> list[dict[str, Any]]:
    """The single-process run's records."""
    report = run_batch(inputs, out, settings(fmt=fmt))
    assert report.workers == 1 and not report.errors
    return list(read_records(out))


def test_single_process_records(corpus: Path, folder: Path, tmp_path: Path) -> None:
    report = run_batch([corpus, folder], tmp_path / "out", settings())
    records = list(read_records(tmp_path / "out"))
    assert report.partitions == 10 and report.done == 10 and report.resumed == 0
    assert report.documents == 157 and report.skipped == 1  # the French report
    assert report.problems[0] == [str(folder / "notes.csv"), "not .jsonl, .txt or .html; skipped"]
    assert report.problems[1][0] == f"{corpus}:78"  # the bad JSON line, with its line number
    assert report.problems[1][1].startswith("invalid JSON line")
    assert report.records == len(records) > 150
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    assert ids[:5] == ["t-0#e1", "t-1#e1", "t-2#e1", "t-3#e1", "t-3#e2"]  # input order
    assert records[2]["harm"][0]["min"] == 3 and records[2]["location"]["text"] == "Maiduguri"
    # a second run finds everything finished and redoes nothing
    again = run_batch([corpus, folder], tmp_path / "out", settings())
    assert (again.resumed, again.done, again.documents) == (10, 0, 0)


def test_local_cluster_equals_single_process(corpus: Path, folder: Path, tmp_path: Path,
                                             cluster: Any) -> None:
    from distributed import Client

    expected = reference([corpus, folder], tmp_path / "ref")
    with Client(cluster) as client:
        report = run_batch([corpus, folder], tmp_path / "par", settings(), client=client)
        loads = client.run(_load_count)
    assert report.workers == 2 and report.done == 10 and not report.errors
    assert list(read_records(tmp_path / "par")) == expected
    workers = {json.loads(line)["worker"] for line in
               (tmp_path / "par" / MANIFEST).read_text().splitlines()}
    assert len(workers) == 2  # both workers did partitions
    assert sorted(loads.values()) == [1, 1]  # extractor loaded once per worker


def _load_count() -> int:
    from conflictwatch.batch.worker import load_count

    return load_count()


def test_tcp_scheduler_address_via_cli(corpus: Path, tmp_path: Path, cluster: Any) -> None:
    from conflictwatch.cli import app

    expected = reference([corpus], tmp_path / "ref", fmt="jsonl")
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    result = CliRunner().invoke(app, [
        "--json", "batch", str(corpus), "--scheduler", address, "--output",
        str(tmp_path / "tcp"), "--partition-size", "16", "--format", "jsonl",
        "--extractor", FAKE, "--no-geocode"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["workers"] == 2 and summary["done"] == 10
    assert list(read_records(tmp_path / "tcp")) == expected
    assert (tmp_path / "tcp" / "part-000000.jsonl").exists()


def test_failed_document_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    rows = [{"id": "ok-1", "text": "3 people were killed in Taiz on Monday, officials said."},
            {"id": "bad", "text": "EXPLODE: 2 people were killed in Gao, residents said."},
            {"id": "ok-2", "text": "5 people were killed in Goma on Friday, aid groups said."}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = run_batch([src], tmp_path / "out", settings(size=2))
    assert report.failed == [["bad", "RuntimeError: stand-in failure"]]
    assert [r["id"] for r in read_records(tmp_path / "out")] == ["ok-1#e1", "ok-2#e1"]


def test_resume_with_other_settings_is_refused(corpus: Path, tmp_path: Path) -> None:
    run_batch([corpus], tmp_path / "out", settings(size=16))
    with pytest.raises(OutputMismatch):
        run_batch([corpus], tmp_path / "out", settings(size=32))


def _finished(out: Path) -> dict[int, str]:
    path = out / MANIFEST
    if not path.exists():
        return {}
    entries = {}
    for line in path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        entries[entry["partition"]] = entry["fingerprint"]
    return entries


def test_resume_after_kill_redoes_nothing_finished(corpus: Path, tmp_path: Path) -> None:
    expected = reference([corpus], tmp_path / "ref")
    out = tmp_path / "killed"
    path = os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])
    env = dict(os.environ, PYTHONPATH=path, BATCH_FAKE_DELAY="0.05")
    cmd = [sys.executable, "-c", "from conflictwatch.cli import main; main()", "--quiet",
           "batch", str(corpus), "--scheduler", "local", "--workers", "2", "--output", str(out),
           "--partition-size", "16", "--extractor", SLOW_FAKE, "--no-geocode"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(_finished(out)) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the client, its scheduler and its workers
    finally:
        proc.wait(timeout=30)
    before = _finished(out)
    assert 3 <= len(before) < 10, proc.stderr.read().decode() if proc.stderr else ""
    stamps = {i: (out / f"part-{i:06d}.parquet").stat().st_mtime_ns for i in before}
    report = run_batch([corpus], out, settings())
    assert report.resumed == len(before)
    assert report.done == 10 - len(before)
    assert {i: (out / f"part-{i:06d}.parquet").stat().st_mtime_ns for i in before} == stamps
    assert list(read_records(out)) == expected
    assert _finished(out).keys() == set(range(10))


def test_to_db_loads_once_however_often_it_runs(corpus: Path, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from conflictwatch.batch import Output
    from conflictwatch.batch.load import load_into_store
    from conflictwatch.store.db import open_store
    from conflictwatch.store.models import DocumentRow, EventRow

    out = tmp_path / "out"
    report = run_batch([corpus], out, settings())
    sessions = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    output = Output(out, "parquet", 16)
    first = load_into_store([corpus], output, sessions)
    second = load_into_store([corpus], output, sessions)
    assert first.records == second.records == report.records
    assert first.partitions == 10 and not first.conflicts
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(EventRow)) == report.records
        # 150 English documents and the French one (stored, no records)
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 151
        ids = set(session.scalars(select(EventRow.id)))
    assert ids == {r["id"] for r in read_records(out)}


def test_client_keeps_no_partition_after_it_is_done(corpus: Path, tmp_path: Path) -> None:
    """Dask logs each connection's recent messages (a partition is one); a batch client must
    not, or it holds up to 1,000 partitions (~1 GB at a million documents)."""
    import gc

    from conflictwatch.batch.runner import dask_client

    def serialized() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o).__name__ == "Serialized")

    with dask_client("local", 1) as client:
        report = run_batch([corpus], tmp_path / "out", settings(size=4), client=client)
        assert report.done >= 5 and not report.errors
        # the last result may still be on its way through the client's event loop when the
        # batch returns: wait for it, not for a log that would keep every partition
        deadline = time.monotonic() + 10
        while serialized() and time.monotonic() < deadline:
            time.sleep(0.2)
        kept = serialized()
    assert kept == 0
