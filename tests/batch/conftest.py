"""Fixtures for the batch tests: a small corpus written here, and one shared LocalCluster."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

if str(HERE) not in sys.path:  # workers inherit sys.path, so they can import the stand-in
    sys.path.insert(0, str(HERE))

from batch_corpus import report_text, write_corpus  # noqa: E402


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus.jsonl", 150)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of .txt and .html reports (and a file batch does not read)."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    for i in range(6):
        (root / f"r{i}.txt").write_text(report_text(100 + i), encoding="utf-8")
    body = report_text(200).replace("\n", "</p><p>")
    (root / "sub" / "page.html").write_text(
        f"<html><head><title>Page</title></head><body><article><p>{body}</p></article>"
        "</body></html>", encoding="utf-8")
    (root / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A 2-worker LocalCluster on 127.0.0.1 shared by a module's tests."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                  silence_logs=logging.CRITICAL) as local:
        yield local
