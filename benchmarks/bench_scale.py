"""Cost growth: the same 2-worker batch at 10k, 100k (and 1M) documents, plus incident resolution.

    python -m benchmarks.bench_scale [--sizes 10000,100000] [--workers 2] [--words 100]
                                     [--standin] [--no-resolve] [--quick]

For each size: a synthetic corpus (`benchmarks.corpus`), one `conflictwatch batch` run measured
as in `benchmarks.bench_batch` (docs/s after worker setup, words/s per core, CPU seconds, peak
memory of the process tree and of its largest process), the output's size, and then incident
resolution (`conflictwatch.resolve.resolver.Resolver`, in memory, one process) over the run's
incident records in input order: events/s and its own peak memory (ru_maxrss of a fresh
process). Time should grow linearly with documents and memory stay flat: the corpus is streamed
and partitions are written as they finish. `--standin` times the batch machinery with a regex
stand-in extractor instead of the extraction engine (labelled as such in the output).
Results: benchmarks/out/scale.json and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_batch import (
    ENGINE,
    ROOT,
    STANDIN,
    batch_argv,
    machine,
    measure_in_fresh_process,
    row,
)
from benchmarks.corpus import write_jsonl

OUT = Path(__file__).resolve().parent / "out"


def resolve_rate(output: Path) -> dict[str, Any]:
    """Resolve the output's incident records into incidents; events/s and peak memory."""
    from conflictwatch.batch import read_records
    from conflictwatch.records import Event
    from conflictwatch.resolve.incident import Member
    from conflictwatch.resolve.resolver import Resolver

    events = [Event.from_dict(r) for r in read_records(output) if r.get("kind") == "incident"]
    resolver = Resolver([], 1)
    started = time.perf_counter()
    for event in events:
        resolver.add(Member(event=event, publisher=event.document_id))
    seconds = time.perf_counter() - started
    return {"events": len(events), "incidents": len(resolver.states),
            "seconds": round(seconds, 2),
            "events_per_s": round(len(events) / seconds, 1) if seconds else None,
            "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def resolve_in_fresh_process(output: Path) -> dict[str, Any] | str:
    """`resolve_rate` in a new interpreter (its own ru_maxrss); a reason string if it fails."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", "--resolve-only",
                           str(output)], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return f"resolve failed: {done.stderr.strip().splitlines()[-1:]}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def one_size(size: int, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Corpus, batch run and resolution at one size."""
    corpus = tmp / f"corpus-{size}.jsonl"
    started = time.perf_counter()
    corpus_bytes = write_jsonl(corpus, size, seed=args.seed, words=args.words)
    written = time.perf_counter() - started
    out = tmp / f"out-{size}"
    print(f"scale: {size} docs on {args.workers} workers ...", file=sys.stderr)
    run = measure_in_fresh_process(batch_argv(corpus, out, args.workers, args), out)
    figures = row(f"{size:,} docs", args.workers, run)
    figures |= {"size": size, "corpus_mb": round(corpus_bytes / 2**20, 1),
                "corpus_write_s": round(written, 1),
                "output_mb": round(sum(p.stat().st_size for p in out.iterdir()) / 2**20, 1)}
    if not args.no_resolve:
        figures["resolve"] = resolve_in_fresh_process(out)
    corpus.unlink()
    return figures


def markdown(result: dict[str, Any]) -> str:
    lines = [f"Machine: {result['machine']}. {result['workers']} local workers, documents of "
             f"~{result['words']} words, partitions of {result['partition_size']}; extractor "
             f"{result['extractor']}, geocode {result['geocode']}.", "",
             "| docs | records | batch s (setup) | docs/s | words/s/core | CPU s | "
             "peak tree RSS MB | max process RSS MB | output MB | resolve events/s "
             "(events, peak MB) | load avg |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["sizes"]:
        res = r.get("resolve")
        resolved = (f"{res['events_per_s']} ({res['events']}, {res['maxrss_mb']})"
                    if isinstance(res, dict) else str(res or "-"))
        lines.append(f"| {r['size']:,} | {r['records']} | {r['seconds']} ({r['setup_s']}) | "
                     f"{r['docs_per_s']} | {r['words_per_s_per_core']} | {r['cpu_s']} | "
                     f"{r['peak_tree_rss_mb']} | {r['maxrss_children_mb']} | {r['output_mb']} | "
                     f"{resolved} | {r['load']} |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--partition-size", type=int, default=500)
    parser.add_argument("--no-geocode", action="store_true")
    parser.add_argument("--standin", action="store_true", help="regex stand-in extractor")
    parser.add_argument("--no-resolve", action="store_true")
    parser.add_argument("--quick", action="store_true", help="sizes 500,2000 (a smoke run)")
    parser.add_argument("--tmp", default=None, help="folder for corpora and outputs")
    parser.add_argument("--out", type=Path, default=OUT / "scale.json")
    parser.add_argument("--resolve-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.partition_size = "500,2000", 100
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.resolve_only:
        print(json.dumps(resolve_rate(args.resolve_only)))
        return 0
    result: dict[str, Any] = {
        "benchmark": "scale", "machine": machine(), "workers": args.workers,
        "words": args.words, "partition_size": args.partition_size,
        "extractor": STANDIN if args.standin else ENGINE,
        "geocode": not (args.no_geocode or args.standin), "sizes": []}
    if args.tmp:
        Path(args.tmp).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            result["sizes"].append(one_size(size, Path(tmp), args))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
