"""Build: compile the geoparser's hot module to C with mypyc, where a C compiler is present.

Geocoding runs once per document, over every capitalised name; compiled, `geo/parser.py` runs
about a third faster than interpreted, with the same output. The compiled module is optional:
where the compiler or the Python headers are missing, or with CONFLICTWATCH_PURE_PYTHON=1 set,
the package installs as plain Python and works the same, only slower.

Everything else is in pyproject.toml. `conflictwatch/_compiled.json` records a hash of each
compiled source, so that an edited source is run as written, not as last compiled (see
`conflictwatch._compiled`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from setuptools import setup

SRC = Path(__file__).resolve().parent / "src"
COMPILED = ["conflictwatch.geo.parser"]
RECORD = SRC / "conflictwatch" / "_compiled.json"


def _source(module: str) -> Path:
    return SRC.joinpath(*module.split(".")).with_suffix(".py")


def _extensions() -> list:
    """mypyc's extensions for COMPILED, each optional (a failed compile leaves plain Python)."""
    RECORD.unlink(missing_ok=True)
    if os.environ.get("CONFLICTWATCH_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        extensions = mypycify([str(_source(m).relative_to(SRC.parent)) for m in COMPILED],
                              opt_level="3")
    except (Exception, SystemExit) as error:  # mypyc exits on a type error
        print(f"conflictwatch: not compiling {', '.join(COMPILED)} ({error}): plain Python")
        return []
    RECORD.write_text(json.dumps(
        {m: hashlib.sha256(_source(m).read_bytes()).hexdigest() for m in COMPILED},
        indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for extension in extensions:
        extension.optional = True
    return extensions


setup(ext_modules=_extensions())
