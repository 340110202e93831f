"""One document -> ACLED-style event records, every field tied to the span it came from.

Shape of the work (all regex/automaton passes over the whole text, then cheap assembly):

1. split into sentences (offsets kept);
2. find mentions: triggers, actors, places, dates, harm, sources, hedges, tags;
3. drop triggers inside warnings/denials/legal characterisations and inside running totals;
4. each sentence with triggers becomes a *frame* (its triggers, places, date, actors, harm);
5. frames become events ACLED's way: one incident per place per day (a sentence listing
   "X and the town of Y" makes one per place); frames without a specific place join the first
   placed incident of the same day, or make their own event when they describe something else
   (night fighting on the front lines while towns are bombed);
6. running totals (harm with new=False) and displacement become `cumulative` records, never
   added to incidents; agreements and other non-violent developments become `context` records.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import re
import sys
import threading
import weakref
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import accumulate, chain, islice
from typing import Any

from conflictwatch.extract import actors as actors_mod
from conflictwatch.extract.attribution import (
    _hedge_matcher,
    find_hedges,
    find_sources,
    hedge_sources,
    suppresses,
)
from conflictwatch.extract.dates import names_weekday
from conflictwatch.extract.events import (
    FAMILY_OF_TYPE,
    Classification,
    classify,
    family,
    find_triggers,
)
from conflictwatch.extract.events import _matcher as _trigger_matcher
from conflictwatch.extract.lexicon_files import folded_text
from conflictwatch.extract.places import find_place_candidates
from conflictwatch.extract.tags import TACTIC_TAGS, TagMention, find_tags
from conflictwatch.extract.tags import _matcher as _tag_matcher
from conflictwatch.records import (
    Actor,
    ActorMention,
    DateMention,
    Document,
    Event,
    EventDate,
    Evidence,
    Harm,
    HarmMention,
    HedgeMention,
    Location,
    PlaceMention,
    Source,
    SourceMention,
    TriggerMention,
    haversine_km,
)

Geoparse = Callable[[str], list[PlaceMention]]
BySentence = dict[str, dict[int, list[Any]]]

# A running total over at most this many days, with no other figure, is the episode's toll
SHORT_PERIOD_DAYS = 7
AGREE_KM = 50  # places this close agree on where a text is (_Support)
# a degree of latitude is over 111 km (haversine_km's sphere): points further apart than this
# in latitude alone are more than AGREE_KM apart, and _Support skips their great-circle distance
AGREE_LAT_DEGREES = AGREE_KM / 100
# Sub-types that are not incidents on the ground: they become `context` records.
CONTEXT_SUBTYPES = frozenset(
    {
        "Agreement",
        "Change to group/activity",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Other",
    }
)
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "capt",
        "maj",
        "sgt",
        "st",
        "no",
        "vs",
        "jr",
        "sr",
        "u.s",
        "u.n",
        "prof",
        "gov",
        "sen",
        "rep",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "approx",
        "est",
        "fig",
        "e.g",
        "i.e",
        "etc",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# ".!?" before a capital, or newlines. Every branch starts with the one leading class (the
# branches then look back at it), so the regex engine skips ahead to those characters instead
# of trying every position.
_SENT_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|(?<=\n)\n*)")
# the word a full stop ends ("Gen.", "U.S."): a search bounded by pos/endpos, which this
# pattern (no lookbehind; "$" matches at endpos) reads exactly like the same slice of the text
_WORD_BEFORE_STOP = re.compile(r"([\w.]+)\.$")
_SAME_DAY_WORDS = frozenset(
    {
        "tonight",
        "today",
        "this morning",
        "this afternoon",
        "this evening",
        "overnight",
        "last night",
    }
)
_COORD_GAP = re.compile(
    r"^\s*(?:(?:area|district|town|village|city|province|region|neighbou?rhood)s?\s*)?"
    r"(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?"
    r"(?:(?:towns?|villages?|city|cities|areas?|districts?|neighbou?rhoods?)\s+of\s+)?$",
    re.IGNORECASE,
)
_BY_BEFORE = re.compile(
    r"\b(?:by|from)\s+(?:the\s+|a\s+|an\s+|some\s+|suspected\s+|alleged\s+)?"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "two soldiers were killed in clashes with PKK militants", "a trafficker was killed after
# exchanging fire with police": when everyone named before the trigger suffered it, the
# other side of the fight is who acted
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}\Z", re.IGNORECASE)
_REPEL = re.compile(
    r"\b(?:repel(?:led|s)?|repuls(?:ed|es|e)|fought off|fend(?:ed|s)? off|foiled|thwarted|"
    r"beat back|pushed back|drove back|drove off)\b", re.IGNORECASE)
_SUBJECT_GAP = re.compile(r"(?:\s+\w+){0,2}\s+")
# a `_REPEL` match starts with one of these (as `folded_text` has it)
_REPEL_STEMS = ("repel", "repuls", "fought off", "fend", "foiled", "thwarted", "beat back",
                "pushed back", "drove back", "drove off")
_HARM_VERB_FIRST = re.compile(r"(?:\w+ed|\w+ing|shot|slain|slew|hit)\b", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|got|get)\b", re.IGNORECASE)
_CROWD = re.compile(
    r"\b(?:villagers|residents|locals|youths?|crowd|mob|students|supporters|"
    r"community members|inhabitants|relatives|neighbou?rs)\b",
    re.IGNORECASE,
)
# "a police raid", "a military operation": the force named as a modifier is the one acting
_AGENT_MODIFIER = re.compile(r"\s+(?:raids?|operations?|crackdown|shooting|fire|custody|patrol)\b")
# where a speaker spoke, not where anything happened: "a UN spokesman told reporters in Geneva"
_SPOKEN_IN = re.compile(
    r"\b(?:said|says|told|speaking|spoke|announced|briefing|statement|(?:news|press) conference)"
    r"\b[^.;,]{0,30}\b(?:in|from|at)\s+$", re.IGNORECASE)


# "..., police said Thursday": the day of the report, not of the event
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told [A-Z]\w*|reported|announced|added|confirmed|stated)\s+(?:on\s+)?$"
)
_SUSPECTS = re.compile(
    r"suspect|criminal|robber|thie|traffick|detainee|prisoner|dealer", re.IGNORECASE
)
# ACLED counts security personnel off duty, retired or former as civilians when attacked
_NOT_SERVING = re.compile(
    r"\boff[- ]duty\b|\b(?:(?:former|retired)\s+|ex-)(?:[\w-]+\s+){0,2}?"
    r"(?:police(?:man|men|woman)?|(?:police |military |army )?officers?|soldiers?|"
    r"servicem[ae]n|guards?|bodyguards?|militia(?:man|men)?|combatants?|fighters?)\b",
    re.IGNORECASE,
)
_RESPONSE = re.compile(
    r"\b(?:returned|fired back|responded|reacted|retaliated|in response|in retaliation)\b",
    re.IGNORECASE,
)
# a victim said to be in a gang or in the drug trade is an armed actor (ACLED: gang violence);
# only "the victim(s)" or "the deceased" as subject (a "they" may be the attackers)
_GANG_VICTIM = re.compile(
    r"\b(?:victims?|deceased)\s+(?:was|were|had\s+been)\s+(?:allegedly\s+|reportedly\s+)?"
    r"(?:(?:involved|implicated|active)\s+in\s+(?:a\s+|the\s+)?(?:gangs?|drug\s+trafficking|"
    r"drug\s+trade|cartels?)\b|(?:an?\s+)?(?:alleged\s+)?(?:gang|cartel)\s+members?\b)"
    r"|\b(?:victims?|deceased)\s+had\s+(?:criminal\s+)?(?:charges|a\s+(?:criminal|police)\s+"
    r"record)\b[^.;]{0,60}?\b(?:drug\s+trafficking|drug\s+dealing|gang)\b",
    re.IGNORECASE,
)
_UNSURE_BEFORE = re.compile(r"\b(?:if|whether|not|unclear)\b[^.;]{0,20}$", re.IGNORECASE)


def _says_any(text: str, words: tuple[str, ...]) -> bool:
    """A plain substring test before a regex that needs one of `words` (most texts have none:
    the test costs far less than the regex's scan)."""
    low = text.lower()
    return any(w in low for w in words)


def _spoken_in(text: str, start: int) -> bool:
    """Whether `_SPOKEN_IN` matches right before `start`. Its match ends in "in", "from" or
    "at" and then whitespace, so a place after anything else is not looked at further (no
    other character matches n, m or t case-insensitively)."""
    window = max(0, start - 60)
    if start == window or not text[start - 1].isspace():
        return False
    stem = text[window:start].rstrip()
    if not stem or stem[-1] not in "nNmMtT":
        return False
    return bool(_SPOKEN_IN.search(text, window, start))


_SERVICE_WORDS = ("duty", "former", "retired", "ex-")


def _not_serving(text: str, victims: list[tuple[int, int]]) -> bool:
    """Whether the text calls a victim off duty, retired or former forces, right at the
    victim's mention ("a former soldier", "an officer who was off duty"; not "former rebels
    attacked soldiers", and "not clear if he was off duty" is no such statement)."""
    if not _mentions(text, _SERVICE_WORDS):
        return False
    for start, end in victims:
        window = text[max(0, start - 12) : end] + text[end : end + 60].split(".")[0]
        if not _says_any(window, _SERVICE_WORDS):
            continue
        if any(not _UNSURE_BEFORE.search(window, max(0, m.start() - 25), m.start())
               for m in _NOT_SERVING.finditer(window)):
            return True
    return False


_GANG_WORDS = ("gang", "traffick", "cartel")


def _gang_victims(text: str) -> bool:
    """Whether the text says the victims are in a gang or the drug trade (`_GANG_VICTIM`)."""
    return _says_any(text, _GANG_WORDS) and bool(_GANG_VICTIM.search(text))


@lru_cache(maxsize=8)
def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """`_says_any` for a whole document, remembered: when the document has none of the words,
    no part of it has (lower-casing goes character by character), so the tests that need
    them (`_gang_victims`, `_not_serving`) are skipped for each of its drafts."""
    return _says_any(text, words)


_FIREARMS = re.compile(
    r"\bshot\b|shoot|\bguns?\b|gunm[ae]n|firearms?|drive-by|\barmed\b", re.IGNORECASE
)
_PLURAL_PEOPLE = re.compile(
    r"(?:people|persons|men|kin|relatives|family|families|villagers|"
    r"residents|youths|students|neighbou?rs|traders|vendors|sellers|employees|"
    r"labou?rers|volunteers|citizens|settlers|migrants|passengers)$",
    re.IGNORECASE,
)
_SUBSET_BEFORE = re.compile(
    r"(?:including|among them|among whom|of whom|of them)\s*$", re.IGNORECASE
)


# --------------------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering the text, split at .!? before a capital or newline."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        found, at = m.group(), m.start()
        if found[0] == "." and "\n" not in found:
            prev = _WORD_BEFORE_STOP.search(text, max(start, at - 12), at + 1)
            if prev and (prev.group(1).lower() in _ABBREV or len(prev.group(1)) == 1):
                continue
        end = at + 1 if found[0] != "\n" else at
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------- components


def _components() -> tuple[
    Callable[..., list[HarmMention]], Callable[..., list[DateMention]], Callable[[str], date | None]
]:
    """The harm/date finders (written in parallel; absent ones behave as finding nothing)."""
    try:
        from conflictwatch.extract.harm import find_harm
    except ImportError:  # pragma: no cover - only while the module is missing

        def find_harm(text: str, published: date | None = None) -> list[HarmMention]:
            return []

    try:
        from conflictwatch.extract.dates import find_dates, infer_publication_date
    except ImportError:  # pragma: no cover

        def find_dates(text: str, published: date | None = None) -> list[DateMention]:
            return []

        def infer_publication_date(text: str) -> date | None:
            return None

    return find_harm, find_dates, infer_publication_date


@dataclass
class Mentions:
    """Everything found in one document, in text order."""

    sentences: list[tuple[int, int]]
    triggers: list[TriggerMention]
    actors: list[ActorMention]
    places: list[PlaceMention]
    dates: list[DateMention]
    harm: list[HarmMention]
    sources: list[SourceMention]
    hedges: list[HedgeMention]
    tags: list[TagMention]
    focus: actors_mod.Focus
    published: date | None


@cache
def _lexicon_matchers() -> None:
    """Create the lexicon matchers before the first document is scanned: they share one
    automaton (`lexicon_files._SharedScan`), built once all have joined instead of again
    for each one that joins later."""
    actors_mod._matchers()
    _hedge_matcher()
    _trigger_matcher()
    _tag_matcher()


def find_mentions(text: str, published: date | None, geoparse: Geoparse | None) -> Mentions:
    """Run every component over the text once."""
    _lexicon_matchers()
    find_harm, find_dates, _ = _components()
    sentences = split_sentences(text)
    places = _geoparse(geoparse, text) if geoparse is not None else find_place_candidates(text)
    focus = actors_mod.document_focus(text, _place_votes(places))
    actor_mentions = actors_mod.find_actors(text, focus.country)
    hedges = find_hedges(text, sentences)
    hedge_sources(text, hedges, sentences)
    sources = find_sources(text, sentences, hedges)
    dates = find_dates(text, published)
    harm = find_harm(text, published)
    triggers = find_triggers(text)
    return Mentions(
        sentences,
        triggers,
        actor_mentions,
        places,
        dates,
        harm,
        sources,
        hedges,
        find_tags(text),
        focus,
        published,
    )


def _geoparse(geoparse: Geoparse, text: str) -> list[PlaceMention]:
    """Places, with the home country of the named groups in the text as the geoparser's
    hint when they agree ("GNA and LNA forces clashed in Ayn Zarah": Libya)."""
    hint = actors_mod.group_country(text)
    if hint is None or not _takes_hint(geoparse):
        return geoparse(text)
    return geoparse(text, country_hint=hint)  # type: ignore[call-arg]


# How many documents `geoparse_ahead` reads at once: geoparsing a few dozen texts in a row,
# then extracting them, keeps each stage's data in the processor's caches. On the benchmark
# corpus (alternating slices in one process, three runs) geocoding added +16-21 % to
# extraction's time 32 documents ahead, +14-19 % 64 ahead, +14-16 % 128 ahead, and 25-36 % one
# document at a time (see docs/performance.md). actors._named_groups caches as many texts.
GEOPARSE_AHEAD = 64


def geoparse_ahead(docs: Iterable[Document], geoparse: Geoparse) -> Geoparse:
    """A geoparser for extracting these documents that has already geoparsed them, one after
    the other, exactly as `extract_document` would (the same masked text, the same hint).

    Asked for a text it read ahead, it hands over those places once; any other text goes to
    `geoparse` itself: one whose geoparse failed ahead (so that the error is raised again for
    its own document), and those after it, which are not read ahead. Corpus loops take
    GEOPARSE_AHEAD documents at a time this way."""
    found: dict[str, list[PlaceMention]] = {}  # by text: the hint follows from it
    with _FEWER_COLLECTIONS:
        for doc in docs:
            text = mask_markup(doc.text or "")
            if not text.strip():
                continue
            try:
                found[text] = _geoparse(geoparse, text)
            except Exception:  # raised again when its document asks; the rest go live, so
                break  # a broken lexicon or gazetteer fails once, not once per document

    def ahead(text: str, *, country_hint: str | None = None) -> list[PlaceMention]:
        places = found.pop(text, None)
        if places is not None:
            return places
        if country_hint is None or not _takes_hint(geoparse):
            return geoparse(text)
        return geoparse(text, country_hint=country_hint)  # type: ignore[call-arg]

    return ahead


def with_places_ahead(docs: Iterable[Document], geoparse: Geoparse | None,
                      wanted: Callable[[Document], bool] = lambda _doc: True
                      ) -> Iterator[tuple[Document, Geoparse | None]]:
    """Each document with the geoparser to extract it with: for each batch of GEOPARSE_AHEAD
    documents, one that has geoparsed those `wanted` ahead (`geoparse_ahead`); None without a
    geoparser. The loop over a corpus:

        for doc, places in with_places_ahead(docs, geoparse):
            events = extract_document(doc, geoparse=places)
    """
    for batch in in_batches(docs):
        chosen = [doc for doc in batch if wanted(doc)]
        places = geoparse_ahead(chosen, geoparse) if geoparse is not None and chosen else geoparse
        for doc in batch:
            yield doc, places


def in_batches(items: Iterable[Any], size: int = GEOPARSE_AHEAD) -> Iterator[list[Any]]:
    """`items` in lists of `size` (the last one shorter), read lazily. When reading fails (a
    bad input file), the items read so far come first, then the error."""
    it = iter(items)
    while True:
        batch: list[Any] = []
        try:
            batch.extend(islice(it, size))
        except Exception:
            if batch:
                yield batch
            raise
        if not batch:
            return
        yield batch


_HINTED: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _takes_hint(geoparse: Geoparse) -> bool:
    """Whether the geoparser has a `country_hint` parameter that can be passed by name, from
    its signature (read once per function: a TypeError from inside a geoparser must not be
    mistaken for "takes no hint"). A `**kwargs` forwarder counts as taking none."""
    key = getattr(geoparse, "__func__", geoparse)  # a bound method: its function
    try:
        return _HINTED[key]
    except (KeyError, TypeError):  # not seen yet, or not weakly referable
        pass
    try:
        param = inspect.signature(geoparse).parameters.get("country_hint")
    except (TypeError, ValueError):  # no signature to read: call it plainly
        param = None
    takes = param is not None and param.kind in (param.KEYWORD_ONLY,
                                                 param.POSITIONAL_OR_KEYWORD)
    with contextlib.suppress(TypeError):  # not weakly referable: asked again next time
        _HINTED[key] = takes
    return takes


def _place_votes(places: list[PlaceMention]) -> Counter[str]:
    """Country votes from geoparsed places (resolved places carry their country code)."""
    votes: Counter[str] = Counter()
    for p in places:
        if p.location is not None and p.location.country:
            votes[p.location.country.upper()[:2]] += 2
    return votes


# --------------------------------------------------------------------------- frames


@dataclass
class Frame:
    """What one sentence says about an event."""

    sent: int
    triggers: list[TriggerMention]
    places: list[PlaceMention] = field(default_factory=list)
    date: DateMention | None = None
    own_date: bool = False
    actors: list[ActorMention] = field(default_factory=list)
    harm: list[HarmMention] = field(default_factory=list)
    sources: list[SourceMention] = field(default_factory=list)
    hedges: list[HedgeMention] = field(default_factory=list)
    tags: list[TagMention] = field(default_factory=list)
    headline: bool = False
    roles: tuple[int, list[ActorMention], list[ActorMention]] | None = None

    @property
    def strength(self) -> float:
        return max((t.weight for t in self.triggers), default=0.0)


@dataclass
class Draft:
    """An event being assembled from frames."""

    frames: list[Frame]
    place: PlaceMention | None
    day: date | None
    cls: Classification | None = None
    like: Draft | None = None  # "X was also attacked": same kind of event as this one
    place_borrowed: bool = False  # the place is named in another sentence of the text


def _by_sentence(items: list[Any], starts: list[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for it in items:
        out.setdefault(bisect_right(starts, it.start) - 1, []).append(it)
    return out


def _inside(span: tuple[int, int], scopes: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in scopes)


class _Spans:
    """Spans sorted by start with the running maximum of their ends, so that whether a span
    lies inside (or overlaps) any of them takes one bisection instead of a scan of them all
    (build_frames asks this of every trigger, actor, place and tag of the document)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def hold(self, start: int, end: int) -> bool:
        """Whether some span holds [start, end): the furthest end of those starting at or
        before `start` reaches `end`."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def overlap(self, start: int, end: int) -> bool:
        """Whether some span shares a character with [start, end)."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start


def _place_rank(p: PlaceMention, country_words: dict[str, str]) -> float:
    """Specificity: named town 4 ... country 1 (geoparsed places use their precision: a
    capital the geoparser resolved to the city is a town, though "Kabul" also names the state
    in "Kabul said"; half a step less for a place that starts a longer name)."""
    loc = p.location
    if loc is not None and loc.lat is not None and loc.precision is not None:
        if loc.precision >= 3 and loc.admin1 is None:
            # a country; a region inside one (curated: "Donbas", "Darfur") ranks as an admin1
            return 2.0 if loc.country and _curated(loc) else 1.0
        # the first word of a longer name ("Luhansk People's Militia") yields to a place of
        # the same precision named as such
        longer = p.in_longer_name and loc.precision < 3
        # an area inside an admin1 (a district, a municipality) is smaller than the admin1
        district = loc.precision >= 3 and loc.admin2 is not None
        return 5.0 - float(loc.precision) - (0.5 if longer else 0.0) + (0.5 if district else 0.0)
    if p.text in country_words:
        return 1.0
    if loc is not None and loc.lat is not None:
        return 3.0
    if _pointless(p, country_words):
        return POINTLESS_RANK  # a place the gazetteer lacks: see _place_from_narrative
    return p.score or 3.0


def _curated(loc: Location) -> bool:
    """A place from a curated list (the bundled regions, an analyst's CSV), not GeoNames."""
    return (loc.gazetteer_id or "").startswith("curated:")


# A place the geoparser kept without a point (the gazetteer lacks it): below every place with
# coordinates. A sentence with only such a place keeps it (its events stay apart from those
# of other places), and borrows coordinates from the text around it when it can (see
# _place_from_narrative).
POINTLESS_RANK = 1.5


def _pointless(p: PlaceMention, country_words: dict[str, str]) -> bool:
    """A place the geoparser kept without a point (not a country word)."""
    loc = p.location
    return loc is not None and loc.lat is None and bool(loc.note) and \
        p.text not in country_words


# "migrant laborers from Bihar clashed ... in Satna": where people came from is not where the
# event was, when another place of the sentence is as specific
_ORIGIN_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)


def _choose_places(
    text: str, places: list[PlaceMention], country_words: dict[str, str], anchor: int,
    support: _Support | None = None,
) -> list[PlaceMention]:
    """The place(s) of a sentence: coordinated towns each, else the most specific one; among
    equally specific ones, one that the text's other places agree with, then the nearest."""
    if len(places) < 2:  # most sentences name one place or none: nothing to rank it against
        return [p for p in places
                if _place_rank(p, country_words) >= 2.0 or _pointless(p, country_words)]
    rank = {id(p): _place_rank(p, country_words) for p in places}
    specific = [p for p in places if rank[id(p)] >= 2.0]
    if not specific:
        return [p for p in places if _pointless(p, country_words)][:1]
    top = max(rank[id(p)] for p in specific)
    tied = [p for p in specific if rank[id(p)] == top]  # the tie-breaks only where needed
    best = tied[0] if len(tied) == 1 else max(
        tied, key=lambda p: (support is not None and support.agreed(p),
                             not _ORIGIN_BEFORE.search(text, max(0, p.start - 10), p.start),
                             -abs(p.start - anchor)))
    group = [best]
    idx = specific.index(best)
    for direction in (-1, 1):
        i = idx
        while 0 <= i + direction < len(specific):
            a, b = (
                (specific[i + direction], specific[i])
                if direction < 0
                else (specific[i], specific[i + direction])
            )
            if not _COORD_GAP.match(text[a.end : b.start]):
                break
            i += direction
            group.append(specific[i])
    # "Kaura district, Kaduna state", "Niteroi, Rio de Janeiro": the area holding a place
    # named beside it is no second place
    group = [g for g in group
             if not any(h is not g and _holds(g, h) and not _holds(h, g) for h in group)]
    group.sort(key=lambda p: p.start)
    return group


def _holds(area: PlaceMention, p: PlaceMention) -> bool:
    """Whether `area` is the admin area the place `p` lies in, named beside it: its admin1
    ("Kaduna state"), its admin2, or a town named like p's admin1 ("Niteroi, Rio de
    Janeiro")."""
    a, loc = area.location, p.location
    if a is None or loc is None or a.country != loc.country or a.admin1 is None:
        return False
    if a.precision == 3 and a.admin1 == loc.admin1 and a.admin2 in (None, loc.admin2):
        return True
    return area.text.lower() == (loc.admin1 or "").lower()


# one place of the text with a point, as `_Support` compares with it: its reading (see
# `_reading`), the admin1 it is when it is an admin1 area (else None), its latitude, longitude
_Row = tuple[tuple[object, ...], str | None, float, float]


class _Support:
    """Whether another place of the text lies near a place or is the admin area holding it:
    "in Tijuana, Baja California, ... in Colonia Lomas de la Presa" - the quarter the
    geoparser read as a town far away has no such support, Tijuana has.

    Made once per document (each place tied for a sentence is compared with all of the
    text's places): the places are grouped by country when first needed, and a reading
    asked about again (a town named in several sentences) is answered from memory."""

    def __init__(self, places: Sequence[PlaceMention]) -> None:
        self.places = places
        self.rows: dict[str | None, list[_Row]] | None = None
        self.known: dict[tuple[object, ...], bool] = {}

    def agreed(self, p: PlaceMention) -> bool:
        """Whether the text's other places support `p`'s reading."""
        loc = p.location
        if loc is None or loc.lat is None or loc.lon is None:
            return False
        key = (_reading(loc), loc.country, loc.admin1, loc.lat, loc.lon)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._near(loc, key[0])
        return found

    def _near(self, loc: Location, reading: tuple[object, ...]) -> bool:
        assert loc.lat is not None and loc.lon is not None
        if self.rows is None:
            self.rows = _rows_by_country(self.places)
        for other, holds, lat, lon in self.rows.get(loc.country, ()):
            if other == reading:
                continue  # a name repeated, or read as the same place, is no second opinion
            if holds is not None and holds == loc.admin1:
                return True  # the area that holds it
            if abs(lat - loc.lat) <= AGREE_LAT_DEGREES and \
                    haversine_km(loc.lat, loc.lon, lat, lon) <= AGREE_KM:
                return True
        return False


def _rows_by_country(places: Sequence[PlaceMention]) -> dict[str | None, list[_Row]]:
    """The places with a point, by country, as `_Support` compares with them."""
    out: dict[str | None, list[_Row]] = {}
    for q in places:
        o = q.location
        if o is None or o.lat is None or o.lon is None:
            continue
        holds = o.admin1 if o.precision == 3 else None
        out.setdefault(o.country, []).append((_reading(o), holds, o.lat, o.lon))
    return out


def _reading(loc: Location) -> tuple[object, ...]:
    """Equal for two locations read as the same place: the same gazetteer entry, or (neither
    from a gazetteer) the same name at the same point."""
    if loc.gazetteer_id:
        return ("id", loc.gazetteer_id)
    return ("at", loc.name, loc.lat, loc.lon)


def _short_period(period: DateMention) -> bool:
    """One day, or the last few days ("since Wednesday"): the span of the episode reported."""
    if period.start_date is not None and period.end_date is not None:
        return (period.end_date - period.start_date).days <= SHORT_PERIOD_DAYS
    return period.kind == "since" and names_weekday(period.text)


def _running_totals(text: str, m: Mentions) -> list[HarmMention]:
    """Harm that makes cumulative records: displacement, and running totals with a period.

    A total without a period, or over the last few days ("15 people have so far been killed
    in the clash", "has killed 11 civilians since Wednesday"), in a sentence that reports an
    event is that event's toll when the document gives no other figure of its kind ("another
    16 ... bringing the total since Monday to 50" keeps 50 a running total).
    """
    starts = [s for s, _ in m.sentences]
    trigger_sents = {bisect_right(starts, t.start) - 1 for t in m.triggers}
    new_types = {h.type for h in m.harm if h.new and not h.negated}
    out = []
    for h in m.harm:
        if h.negated:
            continue
        if h.type == "displaced":
            out.append(h)
        elif not h.new:
            own_event = (
                (h.period is None or _short_period(h.period))
                and h.type not in new_types
                and bisect_right(starts, h.start) - 1 in trigger_sents
            )
            if own_event:
                h.new = True
            else:
                out.append(h)
    return out


def _drop_restatements(text: str, harm: list[HarmMention]) -> list[HarmMention]:
    """Leave out figures the document's reconciled total does not need: restatements of the
    lead figure and details of it ("24 killed in a wave of attacks ... six of them in a car
    bomb"), so that incidents never count a death twice. Later figures go first."""
    try:
        from conflictwatch.extract.harm import total_new
    except ImportError:  # pragma: no cover
        return harm
    current = list(harm)
    for harm_type in ("killed", "injured"):
        figures = [h for h in current if h.type == harm_type and h.new and not h.negated and h.min]
        if len(figures) < 2:
            continue
        base = total_new(text, current, harm_type)
        for h in reversed(figures):
            trial = [x for x in current if x is not h]
            if total_new(text, trial, harm_type) == base:
                current = trial
    return current


_GRIEVANCE_BEFORE = re.compile(
    r"\b(?:(?:over|against|for|about|after|condemning|denouncing|mourning|honou?ring|"
    r"protesting)\s+(?:the\s+)?(?:recent\s+|alleged\s+|brutal\s+)?(?:death|killing|murder|"
    r"assassination|lynching|shooting)s?\s+of|justice\s+(?:for|to))\b[^.;]{0,80}\Z",
    re.IGNORECASE)


_CONSEQUENCE = re.compile(r"\b(?:leading to|resulting in|causing|killing|leaving)\b", re.I)


def _grievance(text: str, h: HarmMention, m: Mentions, protest_starts: list[int]) -> bool:
    """A death a protest is about is not the protest's toll: "a demonstration over the death
    of a teenager killed by the police", "demanding justice for a youth who was killed".
    `protest_starts`: the sorted starts of the document's protest triggers."""
    if h.type not in ("killed", "injured"):
        return False
    i = bisect_right(m.sentences, (h.start, sys.maxsize)) - 1
    s0 = m.sentences[i][0] if i >= 0 else 0
    j = bisect_left(protest_starts, s0)
    if j == len(protest_starts) or protest_starts[j] >= h.start:
        return False  # the cheap test first: most harm has no protest before it
    cue = _GRIEVANCE_BEFORE.search(text, s0, h.end)
    # "over the death of X, leading to the death of one demonstrator" is the protest's own toll
    return cue is not None and not _CONSEQUENCE.search(cue.group())


_CLAIMED_ACT = re.compile(
    r"claim(?:ed|s)?\s+(?:to\s+have|responsibility|credit|the\s+(?:attack|killing|bombing))",
    re.IGNORECASE)


def _claims_the_act(text: str, source: tuple[int, int], hedges: list[HedgeMention]) -> bool:
    """A source that "claimed to have killed ..." or "claimed responsibility" is the group
    that says it acted: it stays an actor of the event (ACLED codes the claimant)."""
    return any(
        h.kind == "claim" and 0 <= h.start - source[1] <= 12 and _CLAIMED_ACT.match(text, h.start)
        for h in hedges
    )


def build_frames(text: str, m: Mentions) -> tuple[list[Frame], list[HarmMention], BySentence]:
    """Frames for sentences with live triggers; also cumulative harm and orphan mentions."""
    starts = [s for s, _ in m.sentences]
    suppress_scopes = [(h.start, h.end) for h in m.hedges if suppresses(h)]
    cumulative = _running_totals(text, m)
    # once per document, not once per harm mention
    protest_starts = sorted(t.start for t in m.triggers if family(t) == "protest")
    counted = _drop_restatements(
        text, [h for h in m.harm
               if h not in cumulative and not _grievance(text, h, m, protest_starts)])
    cumulative_scopes = [(h.start, h.end) for h in cumulative]
    source_spans = [(s.start, s.end) for s in m.sources]
    suppressed, sourced = _Spans(suppress_scopes), _Spans(source_spans)
    silenced = _Spans(suppress_scopes + cumulative_scopes + source_spans)
    base = m.triggers or [
        TriggerMention(h.start, h.end, h.text, "Violence against civilians", "Attack", 1.0)
        for h in m.harm
        if h.new and not h.negated and h.type in ("killed", "injured")
    ]
    triggers = [t for t in base if not silenced.hold(t.start, t.end)]
    speakers = _Spans([sp for sp in source_spans if not _claims_the_act(text, sp, m.hedges)])
    actor_list = [
        a
        for a in m.actors
        if not speakers.overlap(a.start, a.end) and not suppressed.hold(a.start, a.end)
    ]
    places = [p for p in m.places if not suppressed.hold(p.start, p.end)]
    tags = [t for t in m.tags if not sourced.overlap(t.start, t.end)]
    actor_list = [
        a
        for i, a in enumerate(actor_list)
        if not (i > 0 and text[actor_list[i - 1].end : a.start].strip() == "(")
    ]
    by = {
        "triggers": _by_sentence(triggers, starts),
        "places": _by_sentence(places, starts),
        "dates": _by_sentence(m.dates, starts),
        "actors": _by_sentence(actor_list, starts),
        "harm": _by_sentence(counted, starts),
        "sources": _by_sentence(m.sources, starts),
        "hedges": _by_sentence(m.hedges, starts),
        "tags": _by_sentence(tags, starts),
    }
    country_words = actors_mod._nationality_words()
    support = _Support(places)
    frames: list[Frame] = []
    current: DateMention | None = None
    for i in range(len(m.sentences)):
        dates = [
            d
            for d in by["dates"].get(i, [])
            if d.kind != "since"
            and d.start_date
            and not _REPORTED_ON.search(text, max(0, d.start - 30), d.start)
        ]
        own = dates[0] if dates else None
        trig = by["triggers"].get(i, [])
        if trig:
            anchor = trig[0].start
            frame = Frame(
                i,
                trig,
                _choose_places(text, by["places"].get(i, []), country_words, anchor, support),
                own or current,
                own is not None,
                by["actors"].get(i, []),
                by["harm"].get(i, []),
                by["sources"].get(i, []),
                by["hedges"].get(i, []),
                by["tags"].get(i, []),
            )
            frames.append(frame)
        day_dates = [d for d in dates if d.precision == "day" and d.kind == "point"]
        if day_dates and not _is_headline(text, m.sentences, i):
            current = day_dates[-1]
    for f in frames:
        f.headline = _is_headline(text, m.sentences, f.sent)
    return frames, cumulative, by


def _is_headline(text: str, sentences: list[tuple[int, int]], i: int) -> bool:
    """The first line of a multi-line document when it is a title or caption (no final stop):
    its date is the publication's and its words summarise the events below."""
    if i != 0 or len(sentences) < 2:
        return False
    s, e = sentences[0]
    return "\n" in text[e : sentences[1][0]] and not text[s:e].rstrip().endswith((".", "!", "?"))


# --------------------------------------------------------------------------- dates


def _event_day(
    d: DateMention | None, narrative: date | None, published: date | None
) -> date | None:
    """The day of an event: its date phrase, "tonight"/"today" as the narrative day."""
    if d is None or d.start_date is None:
        return published
    if (
        d.text.lower().removeprefix("on ").strip() in _SAME_DAY_WORDS
        and narrative is not None
        and d.start_date == narrative + timedelta(days=1)
    ):
        return narrative
    return d.start_date


def _narrative_day(frames: list[Frame]) -> date | None:
    """The first explicit day an event is dated to (what "tonight" refers back to)."""
    for f in frames:
        if f.headline:
            continue
        if (
            f.own_date
            and f.date is not None
            and f.date.precision == "day"
            and f.date.start_date
            and f.date.text.lower().removeprefix("on ").strip() not in _SAME_DAY_WORDS
        ):
            return f.date.start_date
    return None


# --------------------------------------------------------------------------- assembly


_NON_WORD = re.compile(r"\W+")


def _place_key(p: PlaceMention | None) -> str | None:
    if p is None:
        return None
    loc = p.location
    if loc is not None and loc.gazetteer_id:
        return loc.gazetteer_id
    return _NON_WORD.sub(" ", (loc.text if loc and loc.text else p.text).lower()).strip()


def _classify_frames(
    text: str,
    frames: list[Frame],
    sentences: list[tuple[int, int]],
    quiet_after: dict[int, list[int]] | None = None,
) -> Classification | None:
    """Type of a draft from all its frames' triggers and facts about its actors and harm.

    Memoised per set of frames (a draft is classified again after frames join it)."""
    memo = _memo()
    key = (id(text), tuple(id(f) for f in frames))
    if key in memo:
        return memo[key]
    result = _classify_uncached(text, frames, sentences, quiet_after)
    memo[key] = result
    return result


_LOCAL = threading.local()


def _memo() -> dict[tuple[int, tuple[int, ...]], Classification | None]:
    """This thread's classification memo (cleared around each document's assembly)."""
    memo = getattr(_LOCAL, "memo", None)
    if memo is None:
        memo = _LOCAL.memo = {}
    return memo


def _classify_uncached(
    text: str,
    frames: list[Frame],
    sentences: list[tuple[int, int]],
    quiet_after: dict[int, list[int]] | None = None,
) -> Classification | None:
    triggers = [t for f in frames for t in f.triggers]
    context = " ".join(text[sentences[f.sent][0] : sentences[f.sent][1]] for f in frames)
    if quiet_after:
        # sentences without triggers that follow (how the police answered a protest)
        context += " " + " ".join(
            text[sentences[i][0] : sentences[i][1]]
            for f in frames
            for i in quiet_after.get(f.sent, [])
        )
    harmed = [
        h
        for f in frames
        for h in f.harm
        if not h.negated and h.type in ("killed", "injured") and (h.min is None or h.min > 0)
    ]
    agents: list[ActorMention] = []
    patients: list[ActorMention] = []
    for f in frames:
        a, p = _agents_and_patients(text, f)
        agents += a
        patients += p
    armed = actors_mod.is_armed
    victims_armed = any(
        h.group == "combatants" and not _SUSPECTS.search(h.text) for h in harmed
    ) or any(armed(p) for p in patients)
    victims_civilian = any(h.group not in ("combatants", "people") for h in harmed) or any(
        p.category == "civilians" for p in patients
    )
    if patients and armed(min(patients, key=lambda p: p.start)):
        victims_civilian = False  # the object of the attack is an armed force
    if _mentions(text, _GANG_WORDS) and _gang_victims(context):
        victims_armed, victims_civilian = True, False
    victim_spans = [(h.start, h.end) for h in harmed] + [(p.start, p.end) for p in patients]
    if (victims_armed or patients) and _not_serving(text, victim_spans):
        victims_armed, victims_civilian = False, True  # "a police officer who was off duty"
    perpetrator_armed = any(armed(a) for a in agents)
    crowd = (
        not perpetrator_armed
        and any(
            a.category == "rioters"
            or _CROWD.search(a.text)
            or (a.category == "civilians" and _PLURAL_PEOPLE.search(a.text))
            for a in agents
        )
        and not _FIREARMS.search(context)
    )
    return classify(
        triggers,
        context=context,
        victims_armed=victims_armed,
        victims_civilian=victims_civilian,
        perpetrator_crowd=crowd,
        perpetrator_armed=perpetrator_armed,
        people_harmed=bool(harmed),
        state_actor=any(a.category == "state" for a in agents + patients),
        civilians_clash=_civilians_clash(agents + patients),
        irregulars=any(armed(a) and a.category != "state" for a in agents),
    )


def _civilians_clash(actors: list[ActorMention]) -> bool:
    """A "clash" between unarmed people, or between people and the police, is mob violence."""
    people = any(a.category in ("civilians", "protesters", "rioters") for a in actors)
    nonstate_armed = any(actors_mod.is_armed(a) and a.category != "state" for a in actors)
    return people and not nonstate_armed


def assemble(text: str, m: Mentions, frames: list[Frame],
             places_by_sentence: dict[int, list[Any]] | None = None) -> list[Draft]:
    """Frames -> drafts: one per place per day; placeless frames join or stand alone."""
    narrative = _narrative_day(frames)
    quiet = _quiet_after(frames, len(m.sentences))
    drafts: dict[tuple[str | None, date | None], Draft] = {}
    placeless: list[tuple[Frame, date | None]] = []
    for f in frames:
        day = _event_day(f.date, narrative, m.published)
        if not f.places:
            placeless.append((f, day))
            continue
        for i, p in enumerate(f.places):
            key = (_place_key(p), day)
            # harm and actors of a sentence listing several places stay with the first place
            part = (
                f
                if i == 0
                else Frame(
                    f.sent,
                    f.triggers,
                    [p],
                    f.date,
                    f.own_date,
                    f.actors,
                    [],
                    f.sources,
                    f.hedges,
                    [t for t in f.tags if t.tag in TACTIC_TAGS],
                )
            )
            if key in drafts:
                drafts[key].frames.append(part)
            else:
                drafts[key] = Draft([part], p, day)
    placed = sorted(drafts.values(), key=lambda d: min(f.sent for f in d.frames))
    for d in placed:
        d.cls = _classify_frames(text, d.frames, m.sentences, quiet)
    _inherit_generic(placed)
    loose: list[Draft] = []
    for f, day in placeless:
        cls = _classify_frames(text, [f], m.sentences, quiet)
        if cls is None:
            continue
        if f.headline:
            continue
        fam = "remote" if cls.sub_event_type == "Disrupted weapons use" else FAMILY(cls)
        target = _arrests_at_protest(placed + loose, cls, f, day) or _join_target(
            placed, loose, fam, f, day)
        if target is not None:
            target.frames.append(f)
            continue
        loose.append(Draft([f], None, day, cls))
    out = placed + loose
    for d in out:
        if d.like is None:
            d.cls = _classify_frames(text, d.frames, m.sentences, quiet)
    out = [d for d in out if d.cls is not None]
    _inherit_generic(out)
    for d in out:
        if d.like is not None and d.like.cls is not None and d.cls is not None:
            d.cls = Classification(d.like.cls.event_type, d.like.cls.sub_event_type, d.cls.trigger)
    _drop_vague(out)
    out.sort(key=lambda d: min(f.sent for f in d.frames))
    _place_from_narrative(text, m, out, places_by_sentence)
    return out


def _place_from_narrative(text: str, m: Mentions, drafts: list[Draft],
                          places_by_sentence: dict[int, list[Any]] | None = None) -> None:
    """A draft whose sentences name no place happened where the text last was: "In Volta
    Redonda, police went to check a tip. The officers were attacked." The nearest sentence
    before it that names a place gives it (else the nearest after), marked as borrowed.
    `places_by_sentence`: build_frames' places outside suppressing hedges, by sentence
    (worked out here when not given)."""
    words = actors_mod._nationality_words()
    if all(d.place is not None and not _pointless(d.place, words) for d in drafts):
        return
    starts = [s for s, _ in m.sentences]
    if places_by_sentence is None:
        hedged = [(h.start, h.end) for h in m.hedges if suppresses(h)]
        places_by_sentence = _by_sentence(
            [p for p in m.places if not _inside((p.start, p.end), hedged)], starts)
    chosen: dict[int, PlaceMention | None] = {}
    support = _Support(m.places)

    def place_of(i: int) -> PlaceMention | None:
        """The place sentence `i` gives, worked out only for the sentences looked at (the
        nearest ones), not for every sentence that names a place."""
        if i not in chosen:
            said = [p for p in places_by_sentence[i] if not _spoken_in(text, p.start)]
            found = [p for p in _choose_places(text, said, words, starts[i], support)
                     if not _pointless(p, words)]
            chosen[i] = found[0] if found else None
        return chosen[i]

    named = sorted(places_by_sentence)
    for d in drafts:
        if d.place is not None and not _pointless(d.place, words):
            continue
        k = bisect_left(named, min(f.sent for f in d.frames))
        place = _first_place(reversed(named[:k]), place_of)
        if place is None:
            place = _first_place(named[k:], place_of)
        if place is not None:
            d.place, d.place_borrowed = place, True
        elif d.place is None:
            d.place = _country_named(d, places_by_sentence, m.places)
        else:
            d.place = _with_focus_country(d.place, m.focus)


def _with_focus_country(p: PlaceMention, focus: actors_mod.Focus) -> PlaceMention:
    """A place without a point or country ("in Monimabad", which the gazetteer lacks) takes
    the document's focus country, the one its actors are named for ("Civilians (Pakistan)")."""
    loc = p.location
    if loc is None or loc.country or focus.country is None:
        return p
    why = f"country {focus.country.iso} from the document's focus"
    note = f"{loc.note}; {why}" if loc.note else why
    return PlaceMention(p.start, p.end, p.text,
                        location=replace(loc, country=focus.country.iso, note=note), why=note)


def _country_named(d: Draft, places_by_sentence: dict[int, list[Any]],
                   places: list[PlaceMention]) -> PlaceMention | None:
    """When the text names no smaller place, the country it names (in the draft's own
    sentences first): the event's country, kept without a point (never a country centroid),
    at precision 3 (a region: two reports are never one incident by this name alone)."""
    own = [p for f in d.frames for p in places_by_sentence.get(f.sent, [])]
    # a country's name before a demonym ("Iranian forces killed seven Afghans in Afghanistan")
    nationality = actors_mod.demonyms()
    named = sorted(chain(own, places), key=lambda p: p.text in nationality)
    for p in named:
        loc = p.location
        if loc is not None and loc.lat is not None and loc.admin1 is None and \
                loc.precision == 3 and loc.country:
            note = f"only the country is named: {loc.country}, no point (never its centroid)"
            pointless = Location(text=p.text, start=p.start, end=p.end, name=loc.name,
                                 gazetteer_id=loc.gazetteer_id, country=loc.country,
                                 precision=3, note=note)
            return PlaceMention(p.start, p.end, p.text, location=pointless, why=note)
    return None


def _first_place(
    sentences: Iterable[int], place_of: Callable[[int], PlaceMention | None]
) -> PlaceMention | None:
    """The place of the first of `sentences` that gives one."""
    for i in sentences:
        place = place_of(i)
        if place is not None:
            return place
    return None


def _quiet_after(frames: list[Frame], n_sentences: int) -> dict[int, list[int]]:
    """For each framed sentence, the following sentences that have no triggers of their own."""
    framed = sorted({f.sent for f in frames})
    out: dict[int, list[int]] = {}
    for k, sent in enumerate(framed):
        nxt = framed[k + 1] if k + 1 < len(framed) else n_sentences
        out[sent] = list(range(sent + 1, min(nxt, sent + 3)))
    return out


def FAMILY(cls: Classification) -> str:  # noqa: N802 - reads as a constant lookup
    """Family of a classification."""
    return FAMILY_OF_TYPE.get(cls.event_type, "strategic")


# Families that describe the same happening when on the same day: a protest and the violence
# of its protesters.
_JOINS = {"riot": "protest"}


def _arrests_at_protest(
    drafts: list[Draft], cls: Classification, f: Frame, day: date | None
) -> Draft | None:
    """Arrests told right after a protest ("Police dispersed them and arrested nearly 60 of
    them.") are how the protest was answered: ACLED codes one protest with intervention."""
    if cls.sub_event_type != "Arrests":
        return None
    protests = [d for d in drafts if d.day == day and d.cls is not None
                and d.cls.event_type == "Protests"
                and 0 < f.sent - max(g.sent for g in d.frames) <= 2]
    return protests[-1] if protests else None


def _join_target(
    placed: list[Draft], loose: list[Draft], fam: str, f: Frame, day: date | None
) -> Draft | None:
    """Where a placeless frame goes: same-day event of its family, else any same-day incident
    when its triggers are generic (weight < 3)."""
    same_day = [d for d in placed + loose if d.day == day and d.cls is not None]
    if any(t.sub_event_type == "Armed clash" and _RESPONSE.search(t.text) for t in f.triggers):
        # "Government forces opened gunfire in response": the answer to the attack before it
        before = [d for d in same_day if d.cls is not None and min(g.sent for g in d.frames)
                  < f.sent and FAMILY(d.cls) in ("remote", "vac", "battle", "riot")]
        if before:
            return max(before, key=lambda d: max(g.sent for g in d.frames if g.sent < f.sent))
    for d in same_day:
        if d.cls is not None and _JOINS.get(FAMILY(d.cls), FAMILY(d.cls)) == _JOINS.get(fam, fam):
            return d
    if f.strength < 3 or fam in ("vac",):
        violent = [
            d
            for d in same_day
            if d.cls is not None and FAMILY(d.cls) in ("remote", "vac", "battle", "riot")
        ]
        if violent and fam in ("remote", "vac", "battle", "riot"):
            return violent[0]
    return None


def _inherit_generic(drafts: list[Draft]) -> None:
    """ "X was also attacked": an event whose only triggers are generic takes the type of the
    day's other events."""
    # whether a draft has a specific trigger: its frames do not change here, so once each
    specific = [max((t.weight for f in d.frames for t in f.triggers), default=0) > 1
                for d in drafts]
    for i, d in enumerate(drafts):
        if d.like is not None or d.cls is None or specific[i]:
            continue
        for j, other in enumerate(drafts):
            if (
                j != i
                and other.day == d.day
                and other.cls is not None
                and FAMILY(other.cls) in ("remote", "battle", "vac", "riot")
                and specific[j]
            ):
                d.cls = Classification(
                    other.cls.event_type, other.cls.sub_event_type, d.cls.trigger
                )
                d.like = other
                break


def _drop_vague(drafts: list[Draft]) -> None:
    """Drop placeless background events ("the bombing resumed last month") and weak placeless
    frames that joined nothing, when the document has better-defined incidents."""

    def vague(d: Draft) -> bool:
        if d.cls is None or d.cls.sub_event_type in CONTEXT_SUBTYPES:
            return False
        own = [f for f in d.frames if f.own_date]
        coarse = bool(own) and all(f.date is not None and f.date.precision != "day" for f in own)
        if d.place is not None:
            return coarse
        weak = max(f.strength for f in d.frames) < 3
        return coarse or weak

    solid = [
        d
        for d in drafts
        if not vague(d) and d.cls is not None and d.cls.sub_event_type not in CONTEXT_SUBTYPES
    ]
    if solid:
        keep: set[int] = set()
        for d in drafts:
            if vague(d) and not d.frames[0].own_date and any(f.harm for f in d.frames):
                # a weak lead sentence with the figures: its harm belongs to the first incident
                solid[0].frames.extend(f for f in d.frames if f.harm)
        solid_harm = {h.type for d in solid for f in d.frames for h in f.harm if h.new}
        for d in drafts:
            own = d.frames[0]
            if (vague(d) and d.place is None and own.own_date and own.date is not None
                    and any(h.new and not h.negated and h.type not in solid_harm
                            for f in d.frames for h in f.harm)):
                keep.add(id(d))  # figures of a dated day that no other incident reports
        drafts[:] = [d for d in drafts if not vague(d) or id(d) in keep]


# --------------------------------------------------------------------------- records


class _Builder:
    """Builds one Event with evidence for each field it sets."""

    def __init__(self, doc_id: str, n: int, kind: str, text: str) -> None:
        self.text = text
        self.event = Event(id=f"{doc_id}#e{n}", document_id=doc_id, kind=kind)  # type: ignore[arg-type]

    def evidence(self, name: str, start: int | None, end: int | None) -> None:
        if start is not None and end is not None and 0 <= start < end <= len(self.text):
            self.event.evidence.append(Evidence(name, start, end))

    def set_type(self, cls: Classification) -> None:
        self.event.event_type = cls.event_type
        self.event.sub_event_type = cls.sub_event_type
        self.evidence("event_type", cls.trigger.start, cls.trigger.end)
        self.evidence("sub_event_type", cls.trigger.start, cls.trigger.end)

    def set_date(self, d: DateMention | None, day: date | None) -> None:
        if d is not None and d.start_date is not None and day is not None:
            if d.precision == "day" or day != d.start_date:
                self.event.date = EventDate(day, day, "day", d.text)
            else:
                self.event.date = EventDate(d.start_date, d.end_date, d.precision, d.text)
            self.evidence("date", d.start, d.end)
        elif day is not None:
            self.event.date = EventDate(day, day, "day", None)

    def set_location(self, p: PlaceMention | None, borrowed: bool = False) -> None:
        if p is None:
            return
        loc = p.location or Location()
        self.event.location = Location(
            **{**loc.__dict__, "text": p.text, "start": p.start, "end": p.end}
        )
        if borrowed:
            why = ("the event's sentences name no place with coordinates: the nearest place "
                   "the text names")
            self.event.location.note = f"{loc.note}; {why}" if loc.note else why
        self.evidence("location", p.start, p.end)

    def add_actor(self, name: str, role: str, start: int, end: int) -> None:
        if any(a.name == name for a in self.event.actors):
            return
        self.evidence(f"actors[{len(self.event.actors)}]", start, end)
        self.event.actors.append(Actor(name, role, self.text[start:end]))

    def add_harm(self, h: HarmMention) -> None:
        self.evidence(f"harm[{len(self.event.harm)}]", h.start, h.end)
        self.event.harm.append(
            Harm(h.type, h.group, h.min, h.max, h.new, h.text, getattr(h, "stated", None))
        )

    def add_source(self, s: SourceMention) -> None:
        if any(x.name == s.name for x in self.event.sources):
            return
        self.evidence(f"sources[{len(self.event.sources)}]", s.start, s.end)
        self.event.sources.append(Source(s.name, s.text))

    def add_tag(self, t: TagMention) -> None:
        if t.tag in self.event.tags:
            return
        self.evidence(f"tags[{len(self.event.tags)}]", t.start, t.end)
        self.event.tags.append(t.tag)

    def add_hedge(self, h: HedgeMention) -> None:
        if any(
            e.field.startswith("hedges[") and e.start <= h.start < e.end
            for e in self.event.evidence
        ):
            return  # a second cue inside a hedge already recorded
        label = f"{h.kind}: {h.text}" + (f" ({h.source})" if h.source else "")
        if label in self.event.hedges:
            return
        self.evidence(f"hedges[{len(self.event.hedges)}]", h.start, h.end)
        self.event.hedges.append(label)


def _agents_and_patients(text: str, f: Frame) -> tuple[list[ActorMention], list[ActorMention]]:
    """Who acted (subjects before the trigger, "by X" phrases) and who was acted upon.

    Cached on the frame: drafts are classified several times while they are assembled."""
    if f.roles is None or f.roles[0] != len(f.actors):
        f.roles = (len(f.actors), *_split_roles(text, f))
    return f.roles[1], f.roles[2]


def _split_roles(text: str, f: Frame) -> tuple[list[ActorMention], list[ActorMention]]:
    if not f.triggers:
        return [], list(f.actors)
    lead = max(f.triggers, key=lambda t: t.weight)
    agents: list[ActorMention] = []
    patients: list[ActorMention] = []
    by_phrase = False
    for a in f.actors:
        if _BY_BEFORE.search(text[max(0, a.start - 40) : a.start]):
            by_phrase = True
            agents.append(a)
        elif (
            _AGENT_MODIFIER.match(text, a.end)
            or a.end <= lead.start
            and not _PASSIVE.search(text[a.end : lead.start])
            and not _harmed(a, f)
        ):
            agents.append(a)
        else:
            patients.append(a)
    if by_phrase:
        agents = [a for a in agents if not _modifies_trigger(text, a, f)]
    defenders = _defenders(text, f)
    if defenders and len(defenders) < len(f.actors):
        agents = [a for a in agents if a not in defenders]
        patients = [a for a in f.actors if a not in agents]
    if not agents:
        agents = [a for a in patients if a.start >= lead.end and _WITH_BEFORE.search(
            text, max(lead.end, a.start - 40), a.start)]
        patients = [a for a in patients if a not in agents]
    return agents, patients


def _harmed(a: ActorMention, f: Frame) -> bool:
    """The actor is the object of a harm verb ("killed 3 soldiers of the army")."""
    return any(h.start < a.start and a.end <= h.end and _HARM_VERB_FIRST.match(h.text)
               for h in f.harm)


def _defenders(text: str, f: Frame) -> list[ActorMention]:
    """The subject of "repelled/repulsed/fought off": it defended; whoever attacked acted
    ("Afghan forces repelled an attack by Taliban militants, killing 5 militants")."""
    if not f.actors:
        return []
    lo = f.actors[0].start
    hi = max([f.actors[-1].end] + [t.end for t in f.triggers])
    if not _may_repel(text, lo, hi):
        return []
    out = []
    for m in _REPEL.finditer(text, lo, hi):
        subject = [a for a in f.actors if a.end <= m.start() and
                   _SUBJECT_GAP.fullmatch(text, a.end, m.start())]
        out += subject[-1:]
    return out


def _may_repel(text: str, start: int, end: int) -> bool:
    """Whether a `_REPEL` match can start in [start, end): one of its stems starts there."""
    starts = _repel_starts(text)
    if starts is None:
        return True
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


@lru_cache(maxsize=8)
def _repel_starts(text: str) -> list[int] | None:
    """Sorted starts of the `_REPEL_STEMS` in the text, found once per document instead of
    a regex scan of every frame (None: the text folds unlike lower-casing, so scan them all).
    Callers must not mutate the (cached) list."""
    low = folded_text(text)
    if low is None:
        return None
    out: list[int] = []
    for stem in _REPEL_STEMS:
        i = low.find(stem)
        while i != -1:
            out.append(i)
            i = low.find(stem, i + 1)
    return sorted(out)


def _modifies_trigger(text: str, a: ActorMention, f: Frame) -> bool:
    """"artillery" in "artillery fire by an unknown party": a weapon word that is the event's
    trigger names the event, not who acted, when a by-phrase says who did."""
    return not _BY_BEFORE.search(text[max(0, a.start - 40) : a.start]) and any(
        t.start < a.end and a.start < t.end for t in f.triggers)


def _unidentified(actor: ActorMention) -> bool:
    return actor.name.startswith("Unidentified Armed Group")


def _unknown_attacker(focus: actors_mod.Country | None, described: ActorMention | None) -> str:
    """ACLED's name for the attacker of civilians the report cannot name: the country's own
    convention where it has one (see actors.Country), else an unidentified armed group."""
    if focus is not None and focus.civilian_attackers:
        return focus.civilian_attackers
    if described is None and focus is not None and focus.unidentified:
        return actors_mod._fill(focus.unidentified, focus)
    return actors_mod._fill("Unidentified Armed Group ({C})", focus)


def _assign_actors(b: _Builder, d: Draft, focus: actors_mod.Country | None,
                   gang_victims: bool = False) -> None:
    """actor1/actor2 (and associates) ACLED's way for the draft's type (`gang_victims`: the
    victims are said to be in a gang, so an unnamed attacker of them is named like an
    attacker of civilians where the country has a convention for that)."""
    assert d.cls is not None
    text = b.text
    agents: list[ActorMention] = []
    patients: list[ActorMention] = []
    for f in d.frames:
        a, p = _agents_and_patients(text, f)
        agents += a
        patients += p
    every = agents + patients
    trig = d.cls.trigger
    et, sub = d.cls.event_type, d.cls.sub_event_type

    def generic(template: str) -> str:
        return actors_mod._fill(template, focus)

    def first(
        items: list[ActorMention], pred: Callable[[ActorMention], bool]
    ) -> ActorMention | None:
        return next((x for x in items if pred(x)), None)

    armed = actors_mod.is_armed
    if et == "Protests":
        prot = first(every, lambda x: x.category == "protesters")
        b.add_actor(
            prot.name if prot else generic("Protesters ({C})"),
            "actor1",
            *(prot.start, prot.end) if prot else (trig.start, trig.end),
        )
        if sub != "Peaceful protest":
            police = first(every, lambda x: x.category == "state")
            if police is not None:
                b.add_actor(police.name, "actor2", police.start, police.end)
        return
    if et == "Riots":
        rioter = first(every, lambda x: x.category in ("rioters", "protesters"))
        b.add_actor(
            generic("Rioters ({C})"),
            "actor1",
            *(rioter.start, rioter.end) if rioter else (trig.start, trig.end),
        )
        target = first(patients, lambda x: x.category not in ("rioters", "protesters")) or first(
            every, lambda x: x.category == "state"
        )
        if target is not None:
            b.add_actor(target.name, "actor2", target.start, target.end)
        return
    if et == "Violence against civilians":
        perp = first(agents, armed) or first(every, armed)
        if perp is None or (focus and focus.civilian_attackers and _unidentified(perp)):
            b.add_actor(_unknown_attacker(focus, perp), "actor1",
                        *(perp.start, perp.end) if perp else (trig.start, trig.end))
        else:
            _add_side(b, agents if perp in agents else every, perp, "actor1", "assoc_actor_1")
        victim = first(every, lambda x: x.category == "civilians")
        name = generic("Civilians ({C})")
        if victim is not None:
            b.add_actor(name, "actor2", victim.start, victim.end)
        else:
            b.add_actor(name, "actor2", trig.start, trig.end)
        return
    if et in ("Battles", "Explosions/Remote violence"):
        perp = first(agents, armed) or first(every, armed)
        if gang_victims and focus and focus.civilian_attackers and (
                perp is None or _unidentified(perp)):
            b.add_actor(focus.civilian_attackers, "actor1",
                        *(perp.start, perp.end) if perp else (trig.start, trig.end))
        elif perp is None:
            b.add_actor(generic("Unidentified Armed Group ({C})"), "actor1", trig.start, trig.end)
        else:
            _add_side(b, agents if perp in agents else every, perp, "actor1", "assoc_actor_1")
        names = {a.name for a in b.event.actors}
        other = first(patients, lambda x: x.name not in names and (armed(x) or et != "Battles"))
        if other is None:
            other = first(every, lambda x: x.name not in names and armed(x))
        if other is not None:
            b.add_actor(other.name, "actor2", other.start, other.end)
        elif et == "Battles":
            b.add_actor(generic("Unidentified Armed Group ({C})"), "actor2", trig.start, trig.end)
        return
    # Strategic developments
    if sub == "Arrests":
        police = first(every, lambda x: x.category == "state")
        b.add_actor(
            police.name if police else (focus.police if focus else "Police Forces"),
            "actor1",
            *(police.start, police.end) if police else (trig.start, trig.end),
        )
        target = first(patients, lambda x: x is not police)
        if target is not None:
            b.add_actor(target.name, "actor2", target.start, target.end)
        return
    lead = first(agents, lambda x: True) or first(every, lambda x: True)
    if lead is not None:
        b.add_actor(lead.name, "actor1", lead.start, lead.end)


def _add_side(
    b: _Builder, pool: list[ActorMention], lead: ActorMention, role: str, assoc: str
) -> None:
    """The lead actor and, as associates, other armed agents named with it ("Russia and the
    Assad regime")."""
    b.add_actor(lead.name, role, lead.start, lead.end)
    for a in pool:
        if (
            a is not lead
            and actors_mod.is_armed(a)
            and abs(a.start - lead.start) < 60
            and a.category == lead.category
            and not _rival_governments(a, lead)
        ):
            b.add_actor(a.name, assoc, a.start, a.end)


_GOVERNMENT_YEAR = re.compile(r"\((\d{4})-\)")


def _rival_governments(a: ActorMention, b: ActorMention) -> bool:
    """Two state forces of one country under governments of different start years ("Military
    Forces of Libya (2014-) Haftar Faction", "(2016-) Government of National Accord") are the
    two sides of a civil war, never one side."""
    if a.category != "state" or b.category != "state" or a.country != b.country:
        return False
    ya, yb = _GOVERNMENT_YEAR.search(a.name), _GOVERNMENT_YEAR.search(b.name)
    return ya is not None and yb is not None and ya.group(1) != yb.group(1)


def _incident_harm(d: Draft) -> list[HarmMention]:
    """New harm of a draft, without subsets ("including 2 children") counted twice."""
    out: list[HarmMention] = []
    for f in d.frames:
        for h in f.harm:
            if h.new and not h.negated and h.type != "displaced":
                out.append(h)
    return out


def _is_subset(text: str, h: HarmMention) -> bool:
    return bool(_SUBSET_BEFORE.search(text[max(0, h.start - 25) : h.start]))


def _attach_orphans(
    text: str, m: Mentions, drafts: list[Draft], frames: list[Frame], by: BySentence
) -> None:
    """Harm, actors, tags and sources in sentences without triggers go to the nearest event
    before them (or the first event, for a lead sentence that names no incident)."""
    framed = {f.sent for f in frames}
    incidents = [
        d for d in drafts if d.cls is not None and d.cls.sub_event_type not in CONTEXT_SUBTYPES
    ]
    if not incidents:
        return
    sents = [sorted(f.sent for f in d.frames) for d in incidents]  # kept up to date below
    for i in range(len(m.sentences)):
        if i in framed:
            continue
        harm = by["harm"].get(i, [])
        tags = by["tags"].get(i, [])
        sources = by["sources"].get(i, [])
        actors = by["actors"].get(i, [])
        if not (harm or tags or sources or actors):
            continue
        k = _latest_before(sents, i)
        incidents[k].frames.append(Frame(i, [], [], None, False, actors, harm, sources, [], tags))
        insort(sents[k], i)


def _latest_before(sents: list[list[int]], i: int) -> int:
    """Which draft (by its sorted frame sentences) has the latest frame before sentence `i`,
    the first such on ties; the first draft when none has one."""
    best, best_sent = 0, -1
    for k, ss in enumerate(sents):
        j = bisect_left(ss, i)
        if j and ss[j - 1] > best_sent:
            best, best_sent = k, ss[j - 1]
    return best


def _tactic_tags(drafts: list[Draft]) -> None:
    """A tactic stated once for the day's attacks ("double tap" bombing) applies to each of the
    day's events of that kind."""
    for d in drafts:
        tactic = [t for f in d.frames for t in f.tags if t.tag in TACTIC_TAGS]
        if not tactic or d.cls is None:
            continue
        for other in drafts:
            if other is d or other.cls is None or other.day != d.day:
                continue
            if FAMILY(other.cls) == FAMILY(d.cls):
                other.frames.append(
                    Frame(d.frames[0].sent, [], [], None, False, [], [], [], [], tactic)
                )


def _build_event(b: _Builder, d: Draft, m: Mentions) -> None:
    assert d.cls is not None
    b.set_type(d.cls)
    dated = next((f for f in d.frames if f.own_date), None) or next(
        (f for f in d.frames if f.date is not None), None
    )
    b.set_date(dated.date if dated else None, d.day)
    b.set_location(d.place, borrowed=d.place_borrowed)
    gang = _mentions(b.text, _GANG_WORDS) and any(
        _gang_victims(b.text[slice(*m.sentences[f.sent])]) for f in d.frames)
    _assign_actors(b, d, m.focus.country, gang)
    for h in _incident_harm(d):
        if not _is_subset(b.text, h):
            b.add_harm(h)
    for f in d.frames:
        for s in f.sources:
            b.add_source(s)
        for t in f.tags:
            b.add_tag(t)
        for hedge in f.hedges:
            b.add_hedge(hedge)
    b.event.confidence = round(
        min(
            0.95,
            0.4
            + 0.15 * (d.place is not None)
            + 0.15 * any(f.own_date for f in d.frames)
            + 0.1 * (d.cls.trigger.weight >= 3)
            + 0.1 * bool(b.event.sources),
        ),
        2,
    )


def _copy_actors(b: _Builder, source: _Builder) -> None:
    """Actors of the event this one is "also" like, when it names none of its own."""
    named_here = [
        e
        for e in b.event.evidence
        if e.field.startswith("actors[")
        and b.text[e.start : e.end] != b.event.actors[int(e.field[7:-1])].text
    ]
    synthetic = all(
        a.text == b.text[e.start : e.end] and e.start == b.event.evidence[0].start
        for a, e in zip(
            b.event.actors,
            [x for x in b.event.evidence if x.field.startswith("actors[")],
            strict=False,
        )
    )
    if named_here or not synthetic:
        return
    b.event.actors = []
    b.event.evidence = [e for e in b.event.evidence if not e.field.startswith("actors[")]
    src_ev = {e.field: e for e in source.event.evidence}
    for i, a in enumerate(source.event.actors):
        ev = src_ev.get(f"actors[{i}]")
        if ev is not None:
            b.add_actor(a.name, a.role, ev.start, ev.end)


def _cumulative_records(
    doc_id: str,
    text: str,
    m: Mentions,
    cumulative: list[HarmMention],
    start_n: int,
    anchor: date | None,
) -> list[Event]:
    """One `cumulative` record per sentence and period of running totals."""
    starts = [s for s, _ in m.sentences]
    groups: dict[tuple[int, str | None], list[HarmMention]] = {}
    for h in cumulative:
        sent = bisect_right(starts, h.start) - 1
        key = (sent, h.period.text if h.period else None)
        groups.setdefault(key, []).append(h)
    out: list[Event] = []
    n = start_n
    for (sent, _), items in groups.items():
        b = _Builder(doc_id, n, "cumulative", text)
        n += 1
        period = next((h.period for h in items if h.period is not None), None)
        if period is not None and period.start_date is not None:
            end = anchor if anchor and anchor >= period.start_date else period.end_date
            b.event.date = EventDate(
                period.start_date, end or period.end_date, period.precision, period.text
            )
            b.evidence("date", period.start, period.end)
        elif anchor is not None:
            b.event.date = EventDate(None, anchor, "day", None)
        for h in items:
            b.add_harm(h)
        s_start, s_end = m.sentences[sent]
        for s in m.sources:
            if s_start <= s.start < s_end:
                b.add_source(s)
        for h2 in m.hedges:
            if s_start <= h2.start < s_end:
                b.add_hedge(h2)
        b.event.confidence = 0.6
        out.append(b.event)
    return out


# Extraction allocates hundreds of thousands of short-lived tuples, lists and matches per
# megabyte of text, freed by reference counting; at CPython's default the cycle collector ran a
# young-generation pass every 700 allocations and took about a sixth of extraction's time.
YOUNG_GC_THRESHOLD = 20_000


class _FewerCollections:
    """While any thread is inside, the young-generation threshold is at least
    YOUNG_GC_THRESHOLD; the last one out puts the previous setting back (unless something
    changed it meanwhile). A collector switched off with threshold 0 stays off."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside = 0
        self.saved: tuple[int, int, int] | None = None

    def __enter__(self) -> None:
        with self.lock:
            if self.inside == 0:
                threshold = gc.get_threshold()
                if 0 < threshold[0] < YOUNG_GC_THRESHOLD:
                    self.saved = threshold
                    gc.set_threshold(YOUNG_GC_THRESHOLD, threshold[1], threshold[2])
            self.inside += 1

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.inside -= 1
            if self.inside == 0 and self.saved is not None:
                if gc.get_threshold()[0] == YOUNG_GC_THRESHOLD:
                    gc.set_threshold(*self.saved)
                self.saved = None


_FEWER_COLLECTIONS = _FewerCollections()


def extract_document(doc: Document, *, geoparse: Geoparse | None = None) -> list[Event]:
    """All event records of one document: incidents, running totals, context (with fewer
    garbage-collector passes meanwhile: see YOUNG_GC_THRESHOLD)."""
    with _FEWER_COLLECTIONS:
        return _extract(doc, geoparse)


def _is_context(d: Draft) -> bool:
    """Non-violent developments are context; an "Other" development that killed or injured
    people (a mine left from a past war) is still an incident with its harm."""
    assert d.cls is not None
    if d.cls.sub_event_type not in CONTEXT_SUBTYPES:
        return False
    return not (d.cls.sub_event_type == "Other" and d.cls.trigger.weight >= 3 and any(
        h.new and not h.negated and h.type in ("killed", "injured")
        for f in d.frames for h in f.harm))


def _extract(doc: Document, geoparse: Geoparse | None) -> list[Event]:
    original = doc.text or ""
    text = mask_markup(original)
    if not text.strip():
        return []
    _, _, infer = _components()
    published = doc.published or infer(text)
    m = find_mentions(text, published, geoparse)
    frames, cumulative, by = build_frames(text, m)
    _memo().clear()
    try:
        drafts = assemble(text, m, frames, by["places"])
    finally:
        _memo().clear()
    _attach_orphans(text, m, drafts, frames, by)
    _tactic_tags(drafts)
    events: list[Event] = []
    built: dict[int, _Builder] = {}
    for d in drafts:
        assert d.cls is not None
        kind = "context" if _is_context(d) else "incident"
        b = _Builder(doc.id, len(events) + 1, kind, text)
        _build_event(b, d, m)
        if d.like is not None and id(d.like) in built:
            _copy_actors(b, built[id(d.like)])
        built[id(d)] = b
        events.append(b.event)
    anchor = _narrative_day(frames) or published
    events += _cumulative_records(doc.id, text, m, cumulative, len(events) + 1, anchor)
    if text != original:
        _quote_original(events, original)
    return events


_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
# invisible direction marks and zero-width spaces copied from web pages ("\u202e23\u202c people")
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def mask_markup(text: str) -> str:
    """Inline tags left in a text feed ("were <b>killed</b>") and invisible direction marks
    as spaces of the same length: the rules see the words, and every offset still points into
    the original text."""
    if "<" in text:
        text = _MARKUP.sub(lambda m: " " * len(m.group()), text)
    return text if text.isascii() else _INVISIBLE.sub(" ", text)  # the marks are not ASCII


def _quote_original(events: list[Event], original: str) -> None:
    """Field texts as the original has them at their evidence spans (tags and all)."""
    for e in events:
        spans = {ev.field: (ev.start, ev.end) for ev in e.evidence}
        items: list[tuple[str, Any]] = [(f"actors[{i}]", a) for i, a in enumerate(e.actors)]
        items += [(f"harm[{i}]", h) for i, h in enumerate(e.harm)]
        items += [(f"sources[{i}]", s) for i, s in enumerate(e.sources)]
        items += [("location", e.location), ("date", e.date)]
        for name, item in items:
            if item is not None and name in spans and getattr(item, "text", None):
                start, end = spans[name]
                item.text = original[start:end]


def incident_killed(event: Event, text: str | None = None) -> int:
    """Deaths of one incident as a coder counts them (see `incident_count`)."""
    return incident_count(event, "killed", text)


def incident_count(event: Event, harm_type: str, text: str | None = None) -> int:
    """New harm of one type in one incident, reconciled as a coder would.

    With the document's text, the harm stage's reconciliation (`harm.total_new`: figures as
    written, one sentence's figures add up, later restatements and details are not added)
    runs over this incident's figures. Without it: the lowest figure per victim group, groups
    added, a general count ("3 fatalities") taken when larger than the groups' sum.
    """
    if text is not None:
        text = mask_markup(text)  # as extraction read it
        mentions = _harm_mentions(event, text)
        try:
            from conflictwatch.extract.harm import total_new
        except ImportError:  # pragma: no cover - harm stage missing
            total_new = None  # type: ignore[assignment]
        if total_new is not None and mentions is not None:
            return int(total_new(text, mentions, harm_type))
    per_group: dict[str, int] = {}
    general: list[int] = []
    for h in event.harm:
        value = h.stated if h.stated is not None else h.min
        if h.type != harm_type or not h.new or value is None:
            continue
        if h.group in ("people", "fatalities", "dead", "bodies"):
            general.append(value)
        else:
            per_group[h.group] = min(per_group.get(h.group, value), value)
    specific = sum(per_group.values())
    return max(specific, min(general)) if general else specific


def _harm_mentions(event: Event, text: str) -> list[HarmMention] | None:
    """The incident's harm as HarmMentions again (spans from its evidence)."""
    spans = {e.field: e for e in event.evidence}
    out: list[HarmMention] = []
    for i, h in enumerate(event.harm):
        ev = spans.get(f"harm[{i}]")
        if ev is None:
            return None
        m = HarmMention(
            ev.start,
            ev.end,
            text[ev.start : ev.end],
            h.type,  # type: ignore[arg-type]
            h.group,
            h.min,
            h.max,
            h.new,
            False,
            None,
        )
        if hasattr(m, "stated"):
            m.stated = h.stated
        out.append(m)
    return out
