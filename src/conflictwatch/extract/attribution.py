"""Sources ("the White Helmets reported", "according to the UN") and hedges.

Hedges are warnings, claims, denials, habits ("they regularly carry out bombings") and legal
characterisations: they are marked, and the event triggers in the scope of a warning, denial,
habit or characterisation do not make events.
A source whose statement is a hedge ("the UN saying ... may constitute a war crime") is the
hedge's source, not a source of the events.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conflictwatch.extract.lexicon_files import (
    FoldedPattern,
    PhraseMatcher,
    alternation,
    folded_text,
    load_lexicon,
)
from conflictwatch.records import HedgeMention, SourceMention

_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "this", "that", "which", "who", "one", "there"]
)
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]“”\"]|,\s+(?:as|while|but|with|after|when|which)\s+"
    r"|\b(?:as|while|but|when|after|with|what|which|who|whom|that|in)\s+",
    re.IGNORECASE,
)
# the same regex run case-sensitively over the lower-cased text (about twice as fast)
_CLAUSE_BREAK_FOLDED = FoldedPattern(_CLAUSE_BREAK)
_NOT_A_SOURCE = re.compile(r"^\w+ing\b|\d", re.IGNORECASE)
_DETERMINERS = re.compile(r"^(?:the|a|an|several|some|other|two|three|many)\s+", re.IGNORECASE)
_PASSIVE_END = re.compile(r"\b(?:was|were|is|are|been|be|has|have|had)\s*$")
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass(frozen=True)
class Hedge:
    kind: str
    suppress: bool


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    lex: dict[str, Any] = load_lexicon("attribution.yaml")
    return lex


@lru_cache(maxsize=1)
def _verb_words() -> tuple[str, ...] | None:
    """The reporting verbs when each is a plain lower-case word or phrase (as shipped), so that
    a substring search finds every place `_verb_regex` can match; None when a lexicon gives
    one in regex syntax."""
    verbs = tuple(_lex()["reporting_verbs"])
    return verbs if all(_PLAIN_WORDS.fullmatch(v) for v in verbs) else None


_PLAIN_WORDS = re.compile(r"[a-z]+(?: [a-z]+)*")


@lru_cache(maxsize=1)
def _verb_regex() -> FoldedPattern:
    return FoldedPattern(re.compile(
        r"(?<!\w)" + alternation(_lex()["reporting_verbs"]) + r"(?!\w)", re.IGNORECASE
    ))


_ACCORDING = re.compile(r"\baccording to\s+(?P<src>[^,.;:\n]{2,80}?)(?=[,.;:\n]|$)", re.IGNORECASE)
_AFTER_QUOTE = re.compile(r"[”\"],?\s+(?:said|says|reported|told)\s+(?P<src>[^,.;:\n”\"]{2,60})")


@lru_cache(maxsize=1)
def _known() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(k["re"]), k["name"]) for k in _lex()["known_sources"]]


@lru_cache(maxsize=1)
def _hedge_matcher() -> PhraseMatcher[Hedge]:
    entries: list[tuple[str, Hedge]] = []
    for kind, spec in _lex()["hedges"].items():
        entries.extend((cue, Hedge(kind, bool(spec["suppress"]))) for cue in spec["cues"])
    return PhraseMatcher(entries, shared=True)


@lru_cache(maxsize=4096)
def canonical_source(phrase: str) -> str:
    """Known source name inside a phrase ("the White Helmets civil defense" -> White Helmets)."""
    for regex, name in _known():
        if regex.search(phrase):
            return name
    return _DETERMINERS.sub("", phrase.strip()).strip()


def _clause_start(text: str, sent_start: int, verb_start: int) -> int:
    """Where the subject of a reporting verb begins: the sentence start or last clause break.

    Only where the breaks end matters, so they are read from the lower-cased text directly
    (the same spans: see FoldedPattern), without a case-insensitive match of each again."""
    low, folded = folded_text(text), _CLAUSE_BREAK_FOLDED.folded
    breaks = (folded.finditer(low, sent_start, verb_start) if low is not None and folded
              else _CLAUSE_BREAK.finditer(text, sent_start, verb_start))
    start = sent_start
    for m in breaks:
        start = m.end()
    return start


def _sources_from_phrase(text: str, start: int, end: int) -> list[SourceMention]:
    """One SourceMention per listed item ("residents, journalists and the White Helmets")."""
    out: list[SourceMention] = []
    pos = start
    chunk = text[start:end]
    for piece in _LIST_SPLIT.split(chunk):
        idx = text.find(piece, pos, end) if piece else -1
        if idx < 0:
            continue
        pos = idx + len(piece)
        stripped = piece.strip()
        if not stripped or stripped.lower() in _PRONOUNS or not any(c.isalpha() for c in stripped):
            continue
        if _NOT_A_SOURCE.search(stripped):
            continue  # "killing eight people": an action, not who reported it
        s = idx + (len(piece) - len(piece.lstrip()))
        out.append(SourceMention(s, s + len(stripped), stripped, canonical_source(stripped)))
    return out


def _list_subject_start(text: str, begin: int, end: int) -> int:
    """Drop leading comma-pieces that are not short list items ("caused by X, local sources")."""
    pieces = text[begin:end].split(",")
    keep = len(pieces) - 1
    while keep > 0 and len(pieces[keep - 1].split()) <= 4:
        keep -= 1
    return begin + sum(len(p) + 1 for p in pieces[:keep])


_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


@lru_cache(maxsize=1)
def _adjective_after() -> dict[str, frozenset[str]]:
    return {verb.lower(): frozenset(w.lower() for w in words)
            for verb, words in (_lex().get("adjective_after") or {}).items()}


def _adjective_here(text: str, start: int, verb: str) -> bool:
    """Whether a reporting verb is used as an adjective here ("and alleged mercenaries"):
    the word before it is one `adjective_after` lists for it."""
    words = _adjective_after().get(verb)
    if not words:
        return False
    prev = _PREVIOUS_WORD.search(text, max(0, start - 20), start)
    return prev is not None and prev.group(1).lower() in words


def _occurrences(text: str, literal: str) -> list[int]:
    """Every position where `literal` starts in `text`, in order."""
    out: list[int] = []
    at = text.find(literal)
    while at >= 0:
        out.append(at)
        at = text.find(literal, at + 1)
    return out


def _cues(text: str) -> tuple[list[int] | None, list[int]]:
    """Where `_ACCORDING` and `_AFTER_QUOTE` can start: each "according to" and each closing
    quote. A sentence holding none of them is not scanned by that regex (most hold none, and
    a substring search is far cheaper than a regex scan of every sentence). The lower-cased
    text stands for the case-insensitive regex unless it holds a character that folds
    otherwise (`folded_text`): then None, every sentence is scanned."""
    folded = folded_text(text)
    according = None if folded is None else _occurrences(folded, "according to")
    quotes = sorted(_occurrences(text, '"') + _occurrences(text, "\u201d"))
    return according, quotes


def _verb_starts(text: str) -> list[int] | None:
    """Where a reporting verb can start (every occurrence of each, inside words too), or None
    when that cannot be told by substring search: then every sentence is scanned."""
    folded, verbs = folded_text(text), _verb_words()
    if folded is None or verbs is None:
        return None
    return sorted(at for verb in verbs for at in _occurrences(folded, verb))


def _any_within(positions: list[int] | None, start: int, end: int) -> bool:
    """Whether a sorted list of positions has one in [start, end) (None: assume so)."""
    if positions is None:
        return True
    i = bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _verb_matches(
    text: str, verbs: list[int] | None, start: int, end: int
) -> Iterator[re.Match[str]]:
    """`_verb_regex()` matches in [start, end), tried only at `verbs` (`_verb_starts`: every
    match starts at one) instead of at every position of the sentence."""
    regex, low = _verb_regex(), folded_text(text)
    if verbs is None or regex.folded is None or low is None:
        return regex.finditer(text, start, end)
    return regex.finditer_at(text, low, verbs, start, end)


def find_sources(
    text: str, sentences: list[tuple[int, int]], hedges: list[HedgeMention] | None = None
) -> list[SourceMention]:
    """Attributions in each sentence: subjects of reporting verbs, "according to X".

    A reporting verb whose clause is a suppressing hedge (a warning, a legal characterisation)
    gives no event source: the speaker is the hedge's source instead (see `hedge_sources`).
    """
    out: list[SourceMention] = []
    hedge_starts = sorted(h.start for h in hedges or [] if suppresses(h))
    according, quotes = _cues(text)
    verbs = _verb_starts(text)
    for s_start, s_end in sentences:
        if _any_within(according, s_start, s_end):
            for m in _ACCORDING.finditer(text, s_start, s_end):
                out.extend(_sources_from_phrase(text, m.start("src"), m.end("src")))
        if _any_within(quotes, s_start, s_end):
            for m in _AFTER_QUOTE.finditer(text, s_start, s_end):
                out.extend(_sources_from_phrase(text, m.start("src"), m.end("src")))
        if not _any_within(verbs, s_start, s_end):
            continue
        for m in _verb_matches(text, verbs, s_start, s_end):
            if _any_within(hedge_starts, m.end(), min(m.end() + 81, s_end)):
                continue  # a suppressing hedge right after the verb is what it reports
            if _adjective_here(text, m.start(), m.group().lower()):
                continue
            begin = _list_subject_start(text, _clause_start(text, s_start, m.start()), m.start())
            subject = text[begin : m.start()]
            words = subject.split()
            if not words or len(words) > 12 or subject.strip().endswith(","):
                continue
            if _PASSIVE_END.search(subject):
                continue  # "was reported": passive, no source named here
            out.extend(_sources_from_phrase(text, begin, m.start()))
    return _dedupe(out)


def _dedupe(items: list[SourceMention]) -> list[SourceMention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for it in sorted(items, key=lambda x: x.start):
        if (it.start, it.end) not in seen:
            seen.add((it.start, it.end))
            out.append(it)
    return out


def find_hedges(text: str, sentences: list[tuple[int, int]]) -> list[HedgeMention]:
    """Hedge cues; each mention's span runs from the cue to the end of its sentence."""
    out: list[HedgeMention] = []
    bounds = iter(sentences)
    current = next(bounds, None)
    for s, _e, hedge in _hedge_matcher().finditer(text):
        while current is not None and current[1] <= s:
            current = next(bounds, None)
        end = current[1] if current is not None else len(text)
        end = max(end, _e)
        out.append(HedgeMention(s, end, text[s:end], hedge.kind))  # type: ignore[arg-type]
    return out


def hedge_sources(text: str, hedges: list[HedgeMention], sentences: list[tuple[int, int]]) -> None:
    """Fill each hedge's `source` with the speaker before its reporting verb, if any."""
    for h in hedges:
        sent = next((se for se in sentences if se[0] <= h.start < se[1]), None)
        if sent is None:
            continue
        verbs = [
            m for m in _verb_regex().finditer(text, sent[0], h.start) if h.start - m.end() <= 80
        ]
        if not verbs:
            continue
        verb = verbs[-1]
        begin = _clause_start(text, sent[0], verb.start())
        subject = text[begin : verb.start()].strip()
        if subject and len(subject.split()) <= 8:
            h.source = canonical_source(subject)


def suppresses(hedge: HedgeMention) -> bool:
    """Whether triggers inside this hedge's scope must not make events."""
    return bool(_lex()["hedges"][hedge.kind]["suppress"])
