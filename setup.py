"""Build hook: compile the text-processing stages to C with mypyc when a C compiler is present.

Everything else is in pyproject.toml. The compiled modules are the same Python source (mypy
type-checked), about twice as fast; without a compiler, or with CONFLICTWATCH_PURE=1 at install,
the package installs as plain Python and works the same. See docs/performance.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

# The hot stages, in pipeline order. Modules outside this list stay interpreted: they are I/O,
# web or glue code where compilation gains nothing.
COMPILED = [
    "src/conflictwatch/extract/lexicon_files.py",
    "src/conflictwatch/extract/numbers.py",
    "src/conflictwatch/extract/dates.py",
    "src/conflictwatch/extract/harm.py",
    "src/conflictwatch/extract/events.py",
    "src/conflictwatch/extract/actors.py",
    "src/conflictwatch/extract/attribution.py",
    "src/conflictwatch/extract/places.py",
    "src/conflictwatch/extract/tags.py",
    "src/conflictwatch/extract/pipeline.py",
    "src/conflictwatch/geo/fold.py",
    "src/conflictwatch/geo/parser.py",
]


def _compiled_extensions() -> list:
    """mypyc extensions for COMPILED, or [] when asked for pure Python or mypyc is missing."""
    if os.environ.get("CONFLICTWATCH_PURE", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("conflictwatch: mypyc not available, installing pure Python", file=sys.stderr)
        return []
    os.chdir(Path(__file__).resolve().parent)  # mypy reads [tool.mypy] from pyproject.toml here
    extensions = mypycify(COMPILED, opt_level="3", target_dir="build/mypyc")
    for ext in extensions:
        ext.optional = True  # no C compiler: skip, the .py modules are used instead
    return extensions


setup(ext_modules=_compiled_extensions())
