"""Place-name candidates without a gazetteer: capitalised phrases in locative frames.

Used when no geoparser is given: "in/near/at the town of X", "X province", "the X area".
One regex pass finds capitalised phrases; each is kept when the words before it are a
locative frame or the word after it is a place word. Each candidate gets a specificity rank
(higher = more specific: a town beats a province beats a country) so the pipeline can pick
the most relevant place of a sentence.
"""

from __future__ import annotations

import re

from conflictwatch.extract.lexicon_files import ascii_twin
from conflictwatch.records import Location, PlaceMention

_CAP = r"[A-Z][\w'’\-]*"
_JOIN = r"(?:al|el|an|ad|as|ash|ar|az|at|de|del|della|des|la|le|du|da|do|dos|das|di|bin|ibn|y|e)"
# A capital not after a word character: the capital comes first (the lookbehind then checks
# the character before it) so the regex engine skips ahead to capitals.
_PHRASE = re.compile(rf"[A-Z](?<![\w'’-].)[\w'’\-]*(?:[ \-](?:{_JOIN}[ \-])*{_CAP})*")
_PHRASE_ASCII = ascii_twin(_PHRASE)
_SMALL = (
    "town|village|city|hamlet|settlement|neighbourhood|neighborhood|suburb|camp|refugee camp|market"
)
_MID = (
    "area|district|county|municipality|subdistrict|sub-district|locality|commune|upazila|"
    "tehsil|taluka|mandal|block|township|outskirts|countryside|vicinity|environs|lga|"
    "barangay|colonia|sector|zone|valley|mountain|mountains|island"
)
_BIG = "province|governorate|region|state|department|oblast|prefecture|division"
_KIND_RANK = {
    **{k: 4.0 for k in _SMALL.split("|")},
    **{k: 3.0 for k in _MID.split("|")},
    **{k: 2.0 for k in _BIG.split("|")},
}
_PREPS = frozenset(
    [
        "in",
        "near",
        "at",
        "on",
        "outside",
        "around",
        "into",
        "inside",
        "across",
        "towards",
        "toward",
        "from",
        "throughout",
        "within",
        "between",
        "off",
    ]
)
_DIRECTIONS = frozenset(
    [
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northwest",
        "northwestern",
        "northeast",
        "northeastern",
        "southwest",
        "southwestern",
        "southeast",
        "southeastern",
        "greater",
        "rural",
        "the",
    ]
)
_AFTER = re.compile(r"\s+([A-Za-z][\w-]*)")  # the word after a name

_NOT_PLACES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "On",
        "In",
        "At",
        "Around",
        "About",
        "After",
        "Before",
        "During",
        "According",
        "However",
        "Meanwhile",
        "Also",
        "Police",
        "Army",
        "Military",
        "Forces",
        "Government",
        "President",
        "Minister",
        "Ministry",
        "Security",
        "Coronavirus",
        "COVID",
        "COVID-19",
        "Covid-19",
        "Islamic",
        "Muslim",
        "Christian",
        "National",
        "Federal",
        "State",
        "Council",
        "Party",
        "Movement",
        "Front",
        "Union",
        "Court",
        "Parliament",
        "Assembly",
    ]
)


# the words `_frame_before` reads last: no frame ends in any other word
_FRAME_WORDS = _PREPS | _DIRECTIONS | {"of"}
_WORD_TOKEN = re.compile(r"[\w-]+")  # letters, digits, "_" and "-" only


def _frame_before(text: str, start: int) -> tuple[bool, str | None]:
    """(a locative preposition precedes, the place kind in "the town of X")."""
    window = text[max(0, start - 40) : start]
    if not window or not window[-1].isspace():
        return False, None
    last = window.rsplit(None, 1)
    if not last or last[-1].lower() not in _FRAME_WORDS:
        return False, None  # the last word is neither "of" nor a preposition nor skipped
    words: list[str] = []
    for token in reversed(window.split()[-3:]):
        if not (token[0].isalpha() and _WORD_TOKEN.fullmatch(token)):
            break
        words.insert(0, token.lower())
    if not words:
        return False, None
    kind = None
    if len(words) >= 2 and words[-1] == "of" and words[-2] in _KIND_RANK:
        kind = words[-2]
        words = words[:-2]
    while words and words[-1] in _DIRECTIONS:
        words.pop()
    return bool(words) and words[-1] in _PREPS, kind


def _kind_after(text: str, end: int) -> str | None:
    """The place word right after a name ("X province"), if any."""
    after = _AFTER.match(text, end)
    if after is None:
        return None
    word = after.group(1).lower()
    return word if word in _KIND_RANK else None


def find_place_candidates(text: str) -> list[PlaceMention]:
    """Capitalised place-like phrases with where they are; coordinates left empty."""
    out: list[PlaceMention] = []
    for m in (_PHRASE_ASCII if text.isascii() else _PHRASE).finditer(text):
        s, e = m.span()
        name = m.group()
        while name and name[-1] in ".-'’":
            name, e = name[:-1], e - 1
        if name.startswith("The ") and len(name) > 4:
            name, s = name[4:], s + 4
        if not name or name.split()[0] in _NOT_PLACES or name in _NOT_PLACES:
            continue
        prep, kind_before = _frame_before(text, s)
        # "the town of X" already gives the kind: the word after X is then never read
        kind_after = None if kind_before else _kind_after(text, e)
        kind = kind_before or kind_after
        if not (prep or kind):
            continue
        why = (
            "after 'town of'"
            if kind_before
            else "before a place word"
            if kind_after
            else "after a locative preposition"
        )
        rank = _KIND_RANK.get(kind or "", 3.5)
        loc = Location(text=name, start=s, end=e)
        out.append(PlaceMention(s, e, name, location=loc, score=rank, why=why))
    return out
