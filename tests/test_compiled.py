"""The compiled geoparser is used only while its source is the one it was built from."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch import _compiled

PACKAGE = "cw_compiled_probe"
MODULE = f"{PACKAGE}.mod"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package whose module `mod` has a source and a (stand-in) compiled file beside it:
    `prefer_fresh` decides from the file names and hashes, and never loads a stale build."""
    root = tmp_path / PACKAGE
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "mod.py").write_text("WHERE = 'source'\n")
    (root / f"mod{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("CONFLICTWATCH_PURE_PYTHON", raising=False)
    yield root
    for name in (MODULE, PACKAGE):
        sys.modules.pop(name, None)


def _record(root: Path, source_hash: str) -> Path:
    record = root / "record.json"
    record.write_text(json.dumps({MODULE: source_hash}))
    return record


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_build_of_the_current_source_is_left_to_the_normal_import(package: Path) -> None:
    record = _record(package, _hash(package / "mod.py"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _compiled.prefer_fresh(MODULE, record)
    assert MODULE not in sys.modules  # the import system will load the compiled file


def test_an_edited_source_runs_as_python_with_a_warning(package: Path) -> None:
    record = _record(package, _hash(package / "mod.py"))
    (package / "mod.py").write_text("WHERE = 'edited source'\n")
    with pytest.warns(RuntimeWarning, match="has changed since it was compiled"):
        _compiled.prefer_fresh(MODULE, record)
    module = sys.modules[MODULE]
    assert module.WHERE == "edited source" and module.__file__ == str(package / "mod.py")
    from cw_compiled_probe import mod  # type: ignore[import-not-found]

    assert mod is module  # later imports find the source module


def test_a_build_with_no_record_is_not_trusted(package: Path) -> None:
    with pytest.warns(RuntimeWarning):
        _compiled.prefer_fresh(MODULE, package / "missing.json")
    assert sys.modules[MODULE].WHERE == "source"


def test_pure_python_can_be_asked_for(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record(package, _hash(package / "mod.py"))
    monkeypatch.setenv("CONFLICTWATCH_PURE_PYTHON", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _compiled.prefer_fresh(MODULE, record)
    assert sys.modules[MODULE].__file__ == str(package / "mod.py")


def test_a_module_with_no_compiled_file_is_left_alone(package: Path) -> None:
    next(package.glob("mod.*.so")).unlink()
    _compiled.prefer_fresh(MODULE, package / "missing.json")
    assert MODULE not in sys.modules


def test_a_source_that_fails_leaves_no_half_module(package: Path) -> None:
    (package / "mod.py").write_text("raise ImportError('broken')\n")
    with pytest.warns(RuntimeWarning), pytest.raises(ImportError, match="broken"):
        _compiled.prefer_fresh(MODULE, package / "missing.json")
    assert MODULE not in sys.modules


def test_the_installed_geoparser_runs_compiled_when_its_build_is_current() -> None:
    import conflictwatch.geo  # noqa: F401  (imports the parser through prefer_fresh)

    parser = Path(sys.modules["conflictwatch.geo.parser"].__file__ or "")
    source = parser.with_name("parser.py")
    built = _compiled.built_hashes().get("conflictwatch.geo.parser")
    if built is None or not list(source.parent.glob("parser.*.so")):
        pytest.skip("installed without the compiled parser (no C compiler, or pure Python)")
    if built != _hash(source):
        pytest.skip("parser.py was edited since the last install")
    import os

    pure = bool(os.environ.get("CONFLICTWATCH_PURE_PYTHON"))
    assert _compiled.is_compiled("conflictwatch.geo.parser") is not pure
