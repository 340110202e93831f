"""A JSON Lines corpus is streamed: the size cap applies to each document, not the file."""

from __future__ import annotations

import json
from pathlib import Path

from conflictwatch.ingest.core import IngestOptions, ingest
from conflictwatch.store.db import open_store


def test_large_jsonl_corpus_is_streamed_and_capped_per_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(300):
            text = f"Report {i}: gunmen attacked village number {i} on Monday. " * 40
            fh.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "x " * 60_000}) + "\n")
        fh.write("\n{not json}\n")
    assert corpus.stat().st_size > 100_000 * 6  # far over the cap below
    sessions = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    report = ingest([str(corpus)], sessions, IngestOptions(max_bytes=100_000))
    assert len(report.stored) == 300
    reasons = {p.origin: p.reason for p in report.errors}
    assert reasons[f"{corpus}:301"].startswith("line too large")
    assert reasons[f"{corpus}:303"].startswith("invalid JSON")


def test_binary_jsonl_is_one_problem(tmp_path: Path) -> None:
    bogus = tmp_path / "image.jsonl"
    bogus.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    sessions = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    report = ingest([str(bogus)], sessions, IngestOptions())
    assert not report.stored and len(report.errors) == 1
    assert "binary" in report.errors[0].reason
