"""Loading the YAML lexicons shipped under extract/lexicons/ and matching them fast.

`PhraseMatcher` is how every lexicon is matched: Python's regex engine tries the branches of a
big alternation one by one at every position, which is too slow for hundreds of phrases, so
patterns are bucketed by the characters they can start with and tried only at word starts.
"""

from __future__ import annotations

import os
import re
import string
import sys
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

import ahocorasick
import yaml

P = TypeVar("P")
_ALL = frozenset(string.ascii_letters + string.digits + "'\"(")
_WORD_START = re.compile(r"(?<![\w-])[\w'\"(]")


LEXICONS_ENV = "CONFLICTWATCH_LEXICONS"


class LexiconError(ValueError):
    """A user lexicon that cannot be read or merged (names the file and the reason)."""


@cache
def load_lexicon(name: str) -> Any:
    """Parse lexicons/NAME (YAML) from the package data, extended by the user's file of the
    same name in the folder(s) of $CONFLICTWATCH_LEXICONS (os.pathsep-separated)."""
    text = resources.files("conflictwatch.extract").joinpath("lexicons", name).read_text("utf-8")
    data = yaml.safe_load(text)
    for folder in filter(None, os.environ.get(LEXICONS_ENV, "").split(os.pathsep)):
        path = Path(folder).expanduser() / name
        if path.is_file():
            data = extend_lexicon(data, _read_user_lexicon(path), str(path))
    return data


