"""Counts in text: digits, number words, hedges, ranges and vague amounts, with spans.

`find_quantities(text)` returns every count as a `Quantity` whose `min`/`max` follow DESIGN.md
("more than 50" -> 51/None, "up to 8" -> None/8, "dozens" -> 24/None). Numbers that are not
counts (years, day numbers next to months, times, ages, percentages, money, units, labels such as
"Brigade 25") are left alone. All rules live in lexicons/numbers.yaml; this module compiles them
once at import into a few regular expressions, so a scan is a handful of regex passes.

The article "a"/"an" meaning one ("a child was killed") is NOT a quantity here: only harm.py
knows whether the noun after it is a victim noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any, TypeVar

import yaml

from conflictwatch.extract.lexicon_files import (
    FoldedPattern,
    ascii_twin,
    folded_text,
    lower_same_length,
)
from conflictwatch.records import Quantity

_LEXICON_PACKAGE = "conflictwatch.extract.lexicons"


def load_lexicon(name: str) -> dict[str, Any]:
    """Read one YAML lexicon shipped with the package (cached by the callers)."""
    text = resources.files(_LEXICON_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def alternation(phrases: Iterable[object]) -> str:
    """Regex matching any of the literal phrases, as a character trie (fast in `re`).

    Phrases are lower-cased (compile with re.I); inner spaces match any whitespace. A trie
    makes the engine test one character per branch instead of every phrase in turn, and it
    prefers the longest phrase at each position like a longest-first alternation.
    """
    trie: dict[str, Any] = {}
    for phrase in {" ".join(str(p).lower().split()) for p in phrases}:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
        for ch, child in sorted(node.items())
        if ch != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


_alternation = alternation
_T = TypeVar("_T")


def clone(obj: _T) -> _T:
    """Shallow copy of a cached record (cheaper than dataclasses.replace, no __init__ run)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new

_WORD_END_RE = re.compile(r"[\w-]*")


_INDEX_TOKEN_RE = re.compile(r"[a-z]+")


_INDEXED: set[str] = set()
# The indexed words as one pattern (rebuilt when words are declared): see `_index_pattern`.
_INDEX_PATTERN: list[re.Pattern[str]] = []


def index_words(words: Iterable[str]) -> None:
    """Declare words the finders anchor on; only these are indexed (called at import)."""
    new = set(words) - _INDEXED
    if new:
        _INDEXED.update(new)
        _INDEX_PATTERN.clear()
        word_index.cache_clear()


def _index_pattern() -> re.Pattern[str]:
    """A run of letters that is an indexed word, after the character before it.

    The same words as `_INDEX_TOKEN_RE` runs that are in `_INDEXED`: the trie can match only
    a whole run (no letter on either side), and a run equal to an indexed word matches whole.
    The regex engine then skips the other words in C instead of handing each to Python. The
    consumed character before the word (a space is put before the text) lets the engine test
    one character class per position instead of a lookbehind.
    """
    if not _INDEX_PATTERN:
        _INDEX_PATTERN.append(
            re.compile(rf"[^a-z](?P<w>{alternation(_INDEXED)})(?![a-z])")
        )
    return _INDEX_PATTERN[0]


@lru_cache(maxsize=64)
def word_index(text: str) -> dict[str, list[int]]:
    """Where each anchor word (a run of letters) starts: one pass shared by the finders,
    which then try their patterns only where one of their first words stands."""
    index: dict[str, list[int]] = {}
    # A space before the text gives a word at offset 0 a character to consume; in the padded
    # copy the word starts one after the match, so at the match's start in `text`.
    for m in _index_pattern().finditer(" " + lower_same_length(text)):
        index.setdefault(m[1], []).append(m.start())
    return index


_DIGITS_RE = re.compile(r"\d+")
_DIGITS_ASCII = ascii_twin(_DIGITS_RE)


