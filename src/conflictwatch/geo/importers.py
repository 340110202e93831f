"""Load more places into a gazetteer: GeoNames dumps, alternate names, curated CSV files.

- GeoNames dumps in the official 19-column format (`SY.txt`, `SY.zip`, `allCountries.zip`),
  streamed line by line so the 1.5 GB allCountries file never sits in memory.
- `alternateNamesV2.zip` / `.txt`: extra names (Latin and Arabic script) for places already in
  the gazetteer.
- A curated CSV that analysts keep for villages, camps, checkpoints and neighbourhoods, with the
  columns name, aliases (separated by |), lat, lon, country, admin1, admin2, feature.
- `download(...)`: fetch a country dump (e.g. SY.zip) from the GeoNames export server with httpx.

GeoNames data is CC-BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx

from conflictwatch.geo.gazetteer import Gazetteer, admin_gid, insert_place, strip_generic

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
# Feature classes kept from a dump: populated places, admin areas, regions, terrain, spots
# (camps, checkpoints, airports). Hydrography, roads and vegetation are left out.
DEFAULT_CLASSES = frozenset("PALTS")
_SKIP_ALT_LANGS = {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "abbr", "unlc",
                   "tcid"}


class ImportErrorWithReason(ValueError):
    """A file that cannot be imported, with the reason in the message."""


@contextmanager
def _open_text(path: Path, member_hint: str | None = None) -> Iterator[IO[str]]:
    """Open a .txt or the main .txt inside a .zip as text, streaming."""
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:  # an HTML error page saved as SY.zip, a cut download
            raise ImportErrorWithReason(f"{path}: not a readable zip file ({exc})") from None
        with zf:
            names = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if member_hint:
                names = [n for n in names if member_hint in n] or names
            if not names:
                raise ImportErrorWithReason(f"{path}: no .txt file inside the zip")
            with zf.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as fh:
            yield fh


def detect_kind(path: Path) -> str:
    """'geonames', 'alternates' or 'csv' from the file name and first line."""
    name = path.name.lower()
    if name.startswith("alternatenames"):
        return "alternates"
    if name.endswith(".csv"):
        return "csv"
    with _open_text(path) as fh:
        first = fh.readline()
    cols = first.rstrip("\n").split("\t")
    if len(cols) == 19 and cols[0].isdigit():
        return "geonames"
    if len(cols) >= 4 and cols[0].isdigit() and cols[1].isdigit():
        return "alternates"
    raise ImportErrorWithReason(f"{path}: not a GeoNames dump (19 tab-separated columns), "
                                "an alternateNames file or a curated CSV")


# What shows progress on long work: (items, label, total or None) -> the same items
Progress = Callable[[Iterable[Any], str, "int | None"], Iterable[Any]]


def import_file(gaz: Gazetteer, path: str | Path, *, classes: Iterable[str] = DEFAULT_CLASSES,
                rebuild: bool = True, progress: Progress | None = None) -> int:
    """Import one file of any supported kind; returns the number of rows loaded.

    `progress` sees the rows of a GeoNames dump or alternate-names file as they are read
    (allCountries.zip takes minutes), and the index rebuild when `rebuild`."""
    p = Path(path)
    if not p.exists():
        raise ImportErrorWithReason(f"{p}: no such file")
    try:
        kind = detect_kind(p)
    except UnicodeDecodeError:
        raise ImportErrorWithReason(f"{p}: not UTF-8 text") from None
    con = gaz.connect()
    try:
        try:
            if kind == "geonames":
                n = import_geonames(con, p, frozenset(classes), progress)
            elif kind == "alternates":
                n = import_alternate_names(con, p, progress)
            else:
                n = import_curated_csv(con, p)
        except (UnicodeDecodeError, zipfile.BadZipFile, EOFError) as exc:
            con.rollback()  # nothing of a file that breaks off half-way
            raise ImportErrorWithReason(f"{p}: unreadable ({exc.__class__.__name__}: "
                                        f"{exc}); nothing imported from it") from None
        # a default gazetteer with the user's own places is never rebuilt silently
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", (p.name,))
        con.commit()
    finally:
        con.close()
    if rebuild:
        gaz.build_index(progress)
    return n


def _geonames_rows(fh: Iterable[str]) -> Iterator[list[str]]:
    for line in fh:
        cols = line.rstrip("\n").split("\t")
        if len(cols) == 19 and cols[0].isdigit():
            yield cols


def _lines(fh: IO[str], path: Path, progress: Progress | None) -> Iterable[str]:
    return progress(fh, f"Reading {path.name}", None) if progress is not None else fh


def import_geonames(con: sqlite3.Connection, path: Path, classes: frozenset[str],
                    progress: Progress | None = None) -> int:
    """GeoNames 19-column rows -> places (replacing entries of the same id or admin code)."""
    n = 0
    with _open_text(path) as fh:
        for cols in _geonames_rows(_lines(fh, path, progress)):
            (gid, name, ascii_, alts, lat, lon, fclass, fcode, cc, _cc2, a1, a2, _a3, _a4,
             pop, _elev, _dem, _tz, _mod) = cols
            if fclass not in classes:
                continue
            names = [(a, "alt") for a in alts.split(",") if a]
            if fcode in ("ADM1", "ADM2"):
                code = f"{cc}.{a1}" if fcode == "ADM1" else f"{cc}.{a1}.{a2}"
                # the default build's entry for the area, under whichever id it has (a row of
                # the dump under the default's id, such as the area's ADM1H, is not it)
                con.execute("DELETE FROM places WHERE gid = ? OR (gid = ? AND fcode = ? AND "
                            "country = ? AND admin1 = ? AND admin2 = ?)",
                            (f"admin:{code}", admin_gid(code), fcode, cc, a1,
                             a2 if fcode == "ADM2" else ""))
                con.execute("INSERT OR IGNORE INTO admin_names VALUES (?,?)", (code, name))
                names.append((strip_generic(name), "bare"))
            elif fcode.startswith("PCL"):
                con.execute("DELETE FROM places WHERE gid=? OR (fcode LIKE 'PCL%' AND country=?)",
                            (f"geonames:{gid}", cc))
            insert_place(con, f"geonames:{gid}", name, names, asciiname=ascii_, fclass=fclass,
                         fcode=fcode, country=cc, admin1=a1, admin2=a2,
                         population=int(pop or 0), lat=float(lat), lon=float(lon))
            n += 1
    return n


_ARABIC = re.compile(r"[\u0600-\u06ff]")


def import_alternate_names(con: sqlite3.Connection, path: Path,
                           progress: Progress | None = None) -> int:
    """alternateNamesV2 rows for places already present -> extra names (Latin/Arabic)."""
    ids = _rowids_by_geonames_id(con)
    n = 0
    batch: list[tuple[int, str, str]] = []
    with _open_text(path, member_hint="alternateNames") as fh:
        for line in _lines(fh, path, progress):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                continue
            rowid = ids(int(cols[1]))
            lang, name = cols[2], cols[3]
            if not rowid or lang in _SKIP_ALT_LANGS or not name:
                continue
            if lang not in ("", "en", "ar", "fr", "de", "es", "tr") and not _ARABIC.search(name):
                continue
            batch.append((rowid, name, f"alt:{lang}"))
            n += 1
            if len(batch) >= 10_000:
                con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", batch)
                batch.clear()
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", batch)
    return n


# GeoNames ids run to about 13 million; larger ones (a hand-made dump) go to a dict
_ARRAY_IDS = 50_000_000


def _rowids_by_geonames_id(con: sqlite3.Connection) -> Callable[[int], int]:
    """GeoNames id -> row id (0: not present), mostly as one array: a dict of the ten
    million places of allCountries would take a gigabyte."""
    ids = array("I")
    large: dict[int, int] = {}
    for rowid, gid in con.execute("SELECT id, gid FROM places WHERE gid LIKE 'geonames:%'"):
        number = int(gid.split(":", 1)[1])
        if number >= _ARRAY_IDS:
            large[number] = rowid
            continue
        if number >= len(ids):
            grow = number + 1 - len(ids) + len(ids) // 4  # amortised: ids come in any order
            ids.frombytes(bytes(ids.itemsize * min(grow, _ARRAY_IDS - len(ids))))
        ids[number] = rowid
    return lambda number: ids[number] if number < len(ids) else large.get(number, 0)


CSV_COLUMNS = ("name", "aliases", "lat", "lon", "country", "admin1", "admin2", "feature")
_FEATURES = {"village": ("P", "PPL"), "town": ("P", "PPL"), "city": ("P", "PPL"),
             "neighbourhood": ("P", "PPLX"), "neighborhood": ("P", "PPLX"),
             "camp": ("S", "CMP"), "checkpoint": ("S", "CTRL"), "region": ("L", "RGN"),
             "area": ("L", "AREA"), "mountain": ("T", "MTS"), "front": ("L", "AREA"),
             "sea": ("H", "SEA"), "continent": ("L", "CONT")}


def import_curated_csv(con: sqlite3.Connection, path: Path) -> int:
    """Curated places: name, aliases (|), lat, lon, country, admin1, admin2, feature."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("name", "lat", "lon", "country") if c not in (reader.fieldnames
                                                                           or [])]
        if missing:
            raise ImportErrorWithReason(f"{path}: missing column(s) {', '.join(missing)}; "
                                        f"expected {', '.join(CSV_COLUMNS)}")
        admin_codes = _admin_codes(con)
        n = 0
        for line_no, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError) as exc:
                raise ImportErrorWithReason(f"{path}:{line_no}: bad lat/lon") from exc
            country = (row.get("country") or "").strip().upper()
            a1 = _admin_code(admin_codes, country, row.get("admin1") or "")
            a2 = _admin_code(admin_codes, f"{country}.{a1}", row.get("admin2") or "") if a1 else ""
            fclass, fcode = _FEATURES.get((row.get("feature") or "").strip().lower(),
                                          ("P", "PPL"))
            aliases = [(a.strip(), "alias") for a in (row.get("aliases") or "").split("|")]
            slug = re.sub(r"[^a-z0-9]+", "-", row["name"].lower()).strip("-")
            insert_place(con, f"curated:{country.lower()}:{slug}:{lat:.4f},{lon:.4f}",
                         row["name"].strip(), aliases, fclass=fclass, fcode=fcode,
                         country=country, admin1=a1, admin2=a2, lat=lat, lon=lon)
            n += 1
    return n