def _read_user_lexicon(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc


def extend_lexicon(base: Any, extra: Any, where: str = "user lexicon") -> Any:
    """`base` with a user's additions: lists get the user's entries first (they win ties:
    earlier entries are tried first), mappings are merged key by key, other values replaced."""
    if extra is None:
        return base
    if isinstance(base, dict):
        if not isinstance(extra, dict):
            raise LexiconError(f"{where}: expected a mapping, got {type(extra).__name__}")
        out = dict(base)
        for key, value in extra.items():
            out[key] = extend_lexicon(base[key], value, f"{where}: {key}") if key in base \
                else value
        return out
    if isinstance(base, list):
        if not isinstance(extra, list):
            raise LexiconError(f"{where}: expected a list, got {type(extra).__name__}")
        return [*extra, *base]
    return extra


def alternation(patterns: Iterable[str]) -> str:
    """One non-capturing alternation, longest patterns first so regex picks the longest match."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def _first_chars(seq: Any) -> tuple[set[str], bool]:
    """Characters a parsed pattern can start with, and whether it can match the empty string."""
    out: set[str] = set()
    for op, av in seq:
        name = str(op)
        if name == "LITERAL":
            out.add(chr(av))
            return out, False
        if name == "IN":
            chars: set[str] = set()
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    chars.add(chr(iav))
                elif iname == "RANGE":
                    chars.update(chr(c) for c in range(iav[0], iav[1] + 1) if c < 128)
                elif iname == "CATEGORY" and "DIGIT" in str(iav):
                    chars.update(string.digits)
                else:
                    return set(_ALL), False
            out |= chars
            return out, False
        if name == "SUBPATTERN":
            sub, nullable = _first_chars(av[3])
            out |= sub
            if not nullable:
                return out, False
            continue
        if name == "BRANCH":
            any_null = False
            for alt in av[1]:
                sub, nullable = _first_chars(alt)
                out |= sub
                any_null = any_null or nullable
            if not any_null:
                return out, False
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub, nullable = _first_chars(av[2])
            out |= sub
            if av[0] > 0 and not nullable:
                return out, False
            continue
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        return set(_ALL), False
    return out, True


def first_chars(pattern: str) -> set[str]:
    """Possible first characters of `pattern` (all word characters when unsure)."""
    chars, nullable = _first_chars(sre_parse.parse(pattern))
    return set(_ALL) if nullable else chars


_EXPAND_LIMIT = 4000


def _expand(seq: Any) -> list[str] | None:
    """Every string a parsed pattern matches, when that is a small finite set (else None)."""
    results = [""]
    for op, av in seq:
        name = str(op)
        if name == "LITERAL":
            options = [chr(av)]
        elif name == "IN":
            chars: list[str] = []
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    chars.append(chr(iav))
                elif iname == "RANGE" and iav[1] - iav[0] < 30:
                    chars.extend(chr(c) for c in range(iav[0], iav[1] + 1))
                else:
                    return None
            options = chars
        elif name == "SUBPATTERN":
            sub = _expand(av[3])
            if sub is None:
                return None
            options = sub
        elif name == "BRANCH":
            options = []
            for alt in av[1]:
                sub = _expand(alt)
                if sub is None:
                    return None
                options.extend(sub)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, body = av
            if hi > 3:
                return None
            sub = _expand(body)
            if sub is None:
                return None
            options = []
            for k in range(lo, hi + 1):
                combos = [""]
                for _ in range(k):
                    combos = [c + x for c in combos for x in sub]
                options.extend(combos)
        elif name == "AT":
            continue
        else:
            return None
        results = [r + o for r in results for o in options]
        if len(results) > _EXPAND_LIMIT:
            return None
    return results


def expand_pattern(pattern: str) -> list[str] | None:
    """The finite set of strings `pattern` matches, or None when it is open-ended."""
    try:
        return _expand(sre_parse.parse(pattern))
    except (re.error, RecursionError):
        return None


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of `pattern` contains ("" if none): a
    substring test on it tells, far faster than a scan, that the pattern cannot match."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return ""
    if parsed.state.flags & re.IGNORECASE:
        return ""
    best, run = "", ""
    for op, av in parsed:  # the parser inlines plain (?:...) groups into this sequence
        if str(op) == "LITERAL":
            run += chr(av)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


def top_level_alternatives(pattern: str) -> list[str]:
    """`A|B|(?:C)` -> [A, B, (?:C)]; a pattern wrapped whole in one `(?:...)` is unwrapped first.

    Lets a matcher expand the finite alternatives of an entry and keep a regex only for the
    open-ended ones ("Islamic State|ISIS|IS(?= militants)": one lookahead used to turn the
    whole entry into a slow regex scan without a literal prefix)."""
    parts: list[str] = []
    depth, class_at, escaped, start = 0, -1, False, 0
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif class_at >= 0:  # inside [...]: "]" first (or after "^") is a literal
            if ch == "]" and i > class_at + 1 and pattern[class_at + 1 : i] != "^":
                class_at = -1
        elif ch == "[":
            class_at = i
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    if len(parts) == 1 and pattern.startswith("(?:") and pattern.endswith(")"):
        inner = pattern[3:-1]
        if _balanced(inner):
            return top_level_alternatives(inner)
    return parts


def _balanced(pattern: str) -> bool:
    """Whether the groups of `pattern` open and close within it (so it can stand alone)."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


# The characters of English text, most frequent first (space, letters, punctuation).
_FREQUENT_CHARS = " etaoinsrhldcumwfgypb,.vk"
_BY_FREQUENCY = {ord(c): chr(1 + i) for i, c in enumerate(_FREQUENT_CHARS)}


def fill_automaton(automaton: Any, entries: Iterable[tuple[str, Any]], placeholder: Any) -> None:
    """Add `entries` (word, value) to an empty automaton and build it, laid out so a scan of
    English text compares fewer characters; the automaton reports the same words.

    pyahocorasick finds a node's child by comparing the next character with each child in the
    order they were added, and at each character of the text that begins no word (space, most
    lower-case letters for capitalised names) it compares it with every child of the root. So
    words are added frequent characters first (at every node), and each frequent character
    that begins no word gets a placeholder word, the character then "\\0", valued `placeholder`:
    it then sits among the root's first children too. A placeholder is reported only where a
    text holds a NUL, so `placeholder` must be a value its caller ignores.
    """
    items = list(entries)
    firsts = {word[0] for word, _ in items if word}
    items += [(c + "\0", placeholder) for c in _FREQUENT_CHARS if c not in firsts]
    items.sort(key=lambda item: item[0].translate(_BY_FREQUENCY))
    for word, value in items:
        automaton.add_word(word, value)
    automaton.make_automaton()


class PhraseMatcher(Generic[P]):
    """Longest-match scanner for (regex, payload) entries, as whole words.

    Patterns are expanded to their finite sets of strings and matched with one Aho-Corasick
    automaton (a C scan over the text); the few open-ended patterns (digits, lookaheads) fall
    back to their own regex, run only when the text holds its required literal (the automaton
    reports those "needles" in the same pass, anywhere in a word). Case-insensitive matchers
    lower-case the text once. Matches never overlap: the longest match wins, then the earliest;
    ties go to the earlier entry.
    """

    def __init__(
        self, entries: Sequence[tuple[str, P]], *, ignore_case: bool = True, shared: bool = False
    ) -> None:
        """`shared`: scan together with the other shared matchers of the same case handling
        (`_SharedScan`); for the lexicons' long-lived matchers, which all read each document."""
        self.ignore_case = ignore_case
        self.payloads: list[P] = []
        self.automaton = ahocorasick.Automaton()
        self.regexes: list[tuple[re.Pattern[str], int, int]] = []  # (regex, slot, needle or -1)
        self.needles: list[str] = []
        keys: dict[str, int] = {}
        for pattern, payload in entries:
            if ignore_case:
                pattern = _lower_pattern(pattern)
            self.payloads.append(payload)
            slot = len(self.payloads) - 1
            strings = expand_pattern(pattern)
            if strings is None:
                strings, open_ended = [], []
                for alt in top_level_alternatives(pattern):
                    finite = expand_pattern(alt)
                    if finite is None:
                        open_ended.append(alt)
                    else:
                        strings.extend(finite)
                if open_ended:
                    # no leading lookbehind or \b: it would hide the literal prefix regex scans
                    # fast for (the left word boundary is checked on each match instead)
                    open_ended = [alt[2:] if alt.startswith("\\b") else alt for alt in open_ended]
                    rx = r"(?:" + "|".join(open_ended) + r")(?!\w)"
                    self.regexes.append((re.compile(rx), slot, self._needle(required_literal(rx))))
            for st in strings:
                if st and st not in keys:
                    keys[st] = slot
        needle_of = {needle: i for i, needle in enumerate(self.needles)}
        self.words = {
            st: (len(st), keys.get(st, -1), needle_of.get(st, -1))
            for st in keys.keys() | needle_of.keys()
        }
        self.empty = not self.words
        self.scan: _SharedScan | None = None
        if shared and not self.empty:
            self.scan = _SHARED[ignore_case]
            self.scan_slot = self.scan.join(self)
        elif not self.empty:
            for st, value in self.words.items():
                self.automaton.add_word(st, value)
            self.automaton.make_automaton()

    def _hits(self, hay: str) -> Iterable[tuple[int, tuple[int, int, int]]]:
        """The automaton's (end, (length, slot, needle)) reports over the text."""
        if self.scan is not None:
            return self.scan.hits(hay)[self.scan_slot]
        return self.automaton.iter(hay)

    def _needle(self, literal: str) -> int:
        """Index of a regex's required literal among the needles (-1: none, always run it)."""
        if not literal:
            return -1
        if literal not in self.needles:
            self.needles.append(literal)
        return self.needles.index(literal)

    def finditer(self, text: str) -> list[tuple[int, int, P]]:
        """All non-overlapping whole-word matches as (start, end, payload)."""
        hay = lower_same_length(text) if self.ignore_case else text
        n = len(hay)
        cands: list[tuple[int, int, int]] = []
        seen: set[int] = set()  # needles found
        if not self.empty:
            for end, (length, slot, needle) in self._hits(hay):
                if needle >= 0:
                    seen.add(needle)
                    if slot < 0:
                        continue
                start = end - length + 1
                if start > 0:
                    c = hay[start - 1]
                    if c.isalnum() or c in "_-":
                        continue
                if end + 1 < n:
                    c = hay[end + 1]
                    if c.isalnum() or c == "_":
                        continue
                cands.append((start, -(end + 1), slot))
        for rx, slot, needle in self.regexes:
            if needle >= 0 and needle not in seen:
                continue
            for m in rx.finditer(hay):
                start = m.start()
                if m.end() > start and not (
                    start > 0 and (hay[start - 1].isalnum() or hay[start - 1] in "_-")
                ):
                    cands.append((start, -m.end(), slot))
        if not cands:
            return []
        cands.sort()
        out: list[tuple[int, int, P]] = []
        pos_min = 0
        payloads = self.payloads
        for start, neg_end, slot in cands:
            if start < pos_min:
                continue
            out.append((start, -neg_end, payloads[slot]))
            pos_min = -neg_end
        return out


class _SharedScan:
    """One Aho-Corasick pass over a text for several matchers at once.

    Each matcher used to run its own automaton over the whole document, and a pass costs
    about the same whatever the number of phrases, so the lexicons' matchers (triggers,
    actors, tags, hedges) share one automaton holding all their phrases: each phrase maps to
    the (matcher, value) pairs it stands for, and one pass sorts the reports out by matcher.
    The last text's reports are kept, since its matchers ask one after another. An automaton
    reports every occurrence of every phrase, so each matcher gets exactly the reports its
    own automaton would give (their order aside, which `finditer` does not depend on).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.members: list[PhraseMatcher[Any]] = []
        self.automaton: Any = None  # built on first use after the last member joined
        self.last: tuple[str, list[list[tuple[int, tuple[int, int, int]]]]] | None = None

    def join(self, matcher: PhraseMatcher[Any]) -> int:
        """Add a matcher's phrases; returns its slot in `hits`."""
        with self.lock:
            self.members.append(matcher)
            self.automaton, self.last = None, None
            return len(self.members) - 1

    def _built(self) -> tuple[Any, int]:
        with self.lock:
            if self.automaton is None:
                by_word: dict[str, list[tuple[int, tuple[int, int, int]]]] = {}
                for slot, member in enumerate(self.members):
                    for word, value in member.words.items():
                        by_word.setdefault(word, []).append((slot, value))
                automaton = ahocorasick.Automaton()
                fill_automaton(
                    automaton, ((word, tuple(values)) for word, values in by_word.items()), ()
                )
                self.automaton = automaton
            return self.automaton, len(self.members)

    def hits(self, hay: str) -> list[list[tuple[int, tuple[int, int, int]]]]:
        """Per member, the (end, value) reports of its phrases in `hay`."""
        last = self.last
        if last is not None and last[0] == hay and len(last[1]) == len(self.members):
            return last[1]
        automaton, n = self._built()
        out: list[list[tuple[int, tuple[int, int, int]]]] = [[] for _ in range(n)]
        for end, values in automaton.iter(hay):
            for slot, value in values:
                out[slot].append((end, value))
        self.last = (hay, out)
        return out


_SHARED = {True: _SharedScan(), False: _SharedScan()}


@lru_cache(maxsize=16)
def lower_same_length(text: str) -> str:
    """Lower-cased text with every offset kept (a few characters lower-case to two).

    Cached: the lexicon matchers and the word index each want the same document lower-cased."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_ESCAPE = re.compile(r"\\.|[^\\]+")

# The only characters a case-insensitive regex matches differently from a case-sensitive one
# run over `lower_same_length` text (they fold to or from ASCII letters: İ ı ſ K).
_FOLD_UNSAFE_RE = re.compile("[\u0130\u0131\u017f\u212a]")
_ESCAPE_OR_GROUP_NAME = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")
_UNFOLDABLE_SYNTAX = re.compile(r"\\[xuUN0-9]|\(\?[-aiLmsux]")
_SPACE_CLASS = re.compile(r"(?<!\\)(?:\\\\)*\\[sS]")  # an unescaped \s or \S


@lru_cache(maxsize=32)
def folded_text(text: str) -> str | None:
    """`lower_same_length(text)`, or None when the text holds a character that case-insensitive
    matching treats differently from lower-casing (then the case-insensitive regex must run)."""
    if not text.isascii() and _FOLD_UNSAFE_RE.search(text):  # isascii: O(1), no scan
        return None
    return lower_same_length(text)


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` compiled with re.ASCII, to run over ASCII text (`str.isascii`, O(1)) instead.

    There `\\w`, `\\d` and `\\b` mean what they mean in Unicode mode, but each character is
    tested with a table lookup, not with Unicode category calls. `\\s` does not (in Unicode mode
    it also matches the ASCII controls \\x1c-\\x1f), so a pattern with `\\s` or `\\S` keeps its
    Unicode form. So does a case-insensitive pattern with a character that folds to an ASCII
    letter (İ ı ſ K), written or escaped (it would match ASCII text differently), and any that
    does not compile.
    """
    if _SPACE_CLASS.search(pattern.pattern) or pattern.flags & re.IGNORECASE and (
        _FOLD_UNSAFE_RE.search(pattern.pattern) or _UNFOLDABLE_SYNTAX.search(pattern.pattern)
    ):
        return pattern
    try:
        return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)
    except (re.error, ValueError):  # an inline (?u) flag
        return pattern