@lru_cache(maxsize=64)
def digit_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of digits: one pass shared by the finders, whose digit patterns
    can only start a match at a run's first digit. Callers must not mutate the cached list."""
    digits = _DIGITS_ASCII if text.isascii() else _DIGITS_RE
    return [m.span() for m in digits.finditer(text)]


def first_words(phrases: Iterable[object]) -> frozenset[str]:
    """The first word (as `word_index` splits words) of each phrase."""
    out = set()
    for p in phrases:
        m = _INDEX_TOKEN_RE.search(str(p).lower())
        if m and m.start() == 0:
            out.add(m.group())
    return frozenset(out)


def positions(text: str, words: Set[str]) -> list[int]:
    """Sorted starts of the given words in `text` (words declared with `index_words`)."""
    index = word_index(text)
    found = [index[w] for w in words & index.keys()]
    if not found:
        return []
    if len(found) == 1:
        return found[0]
    return sorted(chain.from_iterable(found))


def windows_at(
    text: str, starts: list[int], before: int, after: int
) -> list[tuple[int, int]]:
    """Merged [start, end) stretches around the given word starts (word-aligned at the end)."""
    out: list[tuple[int, int]] = []
    for pos in starts:
        a = max(0, pos - before)
        b = min(len(text), pos + after)
        w = _WORD_END_RE.match(text, b)
        b = w.end() if w else b
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def windows(text: str, anchors: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged [start, end) stretches around each match of `anchors` (word-aligned at the end).

    Slow, many-branched patterns are run only inside these windows, around cheap anchors
    found in one pass (a month name for dates, a harm verb for passive clauses).
    """
    out: list[tuple[int, int]] = []
    for m in anchors.finditer(text):
        a = max(0, m.start() - before)
        b = min(len(text), m.end() + after)
        w = _WORD_END_RE.match(text, b)
        b = w.end() if w else b
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    scales: dict[str, int]
    hedge_kind: dict[str, str]
    vague: dict[str, tuple[int | None, int | None]]
    multipliers: dict[str, int]
    months: frozenset[str]
    count_nouns: frozenset[str]
    word_re: re.Pattern[str]
    digit_re: FoldedPattern
    vague_re: re.Pattern[str]
    hedge_re: FoldedPattern
    unit_after_re: re.Pattern[str]
    label_before_re: FoldedPattern
    month_before_re: FoldedPattern
    month_after_re: re.Pattern[str]
    range_sep_re: re.Pattern[str]
    between_re: re.Pattern[str]


def _build() -> _Lexicon:
    """Compile the lexicon into the patterns used by `find_quantities`."""
    lex = load_lexicon("numbers.yaml")
    units = {str(k): int(v) for k, v in lex["units"].items()}
    scales = {str(k): int(v) for k, v in lex["scales"].items()}
    hedge_kind = {str(p).lower(): kind for kind, ps in lex["hedges"].items() for p in ps}
    vague = {
        str(k).lower(): (v[0], v[1]) for k, v in lex["vague"].items()
    }
    multipliers = {str(k).lower(): int(v) for k, v in lex["vague_multipliers"].items()}
    months = frozenset(str(m).lower() for m in lex["months"])
    nouns = frozenset(str(n).lower() for n in lex["count_nouns"])

    word_alt = _alternation(list(units) + list(scales))
    scale_alt = _alternation(list(scales))
    # A number word sequence: "twenty-one", "one hundred and twenty", "a dozen", "two dozen".
    word = rf"(?:{word_alt})"
    word_seq = (
        rf"(?:(?:an?\s+(?={scale_alt}))?{word}"
        rf"(?:(?:\s*-\s*|\s+|\s+and\s+){word})*)"
    )
    word_re = re.compile(rf"(?<![\w-])(?:half\s+a\s+dozen|{word_seq})(?![\w])", re.I)
    # Digits: "1,100", "90,000", "3 million", "1.5 million", "50+". Not "AK-47", "10:30".
    # The first digit leads (the lookbehinds then check what is before it), so the regex
    # engine skips ahead to digits instead of trying every position.
    digit_re = FoldedPattern(re.compile(
        rf"(?P<num>\d(?<![\w.,/:$€£#]\d)(?<![A-Za-z]-\d)"
        rf"(?:\d{{0,2}}(?:,\d{{3}})+|\d*(?:\.\d+)?))"
        rf"(?:\s*(?P<scale>{scale_alt})\b)?(?P<plus>\+)?"
        rf"(?![\w%]|[.,:/]\d)",
        re.I,
    ))
    mult_alt = _alternation(list(multipliers))
    vague_re = re.compile(
        rf"(?<![\w-])(?:(?P<mult>{mult_alt})\s+(?P<mscale>dozen|hundred|thousand|million)"
        rf"|(?P<vague>{_alternation(list(vague))}))(?![\w-])",
        re.I,
    )
    hedge_re = FoldedPattern(
        re.compile(rf"(?<![\w])(?P<hedge>{_alternation(list(hedge_kind))})\s+", re.I))
    units_after = [str(u) for u in lex["units_after"]]
    unit_after_re = re.compile(
        rf"\A(?:\s*-\s*|\s*)(?:{_alternation(units_after)})(?![a-z])", re.I
    )
    labels = [str(u) for u in lex["labels_before"]]
    label_before_re = FoldedPattern(
        re.compile(rf"(?:^|(?<=[^\w]))(?:{_alternation(labels)})\s*", re.I))
    month_alt = _alternation(list(months))
    month_before_re = FoldedPattern(
        re.compile(rf"(?<![\w])(?:{month_alt})\.?\s+(?:the\s+)?", re.I))
    month_after_re = re.compile(
        rf"\A(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{month_alt})\b", re.I
    )
    range_sep_re = re.compile(r"\A\s*(?:-|–|—|to|or)\s*", re.I)
    between_re = re.compile(r"(?:between|from)\s+\Z", re.I)
    return _Lexicon(
        units, scales, hedge_kind, vague, multipliers, months, nouns, word_re, digit_re,
        vague_re, hedge_re, unit_after_re, label_before_re, month_before_re, month_after_re,
        range_sep_re, between_re,
    )


_LEX = _build()
_WORD_FIRST = first_words(list(_LEX.units) + list(_LEX.scales) + ["a", "an", "half"])
_VAGUE_FIRST = first_words(list(_LEX.vague) + list(_LEX.multipliers))


def whole_first_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The first words of the phrases, or None when a phrase does not start with a letter.

    For patterns whose phrases end in whitespace or "." (hedges and months before a number):
    a match then starts where one of these words is a whole run of letters, so it is in the
    word index, and a stretch of text without them holds no match."""
    phrases = list(phrases)
    if not all(_INDEX_TOKEN_RE.match(p) for p in phrases):
        return None
    return first_words(phrases)


_HEDGE_FIRST = whole_first_words(_LEX.hedge_kind)
_MONTH_FIRST = whole_first_words(_LEX.months)
index_words(_WORD_FIRST | _VAGUE_FIRST | (_HEDGE_FIRST or set()) | (_MONTH_FIRST or set()))
_TOKEN_RE = re.compile(r"[a-z]+", re.I)
_NEXT_WORD_RE = re.compile(r"\A\s+([a-z]+)", re.I)
_AGE_AFTER_NAME_RE = re.compile(r"[A-Z][\w'’-]+(?:,\s*|\s*\()\Z")
_AGE_CLOSE_RE = re.compile(r"\A\s*[,)]")
_YEAR_RE = re.compile(r"\A(?:1[89]\d\d|20\d\d|2100)\Z")


@dataclass
class _Atom:
    """A bare number before hedges and ranges are applied."""

    start: int
    end: int
    min: int | None
    max: int | None
    exact: bool  # a definite value (digits/words), not a vague amount
    approximate: bool = False


def parse_number_words(phrase: str) -> int | None:
    """Value of a number-word phrase ("two hundred and five" -> 205); None if malformed."""
    words = [w.lower() for w in _TOKEN_RE.findall(phrase) if w.lower() != "and"]
    if " ".join(words) == "half a dozen":
        return 6
    total, current, seen = 0, 0, False
    for w in words:
        if w in ("a", "an"):
            current = max(current, 1)
            seen = True
        elif w in _LEX.units:
            current += _LEX.units[w]
            seen = True
        elif w in _LEX.scales:
            scale = _LEX.scales[w]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _valid_word_sequence(phrase: str) -> int:
    """Length of the longest prefix that reads as ONE number ("three and four" -> "three")."""
    toks = list(re.finditer(r"[A-Za-z]+", phrase))
    last_kind = ""
    prev_small: int | None = None
    for i, m in enumerate(toks):
        w = m.group(0).lower()
        if w in ("and", "a", "an", "half"):
            if w == "and" and last_kind != "scale":
                return toks[i - 1].end() if i else 0
            continue
        if w in _LEX.units:
            v = _LEX.units[w]
            # "twenty one" is one number; "five six" or "twelve four" is not.
            if last_kind == "unit" and not (
                prev_small is not None and prev_small % 10 == 0 and prev_small >= 20 and v < 10
            ):
                return toks[i - 1].end()
            last_kind, prev_small = "unit", v
        else:
            last_kind, prev_small = "scale", None
    return len(phrase)


@dataclass
class _Context:
    """Hedges, labels and month names of one text, keyed by where they end (one pass each)."""

    hedges: dict[int, re.Match[str]]
    labels: set[int]
    months: set[int]

    @classmethod
    def of(cls, text: str, starts: list[int]) -> _Context:
        """Scan only the 45 characters before each candidate number."""
        ctx = cls({}, set(), set())
        ranges: list[tuple[int, int]] = []
        for s in sorted(starts):
            a = max(0, s - 45)
            if ranges and a <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], s)
            else:
                ranges.append((a, s))
        exact = folded_text(text) is not None
        hedge_at = positions(text, _HEDGE_FIRST) if exact and _HEDGE_FIRST else None
        month_at = positions(text, _MONTH_FIRST) if exact and _MONTH_FIRST else None
        for a, b in ranges:
            ctx.hedges.update(
                (m.end(), m) for m in _matches_at(_LEX.hedge_re, text, hedge_at, a, b))
            ctx.labels.update(m.end() for m in _LEX.label_before_re.finditer(text, a, b))
            ctx.months.update(
                m.end() for m in _matches_at(_LEX.month_before_re, text, month_at, a, b))
        return ctx


