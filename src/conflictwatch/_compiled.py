"""Compiled modules (see setup.py) are used only while their source is the one they were built from.

An editable install (`pip install -e .`, `make venv`) builds the compiled module next to its
source, and Python prefers the compiled file. Without this check, an edited `geo/parser.py`
would not run until the next install: the edit would seem to do nothing. So a package that
holds a compiled module calls `prefer_fresh` before importing it, and the source is run
instead (with a warning) when it differs from the build's, or when CONFLICTWATCH_PURE_PYTHON is
set (for profiling, or to compare the two).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import warnings
from importlib.machinery import ExtensionFileLoader, SourceFileLoader
from pathlib import Path

RECORD = Path(__file__).with_name("_compiled.json")


def built_hashes(record: Path = RECORD) -> dict[str, str]:
    """Module name -> SHA-256 of the source it was compiled from (empty if nothing was)."""
    try:
        hashes: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return hashes


def is_compiled(name: str) -> bool:
    """Whether the module `name`, as imported, is the compiled build."""
    module = sys.modules.get(name)
    return module is not None and not str(getattr(module, "__file__", "")).endswith(".py")


def prefer_fresh(name: str, record: Path = RECORD) -> None:
    """Import the module `name` from its source if its compiled build is stale or unwanted.

    Call this before the first import of `name` (from its package's `__init__`); later imports
    then find the source module in `sys.modules`.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or not isinstance(spec.loader, ExtensionFileLoader) or not spec.origin:
        return
    source = Path(spec.origin).with_name(name.rpartition(".")[2] + ".py")
    if not source.is_file():
        return
    if os.environ.get("CONFLICTWATCH_PURE_PYTHON"):
        _import_source(name, source)
        return
    built = built_hashes(record).get(name)
    if built == hashlib.sha256(source.read_bytes()).hexdigest():
        return
    warnings.warn(f"{source} has changed since it was compiled: running it as Python "
                  "(slower); reinstall (`make venv` or `pip install -e .`) to compile it again",
                  RuntimeWarning, stacklevel=3)
    _import_source(name, source)


def _import_source(name: str, source: Path) -> None:
    loader = SourceFileLoader(name, str(source))
    spec = importlib.util.spec_from_file_location(name, source, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
