"""Build: compile the geoparser's hot module to C with mypyc, where a C compiler is present.

Geocoding runs once per document, over every capitalised name; compiled, `geo/parser.py` runs
about a third faster than interpreted, with the same output. The compiled module is optional:
where the compiler or the Python headers are missing, or with CONFLICTWATCH_PURE_PYTHON=1 set,
the package installs as plain Python, with the same output, only slower (the README says what a
compiled `Geoparser` cannot do).

Everything else is in pyproject.toml. When, and only when, every compiled file was built, the
build writes `conflictwatch/_compiled.json` beside them: a hash of the sources they were built
from, so that an edited source is run as written, not as last compiled (see
`conflictwatch._compiled`). A failed build removes what it left.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

SRC = Path(__file__).resolve().parent / "src"


def _load_compiled_helpers() -> Any:
    """conflictwatch/_compiled.py on its own (the package's dependencies are not installed)."""
    spec = importlib.util.spec_from_file_location("_cw_compiled",
                                                  SRC / "conflictwatch" / "_compiled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HELPERS = _load_compiled_helpers()
COMPILED = list(HELPERS.DEPENDS)  # the modules to compile: those _compiled.py knows the sources of


def _source(module: str) -> Path:
    return SRC.joinpath(*module.split(".")).with_suffix(".py")


def _built_files(package_dir: Path) -> list[Path]:
    """The compiled files of COMPILED (and mypyc's shared part) under `package_dir`. mypyc
    names the shared part `<module>__mypyc` only while it compiles one module: compiling
    several, it puts one hash-named library at the top, which this would have to find."""
    found = []
    for module in COMPILED:
        folder = package_dir.joinpath(*module.split(".")[1:-1])
        stem = module.rpartition(".")[2]
        for suffix in HELPERS.EXTENSION_SUFFIXES:
            found += [folder / f"{stem}{suffix}", folder / f"{stem}__mypyc{suffix}"]
    return [f for f in found if f.exists()]


def _clear(package_dir: Path, say: bool = False) -> None:
    """Remove the compiled files and the record under `package_dir`."""
    for path in [*_built_files(package_dir), package_dir / "_compiled.json"]:
        if path.exists():
            path.unlink()
            if say:
                print(f"conflictwatch: removed {path}")


class BuildCompiled(build_ext):
    """build_ext that is all or nothing: the record is written only once every extension has
    built, and a failed build leaves plain Python (no half-built or stale compiled files)."""

    hashes: dict[str, str] = {}

    def run(self) -> None:
        if not self.extensions:  # plain Python (see _plain_python): nothing to build or record
            return
        package_dir = self._package_dir()
        _clear(package_dir)
        try:
            super().run()
        except Exception as error:  # no compiler, no headers, a compile error
            _clear(package_dir)
            print(f"conflictwatch: could not compile {', '.join(COMPILED)} ({error}); "
                  "installing it as plain Python")
            return
        (package_dir / "_compiled.json").write_text(
            json.dumps(self.hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def _package_dir(self) -> Path:
        """Where the built `conflictwatch` package goes (the source tree when in place)."""
        return Path(self.get_ext_fullpath(COMPILED[0])).parents[1]


# the setup.py commands that build what gets installed (not sdist, egg_info, dist_info)
BUILD_COMMANDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def _plain_python(reason: str) -> list[Any]:
    """No extensions; a build also removes earlier compiled files, in place or in build/, so
    that they cannot shadow the source (or end up in a wheel built from here)."""
    if BUILD_COMMANDS & set(sys.argv[1:]):
        for package_dir in [SRC / "conflictwatch", *SRC.parent.glob("build/lib*/conflictwatch")]:
            _clear(package_dir, say=True)
    print(f"conflictwatch: not compiling {', '.join(COMPILED)} ({reason}): plain Python")
    return []


def _extensions() -> list[Any]:
    """mypyc's extensions for COMPILED; none for a pure-Python build, or if mypyc fails."""
    if HELPERS.pure_python_wanted():
        return _plain_python(f"{HELPERS.PURE_ENV} is set")
    try:
        hashes = {m: HELPERS.source_hash(m, SRC / "conflictwatch") for m in COMPILED}
        from mypyc.build import mypycify

        extensions = mypycify([str(_source(m).relative_to(SRC.parent)) for m in COMPILED],
                              opt_level="3")
    except (Exception, SystemExit) as error:  # mypyc exits on a type error
        return _plain_python(str(error))
    BuildCompiled.hashes = hashes
    return list(extensions)


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildCompiled})
