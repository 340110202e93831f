"""Batch throughput on 1 and 2 local Dask workers, a kill-and-resume, and record identity.

    python -m benchmarks.bench_batch [--docs 20000] [--words 100] [--partition-size 250]
                                     [--workers 1,2] [--no-kill] [--standin] [--quick]

Writes one synthetic corpus (`benchmarks.corpus`, deterministic), then runs
`conflictwatch batch --scheduler local --workers W` on it in a subprocess for each W. Figures:
documents/s over the batch once its workers are set up (`seconds` minus `setup_seconds` of the
command's --json summary: setup is the one-off gazetteer/extractor load on every worker; the
LocalCluster start is in `wall_s` only), words/s per worker core, CPU seconds of the run's
whole process tree and peak memory: `ru_maxrss` of the largest process in the tree
(resource.getrusage RUSAGE_CHILDREN, taken in a fresh wrapper process per run) and the peak
summed RSS of the tree (psutil, sampled every 0.2 s). Then a 2-worker run is killed (SIGKILL
to its process group) once half the partitions are in the manifest, resumed, and its records
are compared with the 1-worker run's, record by record, in order. Load average is recorded
before and after each run: on a shared machine other work competes for the two cores.
`--standin` times `standin_extract` (a regex stand-in) instead of the real extraction engine,
to measure the batch machinery alone. Results: benchmarks/out/batch.json and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_jsonl
from conflictwatch.records import Document, Event, EventDate, Harm, Location

OUT = Path(__file__).resolve().parent / "out"
ENGINE = "conflictwatch.extract.pipeline:extract_document"
STANDIN = "benchmarks.bench_batch:standin_extract"
ROOT = Path(__file__).resolve().parents[1]
_KILLED = re.compile(r"(\d[\d,]*) (?:people|civilians|soldiers|fighters)[^.]{0,40}? killed")


def standin_extract(doc: Document, geoparse: Any = None) -> list[Event]:
    """A cheap deterministic extractor (one record per "N people ... killed"): machinery only."""
    events = []
    for n, match in enumerate(_KILLED.finditer(doc.text), start=1):
        count = int(match.group(1).replace(",", ""))
        events.append(Event(id=f"{doc.id}#e{n}", document_id=doc.id,
                            event_type="Violence against civilians",
                            date=EventDate(doc.published, doc.published),
                            location=Location(text=None),
                            harm=[Harm("killed", "people", count, count, True, match.group(0))]))
    return events


def machine() -> str:
    """The machine as the README states it."""
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.machine()}, "
            f"Python {platform.python_version()}")


def batch_argv(corpus: Path, out: Path, workers: int, args: argparse.Namespace) -> list[str]:
    """The `conflictwatch batch` command line of one run."""
    argv = [sys.executable, "-c", "from conflictwatch.cli import main; main()", "--json",
            "--quiet", "batch", str(corpus), "--scheduler", "local", "--workers", str(workers),
            "--output", str(out), "--partition-size", str(args.partition_size),
            "--format", "parquet", "--extractor", STANDIN if args.standin else ENGINE]
    if args.no_geocode or args.standin:
        argv.append("--no-geocode")
    return argv


def _tree_rss(root: Any) -> int:
    import psutil

    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total


def _manifest_lines(out: Path) -> int:
    path = out / "manifest.jsonl"
    return path.read_text(encoding="utf-8").count("\n") if path.exists() else 0


def measure(argv: list[str], out: Path, kill_after: int | None = None) -> dict[str, Any]:
    """Run one batch command; its summary, wall time and memory (call in a fresh process)."""
    import psutil

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, cwd=ROOT)
    root = psutil.Process(proc.pid)
    peak, killed = 0, False
    while proc.poll() is None:
        peak = max(peak, _tree_rss(root))
        if kill_after is not None and _manifest_lines(out) >= kill_after:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    if killed:  # the workers are in the killed group too; give the kernel a moment
        time.sleep(1)
    wall = time.perf_counter() - started
    summary: dict[str, Any] = {}
    if not killed:
        try:
            summary = json.loads(stdout.decode().strip().splitlines()[-1])
        except (IndexError, ValueError):
            raise RuntimeError(f"batch failed ({proc.returncode}): "
                               f"{stderr.decode()[-2000:]}") from None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = usage.ru_maxrss / 1024
    return {"summary": summary, "wall_s": round(wall, 1), "killed": killed,
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "finished_when_killed": _manifest_lines(out) if killed else None,
            "peak_tree_rss_mb": round(peak / 2**20, 1), "maxrss_children_mb": round(maxrss, 1),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def measure_in_fresh_process(argv: list[str], out: Path,
                             kill_after: int | None = None) -> dict[str, Any]:
    """`measure` in a new interpreter, so RUSAGE_CHILDREN covers this run's processes only."""
    spec = json.dumps({"argv": argv, "out": str(out), "kill_after": kill_after})
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_batch", "--measure", spec],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def row(label: str, workers: int, run: dict[str, Any]) -> dict[str, Any]:
    """Flat figures of one run (rates over the time after worker setup)."""
    s = run["summary"]
    busy = (s.get("seconds") or 0.0) - (s.get("setup_seconds") or 0.0)
    return {"run": label, "workers": workers, "documents": s.get("documents"),
            "records": s.get("records"), "seconds": round(s.get("seconds") or 0.0, 1),
            "setup_s": round(s.get("setup_seconds") or 0.0, 1), "wall_s": run["wall_s"],
            "docs_per_s": round(s["documents"] / busy, 1) if busy > 0 else None,
            "words_per_s_per_core": round(s["words"] / busy / workers) if busy > 0 else None,
            "resumed": s.get("resumed"), "done": s.get("done"), "cpu_s": run["cpu_s"],
            "failed_documents": len(s.get("failed") or []),
            "peak_tree_rss_mb": run["peak_tree_rss_mb"],
            "maxrss_children_mb": run["maxrss_children_mb"],
            "load": f"{run['load_before']}->{run['load_after']}"}


