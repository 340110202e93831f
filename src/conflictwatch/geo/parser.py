"""Toponym recognition and resolution: every place mention of a text, resolved in context.

Recognition is one Aho-Corasick scan of the strong-folded text (see `fold.py`) against the
gazetteer's name index, filtered by capitalisation and a stop-word list. Resolution scores each
candidate place with cheap features: exact spelling, population, feature type, the document's
country focus (or a hint), admin areas named in the document, distance to co-mentioned places,
and cue words around the mention ("X province", "near X", "southern X"). Named areas the
gazetteer lacks ("the Jabal al-Zawiya area") fall back to the smallest admin area named nearby,
with a note, never to a country centroid.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import regex
import yaml

from conflictwatch.geo import fold
from conflictwatch.geo.capitals import capital_mentions
from conflictwatch.geo.gazetteer import (
    LARGE_AREA_KM,
    SPELLING_BITS,
    Gazetteer,
    Index,
    capitals_country_codes,
    common_words,
    demonyms,
    given_names,
    haversine_km,
    spelling_hashes,
    strip_generic,
    surnames,
)
from conflictwatch.geo.index_file import KeyTable
from conflictwatch.records import Location, PlaceMention

COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
AREA_CODES = COUNTRY_CODES | {"ADM1", "ADM2", "CONT"}
_COS: dict[int, float] = {}
MAX_CANDIDATES = 60
KEEP_CANDIDATES = 6
SEAT_KM = 100
BRACKET_AREA = 1.0  # prior for an admin area in the slot areas take after a place (Match.area_slot)
QUARTER_KM = 25.0  # a "quarter" read farther than this from the town named with it is its quarter
TOWN_HOLDS_KM = 10.0  # a town "holds" (is the container named after) only its own quarters
ROUNDS = 1  # context rounds after the priors (a second round measured no better)
FOCUS_WEIGHT = 1.5  # a document wholly about one country adds this to its places' scores
# The focus share counts this much evidence of no country besides the other mentions, so one
# weak mention ("VoJ" read loosely as an Indian village) is not a whole focus on its own.
FOCUS_PRIOR_WEIGHT = 1.0
# ACLED geo_precision by GeoNames feature class: towns and spots (camps, checkpoints) are
# points; terrain (a mountain, a hill) is a small area; admin areas and regions are regions.
# the population a town needs for a loose spelling of its name, alone in a text, to stand
# for it (see Geoparser._keep): GeoNames' own tier for a city (its cities15000 file)
LOOSE_ALONE_POPULATION = 15_000
# a town this close to the one named after it is its neighbour ("Janzur (Tripoli)"), not a
# namesake elsewhere
NEIGHBOUR_KM = 50
# "central X" for a city of this size or more is the city's centre, not the middle of the
# admin area of the same name ("central Van", "central Aleppo")
CITY_CENTRE_POPULATION = 100_000
_CITY_CENTRE_WORDS = frozenset({"central"})
# an admin1 this populous keeps its name from the given names ("Georgia", "Victoria")
GIVEN_NAME_AREA_POPULATION = 300_000
PRECISION_BY_CLASS = {"P": 1, "S": 1, "T": 2, "H": 3, "A": 3, "L": 3}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Light-folded words that are never toponyms on their own."""
    text = (resources.files("conflictwatch.geo") / "data" / "stopwords.txt").read_text("utf-8")
    words = " ".join(line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(fold.light_key(w) for w in words.split())


_NONE: frozenset[str] = frozenset()
# name, gazetteer id, country, admin1, admin2, lat, lon, precision, note (see Geoparser.location)
# country, in the hinted country, admin1 named, nearest anchors (see Geoparser._place_facts)
_PlaceFacts = tuple[str, bool, bool, list[tuple[float, int]] | None]
_LocationFacts = tuple[str, str, str | None, str | None, str | None, float, float, int,
                       str | None]


@lru_cache(maxsize=1)
def _cue_index() -> tuple[dict[tuple[str, ...], frozenset[str]],
                          dict[tuple[str, ...], frozenset[str]]]:
    """Word tuples -> the cue categories they signal, before and after a mention."""
    cue = cues()
    before: dict[tuple[str, ...], set[str]] = defaultdict(set)
    after: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, cat, side in [("admin1_before", "admin1", before), ("admin1_after", "admin1", after),
                           ("admin2_before", "admin2", before), ("admin2_after", "admin2", after),
                           ("city_before", "city", before), ("city_after", "city", after),
                           ("near_before", "near", before), ("near_after", "near", after),
                           ("person_before", "person", before), ("group_after", "group", after),
                           ("kin_after", "kin", after),
                           ("place_before", "place", before)]:
        for words in cue[key]:
            side[words].add(cat)
    return ({k: frozenset(v) for k, v in before.items()},
            {k: frozenset(v) for k, v in after.items()})


@lru_cache(maxsize=1)
def _cue_edge_words() -> tuple[frozenset[str], frozenset[str]]:
    """The last words of the cues before a mention and the first words of those after it: a
    window whose word next to the mention is neither holds no cue."""
    bidx, aidx = _cue_index()
    return frozenset(k[-1] for k in bidx), frozenset(k[0] for k in aidx)


@lru_cache(maxsize=1)
def _long_cue_ends() -> frozenset[str]:
    """The last words of the cues of two or more words before a mention ("of" in "north of",
    "on" in "attack on"): only after one of them do the words further back matter."""
    return frozenset(k[-1] for k in _cue_index()[0] if len(k) > 1)


@lru_cache(maxsize=1)
def _cue_tables() -> tuple[dict[str, Any], tuple[dict[tuple[str, ...], frozenset[str]],
                                                 dict[tuple[str, ...], frozenset[str]]],
                           tuple[frozenset[str], frozenset[str]], frozenset[str]]:
    """`cues`, `_cue_index`, `_cue_edge_words` and `_long_cue_ends` in one call (every mention
    reads all four)."""
    return cues(), _cue_index(), _cue_edge_words(), _long_cue_ends()


@lru_cache(maxsize=1)
def _cues_file() -> dict[str, Any]:
    """data/cues.yaml as written (case kept: the admin abbreviations need it)."""
    raw: dict[str, Any] = yaml.safe_load(
        (resources.files("conflictwatch.geo") / "data" / "cues.yaml").read_text("utf-8"))
    return raw


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """Cue-word lists from data/cues.yaml, multi-word cues kept as light-folded tuples."""
    raw = _cues_file()
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            out[key] = {fold.light_key(k): tuple(v) for k, v in value.items()}
        else:
            out[key] = {tuple(fold.light_key(v).split()) for v in value}
    return out


# The classes made by the hundred per document (Token, Candidate, Match) write their __init__
# out: the compiled parser (see setup.py) runs a written __init__ as C, but a dataclass's
# generated one as Python, at several times the cost. The dataclass still gives repr and ==.


@dataclass(slots=True, init=False)
class Token:
    start: int
    end: int
    light: str
    strong: str
    chunk: int
    generic: bool  # a lowercase generic word closing the chunk ("camp", "area")

    def __init__(self, start: int, end: int, light: str, strong: str, chunk: int,
                 generic: bool = False) -> None:
        self.start, self.end, self.light, self.strong = start, end, light, strong
        self.chunk, self.generic = chunk, generic


@dataclass(slots=True, init=False)
class Candidate:
    place: int
    exact: bool
    score: float
    why: list[str]
    prior: float
    main: bool  # matched the place's main name, not a rare alternate (see _candidates)

    def __init__(self, place: int, exact: bool, score: float = 0.0, why: list[str] | None = None,
                 prior: float = 0.0, main: bool = False) -> None:
        self.place, self.exact, self.score, self.prior, self.main = place, exact, score, prior, main
        self.why = [] if why is None else why


@dataclass
class DocContext:
    """What the whole document says about where it is."""

    hint: str = ""
    focus: dict[str, float] = field(default_factory=dict)
    top: str = ""
    named: Counter[str] = field(default_factory=Counter)
    anchors: list[tuple[Match, int]] = field(default_factory=list)
    points: list[tuple[float, float, Match | None, int]] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    place_weights: dict[int, float] = field(default_factory=dict)
    cache: dict[tuple[int, int], float] = field(default_factory=dict)
    # the country most of the text's towns and admin areas lie in, if over half of them
    # (countries and demonyms left out: "Palestinian" says little of where Tyre is)
    towns_top: str = ""
    # the points by latitude, so a place finds the few within reach by bisection
    by_lat: list[tuple[float, float, int]] = field(default_factory=list)
    lats: list[float] = field(default_factory=list)
    places: dict[int, _PlaceFacts] = field(default_factory=dict)
    shares: dict[tuple[str, int], float] = field(default_factory=dict)  # (country, own place)
    reasons: dict[tuple[int, int], tuple[float, list[str]]] = field(default_factory=dict)
    missions: list[MissionArea] = field(default_factory=list)  # named in the text

    def __post_init__(self) -> None:
        self.by_lat = sorted((lat, lon, op) for lat, lon, _m, op in self.points)
        self.lats = [lat for lat, _, _ in self.by_lat]


class MissionArea(NamedTuple):
    """Where a mission or force named in a text works (data/cues.yaml `context_anchors`): its
    country, a point in its area, the area's radius (0: unknown) and the gazetteer region that
    is that area, if any ("Donbas" for the OSCE SMM)."""

    country: str
    lat: float
    lon: float
    radius_km: float = 0.0
    region: str = ""


@dataclass(slots=True, init=False)
class Match:
    """A recognised toponym: token range, span, and its gazetteer candidates. Made with what
    recognition knows; the rest starts empty and is filled in by resolution."""

    first: int
    last: int
    start: int
    end: int
    text: str
    candidates: list[Candidate]
    cue: str  # admin1 | admin2 | city
    near: bool
    direction: str
    place_cue: bool
    direction_start: int
    full_text: str
    best: Candidate | None
    runner: Candidate | None
    following: list[Match]
    close: set[int]  # ids of linked mentions in apposition
    preceding: list[Match]
    top: list[Candidate]  # best few candidates by prior
    # (country, admin1) of the `top` readings (see Geoparser._top_areas)
    top_areas: frozenset[tuple[str, str]] | None
    raw: list[tuple[int, bool, bool]]  # (place, exact, main)
    # (strong key id, light-spelling fingerprint, towns of the head name added: "Salem city")
    key: tuple[int, tuple[int, ...], bool]
    ranked: list[tuple[int, bool, bool, float]]
    # positions in `ranked` past the first few, by country (see Geoparser._tail_by_country)
    tail_by_country: dict[str, list[int]] | None
    embedded: bool  # inside a longer capitalised name ("Rafic Hariri University")
    after_word: bool  # a capitalised word of the same name before it ("Dave Allen")
    name_goes_on: bool  # a longer name continues after it ("Kerman Coal Mine Company")
    apposed: bool  # in brackets or after a comma, closed by one: "Ersam (Ansongo, Gao)"
    # where an admin area is named after a place: the last name in brackets, right before ")"
    # ("Ersam (Ansongo, Gao)"), or between commas after a name with no list going on ("in
    # Huanuquillo, Junin, residents ...")
    area_slot: bool
    person: bool  # right after a title ("President X")
    kin: bool  # right before a tribe or clan word ("the Salamat tribe")
    after_given_name: bool  # right after a given name of the same name ("Bill Holland")
    # the same word elsewhere in the text right after a given name: "Ian Holloway ... Holloway
    # told the club website"
    surname_here: bool
    before_surname: bool  # one word, another capitalised word of its name after it
    before_known_surname: bool  # ... and that word is a common surname ("Williams")
    quarter_of: int | None  # a quarter of this town named with it ("Colonia X")
    # the place the mention is coded to in the output, once it is (`_mention`): its best
    # reading, or the area it turned out to lie in ("Keran" in Badakhshan); -1 before
    coded: int

    def __init__(self, first: int, last: int, start: int, end: int, text: str,
                 candidates: list[Candidate], *, full_text: str = "",
                 key: tuple[int, tuple[int, ...], bool] = (0, (), False),
                 raw: list[tuple[int, bool, bool]] | None = None, best: Candidate | None = None,
                 embedded: bool = False, after_word: bool = False, name_goes_on: bool = False,
                 after_given_name: bool = False, before_surname: bool = False,
                 before_known_surname: bool = False) -> None:
        self.first, self.last, self.start, self.end = first, last, start, end
        self.text, self.candidates, self.full_text, self.key = text, candidates, full_text, key
        self.raw = [] if raw is None else raw
        self.best, self.runner = best, None
        self.embedded, self.after_word, self.name_goes_on = embedded, after_word, name_goes_on
        self.after_given_name, self.before_surname = after_given_name, before_surname
        self.before_known_surname = before_known_surname
        self.cue, self.direction, self.direction_start = "", "", 0
        self.near = self.place_cue = self.apposed = self.area_slot = False
        self.person = self.kin = self.surname_here = False
        self.following, self.preceding, self.top, self.ranked = [], [], [], []
        self.coded = -1
        self.close = set()
        self.top_areas = self.tail_by_country = self.quarter_of = None


class _Columns:
    """The index's per-place columns and tables, as attributes of a compiled class. The hot
    loops read them for every candidate: on the index itself (a Python object) each read is a
    lookup in its instance dictionary, here it is a field of a C struct. The lists and arrays are
    the index's own, not copies."""

    def __init__(self, idx: Index) -> None:
        self.index = idx
        self.fclass: list[str] = idx.fclass
        self.fcode: list[str] = idx.fcode
        self.country: list[str] = idx.country
        self.admin1: list[str] = idx.admin1
        self.admin2: list[str] = idx.admin2
        self.population: Sequence[int] = idx.population
        self.base_prior: Sequence[float] = idx.base_prior
        self.lat: Sequence[float] = idx.lat
        self.lon: Sequence[float] = idx.lon
        self.name: Sequence[str] = idx.name
        self.gid: Sequence[str] = idx.gid
        self.admin_names: dict[str, str] = idx.admin_names
        self.admin_place: dict[str, int] = idx.admin_place
        self.extent: dict[str, tuple[float, float, float, float]] = idx.extent
        self.and_pairs: frozenset[tuple[str, str]] = idx.and_pairs
        self.keys: KeyTable = idx.keys

    def key_id(self, key: str) -> int | None:
        return self.index.key_id(key)

    def postings(self, key_id: int) -> Iterator[tuple[int, int]]:
        return self.index.postings(key_id)

    def admin1_name(self, i: int) -> str | None:
        return self.index.admin1_name(i)

    def admin2_name(self, i: int) -> str | None:
        return self.index.admin2_name(i)


def _candidates_of(ranked: Iterable[tuple[int, bool, bool, float]]) -> list[Candidate]:
    """Fresh candidates scored by their prior, from (place, exact, main, prior) rows. The
    arguments are positional (score, why, prior, main): a few hundred are made per document,
    and keywords and the `why` factory cost a third of each."""
    return [Candidate(p, e, pr, [], pr, mn) for p, e, mn, pr in ranked]


def _texts(mentions: list[Match]) -> tuple[str, ...]:
    """The mentions' texts (most lists of linked mentions are empty: no list built then)."""
    return tuple([o.text for o in mentions]) if mentions else ()


def _said_inside(c: Candidate) -> bool:
    """Whether the reading is inside an area the text names after it (a reason of its own)."""
    return any(w.startswith("inside ") for w in c.why)


def _unlink(matches: list[Match]) -> None:
    """Drop the links between a document's mentions (`following` and `preceding` refer to each
    other), so that once a parse is done its mentions are freed at once, by reference
    counting, instead of by the cycle collector: left in cycles, about 300 objects per
    document made extraction with geocoding run the collector about four times as often."""
    for m in matches:
        m.following.clear()
        m.preceding.clear()


class Geoparser:
    """Geoparse texts against one gazetteer file (loaded once)."""

    def __init__(self, gazetteer: Gazetteer | str | Path) -> None:
        self.gazetteer = gazetteer if isinstance(gazetteer, Gazetteer) else Gazetteer(gazetteer)
        self._cache: dict[tuple[int, tuple[int, ...]], list[tuple[int, bool, bool]]] = {}
        self._prior_cache: dict[tuple[Any, ...], tuple[list[tuple[int, bool, bool, float]],
                                                        dict[str, list[int]]]] = {}
        self._admin_keys: dict[tuple[str, str], str] | None = None
        self._abbreviated: tuple[str, list[tuple[int, int, int]]] | None = None
        self._seats: dict[int, int | None] = {}
        self._regions: dict[tuple[str, str], int | None] = {}  # mission regions, found once
        self._chunk_cache: dict[tuple[str, ...], list[tuple[int, int, int]]] = {}
        self._hashes: dict[str, tuple[int, ...]] = {}
        self._locations: dict[int, _LocationFacts] = {}
        self._static: dict[int, tuple[str, str, bool]] = {}  # country, admin1 code, broad
        self._points: dict[int, tuple[float, float, float]] = {}  # lat, lon, cos(lat)
        self._population_why: dict[int, str] = {}  # place -> "population 14,822"
        self._largest: dict[str, int] | None = None
        self._index: Index | None = None
        self._columns: _Columns | None = None
        self._given: frozenset[str] | None = None
        # capitals found so far, by (country, name) (see capitals.py); the gazetteer does not
        # change under the parser
        self.capital_cache: dict[tuple[str, str], int | None] = {}

    # The lazy attributes below are plain properties over an attribute, not cached_property:
    # compiled (see setup.py), a class has no instance __dict__, so a cached_property would be
    # computed again at every read.
    @property
    def index(self) -> Index:
        """The gazetteer's index, loaded on first use."""
        if self._index is None:
            self._index = self.gazetteer.index
        return self._index

    @property
    def _idx(self) -> _Columns:
        """The index as the hot loops read it (see _Columns)."""
        if self._columns is None:
            self._columns = _Columns(self.index)
        return self._columns

    # -- public ---------------------------------------------------------------------------------
    def parse(self, text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
        """Every toponym mention in `text`, resolved; sorted by position."""
        toks, areas, matches = self._read(text)
        if not toks:
            return []
        try:
            return self._mentions(text, toks, areas, matches, country_hint)
        finally:
            _unlink(matches)

    def _mentions(self, text: str, toks: list[Token], areas: list[tuple[int, int, bool]],
                  matches: list[Match], country_hint: str | None) -> list[PlaceMention]:
        """`parse` once the text is read."""
        ctx = self._document(text, matches, country_hint)
        self._town_then_its_area(matches, ctx)
        self._one_town_per_name(matches, ctx)
        kept = self._kept(matches, ctx)
        self._into_abbreviated_states(text, kept, ctx)
        self._quarters_of_towns(kept)
        kept_ids = {id(m) for m in kept}
        resolved = [m for m in kept if m.best is not None]
        mentions = [self._mention(m, kept_ids) for m in resolved]
        # recoded to a state abbreviated after it before the places the gazetteer lacks are
        # coded beside them ("Degwar area (Poonch district, J&K)": Degwar follows Poonch)
        for i, state in self._inside_abbreviated_states(text, mentions):
            resolved[i].coded = state
        # a name read by its exact spelling and then dropped is no unknown place ("Jack London")
        exact_dropped = [m for m in matches if id(m) not in kept_ids
                         and m.best is not None and m.best.exact
                         and not self._namesake_elsewhere(m, ctx)]
        mentions += self._unknown_areas(text, toks, kept, areas,
                                        _doc_country(ctx.hint, mentions), exact_dropped,
                                        self._mission_region(ctx))
        mentions += self._abbreviation_mentions(text, mentions)
        mentions += capital_mentions(self, text, mentions)
        self._inside_abbreviated_states(text, mentions)
        mentions.sort(key=lambda pm: pm.start)
        return mentions

    def _read(self, text: str) -> tuple[list[Token], list[tuple[int, int, bool]], list[Match]]:
        """Name tokens, the name chunks that may be places the gazetteer lacks (first, last
        token, named as an area), and the recognised mentions with their cue words."""
        toks, chunks = _chunk_tokens(text)
        if not toks:
            return toks, [], []
        if self._idx.and_pairs and " and " in text:
            toks, chunks = _join_and_names(text, toks, chunks, self._idx.and_pairs)
        if "/" in text:
            toks, chunks = self._join_slash_names(text, toks, chunks)
        areas = list(_area_names(text, toks, chunks))
        # a currency ("the US dollar exchange rate") is no place, nor a sign of where the text is
        matches = [m for m in self._recognise(text, toks, chunks, areas)
                   if not _currency_after_name(text, m.end)]
        surnames_here = {m.text for m in matches if m.after_given_name}
        stop = stopwords()  # "On Monday, Bolivar, ...": no name before the comma
        name_ends = {t.end for t in toks if t.light not in stop}
        for m in matches:
            self._read_cues(m, text, name_ends)
            m.surname_here = m.text in surnames_here
        unknown = [(first, last, True) for first, last, _ in areas]
        return toks, unknown + _cued_names(text, toks, chunks, areas), matches

    def _document(self, text: str, matches: list[Match], country_hint: str | None
                  ) -> DocContext:
        """The mentions resolved against the document's context, with the mission areas it
        names (what parse and explain share)."""
        missions = context_anchors(text)
        ctx = self._resolve(matches, *self._anchors(text, country_hint, missions))
        ctx.missions = missions
        return ctx

    def _anchors(self, text: str, country_hint: str | None, missions: list[MissionArea]
                 ) -> tuple[str | None, list[tuple[float, float]]]:
        """The country hint and the extra points the text's non-toponyms give: a mission named
        in it, or admin areas by their abbreviation (all in one country)."""
        states = self.admin_anchors(text)
        if country_hint is None and missions:
            country_hint = missions[0].country
        elif country_hint is None and len({cc for cc, _, _ in states}) == 1:
            country_hint = states[0][0]  # "(Kulgam, J&K)", "(Salem, TN)": all one country
        return country_hint, [(a.lat, a.lon) for a in missions] + [
            (lat, lon) for _, lat, lon in states]

    def admin_anchors(self, text: str) -> list[tuple[str, float, float]]:
        """(country, lat, lon) of the admin areas `text` names by their abbreviation (see
        `abbreviated_areas`), each once."""
        idx = self._idx
        out: list[tuple[str, float, float]] = []
        for _start, _end, place in self.abbreviated_areas(text):
            anchor = (idx.country[place], idx.lat[place], idx.lon[place])
            if anchor not in out:
                out.append(anchor)
        return out

    def abbreviated_areas(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, place) of the admin areas `text` names by their abbreviation in brackets
        after a place ("Salem city (Salem, TN)", "Kulgam (J&K)"; data/cues.yaml
        `admin_abbreviations`): Indian and Pakistani reports write states so, and two capitals
        alone are too ambiguous to be names anywhere else."""
        last = self._abbreviated
        if last is not None and last[0] is text:
            return last[1]  # parse asks twice per text: for anchors and for mentions
        pattern, table, after_comma = _admin_abbreviations()
        alone_after_place = _abbreviations_alone_after_place()
        out: list[tuple[int, int, int]] = []
        for m in pattern.finditer(text):
            abbr = m.group("abbr")
            if abbr in after_comma and not m.group("comma") and not (
                    abbr in alone_after_place and _PLACE_WORD_BEFORE.search(
                        text, max(0, m.start() - 60), m.start())):
                continue
            if m.group("comma") and not any(c.islower() for c in m.group(0)):
                continue  # "(AFP, AP)": agencies, not "(Visakhapatnam, AP)"
            place = self._idx.admin_place.get(self._admin_key(*table[abbr]) or "")
            if place is not None:
                out.append((m.start("abbr"), m.end("abbr"), place))
        after_town, states = _state_abbreviations()
        for m in after_town.finditer(text):
            if not _TOWN_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue  # "Calif." after a lowercase word is no town's state
            place = self._idx.admin_place.get(self._admin_key(*states[m.group("abbr")]) or "")
            if place is not None:
                out.append((m.start("abbr"), m.end("abbr"), place))
        self._abbreviated = (text, out)
        return out

    def _abbreviation_mentions(self, text: str, found: list[PlaceMention]
                               ) -> list[PlaceMention]:
        """Each abbreviated state as a mention of its own at precision 3 (unless a mention
        already covers the abbreviation), so where the place before it is missing from the
        gazetteer ("Damaracherla village (Nalgoda, TS)") the state is still there as the
        smallest area the text names."""
        out: list[PlaceMention] = []
        for start, end, place in self.abbreviated_areas(text):
            if any(pm.start < end and start < pm.end for pm in found):
                continue
            loc = self.location(place, text=text[start:end], start=start, end=end)
            loc.precision = 3
            why = f"'{text[start:end]}' abbreviates {loc.name} (cues.yaml admin_abbreviations)"
            out.append(PlaceMention(start=start, end=end, text=text[start:end], location=loc,
                                    why=why))
        return out

    def _into_abbreviated_states(self, text: str, kept: list[Match], ctx: DocContext) -> None:
        """A place read in another state of the country whose state is abbreviated right after
        it takes its reading in that state, if it has one: "Pratapgarh (UP)" is the Pratapgarh
        of Uttar Pradesh, not Rajasthan's."""
        idx = self._idx
        for start, _end, state in self.abbreviated_areas(text):
            m = next((k for k in reversed(kept) if k.end <= start
                      and _STATE_BESIDE.fullmatch(text, k.end, start)), None)
            if m is None or m.best is None:
                continue
            country, a1, p = idx.country[state], idx.admin1[state], m.best.place
            if idx.country[p] != country or idx.admin1[p] == a1:
                continue
            inside = [c for c in m.candidates if c.exact and idx.country[c.place] == country
                      and idx.admin1[c.place] == a1]
            if inside:
                chosen = max(inside, key=lambda c: c.score)
                self._choose(m, chosen, ctx)
                chosen.why.append(f"in {idx.name[state]}, abbreviated after it")

    def _inside_abbreviated_states(self, text: str, mentions: list[PlaceMention]
                                   ) -> list[tuple[int, int]]:
        """A place read in another country than the state abbreviated right after it
        ("Degwar sector area (Poonch district, J&K)": the gazetteer's Poonch District is
        Pakistan's) is coded to that state at precision 3, with a note: the state is the
        text's own word for where it is. Returns (position in `mentions`, state) of each."""
        recoded: list[tuple[int, int]] = []
        for start, _end, state in self.abbreviated_areas(text):
            i = next((k for k, pm in enumerate(mentions) if pm.end <= start
                      and _STATE_AFTER.fullmatch(text, pm.end, start)), -1)
            before = mentions[i] if i >= 0 else None
            loc = before.location if before is not None else None
            if before is None or loc is None or loc.lat is None or \
                    loc.country == self._idx.country[state]:
                continue
            new = self.location(state, text=before.text, start=before.start, end=before.end)
            new.precision = 3
            new.note = (f"'{before.text}' read as {loc.name}, {loc.country}, outside "
                        f"{new.name} abbreviated after it; coded to {new.name}")
            before.runner_up, before.runner_up_score = loc, before.score
            before.location, before.why = new, new.note
            recoded.append((i, state))
        return recoded

    def _admin_key(self, country: str, name: str) -> str | None:
        """"IN.25" for ("IN", "Tamil Nadu"), from the gazetteer's own admin1 names."""
        if self._admin_keys is None:
            self._admin_keys = {(k.split(".")[0], fold.light_key(v)): k
                                for k, v in self._idx.admin_names.items() if k.count(".") == 1}
        return self._admin_keys.get((country, fold.light_key(name)))

    def explain(self, text: str, name: str, *, country_hint: str | None = None,
                limit: int = 10) -> list[dict[str, Any]]:
        """The ranked candidates for the mention of `name` in `text`, with their reasons."""
        idx = self._idx
        _toks, _areas, matches = self._read(text)
        ctx = self._document(text, matches, country_hint)
        self._town_then_its_area(matches, ctx)
        self._one_town_per_name(matches, ctx)
        self._quarters_of_towns(matches)
        at = text.find(name)
        m: Match | None = None
        if at >= 0:
            m = next((x for x in matches if x.start <= at < x.end), None)
        if m is None:
            cands = [Candidate(p.idx, e, idx.base_prior[p.idx] + 2.0 * e)
                     for p, e in self.gazetteer.candidates(name)]
            verdict = "not recognised as a toponym in this text"
        else:
            cands = m.candidates
            kept_list = self._kept(matches, ctx)
            self._into_abbreviated_states(text, kept_list, ctx)  # as parse does
            kept = {id(k) for k in kept_list}
            verdict = "kept" if id(m) in kept else "dropped (not a place here)"
        merged: dict[int, Candidate] = {}
        for c in cands:
            if c.place not in merged or c.score > merged[c.place].score:
                merged[c.place] = c
        best = m.best.place if m is not None and m.best is not None else None
        # the reading the parser chose first (a rule after scoring may have chosen another
        # than the top score: "Pratapgarh (UP)"), then by score
        ranked = sorted(merged.values(), key=lambda c: (c.place == best, c.score),
                        reverse=True)[:limit]
        rows = []
        for rank, c in enumerate(ranked, 1):
            if m is not None and m.best is not None and c.place == best and m.best.why:
                why = list(m.best.why)
            else:
                why = self._prior_why(m, c) if m is not None else ["no context"]
                if m is not None:
                    self._context(m, c, ctx, why)
            if rank == 1:
                why.append(verdict)
            loc = self.location(c.place)
            rows.append({"rank": rank, "score": round(c.score, 3), "gazetteer_id": loc.gazetteer_id,
                         "name": loc.name, "country": loc.country, "admin1": loc.admin1,
                         "admin2": loc.admin2, "feature": f"{idx.fclass[c.place]}."
                         f"{idx.fcode[c.place]}", "population": idx.population[c.place],
                         "lat": loc.lat, "lon": loc.lon, "precision": loc.precision,
                         "why": "; ".join(why)})
        return rows

    # -- recognition ---------------------------------------------------------------------------
    def _recognise(self, text: str, toks: list[Token], chunks: list[tuple[int, int]],
                   areas: list[tuple[int, int, bool]]) -> list[Match]:
        """Aho-Corasick over each capitalised name chunk; longest non-overlapping matches."""
        inside_head_area = {i for a, b, head in areas if head and b > a for i in range(a, b + 1)}
        area_spans = {(a, b) for a, b, _ in areas}
        raw: list[tuple[int, int, int]] = []
        for c0, c1 in chunks:
            # (most chunks are one word, and most hold no key: no generator, no list built)
            keys = self._chunk_keys((toks[c0].strong,) if c1 - c0 == 1 else
                                    tuple([t.strong for t in toks[c0:c1]]))
            found = [(c0 + k, c0 + k + words, key_id) for k, words, key_id in keys] \
                if keys else []
            raw += found
            if c1 - c0 > 1:
                raw += self._split_names(text, toks, c0, c1, found)
        raw.sort(key=lambda r: (r[0] - r[1], r[0]))
        by_span = {(f, la): k for f, la, k in raw}
        taken = [False] * len(toks)
        in_long_name: set[int] = set()  # tokens of the longer names matched so far
        matches: list[Match] = []
        stop = stopwords()
        titles = cues()["chunk_titles"]
        for first, last, key_id in raw:
            if any(taken[first:last + 1]):
                continue
            if first in inside_head_area and (first, last) not in area_spans:
                continue  # part of a larger named area ("Zawiya" in "Jabal al-Zawiya")
            start, end = toks[first].start, toks[last].end
            surface = text[start:end]
            if first == last and (toks[first].light,) in titles:
                continue  # "General", "Sheikh" alone: a title, kept in the chunk for
                # "General Santos" and "Sheikh Zuweid"
            if not _plausible(surface, toks, first, last, stop):
                continue
            h = self._spelling_hashes(surface)
            article = _article_before(text, start)
            if article is not None:  # "El Fasher": the article is part of the spelling
                h = h + self._spelling_hashes(text[article.start():end])
            raw_cands = self._candidates(key_id, h)
            if not raw_cands or (toks[last].generic and not any(e for _, e, _ in raw_cands)):
                continue  # "Puno city" is not "Pine City": a generic word must match exactly
            if toks[last].generic and last == first + 1 and toks[first].light in demonyms():
                continue  # "the German town of Hamelin" is no "German Town" (Germantown, US)
            heads = toks[last].generic and toks[last].light in _TOWN_TAILS and last > first
            if heads:
                have = {c[0] for c in raw_cands}
                raw_cands = raw_cands + [c for c in self._head_towns(text, toks, first, last,
                                                                     by_span) if c[0] not in have]
            for i in range(first, last + 1):
                taken[i] = True
            if last > first:
                in_long_name.update(range(first, last + 1))
            chunk = toks[first].chunk
            goes_on = last + 1 < len(toks) and toks[last + 1].chunk == chunk \
                and not toks[last + 1].generic and not _office_of_the_place(text, toks[last + 1]) \
                and not _city_closes(toks, last + 1)
            # a capitalised word of the same name right before it ("Dave Allen"; not "San
            # Andres de Tuxtla", whose "de" is lowercase, nor a quarter: "Colonia Agricola
            # Santa Anita")
            after_word = first > 0 and toks[first - 1].chunk == chunk and \
                text[toks[first - 1].start].isupper() and not _in_a_quarter(toks, first)
            embedded = (first > 0 and toks[first - 1].chunk == chunk) or goes_on
            # a given name that is not itself part of a place name ("San Francisco Campeche")
            after_given = after_word and first - 1 not in in_long_name and \
                toks[first - 1].light in self._given_names and \
                not _POSSESSIVE.match(text, toks[first - 1].end)  # "India's Chhattisgarh"
            matches.append(Match(first, last, start, end, surface, [], full_text=text,
                                 embedded=embedded, after_word=after_word, raw=raw_cands,
                                 after_given_name=after_given,
                                 before_surname=goes_on and first == last and not after_word
                                 and text[toks[last + 1].start].isupper(),
                                 before_known_surname=goes_on and first == last
                                 and toks[last + 1].light in surnames(),
                                 key=(key_id, h, heads),
                                 name_goes_on=goes_on and _name_goes_on(text, toks, last)))
        matches.sort(key=lambda m: m.start)
        return matches

    def _join_slash_names(self, text: str, toks: list[Token], chunks: list[tuple[int, int]]
                          ) -> tuple[list[Token], list[tuple[int, int]]]:
        """Name chunks written with a slash between them become one chunk where a gazetteer
        name runs across the slash: Nigerian LGAs ("Yamaltu/Deba", "Askira/Uba") and Trinidad's
        regions ("Tunapuna/Piarco") are named so. Other pairs ("Jang/Geo", "Hama/Idlib") stay
        two names."""
        joined: set[int] = set()  # k: chunk k and chunk k + 1 are one
        k = 0
        while k < len(chunks) - 1:
            last = k  # the slash-linked chunks k..last ("Couva/Tabaquite/Talparo")
            while last + 1 < len(chunks) and text[
                    toks[chunks[last][1] - 1].end:toks[chunks[last + 1][0]].start] == "/":
                last += 1
            if last > k:
                words = [t.strong for t in toks[chunks[k][0]:chunks[last][1]]]
                runs = self._idx.keys.runs(words)
                for j in range(k, last):
                    cut = chunks[j][1] - chunks[k][0]  # tokens before the slash after chunk j
                    if any(f < cut <= f + n for f, n, _ in runs):
                        joined.add(j)
            k = last + 1
        return _merge_chunks(toks, chunks, joined, None) if joined else (toks, chunks)

    def _split_names(self, text: str, toks: list[Token], c0: int, c1: int,
                     raw: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """One-word names written as two words side by side ("Ceel Buur" for Ceelbuur,
        "Petion-Ville" for Pétionville), where the two words are no name themselves: a loose
        spelling of the one-word name."""
        spans = {(f, la) for f, la, _ in raw}
        out = []
        idx = self._idx
        for k in range(c0, c1 - 1):
            a, b = toks[k], toks[k + 1]
            if (k, k + 1) in spans or len(a.strong) < 3 or len(b.strong) < 3 or \
                    b.start - a.end != 1 or text[a.end] not in " -" or \
                    b.light in _level_words() or text[b.start:b.end].isupper():
                continue  # "Ado LGA" is no Hidalgo
            key_id = idx.key_id(a.strong + b.strong)
            if key_id is not None and a.light not in self._given_names and \
                    self._spelt_as(key_id, text[a.start:a.end] + text[b.start:b.end]):
                out.append((k, k + 1, key_id))
        return out

    def _spelt_as(self, key_id: int, name: str) -> bool:
        """Whether some place under `key_id` bears `name` letter for letter (the strong key is
        loose: "Iraqi Sunni" shares one with Aluksne, "Beled Weyne" spells Beledweyne)."""
        spelt = {h & SPELLING_BITS for h in spelling_hashes(name)}
        return any(ph & SPELLING_BITS in spelt for _, ph in self._idx.postings(key_id))

    def _chunk_keys(self, strong: tuple[str, ...]) -> list[tuple[int, int, int]]:
        """(first token, extra words, key id) of every gazetteer key in one name chunk's
        strong-folded tokens (`KeyTable.runs`). Cached across documents: the same chunks recur
        throughout a corpus."""
        found = self._chunk_cache.get(strong)
        if found is None:
            found = self._idx.keys.runs(strong)
            if len(self._chunk_cache) > 100_000:
                self._chunk_cache.clear()
            self._chunk_cache[strong] = found
        return found

    def _spelling_hashes(self, surface: str) -> tuple[int, ...]:
        """`spelling_hashes` of a name as written, cached across documents."""
        h = self._hashes.get(surface)
        if h is None:
            if len(self._hashes) > 100_000:
                self._hashes.clear()
            h = self._hashes[surface] = spelling_hashes(surface)
        return h

    def _head_towns(self, text: str, toks: list[Token], first: int, last: int,
                    by_span: dict[tuple[int, int], int]) -> list[tuple[int, bool, bool]]:
        """Towns named like the head of "Salem city": the gazetteer's "Salem City" (US) must
        not hide Salem (India) when the text says "Salem city (Salem, TN)"."""
        key_id = by_span.get((first, last - 1))
        if key_id is None:
            return []
        head = text[toks[first].start:toks[last - 1].end]
        idx = self._idx
        return [c for c in self._candidates(key_id, spelling_hashes(head))
                if idx.fclass[c[0]] == "P"]

    def _candidates(self, key_id: int, hs: tuple[int, ...]) -> list[tuple[int, bool, bool]]:
        """(place, exact spelling, main name) for one strong key; cached across documents.

        Main name: an exact spelling of the place's main name, or for a loose spelling, the
        main name folded alike ("Saraqeb" ~ Saraqib), not only some foreign alternate name."""
        cached = self._cache.get((key_id, hs))
        if cached is None:
            idx = self._idx
            flags: dict[int, tuple[bool, bool, bool]] = {}  # exact, exact main, main key
            spelt = {h & SPELLING_BITS for h in hs}
            for place, ph in idx.postings(key_id):
                exact, exact_main, main_key = flags.get(place, (False, False, False))
                main = bool(ph & 1)
                if ph & SPELLING_BITS in spelt:
                    exact, exact_main = True, exact_main or main
                flags[place] = (exact, exact_main, main_key or main)
            items = [(p, e, em if e else mk) for p, (e, em, mk) in flags.items()]
            if len(items) > MAX_CANDIDATES:
                items.sort(key=lambda it: (it[1], idx.base_prior[it[0]]), reverse=True)
                items = items[:MAX_CANDIDATES]
            if len(self._cache) > 100_000:
                self._cache.clear()
            cached = self._cache[(key_id, hs)] = items
        return cached

    def _read_cues(self, m: Match, text: str, name_ends: set[int]) -> None:
        """Cue words right before/after the mention: admin level, nearness, direction; and
        whether it is in the slot an admin area takes after a name (`name_ends`: where the
        text's name tokens end)."""
        cue, (bidx, aidx), (last_cue_words, first_cue_words), long_ends = _cue_tables()
        after = _cue_words_after(text, m.end)
        before, last_start = _cue_words_before(text, m.start, long_ends)
        got: set[str] = set()
        if before and before[-1] in last_cue_words:  # else no cue ends right before the name
            for n in range(1, min(4, len(before)) + 1):
                got |= bidx.get(before[-n:], _NONE)
        if after and after[0] in first_cue_words:
            got_after: set[str] = set()
            for n in range(1, min(3, len(after)) + 1):
                got_after |= aidx.get(after[:n], _NONE)
            if len(after) > 1 and after[1] == "of":
                got_after.discard("city")  # "the Sinai city of el-Arish": the city is el-Arish
            got |= got_after
        if after[:1] == ("and",) and not got & {"admin1", "admin2", "city"}:
            got |= _level_after_a_list(text, m.end)  # "Homs and Hama provinces"
        if "admin1" in got:
            m.cue = "admin1"
        elif "admin2" in got:
            m.cue = "admin2"
        elif "city" in got:
            m.cue = "city"
        if after and _is_office_word(after[0]):
            got.add("place")  # "Van Governor's Office": Van is a place, though "van" a word
        m.near = "near" in got
        if after and (after[0],) in cue["kin_groups_after_a_list"] and \
                _LIST_ITEM_BEFORE.search(text, max(0, m.start - 40), m.start):
            got.add("kin")  # "the Misseriya and Salamat tribes": both are tribes
        m.person = "person" in got or "group" in got or "kin" in got
        m.kin = "kin" in got
        m.apposed = _in_brackets_after(text, m.end) and _APPOSED_BEFORE.search(
            text, max(0, m.start - 8), m.start) is not None
        m.place_cue = bool(m.cue or m.near or "place" in got or m.apposed)
        # the last name in brackets after a place: "Gaskinde (Pobe-Mengao, Soum)" names areas;
        # so does one between commas after a name: "in Huanuquillo, Junin, citizens ..."
        m.area_slot = m.apposed and (text.startswith(")", m.end) or text.startswith(
            ",", m.end) and _name_and_comma_before(text, m.start, name_ends)
            and _LIST_GOES_ON.match(text, m.end) is None)
        if before and before[-1] in cue["directional"]:
            m.direction = before[-1]
            m.direction_start = last_start
            m.place_cue = True

    # -- resolution ----------------------------------------------------------------------------
    def _resolve(self, matches: list[Match], country_hint: str | None,
                 extra_points: Sequence[tuple[float, float]] = ()) -> DocContext:
        """Priors first, then two rounds with the document's focus, admin areas named right
        after a mention ("Goniri (Gujba LGA, Borno)") and distances to co-mentioned places."""
        self._link_following(matches)
        # Repeated mentions with the same surroundings ("Russia" five times) share one
        # candidate list, scored once per round.
        first: dict[tuple[Any, ...], Match] = {}
        scored: list[Match] = []
        twins: list[tuple[Match, Match]] = []  # (a repeated mention, its first one)
        for m in matches:
            sig = (m.text, m.cue, m.near, m.direction, m.area_slot, _texts(m.following),
                   _texts(m.preceding))
            twin = first.setdefault(sig, m)
            if twin is not m:
                m.candidates = twin.candidates
                twins.append((m, twin))
                continue
            scored.append(m)
            pkey = (m.key, m.cue, m.direction, m.area_slot)
            cached = self._prior_cache.get(pkey)
            if cached is None:
                ranked = sorted(((p, e, mn, self._prior(m, p, e, mn))
                                 for p, e, mn in m.raw), key=lambda t: t[3], reverse=True)
                if len(self._prior_cache) > 100_000:
                    self._prior_cache.clear()
                cached = self._prior_cache[pkey] = (ranked, self._tail_by_country(ranked))
            ranked, m.tail_by_country = cached
            m.ranked = ranked
            m.candidates = _candidates_of(ranked[:KEEP_CANDIDATES])
        self._pick_all(scored, twins)
        self._prune(scored, (country_hint or "").upper())
        for m, twin in twins:
            m.candidates = twin.candidates
            m.top = m.top or twin.top
        ctx = DocContext((country_hint or "").upper())
        for _ in range(ROUNDS):
            ctx = self._doc_context(matches, ctx.hint, extra_points)
            for m in scored:
                self._score_candidates(m, ctx)
            self._pick_all(scored, twins)
        done: set[int] = set()
        for m in matches:  # reasons for the winner only (what geoparse prints)
            cand = m.best
            if cand is not None and id(cand) not in done:
                done.add(id(cand))
                cand.why = self._prior_why(m, cand)
                self._context(m, cand, ctx, cand.why)
        return ctx

    def _pick_all(self, scored: list[Match], twins: list[tuple[Match, Match]]) -> None:
        """`_pick` for every mention; a repeated mention shares its first one's candidates, so
        it gets the same pick."""
        for m in scored:
            self._pick(m)
        for m, twin in twins:
            m.best, m.runner = twin.best, twin.runner

    def _prune(self, matches: list[Match], hint: str) -> None:
        """Best candidates by prior (already kept), plus those in countries the document names."""
        idx = self._idx
        # countries named: as areas, or by a town's own name of two words or more that only
        # one country's places bear ("Rio de Janeiro" brings in Sao Goncalo, RJ, whose
        # population GeoNames gives as 0; "San Juan" names towns in many countries)
        named = {hint} | {idx.country[m.best.place] for m in matches if m.best is not None
                          and m.best.exact and (idx.fcode[m.best.place] in AREA_CODES
                                                or m.best.main and m.last > m.first
                                                and self._one_country(m))}
        for m in matches:
            m.top = m.candidates[:8]
            if len(m.ranked) <= KEEP_CANDIDATES or m.tail_by_country is None:
                continue
            # the first few of the rest in those countries, in rank order (often none: the
            # rest lie elsewhere)
            ranks = [] if named.isdisjoint(m.tail_by_country) else sorted(
                chain.from_iterable(m.tail_by_country.get(c, ()) for c in named))
            extra = [m.ranked[i] for i in ranks[:KEEP_CANDIDATES]]
            extra += self._inside_apposed(m, named)
            if extra:
                m.candidates = m.candidates + _candidates_of(extra)

    def _inside_apposed(self, m: Match, named: set[str]
                        ) -> list[tuple[int, bool, bool, float]]:
        """The rest of m's exact readings (past the first few, outside the countries already
        added) that lie in the admin1 of the place named right after it: "Tuzla, Istanbul" is
        the Tuzla in Istanbul province, however many bigger Tuzlas rank before it."""
        assert m.tail_by_country is not None
        if not m.close:
            return []  # nothing named in apposition with it (most mentions)
        idx = self._idx
        areas = {(idx.country[o.best.place], idx.admin1[o.best.place])
                 for o in m.following if id(o) in m.close and o.best is not None
                 and idx.admin1[o.best.place]}
        ranks = sorted(i for country in {cc for cc, _ in areas} - named
                       for i in m.tail_by_country.get(country, ())
                       if m.ranked[i][1] and (country, idx.admin1[m.ranked[i][0]]) in areas)
        return [m.ranked[i] for i in ranks[:KEEP_CANDIDATES]]

    def _tail_by_country(self, ranked: list[tuple[int, bool, bool, float]]
                         ) -> dict[str, list[int]]:
        """The positions in `ranked` past the first KEEP_CANDIDATES, by their place's country:
        `_prune` adds those in the countries a document names, and a long list (up to
        MAX_CANDIDATES) need not be scanned for each document again."""
        country = self._idx.country
        tail: dict[str, list[int]] = defaultdict(list)
        for i in range(KEEP_CANDIDATES, len(ranked)):
            tail[country[ranked[i][0]]].append(i)
        return dict(tail)

    def _one_country(self, m: Match) -> bool:
        """Whether all the mention's best readings lie in one country."""
        return len({self._idx.country[c.place] for c in m.candidates[:3]}) == 1

    def _district_of(self, m: Match, other: Match) -> bool:
        """Whether a district the gazetteer spells as written lies in a province the next name
        can be: "Jaghuri district in Ghazni" (Ghazni province), not "the Orangi district in
        Karachi" (a quarter of a city, which stays the city)."""
        idx = self._idx
        provinces = {(idx.country[q], idx.admin1[q]) for q, _, _ in other.raw
                     if idx.fcode[q] == "ADM1"}
        return any(exact and idx.fcode[q] == "ADM2" and (idx.country[q], idx.admin1[q])
                   in provinces for q, exact, _ in m.raw)

    def _link_following(self, matches: list[Match]) -> None:
        """Each mention's admin-like mentions that follow it closely (gaps of at most 60
        characters) in the same clause, however many: "Thor village, Thies subdivision (Keur
        Moussa, Thies)" reaches the second Thies."""
        for i, m in enumerate(matches):
            for other in matches[i + 1:]:  # ends at the first gap too long or a clause end
                if other.start - m.end > 60:
                    break
                gap = m.full_text[m.end:other.start]
                if _ends_clause(gap):
                    break
                m.following.append(other)
                other.preceding.append(m)
                if _hierarchy_gap(gap):  # "X, Y" / "X (Y" / "X village in Y"
                    m.close.add(id(other))
                    other.close.add(id(m))
                    if m.cue == "admin2" and not other.cue and not other.near \
                            and self._district_of(m, other):
                        other.cue = "admin1"  # "Jaghuri district in Ghazni": the province

    def _doc_context(self, matches: list[Match], hint: str,
                     extra_points: Sequence[tuple[float, float]] = ()) -> DocContext:
        idx = self._idx
        weights: dict[str, float] = defaultdict(float)
        named: Counter[str] = Counter()
        anchors: list[tuple[Match, int]] = []
        place_weights: dict[int, float] = defaultdict(float)
        anchored: set[int] = set()
        for m in matches:
            if m.best is None:
                continue
            p = m.best.place
            weight = self._weight(m)
            weights[idx.country[p]] += weight
            place_weights[p] += weight
            if idx.fcode[p] in ("ADM1", "ADM2") or m.cue == "admin1":
                named[f"{idx.country[p]}.{idx.admin1[p]}"] += 1
            if idx.fclass[p] == "P" and p not in anchored and self._margin(m) > 1.0 and \
                    not m.embedded:
                anchors.append((m, p))
                anchored.add(p)
        if hint:
            weights[hint] += 3.0
        total = sum(weights.values())
        focus = {k: v / total for k, v in weights.items() if k} if total else {}
        top = max(focus, key=lambda k: focus[k]) if focus else ""
        points: list[tuple[float, float, Match | None, int]] = [
            (idx.lat[p], idx.lon[p], m, p) for m, p in anchors]
        points += [(lat, lon, None, -2 - i) for i, (lat, lon) in enumerate(extra_points)]
        return DocContext(hint, focus, top, named, anchors, points, dict(weights), total,
                          dict(place_weights), towns_top=self._towns_top(matches))

    def _towns_top(self, matches: list[Match]) -> str:
        """The country of over half (and two or more) of the mentions read as towns or admin
        areas, or ""."""
        idx = self._idx
        read = {(m.text, idx.country[m.best.place]) for m in matches
                if m.best is not None and idx.fcode[m.best.place] not in COUNTRY_CODES
                and idx.fcode[m.best.place] != "CONT"}  # each name once: "Abu ... Abu"
        counts: Counter[str] = Counter(country for _, country in read)
        if not counts:
            return ""
        country, n = counts.most_common(1)[0]
        return country if n >= 2 and 2 * n > sum(counts.values()) else ""

    def _prior(self, m: Match, p: int, exact: bool, main: bool) -> float:
        """Context-free score of reading m as place p: spelling (exact, of the main name),
        population and feature type, cue words. (Called for up to MAX_CANDIDATES readings of
        each name new to the parser: no Candidate is made for it.)"""
        idx = self._idx
        fcode = idx.fcode[p]
        score = idx.base_prior[p]
        if exact:
            score += 2.0 if main else 1.5  # a main name beats an old or rare alternate
        if fcode in COUNTRY_CODES or fcode == "CONT":
            score += 1.5 if exact else -1.0  # "Sidon" is not Sudan
        if m.cue == "admin1":
            score += 3.0 if fcode == "ADM1" else (-1.0 if idx.fclass[p] == "P" else 0.0)
        elif m.cue == "admin2":
            score += 3.0 if fcode == "ADM2" else (-0.5 if idx.fclass[p] == "P" else 0.0)
        elif m.cue == "city":
            score += 1.5 if idx.fclass[p] == "P" else -1.5
        elif m.area_slot and fcode in ("ADM1", "ADM2"):
            score += BRACKET_AREA
        if m.direction and fcode in AREA_CODES and not (
                m.direction in _CITY_CENTRE_WORDS and self._city_centre(m)):
            score += 2.0  # "northern Idlib": the province; "central Van": the city's centre
        return score

    def _city_centre(self, m: Match) -> bool:
        """Whether the mention reads exactly as a city (CITY_CENTRE_POPULATION or more) and
        as an admin area of that name that holds it and is no wider than LARGE_AREA_KM:
        "central Van", "central Moscow" are the city's centre; "central Washington" (the
        state) or "central Quebec" a part of a large area."""
        idx = self._idx
        exact = [p for p, e, _ in m.raw if e]
        city = max((p for p in exact if idx.fclass[p] == "P"), key=idx.population.__getitem__,
                   default=None)
        area = max((p for p in exact if idx.fcode[p] in ("ADM1", "ADM2")),
                   key=idx.population.__getitem__, default=None)
        # the most populous city and area of the name, one inside the other
        return city is not None and area is not None and \
            idx.population[city] >= CITY_CENTRE_POPULATION and not self._large_area(area) and \
            idx.country[city] == idx.country[area] and idx.admin1[city] == idx.admin1[area] \
            and (not idx.admin2[area] or idx.admin2[city] == idx.admin2[area])

    def _large_area(self, area: int) -> bool:
        """Whether an admin1's towns span more than LARGE_AREA_KM."""
        idx = self._idx
        box = idx.extent.get(f"{idx.country[area]}.{idx.admin1[area]}")
        return idx.fcode[area] == "ADM1" and box is not None and haversine_km(
            box[0], box[1], box[2], box[3]) > LARGE_AREA_KM

    def _prior_why(self, m: Match, c: Candidate) -> list[str]:
        people = self._population_why.get(c.place)
        if people is None:  # formatting with a thousands separator is slow; places recur
            if len(self._population_why) >= 100_000:
                self._population_why.clear()
            people = self._population_why[c.place] = \
                f"population {self._idx.population[c.place]:,}"
        why = ["exact spelling" if c.exact else "loose spelling", people]
        if m.cue:
            why.append(f"'{m.cue}' cue")
        if m.direction:
            why.append(f"'{m.direction}' region")
        return why

    def _context(self, m: Match, c: Candidate, ctx: DocContext,
                 why: list[str] | None = None) -> float:
        """Score from the rest of the document; reasons appended to `why` when given."""
        p = c.place
        own = m.best.place if m.best is not None else -1
        if why is None:
            score = self._cached_doc_part(p, own, ctx)
        else:
            reasoned = ctx.reasons.get((p, own))
            if reasoned is None:
                reasons: list[str] = []
                reasoned = ctx.reasons[p, own] = (self._doc_part(p, own, ctx, reasons), reasons)
            score = reasoned[0]
            why.extend(reasoned[1])
        if not (m.following or m.preceding):
            return score
        return self._linked_part(m, p, score, why)

    def _score_candidates(self, m: Match, ctx: DocContext) -> None:
        """Each candidate's score: its prior plus `_context` (the same sums, in the same
        order, with the mention's own place looked up once)."""
        own = m.best.place if m.best is not None else -1
        linked = bool(m.following or m.preceding)
        cache = ctx.cache
        for c in m.candidates:
            p = c.place
            key = (p, own)
            score = cache.get(key)
            if score is None:  # as _cached_doc_part, without a second call and lookup
                score = cache[key] = self._doc_part(p, own, ctx, None)
            if linked:
                score = self._linked_part(m, p, score, None)
            c.score = c.prior + score

    def _cached_doc_part(self, p: int, own: int, ctx: DocContext) -> float:
        """`_doc_part` without reasons, cached per (place, mention's current place)."""
        key = (p, own)
        doc = ctx.cache.get(key)
        if doc is None:
            doc = ctx.cache[key] = self._doc_part(p, own, ctx, None)
        return doc

    def _linked_part(self, m: Match, p: int, score: float, why: list[str] | None) -> float:
        """`score` plus what the mentions linked to m say of place p: an admin area named
        after it that holds p, p's country named right after it, or a place named before it
        that p holds."""
        idx = self._idx
        country, a1 = idx.country[p], idx.admin1[p]
        for other in m.following:
            if other.best is None or other.best.place == p:
                continue
            op = other.best.place
            if idx.country[op] != country:
                continue
            if idx.fcode[op] in COUNTRY_CODES:
                if idx.fcode[p] not in COUNTRY_CODES and _COUNTRY_AFTER_GAP.fullmatch(
                        m.full_text, m.end, other.start):
                    score += 3.0  # "Doha, Qatar": the Doha in Qatar
                    if why is not None:
                        why.append(f"in {other.text} named right after it")
                    break
                continue
            if idx.fclass[op] == "P" and id(other) not in m.close:
                continue  # a town named later in the clause is not a container of this one
            if idx.admin1[op] == a1:
                score += 3.0 + (1.0 if idx.admin2[op] and idx.admin2[op] == idx.admin2[p] else 0)
                if why is not None:
                    why.append(f"inside {other.text} named after it")
                break
        town = idx.fclass[p] == "P"
        for other in m.preceding:  # "Cartagena, Bolivar": the Bolivar that holds a Cartagena
            if town and id(other) not in m.close or (country, a1) not in self._top_areas(other):
                continue  # (_holds needs a reading of `other` in p's admin1)
            near = "near" in m.full_text[other.end:m.start].lower()  # "Saraqeb near Idlib"
            for c2 in other.top:
                if self._holds(p, c2.place, near):
                    score += 2.5
                    if why is not None:
                        why.append(f"holds a {other.text} named before it")
                    break
            else:
                continue
            break
        return score

    def _top_areas(self, m: Match) -> frozenset[tuple[str, str]]:
        """(country, admin1) of m's top readings, found once (`top` is final once scoring
        starts): a place holds none of them outside these admin1s, so `_linked_part` need not
        ask `_holds` of each for most candidates."""
        if m.top_areas is None:
            idx = self._idx
            m.top_areas = frozenset((idx.country[c.place], idx.admin1[c.place]) for c in m.top)
        return m.top_areas

    def _holds(self, p: int, q: int, near: bool = False) -> bool:
        """Whether place p can contain place q: an admin1 its towns, an admin2 the towns of
        that admin2, a town only its own quarters (within a few km). "near Shyrokyne, Donetsk"
        names Donetsk oblast, not Donetsk city 100 km away; "Williamsville neighbourhood of
        Abidjan" names the city. After "near", any place of the same admin1 will do."""
        idx = self._idx
        if p == q or idx.country[q] != idx.country[p] or not idx.admin1[p] or \
                idx.admin1[q] != idx.admin1[p]:
            return False
        if near:
            return True
        fcode = idx.fcode[p]
        if fcode in ("ADM2", "ADM3", "ADM4", "ADM5"):
            # an unknown admin2 of q (common in GeoNames) leaves the admin1 test to decide
            return not idx.admin2[q] or idx.admin2[q] == idx.admin2[p]
        if idx.fclass[p] == "P":
            return haversine_km(idx.lat[p], idx.lon[p], idx.lat[q], idx.lon[q]) <= TOWN_HOLDS_KM
        return True

    def _doc_part(self, p: int, own: int, ctx: DocContext, why: list[str] | None) -> float:
        """The part of the context score that depends only on the place and the document:
        country hint and focus (without the mention's own place), admin1 named, nearby
        co-mentioned places. Cached per (place, mention's current place) within a round."""
        idx = self._idx
        country, hinted, admin1_named, nearest = ctx.places.get(p) or self._place_facts(p, ctx)
        score = 0.0
        if hinted:
            score += 3.5
            if why is not None:
                why.append("country hint" if country == ctx.hint else
                           "a country, weighed as the hinted one")
        share = ctx.shares.get((country, own))
        if share is None:
            share = ctx.shares[country, own] = self._focus_share(country, own, ctx)
        if share > 0.01:
            score += FOCUS_WEIGHT * share
            if why is not None:
                why.append(f"document focus {country} {share:.0%}")
        if admin1_named:
            score += 1.0
            if why is not None:
                a1 = idx.admin1[p]
                why.append(f"admin1 {idx.admin_names.get(f'{country}.{a1}', a1)} named")
        if nearest is None:
            return score
        for d, op in nearest:
            if op != own:
                if d < 200:
                    score += 1.5 if d < 50 else 0.8
                    if why is not None:
                        why.append(f"{d:.0f} km from a co-mentioned place")
                break
        return score

    def _focus_share(self, country: str, own: int, ctx: DocContext) -> float:
        """The country's share of the document's weight, without the mention's own place."""
        own_w = ctx.place_weights.get(own, 0.0) if own >= 0 else 0.0
        rest = ctx.total - own_w
        mine = ctx.weights.get(country, 0.0) - (
            own_w if own >= 0 and self._idx.country[own] == country else 0.0)
        return mine / (rest + FOCUS_PRIOR_WEIGHT) if rest > 0 else 0.0

    def _place_facts(self, p: int, ctx: DocContext) -> _PlaceFacts:
        """(country, in the hinted country, its admin1 named, the nearest anchors or None when
        distances do not count: a country, a continent, or no points) of place p in this
        document; computed once per place."""
        static = self._static.get(p)
        if static is None:
            idx = self._idx
            country, a1, fcode = idx.country[p], idx.admin1[p], idx.fcode[p]
            static = self._static[p] = (
                country, f"{country}.{a1}" if a1 and fcode != "ADM1" else "",
                fcode in COUNTRY_CODES or fcode == "CONT")
        country, admin1_code, broad = static
        # a country itself weighs as the hinted one: the hint says where the text is, not that
        # "Niger" is Nigeria's Niger State or "Peru" a town in Indiana
        facts = ctx.places[p] = (
            country, bool(ctx.hint) and (country == ctx.hint or broad),
            bool(admin1_code and ctx.named.get(admin1_code)),
            None if broad or not ctx.points else self._nearest_anchors(p, ctx))
        return facts

    def _nearest_anchors(self, p: int, ctx: DocContext) -> list[tuple[float, int]]:
        """The two nearest distinct anchor places within ~200 km of place p (not p itself)."""
        point = self._points.get(p)
        if point is None:
            idx = self._idx
            lat = idx.lat[p]
            # _COS keeps the first cosine of each whole degree of latitude it is asked for
            # (never replaced), so a place's own is fixed from its first use on
            coslat = _COS.get(int(lat)) or _COS.setdefault(int(lat), math.cos(math.radians(lat)))
            point = self._points[p] = (lat, idx.lon[p], coslat)
        lat, lon, coslat = point
        # only points within 2 degrees of latitude can count (2.5: a margin for rounding)
        lo = bisect.bisect_left(ctx.lats, lat - 2.5)
        hi = bisect.bisect_right(ctx.lats, lat + 2.5, lo)
        if lo == hi:
            return []
        found: list[tuple[float, int]] = []  # each anchor is once in the points (_doc_context)
        for olat, olon, op in ctx.by_lat[lo:hi]:
            dy, dx = olat - lat, (olon - lon) * coslat
            if -2.0 < dy < 2.0 and -2.0 < dx < 2.0 and op != p:
                # equirectangular, < 200 km
                found.append((111.2 * math.sqrt(dy * dy + dx * dx), op))
        found.sort()
        return found[:2]

    def _keep(self, m: Match, ctx: DocContext) -> bool:
        """Whether a recognised name is a place here, not a person, group or word.

        An exact spelling needs one sign of placeness (an admin/country entry, the document's
        focus country, a cue like "in X", a large population, or an admin area named after it);
        a loose spelling ("Putin" ~ Peten) needs a cue and the focus country or such an admin.
        """
        if m.best is None:
            return False
        idx = self._idx
        p = m.best.place
        # the focus and the reasons are read only where the rules below get to them
        if m.person and (idx.fcode[p] not in AREA_CODES or m.kin and idx.fcode[p] not in
                         COUNTRY_CODES | {"CONT"}):
            return False  # "President Paris", "Tiv militias", "Molotov cocktail"; a tribe or
            # clan even when an area bears its name ("the Salamat tribe", not Chad's Salamat)
        if m.first == m.last and m.text.isupper() and len(m.text) > 3 and not (
                idx.fcode[p] in AREA_CODES or idx.population[p] >= 50_000):
            return False  # "MACA prison": an acronym
        if m.first == m.last and not m.place_cue and (
                idx.fcode[p] not in AREA_CODES and (
                    fold.light_key(m.text) in common_words() or idx.population[p] < 100_000
                    and fold.light_key(m.text) in self._given_names)
                or fold.light_key(m.text) in common_words()
                and fold.light_key(m.text) != fold.light_key(idx.name[p])):
            # "the rule of law"; "Keith recalled", "Allen's childhood"; an area by a bare
            # word of its name ("Free" for Free State, "Gulf" for Gulf Province)
            return False
        if m.after_given_name or m.surname_here and idx.fcode[p] not in AREA_CODES and not (
                idx.population[p] >= 1_000_000 or self._area_after(m)
                or _LOCATIVE_BEFORE.search(m.full_text, max(0, m.start - 12), m.start)):
            return False  # "Andrew Jordan", "Bill Holland": a surname; "Holloway told" after
            # "Ian Holloway"; not "in Jackson, Mississippi" or "moved to London"
        if m.before_surname and (idx.population[p] < 100_000 or m.before_known_surname) and \
                idx.fcode[p] not in (COUNTRY_CODES | {"ADM1", "CONT"}) and \
                fold.light_key(m.text) in self._given_names:
            return False  # "Charles Barkley" is no county, "Tyler Williams" no city
        if m.embedded:  # "Bank of America", "Rafic Hariri University Hospital"
            # after another capitalised word, the document's country is no sign: "Dave Allen",
            # "Ricky Thomas" are people wherever the text is
            return m.best.exact and (idx.fcode[p] in AREA_CODES or not m.after_word
                                     and self._in_focus(m, ctx) or idx.population[p] >= 100_000
                                     and m.best.main)  # "Mohammed Hussein Hamid" ~ Isparta
        country = idx.country[p]
        if (idx.fclass[p] == "P" or idx.fcode[p] == "ADM2") and \
                self._country_said_before(m, country):
            return False  # "the Niger village of Abadam" is not Nigeria's Abadam
        if idx.fclass[p] == "P" and (
                not m.best.main and (ctx.towns_top and ctx.towns_top != country
                                     or self._country_after(m, country))
                or self._said_in_country(m, country)) and not self._in_focus(m, ctx):
            return False  # an old or foreign name of a town abroad: "Gente" ~ Gent in Mexico,
            # "Taji, Iraq" ~ Taiji, Japan; a town the text says is in another country: "the
            # town of Palma in northern Mozambique" is no Palma de Mallorca
        if self._namesake_elsewhere(m, ctx):
            return False  # "near Rumyantsevo" in an OSCE SMM report is no village near Moscow
        if idx.fclass[p] == "P" and m.following and not self._in_focus(m, ctx) and \
                self._focus_place_after(m, country, ctx):
            return False  # "Sosnovskoye, Donetsk": a namesake in Russia; Donetsk stands in
        if m.best.exact:
            # (the cheap tests first: _in_focus weighs the whole document)
            return (idx.fcode[p] in AREA_CODES or m.place_cue or idx.population[p] >= 100_000
                    or self._in_focus(m, ctx) or _said_inside(m.best)
                    or idx.gid[p].startswith("curated:"))  # "Darfur was calm on Monday"
        in_focus, consistent = self._in_focus(m, ctx), _said_inside(m.best)
        # alone in the text (no other name read by its exact spelling: "Shells fell in
        # Hodeidah" ~ Scuol), a loose reading must be of the place's own name: one foreign
        # alternate name ("Souairi" ~ a name of Sayre, US) is no sign of where the text is;
        # and of an admin area or a city ("Hodeidah" ~ Al Hudaydah, "Sarakib" ~ Saraqib): a
        # loosely spelt village alone is more often one the gazetteer lacks ("Garabulli" ~
        # Garaballa, Spain)
        alone = ctx.total - self._weight(m) < 1.0 and m.best.main and (
            idx.fcode[p] in AREA_CODES or idx.population[p] >= LOOSE_ALONE_POPULATION)
        if m.place_cue and m.last > m.first and idx.fcode[p] == "ADM1":
            return True  # "in East Darfur" ~ Eastern Darfur: a cue and a name of two words
        return consistent or (m.place_cue and (in_focus or alone)) or (
            in_focus and m.last > m.first) or self._names_an_area(m, p) and (
            m.last > m.first or in_focus or alone)  # one loose word: "Mezzeh district" ~ Muzo

    def _drop_placed_elsewhere(self, matches: list[Match], kept: list[Match],
                               ctx: DocContext) -> list[Match]:
        """The kept mentions, less the other mentions of a town the text placed elsewhere:
        after "the town of Palma in Cabo Delgado province" (Mozambique's Palma, which the
        gazetteer lacks), "Palma lies close to a gas project" is no Palma de Mallorca either."""
        kept_ids = {id(m) for m in kept}
        elsewhere = {(m.key[0], m.best.place) for m in matches
                     if m.best is not None and id(m) not in kept_ids
                     and self._placed_elsewhere(m, ctx)}
        if not elsewhere:
            return kept
        return [m for m in kept if m.best is None or (m.key[0], m.best.place) not in elsewhere]

    def _placed_elsewhere(self, m: Match, ctx: DocContext) -> bool:
        """Whether the text says the town the mention reads is in another country or another
        country's admin area, right after it ("Palma in Cabo Delgado province")."""
        assert m.best is not None
        p, idx = m.best.place, self._idx
        # (nothing named after it, most often: nothing to say it is elsewhere)
        return idx.fclass[p] == "P" and bool(m.following) and not self._in_focus(m, ctx) and \
            self._said_in_country(m, idx.country[p], COUNTRY_CODES | {"ADM1", "ADM2"})

    def _said_in_country(self, m: Match, country: str,
                         fcodes: frozenset[str] = COUNTRY_CODES) -> bool:
        """Whether the text says the mention is in a country other than `country` (or, with
        `fcodes`, in an area of one), right after it: "Palma in northern Mozambique" (not
        "Manbij near the Turkish border")."""
        if not m.following:
            return False  # (no generator for nothing)
        idx = self._idx
        return any(o.best is not None and idx.fcode[o.best.place] in fcodes
                   and idx.country[o.best.place] != country
                   and _IN_COUNTRY_AFTER.fullmatch(m.full_text, m.end, o.start) is not None
                   for o in m.following)

    def _kept(self, matches: list[Match], ctx: DocContext) -> list[Match]:
        """The mentions that are places here (what parse returns and explain reports)."""
        kept = self._drop_placed_elsewhere(matches, [m for m in matches if self._keep(m, ctx)],
                                           ctx)
        return [m for m in kept if not self._foreign_name_alone_abroad(m, kept)]

    def _apposed_after(self, m: Match, fcodes: frozenset[str]) -> list[int]:
        """The places, of a feature in `fcodes`, that mentions in apposition right after `m`
        are read as ("Jackson, Mississippi", "Taji, Iraq")."""
        idx = self._idx
        return [o.best.place for o in m.following if id(o) in m.close and o.best is not None
                and idx.fcode[o.best.place] in fcodes]

    def _area_after(self, m: Match) -> bool:
        """Whether an admin area or country is named in apposition right after the mention
        ("Jackson, Mississippi")."""
        return bool(self._apposed_after(m, AREA_CODES))

    def _foreign_name_alone_abroad(self, m: Match, kept: list[Match]) -> bool:
        """A small town read by one of its other names (not its own), the only place of its
        country among the kept ones, in a text whose other kept places, named by their own
        names, lie elsewhere: more likely a place the gazetteer lacks ("Taji" near Baghdad) than
        Taiji, Japan, one of whose old names it is."""
        assert m.best is not None
        idx = self._idx
        p = m.best.place
        if m.best.main or idx.fclass[p] != "P" or not 0 < idx.population[p] < \
                LOOSE_ALONE_POPULATION:
            return False  # a population of 0 is unknown, not small ("Tal Abyad")
        country, name = idx.country[p], fold.light_key(m.text)
        others = [o for o in kept if o.best is not None and fold.light_key(o.text) != name]
        return not any(idx.country[o.best.place] == country for o in others if o.best) and \
            any(o.best.exact and o.best.main and idx.country[o.best.place] not in ("", country)
                for o in others if o.best)

    def _country_said_before(self, m: Match, country: str) -> bool:
        """Whether the text names another country right before the mention as the one it is in:
        "the Niger village of Abadam", "the Cameroonian town of Amchide"."""
        if not m.preceding:
            return False  # (no generator for nothing)
        idx = self._idx
        return any(o.best is not None and idx.fcode[o.best.place] in COUNTRY_CODES
                   and idx.country[o.best.place] not in ("", country)
                   and m.start - o.end <= 30
                   and _COUNTRY_KIND_BEFORE.fullmatch(m.full_text, o.end, m.start) is not None
                   for o in m.preceding)

    def _country_after(self, m: Match, country: str) -> bool:
        """Whether a country other than `country` is named right after the mention, in
        apposition: "in Taji, Iraq"."""
        return any(self._idx.country[q] != country
                   for q in self._apposed_after(m, COUNTRY_CODES))

    @property
    def _given_names(self) -> frozenset[str]:
        """English given names that are not also a country's or a large admin1's name
        ("India", "Kenya", "Georgia", "Victoria" are places first; "Paul", a small region of
        Cape Verde, is a person first)."""
        if self._given is None:
            idx = self._idx
            areas = {fold.light_key(idx.name[p]) for p in idx.admin_place.values()
                     if idx.fcode[p] in COUNTRY_CODES
                     or idx.fcode[p] == "ADM1" and idx.population[p] >= GIVEN_NAME_AREA_POPULATION}
            self._given = given_names() - areas
        return self._given

    def _focus_place_after(self, m: Match, country: str, ctx: DocContext) -> bool:
        """Whether a place of the document's focus is named right after the mention, in
        apposition, in another country than `country`: the text says where the mention is.
        Not in a list ("Williamsville, Saraqib and Hama"), where it is the next item."""
        idx = self._idx
        return any(id(o) in m.close and o.best is not None
                   and idx.country[o.best.place] not in ("", country) and self._in_focus(o, ctx)
                   and _LIST_GOES_ON.match(m.full_text, o.end) is None for o in m.following)

    def _namesake_elsewhere(self, m: Match, ctx: DocContext) -> bool:
        """A small town more likely a village the gazetteer lacks than its namesake: one
        outside the hinted country (the caller's, or one the text places itself in: a mission
        that works in one country, states by their abbreviation) and outside the document's
        focus; or one far outside the area of the mission the text names ("near Kruta Balka"
        in an OSCE SMM report is no village 265 km from the contact line) unless the text
        puts it in its admin area."""
        if m.best is None:
            return False
        idx, p = self._idx, m.best.place
        if idx.fclass[p] != "P" or idx.population[p] >= LOOSE_ALONE_POPULATION:
            return False
        if ctx.hint and idx.country[p] != ctx.hint and not self._in_focus(m, ctx):
            return True
        areas = [a for a in ctx.missions if a.radius_km and a.country == idx.country[p]]
        return bool(areas) and not _said_inside(m.best) and all(
            haversine_km(a.lat, a.lon, idx.lat[p], idx.lon[p]) > a.radius_km for a in areas)

    def _mission_region(self, ctx: DocContext) -> int | None:
        """The gazetteer region that is the area of the mission the text names (the OSCE SMM:
        Donbas), where one mission names one: the smallest area an unknown place is in."""
        regions = {(a.region, a.country) for a in ctx.missions if a.region}
        if len(regions) != 1:
            return None
        name, country = regions.pop()
        found = self._regions.get((name, country), -1)
        if found == -1:
            idx = self._idx
            found = next((place.idx for place, exact in self.gazetteer.candidates(name)
                          if exact and idx.country[place.idx] == country
                          and idx.fclass[place.idx] == "L"), None)
            self._regions[(name, country)] = found
        return found

    def _in_focus(self, m: Match, ctx: DocContext) -> bool:
        """Whether the mention's place is in the hinted country or in one a quarter or more of
        the other mentions are in."""
        assert m.best is not None
        return self._idx.country[m.best.place] == ctx.hint or self._others_share(m, ctx) >= 0.25

    def _names_an_area(self, m: Match, p: int) -> bool:
        """A loose reading of an admin area that the text names as one: by its level's word
        ("North Darfur state" ~ Northern Darfur) or in apposition to a place ("Watiyah (An
        Nuqat Al Khams)"). Reports respell areas freely, and a named area is no person."""
        fcode = self._idx.fcode[p]
        if m.cue == "admin1" and fcode == "ADM1" or m.cue == "admin2" and fcode == "ADM2":
            return True
        return m.apposed and fcode in ("ADM1", "ADM2") and m.last > m.first

    def _one_town_per_name(self, matches: list[Match], ctx: DocContext) -> None:
        """Mentions of one town name in one document name one town: "Maden governorship ...
        the Maden district of Elazig" is Maden in Elazig both times. The reading with the
        clearest margin goes to every mention that has it among its candidates, except a
        mention placed by an area named next to it ("Paris, Texas" stays in Texas). Only
        towns: "Idlib province" and "Idlib city" are two places on purpose."""
        idx = self._idx
        groups: dict[str, list[Match]] = defaultdict(list)
        for m in matches:
            if m.best is not None and idx.fclass[m.best.place] == "P":
                groups[fold.light_key(m.text)].append(m)
        for group in groups.values():
            if len(group) < 2 or len({m.best.place for m in group if m.best}) < 2:
                continue
            lead = max(group, key=self._margin)
            assert lead.best is not None
            place = lead.best.place
            for m in group:
                if m.best is None or m.best.place == place or any(
                        w.startswith(("inside ", "holds ")) for w in m.best.why):
                    continue
                same = next((c for c in m.candidates if c.place == place), None)
                if same is not None:
                    self._choose(m, same, ctx)
                    same.why.append(f"the same town as the other '{lead.text}' here")

    def _others_share(self, m: Match, ctx: DocContext) -> float:
        """Share of the country of m's place among the *other* mentions' weight."""
        assert m.best is not None
        country = self._idx.country[m.best.place]
        own = ctx.place_weights.get(m.best.place, 0.0)  # every mention of this same place
        rest = ctx.total - own
        return (ctx.weights.get(country, 0.0) - own) / rest if rest > 0 else 0.0

    def _weight(self, m: Match) -> float:
        """What a mention adds to its country's share of the document. A town's name inside a
        longer capitalised name adds nothing ("Sidi" of "Sidi Bouafif" says nothing of India);
        a country's or area's still does ("the Donbass People's Militia")."""
        if m.best is None:
            return 0.0
        area = self._idx.fcode[m.best.place] in AREA_CODES
        if m.embedded and not area:
            return 0.0
        return (2.0 if area else 1.0) if m.best.exact else 0.3

    def _misplaced(self, m: Match, kept_ids: set[int]) -> int | None:
        """An admin area named right after a mention whose best place lies elsewhere.

        "Dunda (Uttarakhand)" when the gazetteer only knows a Dunda in Tanzania: the named area
        is the better answer (the caller codes the mention to it, with a note). Not when the area
        is the weaker reading of the two: "Bamenda town (Mezam, Nord-Ouest)" is the Cameroonian
        city, whatever Haiti's Nord-Ouest department scores. A town abroad counts as such an
        area when the text says the mention is part of it ("Williamsville neighbourhood of
        Abidjan": coded to Abidjan, precision 2), never when they are only listed together or
        merely related ("Belgorod and parts of Kharkiv").
        """
        if m.best is None:
            return None
        if m.quarter_of is not None:
            return m.quarter_of
        idx = self._idx
        p = m.best.place
        for other in m.following:
            if other.best is None or other.best.place == p or id(other) not in kept_ids:
                continue
            op = other.best.place
            if idx.fcode[p] in AREA_CODES - {"ADM2"}:
                continue
            area = self._province_of_its_name(op) if _STATE_BESIDE.fullmatch(
                m.full_text, m.end, other.start) and _LIST_GOES_ON.match(
                m.full_text, other.end) is None else None  # not "Zilina, Nitra, Presov"
            if area is not None and (idx.country[op], idx.admin1[op]) != (
                    idx.country[p], idx.admin1[p]) and other.best.score >= m.best.score and \
                    haversine_km(idx.lat[p], idx.lon[p], idx.lat[op], idx.lon[op]) > NEIGHBOUR_KM:
                return area  # "near Kamianka, Donetsk": Donetsk oblast, whose Kamianka the
                # gazetteer lacks, not a Kamianka 450 km away; "Musa Khel district, Khost"
            if idx.fcode[p] == "ADM2":
                continue
            if idx.fcode[op] not in ("ADM1", "ADM2") and not (
                    idx.fclass[op] == "P" and idx.country[op] != idx.country[p]
                    and _PART_OF_GAP.match(m.full_text, m.end, other.start)):
                continue  # a town contains only what the text says is part of it
            if other.best.score < m.best.score or other.key[0] == m.key[0]:
                continue  # weaker, or the same name read twice ("Athens-Central Athens")
            if _LIST_GAP.fullmatch(m.full_text, m.end, other.start):
                continue  # "in Homs and Hama provinces": listed together, not one in the other
            if _destination(m.full_text[m.end:other.start]):
                continue  # "Ghouta ... given safe passage to Idlib province": where they went
            if idx.country[op] != idx.country[p] or idx.admin1[op] != idx.admin1[p]:
                return op
        return None

    def _province_of_its_name(self, town: int) -> int | None:
        """The admin1 area named like a town (Donetsk oblast for Donetsk, Idlib governorate for
        Idlib), or None: after a comma such a name names the province."""
        idx = self._idx
        if idx.fclass[town] != "P":
            return None
        area = idx.admin_place.get(f"{idx.country[town]}.{idx.admin1[town]}")
        if area is None or fold.light_key(strip_generic(idx.name[area])) != \
                fold.light_key(idx.name[town]):
            return None
        return area

    def _town_then_its_area(self, matches: list[Match], ctx: DocContext) -> None:
        """ "in Sao Paulo, Sao Paulo", "Puebla, Puebla": a name with the same name right after
        it are a town and then the area that holds it (the best such pair of readings)."""
        idx = self._idx
        areas_set: set[int] = set()
        for m in matches:
            other = next((o for o in m.following if id(o) in m.close), None) if m.close else None
            if other is None or other.key[0] != m.key[0] or id(m) in areas_set:
                continue
            gap = m.full_text[m.end:other.start].strip().lower()
            if m.cue == "city" and gap.split(" ", 1)[0] in _TOWN_TAILS:
                gap = gap.split(" ", 1)[-1].strip()  # "Khairpur city (Khairpur, Sindh)"
            elif m.cue:
                continue  # "Idlib province, Idlib": the words say which is which
            if other.cue or gap not in (",", "("):
                continue
            # in the country the text places it in: "Rafah (Rafah, North Sinai)" is Egypt's
            # Rafah though only Gaza's district is in the gazetteer; a reading on population
            # alone places nothing ("Sucre, Sucre" is Colombia's pair). Spelt as written when
            # the reading so far is: "Tangier (Tangier)" is no Tinghir
            placed = m.best is not None and any(w.startswith(("inside ", "country hint"))
                                                for w in m.best.why)
            country = idx.country[m.best.place] if m.best is not None and placed else None
            exact = m.best is not None and m.best.exact
            towns = [c for c in m.candidates if idx.fclass[c.place] == "P"
                     and country in (idx.country[c.place], None) and (c.exact or not exact)]
            areas = [c for c in other.candidates if idx.fcode[c.place] in ("ADM1", "ADM2")
                     and (c.exact or not exact)]
            pairs = [(t, a) for t in towns for a in areas if self._holds(a.place, t.place)]
            if not pairs:
                continue
            town, area = max(pairs, key=lambda ta: ta[0].score + ta[1].score)
            self._choose(m, town, ctx)
            self._choose(other, area, ctx)
            areas_set.add(id(other))
            town.why.append(f"the town of the {other.text} named after it")

    def _choose(self, m: Match, chosen: Candidate, ctx: DocContext) -> None:
        """Make `chosen` the mention's reading (the old one becomes the runner-up), with its
        reasons as geoparse prints them."""
        if m.best is not chosen:
            m.runner, m.best = m.best, chosen
            chosen.why = self._prior_why(m, chosen)
            self._context(m, chosen, ctx, chosen.why)

    def _quarters_of_towns(self, matches: list[Match]) -> None:
        """A quarter of a town ("in Guadalajara, Jalisco, ... in Colonia Santa Anita", "in
        Maraba, Para, ... in Cidade Nova neighborhood") whose name reads as a place more than
        QUARTER_KM from the town named before it (or else after it) is that town's quarter:
        quarters are rarely in the gazetteer, and their namesakes lie elsewhere."""
        idx = self._idx
        if not matches or not _says_a_quarter_word(matches[0].full_text):
            return
        quarter = {id(m) for m in matches if m.best is not None and self._is_quarter(m)}
        if not quarter:
            return
        towns = [m for m in matches if m.best is not None and idx.fclass[m.best.place] == "P"
                 and id(m) not in quarter]
        for q in matches:
            if id(q) not in quarter or q.best is None:
                continue
            same_sentence = [t for t in towns if not _SENTENCE_BREAK.search(
                q.full_text, min(t.end, q.end), max(t.start, q.start))]
            # "the Eastleigh neighbourhood of Nairobi", "Colonia Roma, Mexico City" first
            host = next((t for t in same_sentence if t.start >= q.end and _QUARTER_OF.match(
                q.full_text, q.end, t.start)), None) or max(
                (t for t in same_sentence if t.end <= q.start), key=lambda t: t.start,
                default=None)
            p = q.best.place
            if host is None or host.best is None:
                area = self._area_of_quarter(q, matches, quarter)
                if area is not None:
                    q.quarter_of = area
                continue
            h = host.best.place
            if haversine_km(idx.lat[p], idx.lon[p], idx.lat[h], idx.lon[h]) > QUARTER_KM:
                q.quarter_of = h

    def _area_of_quarter(self, q: Match, matches: list[Match], quarter: set[int]) -> int | None:
        """With no town named with it, the admin area named last before a quarter in its
        sentence, when no area the sentence names holds the quarter's reading ("in Culianca,
        Sinaloa, ... in Colonia Pemex" is no Pemex of Tabasco; "police from Sinaloa ... in
        Colonia Pemex, Tabasco" is)."""
        assert q.best is not None
        idx, p = self._idx, q.best.place
        areas = [a for a in matches if a.best is not None and id(a) not in quarter
                 and idx.fcode[a.best.place] in ("ADM1", "ADM2")
                 and not _SENTENCE_BREAK.search(q.full_text, min(a.end, q.end),
                                                max(a.start, q.start))]
        if any(self._holds(a.best.place, p) for a in areas if a.best is not None):
            return None
        before = max((a for a in areas if a.end <= q.start), key=lambda a: a.start, default=None)
        return None if before is None or before.best is None else before.best.place

    def _is_quarter(self, m: Match) -> bool:
        """Whether the text calls the mention a quarter of a town: "Colonia X", "Barangay X",
        "X neighbourhood", "X square" (data/cues.yaml quarter_before / quarter_after). A
        sizeable town whose own name starts with such a word ("Colonia del Sacramento") is
        no quarter."""
        assert m.best is not None
        before, after = _quarter_cues()
        words = m.text.split(maxsplit=1)
        if words and fold.light_key(words[0]) in before:
            return not (m.best.exact and self._idx.population[m.best.place] >= 10_000)
        # the word before the mention, or before the capitalised words leading up to it
        # ("Colonia Agricola Pantitlan": "Colonia"), never across punctuation
        for word in reversed(m.full_text[max(0, m.start - 48):m.start].split()[-4:]):
            if not _PLAIN_WORD.fullmatch(word):
                break  # punctuation ends the lead-in ("sector. Basra", "Col. Hassan")
            if fold.light_key(word) in before:
                return True
            if not word[0].isupper():
                break
        nxt = _WORD_AFTER.match(m.full_text, m.end)
        return nxt is not None and fold.light_key(nxt.group(1)) in after

    @staticmethod
    def _pick(m: Match) -> None:
        """The best candidate and the runner-up (the best of another place), each the first
        of its score in candidate order, as a stable sort by score would rank them; two scans
        instead of a sort, done for every mention in every round."""
        best: Candidate | None = None
        for c in m.candidates:
            if best is None or c.score > best.score:
                best = c
        runner: Candidate | None = None
        if best is not None:
            for c in m.candidates:
                if c.place != best.place and (runner is None or c.score > runner.score):
                    runner = c
        m.best, m.runner = best, runner

    @staticmethod
    def _margin(m: Match) -> float:
        if m.best is None:
            return 0.0
        return m.best.score - (m.runner.score if m.runner else 0.0)

    def _focus(self, matches: list[Match]) -> dict[str, float]:
        """Share of the document's (pass-1) places in each country."""
        weights: dict[str, float] = defaultdict(float)
        for m in matches:
            if m.best is None:
                continue
            w = 1.0 if m.best.exact else 0.5
            weights[self._idx.country[m.best.place]] += w
        total = sum(weights.values())
        return {k: v / total for k, v in weights.items() if k} if total else {}

    # -- output ---------------------------------------------------------------------------------
    def location(self, place: int, *, text: str | None = None, start: int | None = None,
                 end: int | None = None) -> Location:
        """A records.Location for gazetteer place `place`."""
        facts = self._locations.get(place)
        if facts is None:
            facts = self._locations[place] = self._location_facts(place)
        # positional, in Location's field order (text, start, end, then _LocationFacts)
        return Location(text, start, end, *facts)

    def _location_facts(self, place: int) -> _LocationFacts:
        """The fields of a place's Location after text, start and end (name, gazetteer id,
        country, admin names, point, precision, note): the same for every mention of it."""
        idx = self._idx
        fcode = idx.fcode[place]
        precision = PRECISION_BY_CLASS.get(idx.fclass[place], 3)
        seat = self.seat(place)
        point = place if seat is None else seat
        return (idx.name[place], idx.gid[place], idx.country[place] or None,
                idx.admin1_name(place) if fcode not in COUNTRY_CODES else None,
                idx.admin2_name(place), round(idx.lat[point], 5), round(idx.lon[point], 5),
                precision,
                None if seat is None else f"at {idx.name[seat]}, the town the area is named after")

    def seat(self, place: int) -> int | None:
        """The town an admin area is named after, inside it ("Kandahar province": Kandahar
        city; "Faskari LGA": Faskari), or None. An area-level event is placed there, as ACLED
        codes it at the area's main town, and it is a real point where the area's own is the
        median of the towns the gazetteer holds in it (or its admin1's, when it holds none)."""
        if place in self._seats:
            return self._seats[place]
        idx = self._idx
        seat = None
        if idx.fcode[place] in ("ADM1", "ADM2"):
            name = strip_generic(idx.name[place])
            key = fold.strong_key(name)
            key_id = idx.key_id(key) if key else None
            if key_id is not None:
                # named as the area: by any name spelt so, or by its own name respelt when the
                # name is long enough not to be another ("Virudunagar"; "Aba" is no "Abia")
                spelt = {h & SPELLING_BITS for h in spelling_hashes(name)}
                respelt = len(key.replace(" ", "")) >= 7
                seat = max((q for q, ph in idx.postings(key_id) if self._inside(q, place)
                            and (ph & SPELLING_BITS in spelt or ph & 1 and respelt)),
                           key=lambda q: idx.population[q], default=None)
            if seat is not None and (
                    idx.population[seat] * 4 < self._largest_town(place)
                    or idx.fcode[place] == "ADM1" and haversine_km(
                        idx.lat[seat], idx.lon[seat], idx.lat[place], idx.lon[place]) > SEAT_KM):
                seat = None  # a village of the state's name ("Pueblo Hidalgo"), or far out
        self._seats[place] = seat
        return seat

    def _largest_town(self, area: int) -> int:
        """Population of the largest town the gazetteer holds in an admin area."""
        if self._largest is None:
            idx = self._idx
            largest: dict[str, int] = defaultdict(int)
            for q in range(len(idx.fclass)):
                if idx.fclass[q] == "P" and idx.admin1[q]:
                    a1 = f"{idx.country[q]}.{idx.admin1[q]}"
                    largest[a1] = max(largest[a1], idx.population[q])
                    if idx.admin2[q]:
                        a2 = f"{a1}.{idx.admin2[q]}"
                        largest[a2] = max(largest[a2], idx.population[q])
            self._largest = largest
        idx = self._idx
        code = f"{idx.country[area]}.{idx.admin1[area]}"
        if idx.fcode[area] == "ADM2":
            code += f".{idx.admin2[area]}"
        return self._largest.get(code, 0)

    def _inside(self, town: int, area: int) -> bool:
        """Whether a populated place lies in the admin area by its codes."""
        idx = self._idx
        return (idx.fclass[town] == "P" and idx.country[town] == idx.country[area]
                and idx.admin1[town] == idx.admin1[area]
                and (idx.fcode[area] != "ADM2" or idx.admin2[town] == idx.admin2[area]))

    def _mention(self, m: Match, kept_ids: set[int]) -> PlaceMention:
        assert m.best is not None
        notes = []
        area = self._misplaced(m, kept_ids)
        m.coded = m.best.place if area is None else area
        if area is not None:
            loc = self.location(area, text=m.text, start=m.start, end=m.end)
            # an admin2 with no town in cities500 sits at its admin1's centre (no population)
            admin2 = self._idx.fcode[area] == "ADM2" and self._idx.population[area] > 0
            loc.precision = 2 if admin2 or self._idx.fclass[area] == "P" else 3
            read = f"{self._idx.name[m.best.place]}, {self._idx.country[m.best.place]}"
            of = "of" if self._idx.fclass[area] == "P" else "in"
            loc.note = (f"'{m.text}' is a quarter {of} {self._idx.name[area]} (read alone it is "
                        f"{read}, {'too far away' if of == 'of' else 'outside it'}); coded to "
                        f"{self._idx.name[area]}"
                        if m.quarter_of is not None else
                        f"'{m.text}' in {self._idx.name[area]} not in gazetteer (nearest name "
                        f"match {read} lies outside it); coded to {self._idx.name[area]}")
            return PlaceMention(start=m.start, end=m.end, text=m.text, location=loc,
                                in_longer_name=m.name_goes_on,
                                score=_round_score(m.best.score), runner_up=self.location(
                                    m.best.place), runner_up_score=_round_score(m.best.score),
                                why=loc.note)
        loc = self.location(m.best.place, text=m.text, start=m.start, end=m.end)
        if m.direction and self._idx.fcode[m.best.place] in AREA_CODES:
            self._shift(loc, m.best.place, m.direction)
            notes.append(f"directional region: {m.direction} {loc.name}")
            m.start = m.direction_start
            m.text = m.full_text[m.start:m.end]
            loc.text, loc.start = m.text, m.start
        if m.near and loc.precision == 1:
            loc.precision = 2
            notes.append("near / around the named place")
        loc.note = "; ".join(([loc.note] if loc.note else []) + notes) or None
        runner = None
        if m.runner is not None:
            runner = self.location(m.runner.place)
        why = "; ".join(m.best.why) or "population prior"
        # positional, in PlaceMention's field order (start, end, text, location, score,
        # runner_up, runner_up_score, why, in_longer_name; a test holds it): from compiled
        # code, the call with keywords takes about twice as long
        return PlaceMention(m.start, m.end, m.text, loc, _round_score(m.best.score), runner,
                            _round_score(m.runner.score) if m.runner else None, why,
                            m.name_goes_on)

    def _shift(self, loc: Location, place: int, direction: str) -> None:
        """Move a region's point into its named half ("southern Idlib")."""
        idx = self._idx
        code = idx.country[place] if idx.fcode[place] in COUNTRY_CODES else \
            f"{idx.country[place]}.{idx.admin1[place]}"
        box = idx.extent.get(code)
        dy, dx = cues()["directional"].get(direction, (0.0, 0.0))
        if box is None or loc.lat is None or loc.lon is None:
            return
        lat0, lon0, lat1, lon1 = box
        lat, lon = idx.lat[place], idx.lon[place]  # from the area's middle, not its town
        loc.lat = round(min(lat1, max(lat0, lat + dy * (lat1 - lat0) / 2)), 5)
        loc.lon = round(min(lon1, max(lon0, lon + dx * (lon1 - lon0) / 2)), 5)
        loc.precision = 3
        loc.note = None

    # -- named areas missing from the gazetteer ------------------------------------------------
    def _unknown_areas(self, text: str, toks: list[Token], matches: list[Match],
                       areas: list[tuple[int, int, bool]], country: str = "",
                       dropped: Sequence[Match] = (), region: int | None = None
                       ) -> list[PlaceMention]:
        """'the Jabal al-Zawiya area', 'the village of Kansafra': fall back to an admin area
        (or, with none near, keep the document's `country` without a point). A name that is
        only after "in"/"near" takes no admin1 of a place named near it: what it is remains
        unknown, and a nearby admin area would often outrank a better place."""
        covered = {i for m in matches for i in range(m.first, m.last + 1)}
        not_places = {i for m in dropped for i in range(m.first, m.last + 1)}
        out: list[PlaceMention] = []
        for first, last, named_area in areas:
            if any(i in covered or not named_area and i in not_places
                   for i in range(first, last + 1)):
                continue
            covered.update(range(first, last + 1))
            start, end = toks[first].start, toks[last].end
            out.append(self._fallback(text[start:end], start, end, matches, text, country,
                                      nearby_admin1=named_area, region=region))
        return out

    def _abbreviated_after(self, text: str, end: int) -> int | None:
        """The state abbreviated in the brackets that follow `end` closely, if any."""
        for s, _e, place in self.abbreviated_areas(text):
            gap = text[end:s]
            if s >= end and len(gap) <= 40 and not any(ch in gap for ch in ".;:)\n"):
                return place
        return None

    def _country_beside(self, start: int, end: int, matches: list[Match], text: str) -> str:
        """The country the text puts an unknown place in, right beside it: "X in northern
        Cameroon", "the Cameroonian town of X" (not the document's other countries)."""
        idx = self._idx
        for m in matches:
            if m.best is None or idx.fcode[m.best.place] not in COUNTRY_CODES:
                continue
            if m.start >= end and _IN_COUNTRY_AFTER.fullmatch(text, end, m.start) or \
                    m.end <= start and start - m.end <= 30 and \
                    _COUNTRY_TOWN_BEFORE.fullmatch(text, m.end, start):
                return idx.country[m.best.place]
        return ""

    def _fallback(self, name: str, start: int, end: int, matches: list[Match],
                  full_text: str = "", country: str = "", nearby_admin1: bool = True,
                  region: int | None = None) -> PlaceMention:
        """Code an unknown named area to what the text names around it, and say so.

        A town or admin area in apposition ("Ersam (Ansongo, Gao)", "Azgard area of Shinwari
        district") is used as is: a town at precision 2, an admin2 area at 2, an admin1 at 3.
        Otherwise the admin1 of the nearest resolved place in the same passage, precision 3.
        Never a country's point: with nothing nearby the mention stays without coordinates,
        with a note, and keeps a country: the one the text names right beside it, else the
        document's `country` (see `_doc_country`), if any.
        """
        idx = self._idx
        text = full_text or (matches[0].full_text if matches else "")
        for m in matches:  # apposition: the next resolved mention, joined by , ( or "of"
            if m.start < end or m.best is None:
                continue
            gap = _past_area_word(text[end:m.start].strip().lower())
            if gap not in _APPOSITION or len(gap) > 30:
                break
            p = m.best.place if m.coded < 0 else m.coded
            if idx.fcode[p] in COUNTRY_CODES or idx.fcode[p] == "CONT":
                break
            loc = self.location(p, text=name, start=start, end=end)
            loc.precision = 3 if idx.fcode[p] == "ADM1" else 2
            loc.note = (f"'{name}' not in gazetteer; coded to {idx.name[p]} named beside it, "
                        f"precision {loc.precision}")
            return PlaceMention(start=start, end=end, text=name, location=loc, why=loc.note)
        state = self._abbreviated_after(text, end)
        if state is not None:  # "Damaracherla village (Nalgoda, TS)"
            loc = self.location(state, text=name, start=start, end=end)
            loc.precision = 3
            loc.note = (f"'{name}' not in gazetteer; coded to {idx.name[state]} (abbreviated "
                        "beside it), precision 3")
            return PlaceMention(start=start, end=end, text=name, location=loc, why=loc.note)
        # an area named with its level ("Mrauk-U District") counts, though its chunk goes on
        nearby = sorted((m for m in matches if m.best is not None
                         and (not m.embedded or m.cue in ("admin1", "admin2") and not m.after_word)
                         and idx.fcode[m.best.place] not in COUNTRY_CODES | {"CONT"}
                         and abs(m.start - start) <= 300),
                        key=lambda m: min(abs(m.start - end), abs(start - m.end))
                        ) if nearby_admin1 else []
        for m in nearby[:6]:
            assert m.best is not None
            p = m.best.place if m.coded < 0 else m.coded
            area = idx.admin_place.get(f"{idx.country[p]}.{idx.admin1[p]}",
                                       p if idx.fcode[p] == "ADM1" else None)
            if area is None:
                continue
            loc = self.location(area, text=name, start=start, end=end)
            loc.precision = 3
            how = "named" if p == area else f"of nearby {m.text}"
            loc.note = f"'{name}' not in gazetteer; coded to {idx.name[area]} ({how}), precision 3"
            return PlaceMention(start=start, end=end, text=name, location=loc, score=0.0,
                                why=loc.note)
        beside = self._country_beside(start, end, matches, text)
        if region is not None and beside in ("", idx.country[region]):
            loc = self.location(region, text=name, start=start, end=end)
            loc.note = (f"'{name}': no place of that name in the gazetteer inside the area of "
                        f"the mission the text names, and no admin area named nearby: coded to "
                        f"{idx.name[region]}, that area, precision 3")
            return PlaceMention(start=start, end=end, text=name, location=loc, score=0.0,
                                why=loc.note)
        if beside:
            note = (f"'{name}' not in gazetteer and no admin area named nearby: country "
                    f"{beside} named beside it, no point")
            country = beside
        elif country:
            note = (f"'{name}' not in gazetteer and no admin area named nearby: country "
                    f"{country} from the document, no point")
        else:
            note = f"'{name}' not in gazetteer and no admin area named nearby: unresolved"
        return PlaceMention(start=start, end=end, text=name,
                            location=Location(text=name, start=start, end=end,
                                              country=country or None, note=note),
                            why=note)


# (matched whole, from the unknown place to a country named after it / from a country to it)
_IN_COUNTRY_AFTER = regex.compile(r"[^.,;:!?()]{0,60}?\bin\s+(?:the\s+)?(?:[a-z-]+\s+)?")
_COUNTRY_TOWN_BEFORE = regex.compile(r"(?:['’]s)?(?:\s+[a-z-]+){1,3}\s+(?:of\s+)?")
# "the Niger village of", "the Cameroonian border town of": a kind of place of that country
_COUNTRY_KIND_BEFORE = regex.compile(
    r"\s+(?:[a-z]+ern\s+)?(?:border\s+)?(?:village|town|city|hamlet|district|region|province|"
    r"commune|county|municipality)\s+of\s+")


def _round_score(x: float) -> float:
    """round(x, 3), the same float, without round's exact decimal conversion (some 3,000
    instructions a call, twice per mention). x * 1000 rounded to the nearest whole number and
    divided back is the double nearest that decimal, which is what round returns, unless x *
    1000 lies so near a half that the product's own rounding could decide: round decides those
    (and huge or NaN scores)."""
    y = x * 1000.0
    if not -1e12 < y < 1e12:
        return round(x, 3)
    r = math.floor(y + 0.5)
    if abs(y - r) > 0.499:
        return round(x, 3)
    return math.copysign(r / 1000.0, x)


def _doc_country(hint: str, mentions: list[PlaceMention]) -> str:
    """The country a document is about: its hint (given, or from a mission or a state's
    abbreviation named in it), else the one country all its resolved places lie in, else ""."""
    if hint:
        return hint
    countries = {pm.location.country for pm in mentions if pm.location is not None}
    return (countries.pop() or "") if len(countries) == 1 else ""


_APPOSITION = frozenset({",", "(", "of", "in", ", in", "area of", "village of", "town of",
                         "district of", "village,", "town,", "area,", "village (", "town (",
                         "area (", "neighbourhood of", "neighborhood of", "village in",
                         "area in", "district,", "district (", "(near", "near"})


_CONNECT = ("al|el|ad|an|ar|as|ash|at|au|aux|az|ed|en|er|es|ez|ul|de|del|della|di|da|do|dos|das|du|"
            "des|la|le|les|los|las|of|the|upon|sur|am|bin|ibn|bint|y|e|i|von|van|der|den|zu|imeni|"
            "nad|na")
# Lowercase generic words that may close a name ("Atma camp", "Jabal al-Zawiya area").
GENERIC_TAIL = ("camp|village|town|city|district|province|governorate|area|region|county|"
                "neighbourhood|neighborhood|mountain|mountains|valley|plain|river|lake|island|"
                "islands|bay|desert|hills|hill|airport|base|crossing|checkpoint|front|"
                "countryside|subdistrict|municipality|state|oblast")


def _word_trie(words: Iterable[str]) -> str:
    """A regex alternation of `words` shaped as a trie ("a(?:l|n|sh?)"): the regex module
    tries a flat alternation's words one by one at every position, a trie one branch per
    character. It matches as the flat alternation of the words longest first does (two words
    that can both match at a place are a word and its prefix, and the longer is tried first),
    and as any order of them does where a non-letter must follow (only one can match then)."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for word in words:
        by_first[word[:1]].append(word[1:])
    ends_here = "" in by_first
    by_first.pop("", None)
    branches = [regex.escape(first) + _word_trie(rests)
                for first, rests in sorted(by_first.items())]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")


def _latin_name_chunk(upper: str, word_chars: str, apostrophes: str) -> str:
    """The pattern of a capitalised name chunk: capitalised words, with connectors ("al-",
    "de", "bin") between them and a generic word ("camp", "area") after, given the classes of
    capitals, of a word's further characters and of the apostrophes after a connector."""
    # initials ("U.S."), "St." (before the plain word: else "St" matches alone and the dot ends
    # the chunk: "St. Louis"; also "Mt.", "Ft.", "Pt.") or a plain word; the capital first, so
    # a scan need only try the pattern at capitals
    word = rf"{upper}(?:\.(?:{upper}\.)+|(?<=[SMFP])t\.|[{word_chars}]*)"
    connector = _word_trie(_CONNECT.split("|")) + rf"(?:[ \-]|[{apostrophes}])"
    return (word + r"(?:[ \-](?:" + connector + r")*" + word + r")*(?:[ ]"
            + _word_trie(GENERIC_TAIL.split("|")) + r"\b)?")


# Every alternative starts with a capital or an Arabic letter: the lookahead says so up front,
# which lets the scan skip the rest of the text 2-3x faster (same matches).
NAME_CHUNK = regex.compile(
    r"(?=[\p{Lu}\u0621-\u064a])(?:" + _latin_name_chunk(r"\p{Lu}", r"\p{L}\p{M}'’‘ʿʾ`", "'’")
    + r"|[\u0621-\u064a][\u0600-\u06ff]*(?:[ ]+[\u0621-\u064a][\u0600-\u06ff]*)*)")
# The same for ASCII text, where the classes are plain ranges: the standard `re` skips to the
# capitals itself and scans a text in under half the time the regex module takes for
# NAME_CHUNK (the same matches).
NAME_CHUNK_ASCII = re.compile(_latin_name_chunk("[A-Z]", "A-Za-z'`", "'"))
GENERIC_WORDS = frozenset(GENERIC_TAIL.split("|"))
_TOWN_TAILS = frozenset({"city", "town", "village"})


@lru_cache(maxsize=1)
def _context_anchor_phrases() -> tuple[regex.Pattern[str], dict[str, MissionArea]]:
    table = {k: MissionArea(str(v[0]).upper(), float(v[1]), float(v[2]),
                            float(v[3]) if len(v) > 3 else 0.0, str(v[4]) if len(v) > 4 else "")
             for k, v in (cues().get("context_anchors") or {}).items()}
    words = sorted((" ".join(k) if isinstance(k, tuple) else k for k in table), key=len,
                   reverse=True)
    pattern = regex.compile(r"\b(?:" + "|".join(regex.escape(w) for w in words) + r")\b",
                            regex.IGNORECASE) if words else regex.compile(r"(?!)")
    return pattern, {(" ".join(k) if isinstance(k, tuple) else k): v for k, v in table.items()}


@lru_cache(maxsize=1)
def _admin_abbreviations() -> tuple[regex.Pattern[str], dict[str, tuple[str, str]], frozenset[str]]:
    """The bracketed admin abbreviations of data/cues.yaml, read case-sensitively."""
    table = _abbreviation_table("admin_abbreviations")
    after_comma = frozenset(
        str(a) for a in _cues_file().get("admin_abbreviations_after_comma") or [])
    words = sorted(table, key=len, reverse=True)
    pattern = regex.compile(r"\((?:[^()]{0,60}(?P<comma>,)\s*|\s*)(?P<abbr>"
                            + "|".join(regex.escape(w) for w in words) + r")\s*\)") if words \
        else regex.compile(r"(?!)")
    return pattern, table, after_comma


@lru_cache(maxsize=1)
def _abbreviations_alone_after_place() -> frozenset[str]:
    """Abbreviations of data/cues.yaml also read alone in brackets right after a place name
    ("Deoband (UP)", "Ghaziabad city (UP)")."""
    return frozenset(str(a) for a in
                     _cues_file().get("admin_abbreviations_alone_after_place") or [])


# a place name (or its generic word) right before the brackets, not an organisation's name:
# "Deoband (UP)", "Ghaziabad city (UP)", but not "the University of the Philippines (UP)"
_PLACE_WORD_BEFORE = regex.compile(
    r"(?<!\b(?:University|College|Institute|School|Party|Union|Front|Press|Police|Council|"
    r"Movement|Alliance|Bank|Company)\b[^()]{0,40})"
    r"(?:\p{Lu}[\p{L}'-]+|\b(?:city|town|village|district|area))\s*$")


def _abbreviation_table(key: str) -> dict[str, tuple[str, str]]:
    """abbreviation -> (country, admin1 name) from one table of data/cues.yaml."""
    return {str(k): (str(v[0]), str(v[1])) for k, v in (_cues_file().get(key) or {}).items()}


@lru_cache(maxsize=1)
def _state_abbreviations() -> tuple[regex.Pattern[str], dict[str, tuple[str, str]]]:
    """US states as agencies abbreviate them right after "Town, " ("Severn, Md."; data/cues.yaml
    `state_abbreviations_after_town`)."""
    table = _abbreviation_table("state_abbreviations_after_town")
    words = sorted(table, key=len, reverse=True)
    # a trie of the abbreviations (see _word_trie: longer ones still tried first), which the
    # regex module tries after every ", " of a text in half the time of a flat alternation
    pattern = regex.compile(r", (?P<abbr>" + _word_trie(words) + r")(?!\p{L})") if words \
        else regex.compile(r"(?!)")
    return pattern, table


_TOWN_BEFORE = regex.compile(r"\p{Lu}[\p{L}.'’-]*\Z")


def _may_name_anchor(lowered: str) -> bool:
    """Whether a lowercased ASCII text holds any context anchor phrase as a substring: a
    superset of what the case-insensitive pattern finds there (in ASCII text it can match no
    other spelling), and most texts hold none, which spares the scan."""
    return any(phrase in lowered for phrase in _context_anchor_phrases()[1])


def context_anchors(text: str) -> list[MissionArea]:
    """The areas of the non-toponyms that place a document: a monitoring mission or
    peacekeeping force named in it works in one area (data/cues.yaml `context_anchors`)."""
    pattern, table = _context_anchor_phrases()
    out: list[MissionArea] = []
    if text.isascii() and not _may_name_anchor(text.lower()):
        return out
    for m in pattern.finditer(text):
        anchor = table.get(fold.light_key(m.group(0)))
        if anchor is not None and anchor not in out:
            out.append(anchor)
    return out


def _chunk_tokens(text: str) -> tuple[list[Token], list[tuple[int, int]]]:
    """Tokens of the capitalised (or Arabic-script) name chunks of `text`, and chunk ranges.

    Only these can be toponyms, so the rest of the text is never folded: this keeps the scan
    at C speed for ordinary prose. Leading stop words ("The", "In") are dropped from a chunk.
    """
    toks: list[Token] = []
    chunks: list[tuple[int, int]] = []
    for cm in (NAME_CHUNK_ASCII if text.isascii() else NAME_CHUNK).finditer(text):
        parts = _chunk_parts(cm.group())
        if not parts:
            continue
        base, c0, n = cm.start(), len(toks), len(chunks)
        for s, e, light, strong, generic in parts:
            toks.append(Token(base + s, base + e, light, strong, n, generic))
        chunks.append((c0, len(toks)))
    return toks, chunks


def _join_and_names(text: str, toks: list[Token], chunks: list[tuple[int, int]],
                    pairs: frozenset[tuple[str, str]]) -> tuple[list[Token], list[tuple[int, int]]]:
    """Name chunks that "and" joins into a gazetteer name ("Jammu and Kashmir", "Trinidad and
    Tobago", "Sistan and Baluchestan") become one chunk with "and" as a token of it; other
    pairs ("Hama and Idlib") stay two names."""
    joined = {k for k in range(len(chunks) - 1)
              if (toks[chunks[k][1] - 1].strong, toks[chunks[k + 1][0]].strong) in pairs
              and text[toks[chunks[k][1] - 1].end:toks[chunks[k + 1][0]].start] == " and "}
    return _merge_chunks(toks, chunks, joined, "and") if joined else (toks, chunks)


def _merge_chunks(toks: list[Token], chunks: list[tuple[int, int]], joined: set[int],
                  link: str | None) -> tuple[list[Token], list[tuple[int, int]]]:
    """The tokens and chunks with chunk k and chunk k + 1 made one for each k in `joined`, the
    word between them (`link`: "and", one space after the first) a token of it, if given."""
    out: list[Token] = []
    out_chunks: list[tuple[int, int]] = []
    for k, (c0, c1) in enumerate(chunks):
        if k - 1 not in joined:
            out_chunks.append((len(out), len(out)))
        n = len(out_chunks) - 1
        if k - 1 in joined and link is not None:
            gap = toks[c0 - 1].end + 1
            out.append(Token(gap, gap + len(link), link, link, n))
        out.extend(Token(t.start, t.end, t.light, t.strong, n, t.generic) for t in toks[c0:c1])
        out_chunks[n] = (out_chunks[n][0], len(out))
    return out, out_chunks


@lru_cache(maxsize=65_536)
def _chunk_parts(chunk: str) -> tuple[tuple[int, int, str, str, bool], ...]:
    """(start, end, light, strong, generic) of the tokens of one name chunk that can count in
    a name: leading stop words dropped, articles (empty strong fold) left out. Cached: the same
    chunks ("Russian", "the United Nations") recur throughout a corpus."""
    lead = cues()["chunk_lead"]
    parts = fold.tokens(chunk)
    while parts and (parts[0][2],) in lead:
        parts = parts[1:]
    tail = len(parts) > 1 and parts[-1][2] in GENERIC_WORDS and chunk[parts[-1][0]].islower()
    out = []
    for k, (s, e, light) in enumerate(parts):
        strong = fold.strong_token(light)
        if strong:
            out.append((s, e, light, strong, tail and k == len(parts) - 1))
    return tuple(out)


@lru_cache(maxsize=1)
def _currency_after() -> regex.Pattern[str]:
    words = sorted((" ".join(w) for w in cues()["currency_after"]), key=len, reverse=True)
    return regex.compile(r"\s+(?:" + "|".join(regex.escape(w) for w in words) + r")\b",
                         regex.IGNORECASE)


@lru_cache(maxsize=1)
def _currency_initials() -> frozenset[str]:
    return frozenset(w[0][:1] for w in cues()["currency_after"])


def _currency_after_name(text: str, end: int) -> bool:
    """Whether a currency word follows a name ending at `end` ("the US dollar exchange rate"):
    `_currency_after` matches there. One space and a letter no currency word starts with
    decide it alone, as they do after most names."""
    nxt = text[end:end + 2]
    if nxt[:1] == " " and nxt[1:].isalpha() and nxt[1:].casefold() not in _currency_initials():
        return False
    return _space_next(text, end) and _currency_after().match(text, end) is not None


def _plausible(surface: str, toks: list[Token], first: int, last: int,
               stop: frozenset[str]) -> bool:
    """Not a stop word, not an acronym-like fragment."""
    light = toks[first].light if first == last else " ".join(
        t.light for t in toks[first:last + 1])
    letters = len(surface) if surface.isalpha() else sum(map(str.isalpha, surface))
    if letters < 3 and first == last and not surface.isupper():
        return False  # "La", "Al": fragments, not places
    if surface.endswith("s") and _ACRONYM_PLURAL.match(surface):
        return False  # "MPs", "NGOs"
    if letters <= 3 and surface.isupper():
        # short all-caps tokens are usually acronyms (UN, ISIS); allow the countries' own
        # (data/country_aliases.csv: UK, US, DRC, CAR, ...) and the EU
        return light.replace(" ", "") in capitals_country_codes()
    return light not in stop


def _area_names(text: str, toks: list[Token], chunks: list[tuple[int, int]]
                ) -> Iterable[tuple[int, int, bool]]:
    """Token ranges of name chunks marked as places by a head or cue word.

    Yields (first, last, has_head): has_head when the name starts with a generic head word
    ("Jabal", "Wadi", "Mount") and so is one name however its parts match the gazetteer.
    """
    heads, after = _area_words()
    for c0, c1 in chunks:
        first, last = c0, c1 - 1
        if toks[last].generic:
            if last == first:
                continue
            has_after = toks[last].light in after
            last -= 1
        else:
            has_after = _word_after_in(text, toks[last].end, after)
        has_head = toks[first].light in heads and last > first
        w0 = max(0, toks[first].start - 30)
        bracketed = _opens_bracket(text, toks[last].end) and bool(
            _LOCATIVE_END.search(text, w0, toks[first].start))
        if has_head or has_after or bracketed or _may_follow_area_word(
                text, w0, toks[first].start) and _area_before().search(
                text, w0, toks[first].start):
            yield first, last, has_head


def _cued_names(text: str, toks: list[Token], chunks: list[tuple[int, int]],
                areas: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Name chunks right after "near"/"in" that are no named area (first, last token,
    False): a place the gazetteer lacks ("near Bolotene") is then
    kept, coded to what is named beside it or to its document's country, not lost. Not a
    chunk that starts with a stop word ("in March", "in Shiite areas") or is in capitals only
    ("in PD")."""
    seen = {first for first, _, _ in areas}
    stop = stopwords()
    out: list[tuple[int, int, bool]] = []
    for c0, c1 in chunks:
        start = toks[c0].start
        if c0 in seen or not _may_end_unknown_cue(text, start) or \
                not _UNKNOWN_CUE.search(text, max(0, start - 8), start):
            continue
        if toks[c0].light in stop or text[start:toks[c1 - 1].end].isupper():
            continue
        out.append((c0, c1 - 1, False))
    return out


@lru_cache(maxsize=1)
def _level_words() -> frozenset[str]:
    """Single words that name a kind of place after a name (admin levels, "city", "area"):
    never the second half of a one-word name written as two."""
    cue = cues()
    return frozenset(w[0] for key in ("admin1_after", "admin2_after", "city_after",
                                      "area_after") for w in cue[key] if len(w) == 1)


@lru_cache(maxsize=1)
def _area_words() -> tuple[frozenset[str], frozenset[str]]:
    """The head words that start a named area ("jabal") and the words after one ("area")."""
    cue = cues()
    return frozenset(h[0] for h in cue["area_heads"]), frozenset(a[0] for a in cue["area_after"])


def _past_area_word(gap: str) -> str:
    """The gap between an unknown place and the next name without the area word that opens
    it: "sub-county (" -> "(", "taluka (" -> "(", "locality of" -> "of"."""
    word, _, rest = gap.partition(" ")
    if rest and word in _area_words()[1]:
        return rest
    for punct in (",", "("):
        if gap.endswith(punct) and gap[:-1].strip() in _area_words()[1]:
            return punct
    return gap


@lru_cache(maxsize=8)
def _first_two(words: frozenset[str]) -> frozenset[str] | None:
    """The first two letters of each of `words`, or None if one is shorter (no shortcut)."""
    return frozenset(w[:2] for w in words) if all(len(w) >= 2 for w in words) else None


def _word_after_in(text: str, end: int, words: frozenset[str]) -> bool:
    """Whether the word after `end`, past spaces and hyphens, is one of `words` (lowercase).
    `_AFTER_WORD` needs a space or hyphen first: most names are followed by neither."""
    if text[end:end + 1] not in (" ", "-"):
        return False
    two = text[end + 1:end + 3]  # the first two letters of the word, after one space or hyphen
    first_two = _first_two(words)
    if first_two is not None and two.isascii() and two[:1] not in (" ", "-") and \
            two.lower() not in first_two:
        return False  # (a word of one letter, or none, is no word of `words` either)
    nxt = _AFTER_WORD.match(text, end)
    return bool(nxt and nxt.group(1).lower() in words)


def _opens_bracket(text: str, end: int) -> bool:
    """`_OPEN_BRACKET` matches at `end`, read from the next two characters where they alone
    decide: most names are followed by one space and a word."""
    nxt = text[end:end + 2]
    if nxt[:1] == "(" or nxt == " (":
        return True
    if nxt[:1] == " " and not nxt[1:].isspace():
        return False  # one space, then neither a bracket nor more space (nor the text's end)
    return _space_next(text, end) and _OPEN_BRACKET.match(text, end) is not None


def _may_follow_area_word(text: str, start: int, end: int) -> bool:
    """Whether `_area_before` can match text[start:end]: in ASCII text its phrases ("village
    of") must end the window, before some whitespace; a cheap test that spares the regex
    before nearly every name. Other texts always go to the regex (case rules beyond ASCII)."""
    if not text.isascii():
        return True
    window = text[start:end]
    tail = window.rstrip()
    return len(tail) < len(window) and tail.lower().endswith(_area_before_last_words())


@lru_cache(maxsize=1)
def _area_before_last_words() -> tuple[str, ...]:
    """The last words of the `area_before` phrases ("of")."""
    return tuple(sorted({p[-1] for p in cues()["area_before"]}))


@lru_cache(maxsize=1)
def _area_before() -> regex.Pattern[str]:
    """'the village of ', 'town of ' right before a name. Searched from the end (the match
    must end there), which fails at once where the text before the name is something else."""
    phrases = sorted((" ".join(p) for p in cues()["area_before"]), key=len, reverse=True)
    return regex.compile(r"(?r)\b(?:" + "|".join(regex.escape(p) for p in phrases) + r")\s+$",
                         regex.IGNORECASE)


_WINDOW_WORD = regex.compile(r"[\w'’]+")  # \w with marks, as the name chunks see words
# What may stand between a place and the larger area that contains it: "Goniri (Gujba LGA,
# Borno)", "Azgard area of Shinwari district, Parwan", "Dunda in Uttarakhand": punctuation and
# at most two lowercase words ("sector area (", "villages in").
# between two places listed together: "Homs and Hama", "Idlib, Hama and Aleppo"
def _destination(gap: str) -> bool:
    """Whether the words between two names end with one that makes the second a destination
    (cue list `destination_before`): "... safe passage to", "... heading towards"."""
    words = [w for w in fold.light_key(gap).split() if w not in ("the", "a", "an")]
    return bool(words) and (words[-1],) in cues()["destination_before"]


_LIST_GAP = regex.compile(r"\s*,?\s*(?:and|or|&|as well as)\s+(?:the\s+)?")
# between a place and its country named right after it: "Doha, Qatar", "Gao (Mali)"
_COUNTRY_AFTER_GAP = regex.compile(r"\s*(?:,|\(|\bin)\s*(?:the\s+)?")
_HIERARCHY_GAP = regex.compile(
    r"^[\s,(\-]*(?:[a-z][a-z\-]*[\s,)(]*){0,2}(?:(?:in|of|near)\s+(?:the\s+)?)?[\s,(]*$")


_LOWER_RUN = re.compile(r"-*[a-z][a-z\-]*")  # a run of lowercase letters and hyphens


@lru_cache(maxsize=4096)
def _hierarchy_gap(gap: str) -> bool:
    """Whether `_HIERARCHY_GAP` matches a gap between two names; cached, as a few gaps (", ",
    " (", " and ") make up most of them. A gap of five lowercase runs or more ("said the army
    had attacked") fails at once: the pattern reads at most four (two words, "in", "the"),
    and finding that out costs it a long backtrack."""
    if len(_LOWER_RUN.findall(gap)) > 4:
        return False
    return _HIERARCHY_GAP.match(gap) is not None


# "Williamsville neighbourhood of Abidjan", "El Refugio (Ahuachapan)": a part of a town (not
# "Belgorod and parts of Kharkiv" or "in Berlin instead of Moscow")
_PART_OF_GAP = regex.compile(
    r"\s+(?:neighbou?rhood|district|quarter|suburbs?|outskirts|camp|area|sector|village)\s+"
    r"of\s+(?:the\s+)?$|\s*\(\s*$")
# "in Al Krimiyah (Aljfara)": a name introduced by a locative word and followed by brackets
_OPEN_BRACKET = regex.compile(r"\s*\(")
_UNKNOWN_CUE = regex.compile(r"\b(?:in|near)\s+$")


def _may_end_unknown_cue(text: str, start: int) -> bool:
    """Whether `_UNKNOWN_CUE` can match before `start`: whitespace there, and before it more
    whitespace or the last letter of "in"/"near" (a cheap test that spares most searches)."""
    if start < 3 or not text[start - 1].isspace():
        return False
    last = text[start - 2]
    return last in "nr" or last.isspace()
_LOCATIVE_END = regex.compile(r"\b(?:in|at|near|of|outside)\s+$", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _quarter_cues() -> tuple[frozenset[str], frozenset[str]]:
    c = cues()
    return (frozenset(" ".join(w) for w in c["quarter_before"]),
            frozenset(" ".join(w) for w in c["quarter_after"]))


def _city_closes(toks: list[Token], i: int) -> bool:
    """Whether token i is a capitalised "City" that closes its chunk: "Zahle City", "Baalbek
    City" name the town the gazetteer calls Zahle, as "Zahle city" does, where no gazetteer
    name takes the word in (a key of "Calamba City" or "Kuwait City" is the longer match)."""
    return toks[i].light == "city" and (i + 1 == len(toks) or toks[i + 1].chunk != toks[i].chunk)


def _office_of_the_place(text: str, tok: Token) -> bool:
    """Whether a capitalised word after a place name is an office of that place ("Van
    Governor's Office", "Kandahar Police"): the place is no part of a longer name then, but
    where the office acts (data/cues.yaml `office_after`)."""
    return _is_office_word(text[tok.start:tok.end].lower())


def _is_office_word(word: str) -> bool:
    """ "governor", "governor's", "police" (data/cues.yaml `office_after`)."""
    return word.removesuffix("'s").removesuffix("’s") in _office_words()


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    return frozenset(" ".join(w) for w in cues().get("office_after") or ())


def _name_goes_on(text: str, toks: list[Token], last: int) -> bool:
    """Whether the capitalised word after a place name (token `last`) continues that name
    ("Luhansk People's Militia", "Kerman Coal Mine Company", "Misrata Municipal Council"), not
    an admin word closing it ("Faskari LGA", "Guma District (Benue)") or a larger place it is
    "of" ("Lida of the Grodno region")."""
    nxt = toks[last + 1]
    if nxt.light in GENERIC_WORDS:
        return False
    if (nxt.light,) in _admin_words():
        closes = last + 2 >= len(toks) or toks[last + 2].chunk != nxt.chunk
        return not (closes or text[nxt.end:nxt.end + 2].lstrip().startswith(("(", ",")))
    return text[nxt.start:nxt.end] != "of"


@lru_cache(maxsize=1)
def _admin_words() -> frozenset[tuple[str, ...]]:
    c = cues()
    return frozenset(c["admin1_after"]) | frozenset(c["admin2_after"])


def _in_a_quarter(toks: list[Token], i: int) -> bool:
    """Whether token i's name chunk starts with a quarter word ("Colonia", "Barangay")."""
    head = i
    while head > 0 and toks[head - 1].chunk == toks[i].chunk:
        head -= 1
    return toks[head].light in _quarter_cues()[0]


def _only_articles(gap: str) -> bool:
    """Whether the text between a cue word and a name holds nothing but spaces, "the" and
    Arabic articles (the window skips them: "in el Hermel", "in El Fasher", "in the Donbas").
    Articles that are English words too ("at", "as", "an") count only joined by a hyphen
    ("at-Tall"): "a spokesman at Kandahar hospital" is no person cue, "in an Iskander strike"
    no place cue."""
    if not gap.strip(" -"):
        return True
    if _GAP_ARTICLES.fullmatch(gap) is None:
        return False
    return all(w == "the" or w.lower() in fold.ARTICLES and (
        w.lower() not in _ENGLISH_ARTICLES or hyphen) for w, hyphen in _GAP_WORD.findall(gap))


# An Arabic article written before a name ("El Fasher", "al-Bab"), which the fold leaves out.
_ARTICLE_BEFORE = regex.compile(r"(?<!\p{L})(?:" + "|".join(sorted(fold.ARTICLES)) + r")[ \-]\Z",
                                regex.IGNORECASE)
_ARTICLE_ENDS = frozenset(a[-2:] for a in fold.ARTICLES)


def _article_before(text: str, start: int) -> regex.Match[str] | None:
    """`_ARTICLE_BEFORE` right before `start`, searched only when a space or hyphen and the last
    two letters of an article precede `start` (casefolded, which the regex's case-insensitive
    match implies): most names follow "in", "of", "the" or punctuation, which it spares."""
    if start < 3 or text[start - 1] not in " -" or \
            text[start - 3:start - 1].casefold() not in _ARTICLE_ENDS:
        return None
    return _ARTICLE_BEFORE.search(text, max(0, start - 5), start)


_POSSESSIVE = regex.compile(r"['’]s\b")
# (a possessive after the comma starts a clause, not a list item: "..., Mozambique's ministry")
_LOCATIVE_BEFORE = regex.compile(r"\b(?:in|at|near|outside|into|across)\s+$",
                                 regex.IGNORECASE)  # "in Jackson": a place, the surname aside
_LIST_ITEM_BEFORE = regex.compile(r"\p{Lu}[\p{L}'’-]*,?\s+(?:and|or)\s+$")  # "Misseriya and "
_LIST_GOES_ON = regex.compile(r",?\s+(?:and|or)\s+\p{Lu}|,\s*\p{Lu}(?![\w-]*['’]s\b)")
# Cue words that still make a place cue with "the" between them and the name.
_BEFORE_THE = frozenset({"in", "into", "across", "throughout"})
_GAP_ARTICLES = regex.compile(r"(?:\s*[a-zA-Z][a-z]*+-?)++\s*")  # "in al-Bab", "in El Fasher"
_GAP_WORD = regex.compile(r"([a-zA-Z][a-z]*)(-?)")
_ENGLISH_ARTICLES = frozenset({"at", "as", "an", "en", "et", "ed", "es", "er"})


_PLAIN_WORD = regex.compile(r"[\w'’-]+")


def _says_a_quarter_word(text: str) -> bool:
    """Whether any quarter cue word occurs in the text at all (most texts have none)."""
    low = text.lower()
    return any(w in low for w in _quarter_words())


@lru_cache(maxsize=1)
def _quarter_words() -> tuple[str, ...]:
    before, after = _quarter_cues()
    return tuple(sorted(before | after))


_SENTENCE_BREAK = regex.compile(r"[.;!?\n]")


def _ends_clause(gap: str) -> bool:
    """Whether `gap` holds what ends the span a mention links to others in (".", ";", ":" or
    a line break); four substring tests cost less than a regex call on these short gaps."""
    return "." in gap or ";" in gap or ":" in gap or "\n" in gap


# between a quarter and the town it is part of: "neighbourhood of", ", ", "in"
_QUARTER_OF = regex.compile(r"\s*(?:(?:neighbou?rhoods?|quarter|square|barrio)\s+)?"
                            r"(?:of\s+|in\s+|,\s*)(?:the\s+)?$", regex.IGNORECASE)
_WORD_AFTER = regex.compile(r"\s+(\w+)")


# The first two words after a mention and what precedes the first (a scan of the window would
# find the same words): one match instead of a scan.
_TWO_WORDS = regex.compile(r"([^\w'’]*+)([\w'’]++)(?:[^\w'’]*+([\w'’]++))?")
# the same for ASCII text, for the standard re (a third of the regex module's cost per call)
_TWO_WORDS_ASCII = re.compile(r"([^\w']*+)([\w']++)(?:[^\w']*+([\w']++))?")
_WINDOW_WORD_BACK = regex.compile(r"(?r)[\w'’]+")  # the same words, found from the end
# _WINDOW_WORD's characters in ASCII text
_ASCII_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'")


def _word_before(text: str, lo: int, hi: int) -> tuple[int, int]:
    """(start, end) of the last word of text[lo:hi], as _WINDOW_WORD_BACK finds it (a word cut
    by `lo` is cut there), or (-1, -1). Called again with `hi` at that start, it gives the word
    before, as the regex's scan would. ASCII text is scanned by hand: the compiled loop over
    the few characters needed costs a fraction of a regex call."""
    if not text.isascii():
        w = _WINDOW_WORD_BACK.search(text, lo, hi)
        return (w.start(), w.end()) if w is not None else (-1, -1)
    i = min(hi, len(text))  # a window may reach past the text's end, as a regex's may
    while i > lo and text[i - 1] not in _ASCII_WORD_CHARS:
        i -= 1
    if i <= lo:
        return -1, -1
    end = i
    while i > lo and text[i - 1] in _ASCII_WORD_CHARS:
        i -= 1
    return i, end



def words_after(text: str, start: int, end: int) -> tuple[str, tuple[str, ...]]:
    """The text before the first word of text[start:end], and its first two words (lowercase;
    a word cut by the window's edge is cut the same way)."""
    m = (_TWO_WORDS_ASCII if text.isascii() else _TWO_WORDS).match(text, start, end)
    if m is None:
        return "", ()
    first, second = m.group(2).lower(), m.group(3)
    return m.group(1), (first,) if second is None else (first, second.lower())


# Characters that are neither words, spaces nor hyphens: one of them right next to a mention
# puts punctuation between it and any cue word on that side ("Idlib, province", "(Idlib"), so
# that side holds no cue; checking it spares the window's regex scans.
_PUNCTUATION_NEXT = frozenset(',.;:()[]"“”/!?')


def _level_after_a_list(text: str, end: int) -> set[str]:
    """ "Homs and Hama provinces": the plural level word after "A and B" names both areas
    (the plurals of data/cues.yaml `admin1_after` / `admin2_after`); "the Misseriya and Salamat
    tribes" makes both kin groups (cue list `kin_groups_after_a_list`)."""
    pattern, levels = _level_list_after()
    found = pattern.match(text, end)
    return {levels[found.group(1).lower()]} if found else set()


def _plural_of(word: str, words: set[str]) -> bool:
    """Whether `word` is the plural of one of `words` ("provinces", "counties", "LGAs")."""
    return word.endswith("s") and (word[:-1] in words or word.endswith("ies")
                                   and word[:-3] + "y" in words)


@lru_cache(maxsize=1)
def _level_list_after() -> tuple[regex.Pattern[str], dict[str, str]]:
    c = cues()
    levels: dict[str, str] = {}
    for level in ("admin1", "admin2"):
        words = {w[0] for w in c[f"{level}_after"] if len(w) == 1}
        levels.update({w: level for w in words if _plural_of(w, words)})
    levels.update({w[0]: "kin" for w in c["kin_groups_after_a_list"] if len(w) == 1})
    # the level word in any case ("LGAs"); the names before it capitalised
    return regex.compile(r"\s+and\s+(?:\p{Lu}[\p{L}'’-]*\s+){1,3}((?i:"
                         + "|".join(sorted(map(regex.escape, levels), key=len, reverse=True))
                         + r"))\b"), levels


def _name_and_comma_before(text: str, start: int, name_ends: set[int]) -> bool:
    """Whether a name token ends right before a comma and spaces that end at `start`
    ("Huanuquillo, |Junin")."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1] == "," and i - 1 in name_ends


def _cue_words_after(text: str, end: int) -> tuple[str, ...]:
    """The first two words after a mention ending at `end` (40-character window), or () when
    anything but spaces and hyphens stands before the first: "Idlib, province" or "Idlib
    (city)" is no cue."""
    if text[end:end + 1] in _PUNCTUATION_NEXT:
        return ()  # the gap words_after would find starts with it: no cue (and the common case)
    gap, after = words_after(text, end, end + 40)
    if gap.strip(" -"):
        return ()
    if after and after[0].endswith(("'s", "’s")):
        return (after[0][:-2],)  # "Lakes state's Cueibet County": the cue ends the phrase
    return after


def _cue_words_before(text: str, start: int, edge: frozenset[str]) -> tuple[tuple[str, ...], int]:
    """The words a cue before a mention starting at `start` may end with, in text order
    (articles skipped; 50-character window), and where the last of them starts.

    Only the word next to the name counts, and only with nothing but articles between ("in
    el Hermel"; not "in, Hermel"): () otherwise. When that word can end a cue of several words
    (`edge`: "of", "on"), the three before it come too; else it alone, which is all a one-word
    cue ("in") or a direction ("southern X") needs."""
    if start and text[start - 1] in _PUNCTUATION_NEXT:
        return (), 0  # punctuation right before the name fails _only_articles
    words: list[str] = []
    last_start = 0
    the = False
    lo, hi = max(0, start - 50), start
    while True:
        w_start, w_end = _word_before(text, lo, hi)
        if w_start < 0:
            break
        hi = w_start
        word = text[w_start:w_end].lower()
        if word in fold.ARTICLES:
            continue
        if word == "the" and not words:
            the = True
            continue
        if not words:
            gap = text[w_end:start]  # mostly one space (what _only_articles allows first)
            if gap != " " and not _only_articles(gap) or the and word not in _BEFORE_THE:
                return (), 0  # "in the Donbas"; not "of the Balanda", "outside the Saray"
            last_start = w_start
            if word not in edge:
                return (word,), last_start
        words.append(word)
        if len(words) == 4:
            break
    return tuple(reversed(words)), last_start


def _space_next(text: str, end: int) -> bool:
    """Whether the character at `end` may be whitespace: False only for the end of the text,
    letters, digits and plain punctuation, so a pattern that starts with whitespace
    cannot match there and need not be tried."""
    nxt = text[end:end + 1]
    return not (not nxt or nxt.isalnum() or nxt in _PUNCTUATION_NEXT)


def _in_brackets_after(text: str, end: int) -> bool:
    """`_IN_BRACKETS` matches at `end` ("X (Y, Z)"), read from the next one or two characters
    where they alone decide (most names are followed by one space and a word)."""
    nxt = text[end:end + 2]
    if nxt[:1] in (",", ")"):
        return True
    if nxt[:1] == " " and nxt[1:] not in (",", ")") and not nxt[1:].isspace():
        return False
    return _space_next(text, end) and _IN_BRACKETS.match(text, end) is not None


def last_word(text: str, start: int, end: int, skip: frozenset[str]
              ) -> tuple[str, int, int] | None:
    """The last word of text[start:end] not in `skip` (lowercase) with its span, or None;
    found from the end, as cue windows need the word next to a name first."""
    while True:
        w_start, w_end = _word_before(text, start, end)
        if w_start < 0:
            return None
        word = text[w_start:w_end].lower()
        if word not in skip:
            return word, w_start, w_end
        end = w_start


def last_words(text: str, start: int, end: int, n: int, skip: frozenset[str]
               ) -> tuple[str, ...]:
    """The last `n` words of text[start:end] not in `skip`, lowercase, in text order."""
    words = [x for x in map(str.lower, _WINDOW_WORD.findall(text, start, end)) if x not in skip]
    return tuple(words[-n:])


_ACRONYM_PLURAL = regex.compile(r"\p{Lu}{2,}s$")
_IN_BRACKETS = regex.compile(r"\s*[,)]")  # "X (Y, Z)": Y and Z are admin areas of X
# "(Poonch district, J&K)": a place abroad before it is recoded to the state; not in brackets
# right after it, where a state of another country is the likelier reading ("Nashville (TN)")
_STATE_AFTER = regex.compile(r"\s*,\s*")
# "(Salem, TN)", "Pratapgarh (UP)": a namesake in that state is taken (same country only)
_STATE_BESIDE = regex.compile(r"\s*[,(]\s*")
# what opens such an apposed area, a dropped article included: "Watiyah (An Nuqat al Khams)"
_APPOSED_BEFORE = regex.compile(r"[(,]\s*(?:(?:an|al|el|the)\s+)?$", regex.IGNORECASE)
_AFTER_WORD = regex.compile(r"[ \-]+(\w+)")
