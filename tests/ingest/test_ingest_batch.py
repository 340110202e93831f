"""The issue's batch scenario: good and bad inputs mixed, nothing lost, nothing stored twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conflictwatch.ingest.core import IngestOptions, Outcome, ingest
from conflictwatch.store.db import open_store
from conflictwatch.store.models import DocumentRow, IngestErrorRow, IngestRunRow

FIX = Path(__file__).parents[1] / "fixtures" / "ingest"
GOOD = ["good.txt", "good.html", "feed.xml", "atom.xml", "docs.jsonl", "latin1.txt",
        "french.txt", "garbage.html"]
BAD = ["empty.txt", "image.txt", "broken_feed.xml"]


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    for name in GOOD[:4]:
        shutil.copy(FIX / name, folder / name)
    for name in GOOD[4:] + BAD:
        shutil.copy(FIX / name, folder / "nested" / name)
    with open(folder / "huge.txt", "wb") as fh:  # 50 MB of text: over the 10 MB default cap
        line = b"Shelling was reported in the area overnight, officials said.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (folder / ".hidden.txt").write_text("skipped: hidden files are not inputs")
    return folder


def count(db_url: str, model: type) -> int:
    with open_store(db_url)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_mixed_folder_stores_good_reports_bad_and_rerun_adds_nothing(
        mixed_folder: Path, db_url: str, run_cli) -> None:
    result = run_cli("--json", "ingest", str(mixed_folder), "--no-extract", "--no-fetch-links")
    assert result.exit_code == 1  # something failed ...
    report = json.loads(result.stdout)
    # ... but every good document is stored: 1+1+2+1+2 (jsonl) +1+1+1 = 10
    assert len(report["stored"]) == 10
    assert count(db_url, DocumentRow) == 10
    errors = {Path(p["origin"].split("#")[0]).name: p["reason"]
              for p in report["problems"] if p["level"] == "error"}
    assert "empty" in errors["empty.txt"]
    assert "PNG" in errors["image.txt"]
    assert "too large" in errors["huge.txt"]
    assert "broken_feed.xml" in errors
    assert "docs.jsonl:2" in {p["origin"].split("/")[-1] for p in report["problems"]}
    warnings = [p for p in report["problems"] if p["level"] == "warning"]
    assert any("non-English" in w["reason"] and "french" in w["origin"] for w in warnings)
    assert count(db_url, IngestErrorRow) == len(report["problems"])

    again = json.loads(run_cli("--json", "ingest", str(mixed_folder), "--no-extract",
                               "--no-fetch-links").stdout)
    assert again["stored"] == [] and len(again["duplicates"]) == 10
    assert count(db_url, DocumentRow) == 10


def test_human_output_is_one_line_per_problem(mixed_folder: Path, run_cli) -> None:
    result = run_cli("ingest", str(mixed_folder), "--no-extract", "--no-fetch-links")
    lines = result.stderr.splitlines()
    assert any(line.startswith("error: ") and "image.txt" in line and "PNG" in line
               for line in lines)
    assert lines[-1].startswith("10 stored, 0 duplicate")


def test_max_bytes_is_configurable(tmp_path: Path, run_cli) -> None:
    shutil.copy(FIX / "good.txt", tmp_path / "good.txt")
    result = run_cli("--json", "ingest", str(tmp_path / "good.txt"), "--max-bytes", "100",
                     "--no-extract")
    assert result.exit_code == 1 and "too large" in result.stdout


def test_usage_errors(run_cli, tmp_path: Path) -> None:
    assert run_cli("ingest").exit_code == 2
    assert run_cli("ingest", str(FIX / "good.txt"), "--published", "May 7").exit_code == 2
    missing = run_cli("--json", "ingest", str(tmp_path / "nope.txt"), "--no-extract")
    assert missing.exit_code == 1 and "no such file" in missing.stdout


def test_bad_database_url_exits_3(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from conflictwatch.cli import app

    result = CliRunner().invoke(app, ["--db", "nosuchdialect://x", "ingest",
                                      str(FIX / "good.txt")])
    assert result.exit_code == 3


def test_same_content_twice_in_one_batch_is_one_document(tmp_path: Path, db_url: str) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copy(FIX / "good.txt", tmp_path / name)
    (tmp_path / "c.txt").write_text((FIX / "good.txt").read_text() + "\n\n  ")
    report = ingest([str(tmp_path)], open_store(db_url), IngestOptions())
    assert len(report.stored) == 1 and len(report.duplicates) == 2


def test_keyboard_interrupt_leaves_consistent_db_and_rerun_completes(
        tmp_path: Path, db_url: str) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Report number {i}: shelling "
                                       "hit the town overnight."}) + "\n" for i in range(500)))
    seen = 0

    def interrupt_after_300(outcome: Outcome) -> None:
        nonlocal seen
        seen += 1
        if seen == 300:
            raise KeyboardInterrupt

    sessions = open_store(db_url)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(src)], sessions, IngestOptions(), on_outcome=interrupt_after_300)
    partial = count(db_url, DocumentRow)
    assert 0 < partial < 500  # committed batches stay, the open batch is rolled back
    with sessions() as session:
        assert session.scalar(select(IngestRunRow.status)) == "interrupted"
    report = ingest([str(src)], sessions, IngestOptions())
    assert len(report.stored) == 500 - partial and len(report.duplicates) == partial
    assert count(db_url, DocumentRow) == 500


def test_killed_process_leaves_consistent_db(tmp_path: Path, db_url: str) -> None:
    src = tmp_path / "docs.jsonl"
    n = 1500
    src.write_text("".join(json.dumps({"id": f"k{i}", "text": f"Item {i}: two people were "
                                       "injured in a blast, police said."}) + "\n"
                           for i in range(n)))
    cmd = [sys.executable, "-m", "conflictwatch", "--db", db_url, "--quiet", "ingest", str(src),
           "--no-extract"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if Path(db_url.removeprefix("sqlite:///")).exists() and _safe_count(db_url) > 0:
            break
        time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert _safe_count(db_url) <= n
    rerun = subprocess.run(cmd, capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert count(db_url, DocumentRow) == n


def _safe_count(db_url: str) -> int:
    import sqlite3

    try:
        con = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=5)
        try:
            return int(con.execute("select count(*) from documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0