def same_records(a: Path, b: Path) -> tuple[bool, int]:
    """Whether two outputs hold the same records in the same order, and how many."""
    from itertools import zip_longest

    from conflictwatch.batch import read_records

    count = 0
    for left, right in zip_longest(read_records(a), read_records(b)):
        if left != right:
            return False, count
        count += 1
    return True, count


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Corpus, timed runs per worker count, kill/resume and the identity check."""
    workers = [int(w) for w in args.workers.split(",")]
    result: dict[str, Any] = {"benchmark": "batch", "machine": machine(), "docs": args.docs,
                              "words": args.words, "partition_size": args.partition_size,
                              "extractor": STANDIN if args.standin else ENGINE,
                              "geocode": not (args.no_geocode or args.standin), "runs": []}
    if args.tmp:
        Path(args.tmp).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        started = time.perf_counter()
        size = write_jsonl(corpus, args.docs, seed=args.seed, words=args.words)
        result["corpus_mb"] = round(size / 2**20, 1)
        result["corpus_write_s"] = round(time.perf_counter() - started, 1)
        for w in workers:
            print(f"batch: {args.docs} docs on {w} worker(s) ...", file=sys.stderr)
            run_ = measure_in_fresh_process(batch_argv(corpus, Path(tmp) / f"w{w}", w, args),
                                            Path(tmp) / f"w{w}")
            result["runs"].append(row(f"{w} worker(s)", w, run_))
            save(result, args.out)  # keep what is measured even if a later run fails
        rates = {r["workers"]: r["docs_per_s"] for r in result["runs"]}
        if 1 in rates and 2 in rates and rates[1]:
            result["speedup_2_vs_1"] = round(rates[2] / rates[1], 2)
        if not args.no_kill:
            result["kill_resume"] = kill_and_resume(corpus, Path(tmp), args, reference=workers[0])
    return result


def kill_and_resume(corpus: Path, tmp: Path, args: argparse.Namespace,
                    reference: int) -> dict[str, Any]:
    """Kill a 2-worker run half-way, resume it, compare its records with the reference run."""
    out = tmp / "killed"
    total = -(-args.docs // args.partition_size)
    print("batch: kill at half-way, then resume ...", file=sys.stderr)
    killed = measure_in_fresh_process(batch_argv(corpus, out, 2, args), out,
                                      kill_after=max(1, total // 2))
    resumed = measure_in_fresh_process(batch_argv(corpus, out, 2, args), out)
    identical, count = same_records(tmp / f"w{reference}", out)
    s = resumed["summary"]
    return {"partitions": total, "finished_when_killed": killed["finished_when_killed"],
            "resumed_skipped": s["resumed"], "redone_after_resume": s["done"],
            "resume_row": row("resume after kill", 2, resumed),
            "identical_to_reference": identical, "records_compared": count,
            "reference": f"{reference} worker(s)"}


def save(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def markdown(result: dict[str, Any]) -> str:
    lines = [f"Machine: {result['machine']}. Corpus: {result['docs']} synthetic documents of "
             f"~{result['words']} words ({result['corpus_mb']} MB), partitions of "
             f"{result['partition_size']}; extractor {result['extractor']}, geocode "
             f"{result['geocode']}.", "",
             "| run | docs | records | batch s (setup) | wall s | docs/s | words/s/core | "
             "CPU s | peak tree RSS MB | max process RSS MB | load avg |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    rows = list(result["runs"])
    if "kill_resume" in result:
        rows.append(result["kill_resume"]["resume_row"])
    for r in rows:
        lines.append(f"| {r['run']} | {r['documents']} | {r['records']} | {r['seconds']} "
                     f"({r['setup_s']}) | {r['wall_s']} | {r['docs_per_s']} | "
                     f"{r['words_per_s_per_core']} | {r['cpu_s']} | "
                     f"{r['peak_tree_rss_mb']} | {r['maxrss_children_mb']} | {r['load']} |")
    failed = sum(r["failed_documents"] for r in rows)
    if failed:
        lines.append(f"\nWARNING: {failed} documents failed extraction: these figures do not "
                     "time the extraction engine")
    if "speedup_2_vs_1" in result:
        lines.append(f"\n2 workers vs 1: {result['speedup_2_vs_1']}x")
    if "kill_resume" in result:
        k = result["kill_resume"]
        lines.append(f"Kill/resume: killed with {k['finished_when_killed']}/{k['partitions']} "
                     f"partitions finished; resume skipped {k['resumed_skipped']}, did "
                     f"{k['redone_after_resume']}; records identical to the "
                     f"{k['reference']} run: {k['identical_to_reference']} "
                     f"({k['records_compared']} records)")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_batch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-kill", action="store_true", help="skip the kill/resume run")
    parser.add_argument("--no-geocode", action="store_true")
    parser.add_argument("--standin", action="store_true", help="regex stand-in extractor")
    parser.add_argument("--quick", action="store_true", help="1,000 docs (a smoke run)")
    parser.add_argument("--tmp", default=None, help="folder for the corpus and outputs")
    parser.add_argument("--out", type=Path, default=OUT / "batch.json")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.partition_size = 1_000, 100
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        spec = json.loads(args.measure)
        print(json.dumps(measure(spec["argv"], Path(spec["out"]), spec["kill_after"])))
        return 0
    result = run(args)
    save(result, args.out)
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