def _admin_codes(con: sqlite3.Connection) -> dict[str, str]:
    return dict(con.execute("SELECT code, name FROM admin_names").fetchall())


def _admin_code(codes: dict[str, str], prefix: str, value: str) -> str:
    """An admin given by code ("12") or by name ("Idlib") -> its code within `prefix`."""
    value = value.strip()
    if not value:
        return ""
    if f"{prefix}.{value}" in codes:
        return value
    from conflictwatch.geo import fold

    want = fold.strong_key(strip_generic(value))
    for code, name in codes.items():
        parts = code.split(".")
        if code.startswith(prefix + ".") and len(parts) == prefix.count(".") + 2 and \
                fold.strong_key(strip_generic(name)) == want:
            return parts[-1]
    return ""


def download(country: str, dest_dir: str | Path, *, base_url: str | None = None,
             timeout: float = 60.0) -> Path:
    """Fetch `<COUNTRY>.zip` (or `allCountries.zip`, `alternateNamesV2.zip`) into dest_dir."""
    base = base_url or os.environ.get("CONFLICTWATCH_GEONAMES_URL") or DEFAULT_BASE_URL
    name = country if country.endswith(".zip") else f"{country.upper()}.zip"
    if country.lower() in ("allcountries", "all"):
        name = "allCountries.zip"
    url = base.rstrip("/") + "/" + name
    dest = Path(dest_dir) / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".part")
    with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as resp:
        if resp.status_code != 200:
            raise ImportErrorWithReason(f"{url}: HTTP {resp.status_code}")
        with tmp.open("wb") as fh:
            for chunk in resp.iter_bytes():
                fh.write(chunk)
    if not zipfile.is_zipfile(tmp):
        tmp.unlink()
        raise ImportErrorWithReason(f"{url}: not a zip file")
    tmp.replace(dest)
    return dest
