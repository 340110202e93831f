"""The compiled geoparser is used only while its sources are the ones it was built from."""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import sys
import types
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch import _compiled

PACKAGE = "cw_compiled_probe"
MODULE = f"{PACKAGE}.mod"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package whose module `mod` (depending on `mod.py` and `helper.py`) has a source and a
    stand-in compiled file beside it: an empty file, which does not import."""
    root = tmp_path / PACKAGE
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "mod.py").write_text("WHERE = 'source'\n")
    (root / "helper.py").write_text("X = 1\n")
    (root / f"mod{SUFFIX}").write_bytes(b"")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(_compiled.PURE_ENV, raising=False)
    monkeypatch.setitem(_compiled.DEPENDS, MODULE, ("mod.py", "helper.py"))
    yield root
    for name in (MODULE, PACKAGE):
        sys.modules.pop(name, None)


def _record(root: Path) -> Path:
    """A record of the sources as they are now."""
    record = root / "record.json"
    record.write_text(json.dumps({MODULE: _compiled.source_hash(MODULE, root)}))
    return record


def _fake_compiled_import(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stand in for importing the compiled file (the stand-in on disk cannot be loaded)."""
    imported: list[str] = []

    def import_module(name: str) -> types.ModuleType:
        imported.append(name)
        module = sys.modules[name] = types.ModuleType(name)
        module.WHERE = "compiled"  # type: ignore[attr-defined]
        return module

    monkeypatch.setattr(_compiled.importlib, "import_module", import_module)
    return imported


def test_a_current_build_is_imported(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record(package)
    imported = _fake_compiled_import(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _compiled.prefer_fresh(MODULE, record, package)
    assert imported == [MODULE] and sys.modules[MODULE].WHERE == "compiled"


@pytest.mark.parametrize("edited", ["mod.py", "helper.py"])
def test_an_edited_source_runs_as_python_with_a_warning(
        package: Path, monkeypatch: pytest.MonkeyPatch, edited: str) -> None:
    record = _record(package)
    imported = _fake_compiled_import(monkeypatch)
    (package / edited).write_text((package / edited).read_text() + "# edited\n")
    with pytest.warns(RuntimeWarning, match="is not what was compiled"):
        _compiled.prefer_fresh(MODULE, record, package)
    module = sys.modules[MODULE]
    assert not imported and module.WHERE == "source"
    assert module.__file__ == str(package / "mod.py")
    from cw_compiled_probe import mod  # type: ignore[import-not-found]

    assert mod is module  # later imports find the source module


def test_a_build_that_does_not_import_runs_as_python(package: Path) -> None:
    # the record is current, but the compiled file is broken (a half-built extension)
    with pytest.warns(RuntimeWarning, match="does not import"):
        _compiled.prefer_fresh(MODULE, _record(package), package)
    assert sys.modules[MODULE].WHERE == "source"


def test_a_build_with_no_record_is_not_trusted(package: Path) -> None:
    with pytest.warns(RuntimeWarning):
        _compiled.prefer_fresh(MODULE, package / "missing.json", package)
    assert sys.modules[MODULE].WHERE == "source"


@pytest.mark.parametrize(("value", "pure"), [("1", True), ("yes", True), ("0", False),
                                             ("false", False), ("", False)])
def test_pure_python_can_be_asked_for(package: Path, monkeypatch: pytest.MonkeyPatch,
                                      value: str, pure: bool) -> None:
    record = _record(package)
    _fake_compiled_import(monkeypatch)
    monkeypatch.setenv(_compiled.PURE_ENV, value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _compiled.prefer_fresh(MODULE, record, package)
    module = sys.modules[MODULE]
    assert (module.WHERE == "source") is pure


def test_a_module_with_no_compiled_file_is_left_alone(package: Path) -> None:
    (package / f"mod{SUFFIX}").unlink()
    _compiled.prefer_fresh(MODULE, package / "missing.json", package)
    assert MODULE not in sys.modules


def test_a_source_that_fails_leaves_no_half_module(package: Path) -> None:
    (package / "mod.py").write_text("raise ImportError('broken')\n")
    with pytest.warns(RuntimeWarning), pytest.raises(ImportError, match="broken"):
        _compiled.prefer_fresh(MODULE, package / "missing.json", package)
    assert MODULE not in sys.modules


def test_the_installed_geoparser_runs_compiled_when_its_build_is_current() -> None:
    importlib.import_module("conflictwatch.geo")  # imports the parser through prefer_fresh
    name = "conflictwatch.geo.parser"
    folder = Path(str(sys.modules[name].__file__)).parent
    built = _compiled.built_hashes().get(name)
    if built is None or not list(folder.glob(f"parser{SUFFIX}")):
        pytest.skip("installed without the compiled parser (no C compiler, or pure Python)")
    if built != _compiled.source_hash(name):
        pytest.skip("the parser's sources were edited since the last install")
    assert _compiled.is_compiled(name) is not _compiled.pure_python_wanted()


def test_editor_files_beside_the_sources_are_not_hashed(package: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record(package)
    (package / ".#mod.py").symlink_to("user@host.1234:1")  # Emacs' lock file: a dangling link
    (package / ".mod.py.swp").write_text("vim")
    imported = _fake_compiled_import(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _compiled.prefer_fresh(MODULE, record, package)
    assert imported == [MODULE]


def test_an_unreadable_source_means_the_build_is_not_trusted(
        package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record(package)

    def unreadable(module: str, root: Path = package) -> str:
        raise PermissionError("helper.py")

    monkeypatch.setattr(_compiled, "source_hash", unreadable)
    with pytest.warns(RuntimeWarning, match="is not what was compiled"):
        _compiled.prefer_fresh(MODULE, record, package)
    assert sys.modules[MODULE].WHERE == "source"
