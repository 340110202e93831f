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

# name -> (full run arguments, quick run arguments)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "bench_extract": ([], ["--docs", "200", "--mem-docs", "50"]),
    "bench_ingest": ([], ["--docs", "2000"]),
    "bench_batch": ([], ["--quick"]),
    "bench_scale": ([], ["--quick"]),
    "bench_api": ([], ["--quick"]),
}


def available(name: str) -> bool:
    return importlib.util.find_spec(f"benchmarks.{name}") is not None


def run_one(name: str, quick: bool) -> int:
    """Run one benchmark module; its exit status."""
    full, small = BENCHMARKS[name]
    argv = [sys.executable, "-m", f"benchmarks.{name}", *(small if quick else full)]
    print(f"\n## {name}\n\n$ {' '.join(argv[1:])}", flush=True)
    started = time.perf_counter()
    status = subprocess.call(argv, cwd=ROOT)
    print(f"\n({name}: exit {status}, {time.perf_counter() - started:.0f} s)", flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small inputs (smoke run)")
    parser.add_argument("--only", help="comma-separated benchmark names")
    parser.add_argument("--list", action="store_true", help="list benchmarks and exit")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    if args.list:
        for name in names:
            print(f"{name}: {'present' if available(name) else 'missing'}")
        return 0
    failed = []
    for name in names:
        if not available(name):
            print(f"\n## {name}\n\n(missing: benchmarks/{name}.py does not exist yet)")
            continue
        if run_one(name, args.quick) != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
