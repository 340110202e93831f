"""The compiled (mypyc) build of the hot stages: when it runs; that it matches the source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conflictwatch import _native

PROBE = (
    "import json, conflictwatch\n"
    "from conflictwatch.extract.pipeline import extract_document\n"
    "from conflictwatch.records import Document\n"
    "import conflictwatch.extract.pipeline as p\n"
    "text = open(0).read()\n"
    "events = extract_document(Document(id='d', text=text))\n"
    "print(json.dumps({'mode': conflictwatch.NATIVE.mode, 'file': p.__file__,\n"
    "                  'events': [e.to_dict() for e in events]}))\n"
)
TEXT = (
    "IDLIB, Syria (Dec 20, 2019) - Another 16 civilians were killed on Thursday in air strikes on "
    "Maarat al-Numan, bringing the total since Monday to more than 50, the Syrian Observatory for "
    "Human Rights said. Government forces shelled Saraqib, wounding 12 people. On 7 May 2020, "
    "gunmen abducted two aid workers near Kidal, Mali."
)


def _probe(**env: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE], input=TEXT, capture_output=True,
                          text=True, env={**os.environ, **env}, check=True)
    out: dict = json.loads(proc.stdout)
    return out


def _fake_package(tmp_path: Path, so_newer: bool) -> Path:
    pkg = tmp_path / "conflictwatch"
    (pkg / "extract").mkdir(parents=True)
    source = pkg / "extract" / "harm.py"
    compiled = pkg / "extract" / ("harm" + _native.importlib.machinery.EXTENSION_SUFFIXES[0])
    source.write_text("")
    compiled.write_bytes(b"")
    older, newer = 1_000_000_000, 2_000_000_000
    os.utime(source, ns=(older, older) if so_newer else (newer, newer))
    os.utime(compiled, ns=(newer, newer) if so_newer else (older, older))
    return pkg


def test_no_compiled_files_is_the_pure_build(tmp_path: Path) -> None:
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "harm.py").write_text("")
    assert _native.status(tmp_path).mode == "pure"


def test_fresh_compiled_files_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_native.PURE_ENV, raising=False)
    st = _native.status(_fake_package(tmp_path, so_newer=True))
    assert st.mode == "compiled" and st.modules == ["conflictwatch.extract.harm"]


def test_source_changed_after_the_build_runs_the_source(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_native.PURE_ENV, raising=False)
    st = _native.status(_fake_package(tmp_path, so_newer=False))
    assert st.mode == "source" and st.stale == ["conflictwatch.extract.harm"]


def test_asking_for_the_source_runs_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_native.PURE_ENV, "1")
    st = _native.status(_fake_package(tmp_path, so_newer=True))
    assert st.mode == "source" and st.stale == []


def test_source_finder_loads_the_py_file(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text("X = 1\n")
    spec = _native._SourceFinder({"some.mod": source}).find_spec("some.mod", None)
    assert spec is not None and spec.origin == str(source)
    assert _native._SourceFinder({}).find_spec("some.mod", None) is None


def test_source_build_runs_the_py_files() -> None:
    out = _probe(**{_native.PURE_ENV: "1"})
    assert out["file"].endswith("pipeline.py")
    assert out["mode"] in ("source", "pure")


@pytest.mark.skipif(_native.status().mode != "compiled", reason="no compiled build installed")
def test_compiled_build_gives_what_the_source_gives() -> None:
    compiled = _probe(**{_native.PURE_ENV: "0"})
    source = _probe(**{_native.PURE_ENV: "1"})
    assert compiled["mode"] == "compiled" and not compiled["file"].endswith(".py")
    assert compiled["events"] and compiled["events"] == source["events"]