def _matches_at(
    pattern: FoldedPattern, text: str, starts: list[int] | None, a: int, b: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, a, b)` tried only at `starts` (sorted), where every match of the
    pattern starts; None scans every position.

    Like `FoldedPattern.finditer`, a match is found in the folded text, read from `text`, and
    the scan resumes where it ends; positions that are not in `starts` cannot match, so the
    matches are the same (lookbehinds still see the text before `a`)."""
    low = folded_text(text)
    if starts is None or pattern.folded is None or low is None:
        yield from pattern.finditer(text, a, b)
        return
    yield from pattern.finditer_at(text, low, starts, a, b)


def _not_a_count(ctx: _Context, text: str, start: int, end: int, digits: str | None) -> bool:
    """True when the number at [start, end) is a year, day, time, age, unit, label or money."""
    after = text[end : end + 30]
    if _LEX.unit_after_re.match(after):
        return True
    if start in ctx.months or _LEX.month_after_re.match(after):
        return True
    if start in ctx.labels:
        return True
    # (the anchored test after the number first: the name search before it is the slow one)
    if digits is not None and len(digits) <= 3 and _AGE_CLOSE_RE.match(after) and (
        _AGE_AFTER_NAME_RE.search(text, max(0, start - 40), start)
    ):
        return True  # "Shahnaz Nazli, 41, was shot", "Ali (25)": an age
    if digits is not None and _YEAR_RE.match(digits) and start not in ctx.hedges:
        nxt = _NEXT_WORD_RE.match(after)
        if not (nxt and nxt.group(1).lower() in _LEX.count_nouns):
            return True
    return False


def _digit_atoms(ctx: _Context, text: str, matches: list[re.Match[str]]) -> list[_Atom]:
    atoms = []
    for m in matches:
        num, scale = m.group("num"), m.group("scale")
        plain = num.replace(",", "")
        if "." in plain and not scale:
            continue  # a decimal without a scale is a measure, not a count
        if _not_a_count(ctx, text, m.start(), m.end(), None if ("," in num or scale) else plain):
            continue
        value = float(plain) * (_LEX.scales[scale.lower()] if scale else 1)
        n = int(round(value))
        if m.group("plus"):
            atoms.append(_Atom(m.start(), m.end(), n, None, True))
        else:
            atoms.append(_Atom(m.start(), m.end(), n, n, True))
    return atoms


def _digit_matches(text: str) -> Iterator[re.Match[str]]:
    """`_LEX.digit_re.finditer(text)`, tried only at the first digit of each digit run (a count's
    first digit follows no word character) instead of at every character of the text."""
    folded = _LEX.digit_re.folded
    low = folded_text(text) if folded is not None else None
    if folded is None or low is None:
        yield from _LEX.digit_re.finditer(text)
        return
    resume = 0
    for start, _ in digit_runs(text):
        if start < resume:
            continue
        m = folded.match(low, start)
        if m is None:
            continue
        resume = m.end()
        found = _LEX.digit_re.original.match(text, start)
        if found is not None:
            yield found


def _word_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number-word sequence."""
    spans = []
    last = 0
    for pos in positions(text, _WORD_FIRST):
        if pos < last:
            continue
        m = _LEX.word_re.match(text, pos)
        if m is None:
            continue
        length = _valid_word_sequence(m.group(0))
        if length <= 0:
            continue
        # A truncated sequence ("three and four" -> "three") leaves "four" to a later start.
        start, end = m.start(), m.start() + length
        last = end
        n = parse_number_words(text[start:end])
        if n is not None:
            spans.append((start, end, n))
    return spans


def _word_atoms(ctx: _Context, text: str, spans: list[tuple[int, int, int]]) -> list[_Atom]:
    return [
        _Atom(start, end, n, n, True)
        for start, end, n in spans
        if not _not_a_count(ctx, text, start, end, None)
    ]


def _vague_atoms(text: str) -> list[_Atom]:
    atoms = []
    last = 0
    for pos in positions(text, _VAGUE_FIRST):
        if pos < last:
            continue
        m = _LEX.vague_re.match(text, pos)
        if m is None:
            continue
        last = m.end()
        if m.group("mult"):
            mult = _LEX.multipliers[" ".join(m.group("mult").lower().split())]
            lo: int | None = mult * _LEX.scales[m.group("mscale").lower()]
            hi: int | None = None
        else:
            lo, hi = _LEX.vague[" ".join(m.group("vague").lower().split())]
        if _LEX.unit_after_re.match(text[m.end() : m.end() + 30]):
            continue
        atoms.append(_Atom(m.start(), m.end(), lo, hi, False, approximate=True))
    return atoms


def _merge_atoms(atoms: list[_Atom]) -> list[_Atom]:
    """Keep the longest atom where atoms overlap ("a dozen" beats "dozen", "some" vs "some 20")."""
    atoms.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[_Atom] = []
    for a in atoms:
        if kept and a.start < kept[-1].end:
            continue
        kept.append(a)
    return kept


def _apply_hedge(
    ctx: _Context, atom: _Atom, floor: int
) -> tuple[int, int | None, int | None, bool]:
    """Extend an atom over a hedge before it; returns (start, min, max, approximate)."""
    m = ctx.hedges.get(atom.start)
    if not m or m.start() < floor or atom.min is None:
        return atom.start, atom.min, atom.max, atom.approximate
    # casefold: the case-insensitive match also takes "at leaſt" (long s) and the Kelvin sign
    kind = _LEX.hedge_kind.get(" ".join(m.group("hedge").casefold().split()))
    if kind is None:  # another Unicode case variant: read the figure without its hedge
        return atom.start, atom.min, atom.max, atom.approximate
    n = atom.min
    if kind == "lower_exclusive":
        return m.start(), n + 1, None, atom.approximate
    if kind == "lower_inclusive":
        return m.start(), n, None, atom.approximate
    if kind == "upper_inclusive":
        return m.start(), None, atom.max if atom.max is not None else n, atom.approximate
    if kind == "upper_exclusive":
        hi = atom.max if atom.max is not None else n
        return m.start(), None, hi - 1, atom.approximate
    if not atom.exact:
        return atom.start, atom.min, atom.max, atom.approximate  # "some many" is not a hedge
    if kind == "exact":
        return m.start(), n, atom.max, atom.approximate
    return m.start(), n, atom.max, True


def _quantities(ctx: _Context, text: str, atoms: list[_Atom]) -> list[Quantity]:
    """Join ranges ("5-7", "between 5 and 7"), apply hedges, and build the Quantity records."""
    out: list[Quantity] = []
    i = 0
    floor = 0
    while i < len(atoms):
        a = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        pair = nxt is not None and a.exact and nxt.exact
        # "between 5 and 7", "from 5 to 7" (looked for only before a pair of exact figures)
        between = _LEX.between_re.search(text, max(0, a.start - 12), a.start) if pair else None
        if (
            nxt is not None and pair and between
            and re.fullmatch(r"\s*(?:and|to|-|–)\s*", text[a.end : nxt.start], re.I)
        ):
            out.append(_make(text, between.start(), nxt.end, a.min, nxt.max, False, a.min))
            floor = nxt.end
            i += 2
            continue
        if (
            nxt is not None and pair
            and _LEX.range_sep_re.fullmatch(text[a.end : nxt.start])
            and a.min is not None and nxt.max is not None and a.min < nxt.max
        ):
            start, lo, _, approx = _apply_hedge(ctx, a, floor)
            lo = lo if lo is not None else a.min
            out.append(_make(text, start, nxt.end, lo, nxt.max, approx, a.min))
            floor = nxt.end
            i += 2
            continue
        start, lo, hi, approx = _apply_hedge(ctx, a, floor)
        out.append(_make(text, start, a.end, lo, hi, approx, a.min if a.exact else None))
        floor = a.end
        i += 1
    return out


def _make(
    text: str, start: int, end: int, lo: int | None, hi: int | None, approx: bool,
    stated: int | None,
) -> Quantity:
    return Quantity(start=start, end=end, text=text[start:end], min=lo, max=hi,
                    approximate=approx, stated=stated)


@lru_cache(maxsize=4096)
def _find_cached(text: str) -> tuple[Quantity, ...]:
    digits = list(_digit_matches(text))
    words = _word_spans(text)
    vague_all = _vague_atoms(text)
    if not digits and not words and not vague_all:
        return ()
    starts = [m.start() for m in digits] + [w[0] for w in words] + [v.start for v in vague_all]
    ctx = _Context.of(text, starts)
    exact = _merge_atoms(_digit_atoms(ctx, text, digits) + _word_atoms(ctx, text, words))
    hedged = [ctx.hedges.get(a.start) for a in exact]
    spans = [(h.start(), h.end()) for h in hedged if h]
    vague = [
        v for v in vague_all
        if not any(s <= v.start < e or v.start <= s < v.end for s, e in spans)
    ]
    atoms = _merge_atoms(exact + vague)
    return tuple(_quantities(ctx, text, atoms))


def find_quantities(text: str) -> list[Quantity]:
    """Every count in `text`, in order, with its span and min/max (see module docstring)."""
    if not text:
        return []
    return [clone(q) for q in _find_cached(text)]
