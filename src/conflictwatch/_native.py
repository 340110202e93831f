"""Which build of the hot stages runs: mypyc's compiled modules or their Python source.

`pip install` compiles the extraction and geoparsing modules with mypyc when a C compiler is
present (setup.py); Python then imports the compiled `.so` ahead of the `.py` beside it. Two
cases must not run the compiled code: the user asked for the source (CONFLICTWATCH_PURE=1, for
debugging or to measure the difference), and a source file changed after the build (an editable
install would otherwise keep running the old code, silently). In both cases every compiled
module of the package loads from source: compiled modules call each other natively, so a mix
of fresh source and stale compiled code would still run the stale code.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
COMPILED_SUBPACKAGES = ("extract", "geo")
PURE_ENV = "CONFLICTWATCH_PURE"


@dataclass
class NativeStatus:
    """What runs: "compiled", "source" (asked for, or stale) or "pure" (nothing compiled)."""

    mode: str
    modules: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def compiled_modules(package_dir: Path = PACKAGE_DIR) -> dict[str, tuple[Path, Path]]:
    """Module name -> (source, compiled file) for every compiled module next to its source."""
    found: dict[str, tuple[Path, Path]] = {}
    for sub in COMPILED_SUBPACKAGES:
        folder = package_dir / sub
        if not folder.is_dir():
            continue
        for so in folder.iterdir():
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                if so.name.endswith(suffix):
                    source = folder / (so.name[: -len(suffix)] + ".py")
                    if source.exists():
                        found[f"conflictwatch.{sub}.{source.stem}"] = (source, so)
    return found


def status(package_dir: Path = PACKAGE_DIR) -> NativeStatus:
    """Decide the build to run, from the files on disk and CONFLICTWATCH_PURE."""
    modules = compiled_modules(package_dir)
    if not modules:
        return NativeStatus("pure")
    names = sorted(modules)
    stale = [n for n, (py, so) in modules.items() if py.stat().st_mtime_ns > so.stat().st_mtime_ns]
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return NativeStatus("source", names, sorted(stale))
    if stale:
        return NativeStatus("source", names, sorted(stale))
    return NativeStatus("compiled", names)


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the listed modules' `.py` files, ahead of the compiled files beside them."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def install() -> NativeStatus:
    """Route imports to the source when the compiled build must not run; say why once."""
    current = status()
    if current.mode != "source":
        return current
    if current.stale:
        warnings.warn(
            f"conflictwatch: {', '.join(current.stale)} changed after it was compiled; running "
            "the Python source (slower). Rebuild with `pip install -e .` (or `make`).",
            stacklevel=2,
        )
    sources = {name: py for name, (py, _so) in compiled_modules().items()}
    if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder(sources))
    return current
