"""Ingest throughput: N short synthetic documents (one JSONL file) into a fresh store.

    python -m benchmarks.bench_ingest [--docs 10000] [--words 60]
                                      [--backends sqlite,postgresql] [--db URL]

Reports documents/s, MB/s and peak memory (ru_maxrss of the measuring process, one fresh
process per backend). Extraction is off: this measures ingest (decode, normalise, hash,
language id, dedupe, store) alone. `postgresql` starts a throwaway local cluster with Debian's
binaries (tests/pgserver.py: 127.0.0.1, fsync off, as the tests run it); SQLite is a temp file
in WAL mode. Ingest commits every 200 documents on SQLite and every document on PostgreSQL
(concurrent ingests there must not deadlock on the unique index), which the figures include.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
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


def _postgres_url() -> tuple[str, object]:
    """A fresh database on a throwaway local PostgreSQL cluster, and the server to stop."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import pgserver  # type: ignore[import-not-found]

    server = pgserver.start()
    return server.create_database("bench_ingest"), server


def _measure_in_subprocess(argv: list[str]) -> dict[str, object]:
    """One backend in a fresh process, so each peak RSS is its own."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_ingest", *argv, "--json"],
                          capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=60)
    parser.add_argument("--db", default=None, help="SQLAlchemy URL (default: temp SQLite file)")
    parser.add_argument("--backends", default="sqlite",
                        help="comma-separated: sqlite, postgresql (ignored with --db)")
    parser.add_argument("--json", action="store_true", help="one run, its figures as JSON")
    args = parser.parse_args()
    if args.json or args.db:
        result = run(args.docs, args.words, args.db)
        if args.json:
            print(json.dumps(result))
            return
        results = [result]
    else:
        results = []
        for backend in args.backends.split(","):
            argv = ["--docs", str(args.docs), "--words", str(args.words)]
            if backend == "postgresql":
                url, server = _postgres_url()
                try:
                    results.append(_measure_in_subprocess([*argv, "--db", url]))
                finally:
                    server.stop()  # type: ignore[attr-defined]
            elif backend == "sqlite":
                results.append(_measure_in_subprocess(argv))
            else:
                parser.error(f"unknown backend {backend!r}")
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps(results, indent=2))
    print("| backend | docs | words/doc | stored | seconds | docs/s | MB/s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {r['documents']} | {r['words_per_doc']} | {r['stored']} | "
              f"{r['seconds']} | {r['docs_per_s']} | {r['mb_per_s']} | {r['peak_rss_mb']} |")
    short = [r for r in results if r["stored"] != r["documents"]]
    if short:  # a rate over documents that were not stored measures nothing
        sys.exit(f"error: {short[0]['backend']} stored {short[0]['stored']} of "
                 f"{short[0]['documents']} documents; the figures above are not valid")


if __name__ == "__main__":
    main()
