"""Compiled modules (see setup.py) are used only while their sources are the ones they were built
from.

An editable install (`pip install -e .`, `make venv`) builds the compiled module next to its
source, and Python prefers the compiled file. Without this check, an edited `geo/parser.py`
would not run until the next install: the edit would seem to do nothing. The compiled code also
relies on the types of the modules it imports (a list that becomes a tuple in `gazetteer.py` is
a TypeError there), so the build records one hash over every source in `DEPENDS`. A package
that holds a compiled module calls `prefer_fresh` before importing it, and the source is run
instead (with a warning) when any of those sources differs from the build's, when the compiled
module does not import, or when CONFLICTWATCH_PURE_PYTHON is set (for profiling, or to compare
the two).

setup.py loads this file on its own (the package's dependencies are not installed while it
builds), so it imports nothing but the standard library.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import warnings
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, SourceFileLoader
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
RECORD = PACKAGE_ROOT / "_compiled.json"
# compiled module -> the sources (relative to the package, globs allowed) its build depends on
DEPENDS = {"conflictwatch.geo.parser": ("geo/*.py", "records.py")}
PURE_ENV = "CONFLICTWATCH_PURE_PYTHON"


def pure_python_wanted() -> bool:
    """CONFLICTWATCH_PURE_PYTHON set to anything but empty, 0, false or no."""
    return os.environ.get(PURE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def source_hash(module: str, root: Path = PACKAGE_ROOT) -> str:
    """One SHA-256 over the sources the compiled `module` was built from (names and bytes)."""
    digest = hashlib.sha256()
    # regular files only: editors leave dangling links and dotfiles beside a source (".#x.py")
    files = sorted({p for pattern in DEPENDS[module] for p in root.glob(pattern)
                    if not p.name.startswith(".") and p.is_file()})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def built_hashes(record: Path = RECORD) -> dict[str, str]:
    """Module name -> hash of the sources it was compiled from (empty if nothing was)."""
    try:
        hashes: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return hashes if isinstance(hashes, dict) else {}


def is_compiled(name: str) -> bool:
    """Whether the module `name`, as imported, is the compiled build."""
    module = sys.modules.get(name)
    path = str(getattr(module, "__file__", None) or "")
    return any(path.endswith(suffix) for suffix in EXTENSION_SUFFIXES)


def prefer_fresh(name: str, record: Path = RECORD, root: Path = PACKAGE_ROOT) -> None:
    """Import the module `name`: its compiled build if current, else its source.

    Call this before the first import of `name` (from its package's `__init__`); later imports
    then find the module in `sys.modules`.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or not isinstance(spec.loader, ExtensionFileLoader) or not spec.origin:
        return
    source = Path(spec.origin).with_name(name.rpartition(".")[2] + ".py")
    if not source.is_file():
        return
    if pure_python_wanted():
        _import_source(name, source)
        return
    try:
        current = source_hash(name, root) if name in DEPENDS else None
    except OSError:  # a source that cannot be read now: do not trust the build
        current = None
    if current is None or built_hashes(record).get(name) != current:
        _warn(f"{source} (or a module it relies on) is not what was compiled: running it as "
              "Python (slower); reinstall (`make venv` or `pip install -e .`) to compile it "
              "again")
        _import_source(name, source)
        return
    try:
        importlib.import_module(name)
    except ImportError as error:  # a half-built extension (its shared part missing)
        sys.modules.pop(name, None)
        _warn(f"the compiled {name} does not import ({error}): running {source} as Python")
        _import_source(name, source)


def _warn(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)  # the package that imports it


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
