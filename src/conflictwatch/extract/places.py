"""Place-name candidates without a gazetteer: capitalised phrases in locative frames.

Used when no geoparser is given: "in/near/at the town of X", "X province", "the X area".
Each candidate gets a specificity rank (higher = more specific: a town beats a province beats a
country) so the pipeline can pick the most relevant place of a sentence.
"""

from __future__ import annotations

import re

from conflictwatch.records import Location, PlaceMention

_CAP = r"[A-Z][\w'’.\-]*"
_JOIN = r"(?:al|el|an|ad|as|ash|ar|az|at|de|del|della|des|la|le|du|da|do|dos|das|di|bin|ibn|y|e)"
_PHRASE = rf"{_CAP}(?:[ \-](?:{_JOIN}[ \-])*{_CAP})*"
_SMALL = "town|village|city|hamlet|settlement|neighbou?rhood|suburb|camp|refugee camp|market"
_MID = ("area|district|county|municipality|sub-?district|locality|commune|upazila|tehsil|taluka|"
        "mandal|block|township|outskirts|countryside|vicinity|environs|LGA|barangay|colonia|"
        "sector|zone|valley|mountains?|region of|island")
_BIG = "province|governorate|region|state|department|oblast|prefecture|division"
_LOC_PREP = (r"(?i:in|near|at|on|outside|around|into|inside|across|towards?|from|throughout|"
             r"within|between|off|west of|east of|north of|south of|close to)")
_TYPE_WORD = rf"(?:{_SMALL}|{_MID}|{_BIG})"

_AFTER_PREP = re.compile(
    rf"\b{_LOC_PREP}\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|northwest(?:ern)?|"
    rf"northeast(?:ern)?|southwest(?:ern)?|southeast(?:ern)?|greater|rural|eastern)\s+)?"
    rf"(?:(?P<kind>{_TYPE_WORD})\s+of\s+)?(?P<name>{_PHRASE})"
    rf"(?:\s+(?P<kind2>(?i:{_TYPE_WORD}))\b)?")
_TYPED = re.compile(rf"(?:\b[Tt]he\s+)?(?P<name>{_PHRASE})\s+(?P<kind2>(?i:{_TYPE_WORD}))\b")
_OF = re.compile(rf"\b(?P<kind>(?i:{_SMALL}|{_MID}|{_BIG}))\s+of\s+(?P<name>{_PHRASE})")

_NOT_PLACES = frozenset("""January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An This That
These Those He She They It We I On In At Around About After Before During According However
Meanwhile Also Police Army Military Forces Government President Minister Ministry Security
Coronavirus COVID COVID-19 Covid-19 Islamic Muslim Christian National Federal State Council
Party Movement Front Union Court Parliament Assembly""".split())


def _rank(kind: str | None) -> float:
    """Specificity of a place kind word: town 4, area/district 3, province 2, unknown 3.5."""
    if not kind:
        return 3.5
    k = kind.lower()
    if re.fullmatch(_SMALL, k):
        return 4.0
    if re.fullmatch(_BIG, k):
        return 2.0
    return 3.0


def find_place_candidates(text: str) -> list[PlaceMention]:
    """Capitalised place-like phrases with where they are; coordinates left empty."""
    found: dict[tuple[int, int], PlaceMention] = {}
    for regex, why in ((_AFTER_PREP, "after a locative preposition"), (_TYPED, "before a place word"),
                      (_OF, "after 'town of'")):
        for m in regex.finditer(text):
            s, e = m.span("name")
            name = m.group("name")
            while name and name[-1] in ".-'’":
                name = name[:-1]
                e -= 1
            if name.startswith(("The ", "the ")):
                name, s = name[4:], s + 4
            first = name.split()[0]
            if first in _NOT_PLACES or name in _NOT_PLACES:
                continue
            kind = m.groupdict().get("kind") or m.groupdict().get("kind2")
            key = (s, e)
            if key in found or any(s < fe and fs < e for fs, fe in found):
                continue
            loc = Location(text=name, start=s, end=e)
            found[key] = PlaceMention(s, e, name, location=loc, score=_rank(kind), why=why)
    return sorted(found.values(), key=lambda p: p.start)
