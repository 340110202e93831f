"""Four ingest processes with overlapping inputs into one PostgreSQL database: nothing lost,
nothing duplicated."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import func, select

from conflictwatch.store.db import open_store
from conflictwatch.store.models import DocumentRow

UNIQUE = 400


def test_four_processes_overlapping_inputs(pg_server, tmp_path: Path) -> None:
    url = pg_server.create_database(f"t_{uuid.uuid4().hex[:16]}")
    open_store(url)  # migrate once up front, as a team's server would be
    docs = [{"id": f"c{i}", "text": f"Report {i}: shelling hit the district overnight; "
             f"{i % 9 + 1} people were injured, officials said."} for i in range(UNIQUE)]
    files = []
    for worker in range(4):
        chosen = [docs[(worker * 100 + j) % UNIQUE] for j in range(250)]
        random.Random(worker).shuffle(chosen)
        path = tmp_path / f"w{worker}.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in chosen))
        files.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "conflictwatch", "--db", url, "--json",
                               "ingest", str(f), "--no-extract"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    stored = sum(len(r["stored"]) for r in reports)
    duplicates = sum(len(r["duplicates"]) for r in reports)
    assert stored == UNIQUE and duplicates == 4 * 250 - UNIQUE
    with open_store(url)() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == UNIQUE
        assert session.scalar(select(func.count(func.distinct(DocumentRow.sha256)))) == UNIQUE
