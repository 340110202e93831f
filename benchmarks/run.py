"""Run every benchmark that exists, one after another: `make bench` = `python -m benchmarks.run`.

    python -m benchmarks.run [--quick] [--only NAME[,NAME]] [--list]

Each benchmark runs as `python -m benchmarks.NAME ARGS` in its own process (so its memory
figures are its own) and writes its JSON under benchmarks/out/; its Markdown table is printed.
Modules not there yet are reported as missing, not as failures. `--quick` runs each on a small
input (a smoke run: figures are not the ones quoted in benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (label, module, full run arguments, quick run arguments), in the order they run
BENCHMARKS: list[tuple[str, str, list[str], list[str]]] = [
    ("extract", "bench_extract", [], ["--docs", "200", "--mem-docs", "50"]),
    ("ingest", "bench_ingest", ["--backends", "sqlite,postgresql"], ["--docs", "2000"]),
    ("batch", "bench_batch", [], ["--quick"]),
    ("scale", "bench_scale", [], ["--quick"]),
    ("resolve", "bench_resolve", ["resolve"], ["resolve", "--events", "5000"]),
    ("export", "bench_resolve", ["export"], ["export", "--incidents", "20000"]),
    ("api", "bench_api", [], ["--quick"]),
    ("gazetteer", "bench_gazetteer", ["--rows", "4000000"], ["--rows", "20000", "--docs", "20"]),
]


def available(name: str) -> bool:
    return importlib.util.find_spec(f"benchmarks.{name}") is not None


def run_one(label: str, module: str, args: list[str]) -> int:
    """Run one benchmark module; its exit status."""
    argv = [sys.executable, "-m", f"benchmarks.{module}", *args]
    print(f"\n## {label}\n\n$ python {' '.join(argv[1:])}", flush=True)
    started = time.perf_counter()
    status = subprocess.call(argv, cwd=ROOT)
    print(f"\n({label}: exit {status}, {time.perf_counter() - started:.0f} s)", flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small inputs (smoke run)")
    parser.add_argument("--only", help="comma-separated labels (see --list)")
    parser.add_argument("--list", action="store_true", help="list benchmarks and exit")
    args = parser.parse_args(argv)
    labels = [label for label, *_ in BENCHMARKS]
    names = args.only.split(",") if args.only else labels
    unknown = [n for n in names if n not in labels]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(labels)}")
    chosen = [b for b in BENCHMARKS if b[0] in names]
    if args.list:
        for label, module, *_ in chosen:
            state = "present" if available(module) else "missing"
            print(f"{label}: benchmarks/{module}.py {state}")
        return 0
    failed = []
    for label, module, full, quick in chosen:
        if not available(module):
            print(f"\n## {label}\n\n(missing: benchmarks/{module}.py does not exist yet)")
            continue
        if run_one(label, module, quick if args.quick else full) != 0:
            failed.append(label)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
