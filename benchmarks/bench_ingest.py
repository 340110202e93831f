"""Ingest throughput: N short synthetic documents (one JSONL file) into a fresh SQLite store.

    python -m benchmarks.bench_ingest [--docs 10000] [--words 60] [--db URL]

Reports documents/s, MB/s and peak memory (ru_maxrss of this process). Extraction is off:
this measures ingest (decode, normalise, hash, language id, dedupe, store) alone.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from conflictwatch.ingest.core import IngestOptions, ingest
from conflictwatch.store.db import open_store

OUT = Path(__file__).parent / "out"


def run(docs: int, words: int, db_url: str | None) -> dict[str, object]:
    """Time one ingest of `docs` generated documents; return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for doc in generate(docs, seed=1, words=words):
                fh.write(json.dumps(doc) + "\n")
        url = db_url or f"sqlite:///{tmp}/bench.db"
        sessions = open_store(url)
        started = time.perf_counter()
        report = ingest([str(src)], sessions, IngestOptions())
        elapsed = time.perf_counter() - started
        size_mb = src.stat().st_size / 1_048_576
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "benchmark": "ingest", "documents": docs, "words_per_doc": words,
        "stored": len(report.stored), "seconds": round(elapsed, 2),
        "docs_per_s": round(docs / elapsed, 1), "mb_per_s": round(size_mb / elapsed, 2),
        "peak_rss_mb": round(peak_mb, 1), "backend": url.split(":", 1)[0],
        "machine": f"{platform.machine()} {platform.python_version()}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=60)
    parser.add_argument("--db", default=None, help="SQLAlchemy URL (default: temp SQLite file)")
    args = parser.parse_args()
    result = run(args.docs, args.words, args.db)
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps(result, indent=2))
    print("| docs | words/doc | stored | seconds | docs/s | MB/s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {result['documents']} | {result['words_per_doc']} | {result['stored']} | "
          f"{result['seconds']} | {result['docs_per_s']} | {result['mb_per_s']} | "
          f"{result['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