def _foldable(pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` matches lower-cased text without re.IGNORECASE exactly as it matches the
    original text with it: its letters are lower-case ASCII ("A-Za-z" ranges aside), with no
    inline flags, backreferences or escaped code points."""
    if pattern.flags & (re.ASCII | re.LOCALE) or not pattern.flags & re.IGNORECASE:
        return False
    if _UNFOLDABLE_SYNTAX.search(pattern.pattern):
        return False
    rest = _ESCAPE_OR_GROUP_NAME.sub("", pattern.pattern).replace("A-Za-z", "")
    return not any(c.isalpha() and not (c.isascii() and c.islower()) for c in rest)


class FoldedMatch:
    """A match found in the lower-cased text, read from the original (offsets are the same)."""

    __slots__ = ("_match", "string")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._match = match
        self.string = text

    def group(self, name: int | str = 0) -> Any:
        start, end = self._match.span(name)
        return None if start < 0 else self.string[start:end]

    def start(self, name: int | str = 0) -> int:
        return self._match.start(name)

    def end(self, name: int | str = 0) -> int:
        return self._match.end(name)

    def span(self, name: int | str = 0) -> tuple[int, int]:
        return self._match.span(name)


MatchLike = re.Match[str] | FoldedMatch


class FoldedPattern:
    """A case-insensitive regex run case-sensitively over the lower-cased text.

    Python's regex engine folds every character it compares under re.IGNORECASE and cannot
    skip an alternation's branches by their first character, so the same pattern without the
    flag scans lower-cased text about twice as fast with the same matches (`_foldable`). Match
    objects come from the original pattern at the position found, so groups keep their case;
    a text with a character that folds unlike lower-casing is scanned by the original pattern.
    For patterns that never match the empty string.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.original = pattern
        self.folded = (
            re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
            if _foldable(pattern) else None
        )

    def _low(self, text: str) -> str | None:
        return folded_text(text) if self.folded is not None else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        low = self._low(text)
        if low is None or self.folded is None:
            yield from self.original.finditer(text, pos, endpos)
            return
        for m in self.folded.finditer(low, pos, endpos):
            found = self.original.match(text, m.start(), endpos)
            if found is not None:
                yield found

    def finditer_at(self, text: str, low: str, starts: Sequence[int], a: int, b: int,
                    last: int | None = None) -> Iterator[re.Match[str]]:
        """`finditer(text, a, b)` tried only at `starts` (sorted), where every match starts
        (none after `last`), for a pattern that folds and a text whose `low` is given. As in
        `finditer`, a match is found in `low`, read from `text`, and the scan resumes where it
        ends, so the matches are the same."""
        assert self.folded is not None
        resume = a
        for i in range(bisect_left(starts, a), len(starts)):
            p = starts[i]
            if p >= b or (last is not None and p > last):
                return
            if p < resume:
                continue
            m = self.folded.match(low, p, b)
            if m is None:
                continue
            resume = m.end()
            found = self.original.match(text, p, b)
            if found is not None:
                yield found

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        low = self._low(text)
        if low is None or self.folded is None:
            return self.original.search(text, pos, endpos)
        m = self.folded.search(low, pos, endpos)
        return None if m is None else self.original.match(text, m.start(), endpos)

    def match(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> MatchLike | None:
        """The match at `pos`; a `FoldedMatch` view of it when the text folds (no second
        matching run: for hot loops whose matches are read through group/start/end/span)."""
        low = self._low(text)
        if low is None or self.folded is None:
            return self.original.match(text, pos, endpos)
        m = self.folded.match(low, pos, endpos)
        return None if m is None else FoldedMatch(m, text)


def _lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal text, leaving escapes (\\d, \\b, \\W...) intact."""
    return "".join(tok if tok.startswith("\\") else tok.lower() for tok in _ESCAPE.findall(pattern))


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open spans share a character."""
    return a[0] < b[1] and b[0] < a[1]
