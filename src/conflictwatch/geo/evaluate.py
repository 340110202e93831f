"""Score the geoparser on GeoWebNews (toponyms) and on ACLED notes (event places).

Both files are human-coded data kept outside the repository (../shared/eval/) and read here only
to measure; nothing from them is stored.
"""

from __future__ import annotations

import csv
import re
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictwatch.geo import fold
from conflictwatch.geo.gazetteer import haversine_km, strip_generic
from conflictwatch.geo.parser import COUNTRY_CODES, Geoparser
from conflictwatch.records import Location, PlaceMention


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonames_id: str | None


def read_geowebnews(path: str | Path) -> list[tuple[str, list[GoldToponym]]]:
    """(text, gold toponyms with coordinates) per article."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            gold.append(GoldToponym(int(t.findtext("start") or 0), int(t.findtext("end") or 0),
                                    t.findtext("extractedName") or "", float(lat), float(lon),
                                    t.findtext("geonamesID") or None))
        out.append((text, gold))
    return out


def _pct(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def evaluate_geowebnews(path: str | Path, parser: Geoparser, limit: int | None = None
                        ) -> dict[str, Any]:
    """Toponym recall/precision, accuracy within 161 km, median error, exact GeoNames id."""
    articles = read_geowebnews(path)[:limit]
    n_gold = n_found = n_pred = n_pred_ok = within = with_id = id_ok = 0
    errors: list[float] = []
    words = 0
    t0 = time.perf_counter()
    for text, gold in articles:
        words += len(text.split())
        pred = [p for p in parser.parse(text) if p.location and p.location.lat is not None]
        n_pred += len(pred)
        n_pred_ok += sum(1 for p in pred if any(_overlap(p, g) for g in gold))
        for g in gold:
            n_gold += 1
            hit = next((p for p in pred if _overlap(p, g)), None)
            if hit is None or hit.location is None:
                continue
            n_found += 1
            loc = hit.location
            assert loc.lat is not None and loc.lon is not None
            err = haversine_km(g.lat, g.lon, loc.lat, loc.lon)
            errors.append(err)
            within += err <= 161
            if g.geonames_id:
                with_id += 1
                id_ok += loc.gazetteer_id == f"geonames:{g.geonames_id}"
    seconds = time.perf_counter() - t0
    return {
        "articles": len(articles), "gold_toponyms": n_gold, "predicted": n_pred,
        "recall": _pct(n_found, n_gold), "precision": _pct(n_pred_ok, n_pred),
        "acc161_of_found": _pct(within, n_found), "acc161_of_all_gold": _pct(within, n_gold),
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "exact_geonames_id_of_found_with_id": _pct(id_ok, with_id), "found_with_id": with_id,
        "seconds": round(seconds, 2),
        "words_per_second": round(words / seconds) if seconds else None,
    }


def _overlap(p: PlaceMention, g: GoldToponym) -> bool:
    return p.start < g.end and g.start < p.end


# -- ACLED ------------------------------------------------------------------------------------

_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|of|into)\s+(?:the\s+)?(?:\w+\s+of\s+)?$",
                       re.IGNORECASE)


def event_place(mentions: Iterable[PlaceMention], text: str | None = None
                ) -> PlaceMention | None:
    """The event's place: the most specific resolved mention (town over area over admin over
    country); among equals, one that is not the first word of a longer name ("Kerman Coal
    Mine Company"), then one introduced by "in/at/near", then the earliest."""
    def rank(p: PlaceMention) -> tuple[int, int, int, int]:
        loc = p.location
        assert loc is not None
        precision = loc.precision or 3
        country = loc.admin1 is None and loc.precision == 3
        locative = bool(text and _LOCATIVE.search(text, max(0, p.start - 30), p.start))
        return (9 if country else precision, int(p.in_longer_name), 0 if locative else 1,
                p.start)

    resolved = [p for p in mentions if p.location is not None and p.location.lat is not None]
    return min(resolved, key=rank) if resolved else None


def _country_only(mentions: Iterable[PlaceMention]) -> str | None:
    """The country of the first place the gazetteer lacks that the geoparser kept with its
    document's country but no point (scored for country only, never for distance)."""
    return next((p.location.country for p in mentions
                 if p.location is not None and p.location.lat is None and p.location.country),
                None)


def evaluate_acled(path: str | Path, parser: Geoparser, limit: int | None = None,
                   country_hint: bool = False) -> dict[str, Any]:
    """Country, admin1, within 50/10 km for the event place chosen from each row's notes."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    iso = _country_codes(parser)
    admin1_aliases = _admin1_aliases(parser)
    n = country_ok = admin1_ok = w50 = w10 = held = held_w10 = none = 0
    words = 0
    t0 = time.perf_counter()
    for row in rows:
        n += 1
        notes = row.get("notes") or ""
        words += len(notes.split())
        gold_cc = iso.get(fold.light_key(row["country"])) or iso.get(
            fold.strong_key(row["country"]), "")
        mentions = parser.parse(notes, country_hint=gold_cc if country_hint else None)
        pick = event_place(mentions, notes)
        glat, glon = float(row["latitude"]), float(row["longitude"])
        if _gazetteer_holds(parser, row.get("location") or "", gold_cc, glat, glon):
            held += 1
        if pick is None or pick.location is None:
            none += 1
            country_ok += _country_only(mentions) == gold_cc
            continue
        loc = pick.location
        assert loc.lat is not None and loc.lon is not None
        country_ok += loc.country == gold_cc
        admin1_ok += _same_admin1(loc, row.get("admin1") or "", admin1_aliases)
        d = haversine_km(glat, glon, loc.lat, loc.lon)
        w50 += d <= 50
        w10 += d <= 10
        if _gazetteer_holds(parser, row.get("location") or "", gold_cc, glat, glon):
            held_w10 += d <= 10
    seconds = time.perf_counter() - t0
    return {
        "rows": n, "no_place_found": none, "country": _pct(country_ok, n),
        "admin1": _pct(admin1_ok, n), "within_50km": _pct(w50, n), "within_10km": _pct(w10, n),
        "rows_gazetteer_holds": held, "within_10km_where_held": _pct(held_w10, held),
        "country_hint_from_gold": country_hint, "seconds": round(seconds, 2),
        "words_per_second": round(words / seconds) if seconds else None,
    }


def _country_codes(parser: Geoparser) -> dict[str, str]:
    """Strong-folded country names and aliases -> ISO2, from the gazetteer itself."""
    idx = parser.index
    out: dict[str, str] = {}
    for i, fcode in enumerate(idx.fcode):
        if fcode in COUNTRY_CODES:
            for name in parser.gazetteer.alternate_names(i):
                out.setdefault(fold.strong_key(name), idx.country[i])
                out[fold.light_key(name)] = idx.country[i]
    return out


def _admin1_aliases(parser: Geoparser) -> dict[tuple[str, str], set[str]]:
    """(country, admin1 name as records carry it) -> strong keys of every name the gazetteer
    stores for that area ("Mexico City" is also "Ciudad de Mexico"; "North-West", Cameroon, also
    "Nord-Ouest") and for the town it is named after ("Gomel" for Homyel' Voblasc'): the gold
    may name the same area another way."""
    idx = parser.index
    out: dict[tuple[str, str], set[str]] = {}
    con = parser.gazetteer.connect()
    try:
        rows = con.execute("SELECT p.country, p.admin1, n.name FROM places p JOIN names n "
                           "ON n.place_id = p.id WHERE p.fcode = 'ADM1'").fetchall()
    finally:
        con.close()
    for country, admin1, name in rows:
        shown = idx.admin_names.get(f"{country}.{admin1}")
        if shown:
            out.setdefault((country, shown), set()).add(fold.strong_key(strip_generic(name)))
    for i, fcode in enumerate(idx.fcode):
        seat = parser.seat(i) if fcode == "ADM1" else None
        shown = idx.admin_names.get(f"{idx.country[i]}.{idx.admin1[i]}")
        if seat is not None and shown:  # the town the area is named after, inside it:
            # "Gomel" for Homyel' Voblasc', "Kiev City" for Kyiv City
            out.setdefault((idx.country[i], shown), set()).update(
                fold.strong_key(n) for n in parser.gazetteer.alternate_names(seat)
                if fold.is_latin_or_arabic(n))
    return out


def _same_admin1(loc: Location, gold: str, aliases: dict[tuple[str, str], set[str]]) -> bool:
    """Predicted admin1 is the gold one: the folded names without generic words are equal or
    one holds the other, or the gold is another name of the predicted area."""
    if not loc.admin1 or not gold:
        return False
    a, b = fold.strong_key(strip_generic(loc.admin1)), fold.strong_key(strip_generic(gold))
    return bool(a and b and (a == b or a in b or b in a
                             or b in aliases.get((loc.country or "", loc.admin1), ())))


def _gazetteer_holds(parser: Geoparser, name: str, country: str, lat: float, lon: float) -> bool:
    """Whether a gazetteer place of that name lies within 10 km of the gold point."""
    if not name:
        return False
    idx = parser.index
    for place, _exact in parser.gazetteer.candidates(name):
        if place.country == country and \
                haversine_km(lat, lon, idx.lat[place.idx], idx.lon[place.idx]) <= 10:
            return True
    return False
