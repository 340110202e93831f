"""Date phrases in text, resolved against the publication date, with precision.

`find_dates(text, published)` finds date phrases with one compiled regex built from
lexicons/dates.yaml and resolves them itself; dateparser is used only for "N days/weeks ago"
phrases (once per distinct phrase and base date, cached). dateparser's `search_dates` is never
used: it invents dates from bare numbers.

Resolution rules (news convention, reports are about the past):
- A day and month without a year take the latest such date not more than 7 days after
  `published` ("December 19" published 2019-12-20 -> 2019-12-19).
- A weekday ("on Thursday") is the most recent such day on or before `published`; "last Thursday"
  is the same but strictly before it. A weekday with a day part ("Thursday night") is that day.
- "early/mid/late April": days 1-10 / 11-20 / 21-end, precision month, in the latest April not
  after `published`. A month alone ("in April") follows the same year rule.
- Seasons are kind="period", precision "month", spanning the season's months.
- "since X": kind="since", start = X's start, end = `published`.
- "last week" / "this week": calendar weeks starting Monday (precision week); "last month",
  "this month", "last year" likewise; "this ..."/"earlier this ..." windows end at `published`.
- With `published` None only absolute dates resolve; relative phrases are still returned, with
  `start_date`/`end_date` None, so callers can see that a date was stated.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from conflictwatch.extract.lexicon_files import FoldedPattern, folded_text
from conflictwatch.extract.numbers import (
    alternation,
    clone,
    digit_runs,
    first_words,
    index_words,
    load_lexicon,
    positions,
    windows_at,
)
from conflictwatch.records import DateMention, DatePrecision


def _alt(phrases: Any) -> str:
    return alternation(phrases)


def _key(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


_LEX = load_lexicon("dates.yaml")
_MONTHS: dict[str, int] = {str(k): int(v) for k, v in _LEX["months"].items()}
_WEEKDAYS: dict[str, int] = {str(k): int(v) for k, v in _LEX["weekdays"].items()}
_PARTS: dict[str, tuple[int, int]] = {
    _key(str(k)): (int(v[0]), int(v[1])) for k, v in _LEX["month_parts"].items()
}
_SEASONS: dict[str, tuple[int, int]] = {
    str(k): (int(v[0]), int(v[1])) for k, v in _LEX["seasons"].items()
}
_RELATIVE: dict[str, dict[str, Any]] = {_key(str(k)): v for k, v in _LEX["relative"].items()}
_SINCE = {_key(str(p)) for p in _LEX["since_prefixes"]}

_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_MON = (
    rf"(?P<{{g}}>{_alt(_FULL_MONTHS)}|(?:{_alt(set(_MONTHS) - set(_FULL_MONTHS))})\.?)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>1[89]\d\d|20\d\d)"
_WD = _alt(_WEEKDAYS)


def _g(pattern: str, name: str) -> str:
    return pattern.replace("{g}", name)


# One alternation, most specific first; finditer gives non-overlapping phrases left to right.
_BODY = "|".join(
    [
        r"(?P<iso>(?P<iy>1[89]\d\d|20\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?![\d-])",
        # between 5 and 7 May 2020 / between 30 April and 2 May 2020
        rf"(?P<btw>between\s+{_g(_DAY, 'bd1')}(?:\s+{_g(_MON, 'bm1')})?\s+and\s+"
        rf"{_g(_DAY, 'bd2')}\s+{_g(_MON, 'bm2')}(?:,?\s+{_g(_YEAR, 'by')})?)",
        # (Thursday,) 19 December (2019)
        rf"(?P<dmy>(?:(?:{_WD}),?\s+)?(?:the\s+)?{_g(_DAY, 'd1')}\s+(?:of\s+)?{_g(_MON, 'm1')}"
        rf"(?:,?\s+{_g(_YEAR, 'y1')})?)",
        # (Thursday,) December 19(th)(, 2019)
        rf"(?P<mdy>(?:(?:{_WD}),?\s+)?{_g(_MON, 'm2')}\s+{_g(_DAY, 'd2')}(?![\d,]\d)"
        rf"(?:,?\s+{_g(_YEAR, 'y2')})?)",
        # early/mid/late April (2019)
        rf"(?P<part>(?P<pp>{_alt(_PARTS)})[\s-]+{_g(_MON, 'm3')}(?:,?\s+{_g(_YEAR, 'y3')})?)",
        # autumn 2018 / the summer of 2019
        rf"(?P<season>(?:the\s+)?(?P<sn>{_alt(_SEASONS)})\s+(?:of\s+)?{_g(_YEAR, 'y4')})",
        # May 2020 / in April
        rf"(?P<my>{_g(_MON, 'm4')}(?:,?\s+{_g(_YEAR, 'y5')})?)",
        rf"(?P<rel>{_alt(_RELATIVE)})",
        rf"(?P<ago>(?P<agon>\d{{1,3}}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
        rf"(?:{_alt(_LEX['ago_units'])})\s+ago)",
        rf"(?P<wd>(?P<wdlast>last\s+)?(?P<wdn>{_WD})(?:\s+(?P<wdpart>{_alt(_LEX['day_parts'])}))?)",
    ]
)
_PREFIX = _alt(list(_LEX["point_prefixes"]) + list(_LEX["since_prefixes"]))
_DATE_RE = re.compile(rf"(?<![\w-])(?:(?P<prefix>{_PREFIX})\s+)?(?:{_BODY})(?![\w])", re.I)
_DATE_SCAN = FoldedPattern(_DATE_RE)
_DATE_FOLDED = _DATE_SCAN.folded
# Words every date phrase contains; the full pattern runs only in windows around them.
_ANCHOR_WORDS = list(_MONTHS) + list(_WEEKDAYS) + list(_SEASONS) + [
    "ago", "today", "tonight", "yesterday", "night", "week", "weekend", "month", "year",
    "overnight", "morning", "afternoon", "evening",
]
_ANCHOR_FIRST = first_words(_ANCHOR_WORDS)
# Words a date phrase can start with: a prefix or the first word of an alternative of _BODY
# ("a"/"an" and "one".."ten" start "N weeks ago"). The others start with a digit.
_START_FIRST = first_words(
    list(_LEX["point_prefixes"]) + list(_LEX["since_prefixes"]) + list(_MONTHS) + list(_WEEKDAYS)
    + list(_PARTS) + list(_SEASONS) + list(_RELATIVE)
    + ["between", "the", "last", "a", "an", "one", "two", "three", "four", "five", "six", "seven",
       "eight", "nine", "ten"]
)
index_words(_ANCHOR_FIRST | _START_FIRST)
_ISO_RE = re.compile(r"\d\d\d\d-\d\d-\d\d")  # not \d{4}: a leading class lets re skip ahead
_YEAR_ONLY_RE = re.compile(
    rf"(?<![\w-])(?P<prefix>{_alt(_LEX['year_prefixes'])})\s+(?P<year>1[89]\d\d|20\d\d)(?![\w-])",
    re.I,
)
_YEAR_ONLY_SCAN = FoldedPattern(_YEAR_ONLY_RE)
_YEAR_ONLY_FOLDED = _YEAR_ONLY_SCAN.folded
# The year of _YEAR_ONLY_RE at the start of a digit run, and what its prefix words and
# whitespace are made of (`\s` is str.isspace, true only below U+3001).
_YEAR_AT_RE = re.compile(r"(?:1[89]\d\d|20\d\d)(?![\w-])")
_PREFIX_CHARS = "abcdefghijklmnopqrstuvwxyz" + "".join(
    c for c in map(chr, range(0x3001)) if c.isspace()
)
_PREFIX_LOOKBACK = 64
# Ambiguous month words that are also common English ("may", "march") count as months only when
# a day or year is attached, or they are capitalised and follow a date preposition.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "dec", "sep", "aug", "oct", "nov", "jun", "jul",
                     "apr", "feb", "sept"}


@dataclass
class _Resolved:
    start: date | None
    end: date | None
    precision: DatePrecision
    kind: str = "point"


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date | None, slack_days: int = 7) -> int | None:
    """Year of a day-month without a year: the latest not more than `slack_days` after published."""
    if published is None:
        return None
    for y in (published.year + 1, published.year, published.year - 1):
        d = _safe_date(y, month, min(day, calendar.monthrange(y, month)[1]))
        if d is not None and d <= published + timedelta(days=slack_days):
            return y
    return published.year - 1


def _day(m: re.Match[str], dg: str, mg: str, yg: str, published: date | None) -> _Resolved:
    day, month = int(m.group(dg)), _month(m.group(mg))
    year = int(m.group(yg)) if m.group(yg) else _year_for(month, day, published)
    d = _safe_date(year, month, day) if year else None
    return _Resolved(d, d, "day")


def _month_window(
    month: int, year: int | None, first: int, last: int, published: date | None
) -> _Resolved:
    y = year if year is not None else _year_for(month, 1, published, slack_days=0)
    if y is None:
        return _Resolved(None, None, "month")
    end = min(last, calendar.monthrange(y, month)[1])
    return _Resolved(date(y, month, first), date(y, month, end), "month")


def _season(name: str, year: int) -> _Resolved:
    first, last = _SEASONS[name.lower()]
    end_year = year + 1 if last < first else year
    return _Resolved(date(year, first, 1), _month_end(end_year, last), "month", "period")


def _relative(phrase: str, published: date | None) -> _Resolved:
    rule = _RELATIVE[_key(phrase)]
    if "days" in rule:
        d = published + timedelta(days=int(rule["days"])) if published else None
        return _Resolved(d, d, "day")
    unit = str(rule["unit"])
    precision: DatePrecision = "week" if unit in ("week", "weekend") else unit  # type: ignore[assignment]
    if published is None:
        return _Resolved(None, None, precision)
    offset = int(rule.get("offset", 0))
    p = published
    if unit == "weekend":
        sat = p - timedelta(days=(p.weekday() - 5) % 7)
        return _Resolved(sat, min(sat + timedelta(days=1), p), "week", "period")
    if unit == "week":
        start = p - timedelta(days=p.weekday()) + timedelta(weeks=offset)
        end = start + timedelta(days=6)
        if "back_days" in rule:
            start = p - timedelta(days=int(rule["back_days"]))
    elif unit == "month":
        y, mth = (p.year, p.month) if offset == 0 else (
            (p.year - 1, 12) if p.month == 1 else (p.year, p.month - 1)
        )
        start, end = date(y, mth, 1), _month_end(y, mth)
    else:
        y = p.year + offset
        start, end = date(y, 1, 1), date(y, 12, 31)
    if rule.get("to_published"):
        end = p
    return _Resolved(start, end, precision, "period" if start != end else "point")


def names_weekday(text: str) -> bool:
    """Whether a date phrase names a weekday ("since Wednesday"): a day of the past week."""
    return any(word in _WEEKDAYS for word in re.findall(r"[a-z]+", text.lower()))


def _weekday(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return _Resolved(None, None, "day")
    target = _WEEKDAYS[m.group("wdn").lower()]
    back = (published.weekday() - target) % 7
    if m.group("wdlast") and back == 0:
        back = 7
    d = published - timedelta(days=back)
    return _Resolved(d, d, "day")


@lru_cache(maxsize=2048)
def _ago(phrase: str, published: date) -> date | None:
    """ "3 days ago" via dateparser (the only phrase family delegated to it), cached."""
    import dateparser  # imported lazily: it is slow to import and rarely needed

    base = datetime(published.year, published.month, published.day, 12)
    parsed = dateparser.parse(
        phrase, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    )
    return parsed.date() if parsed else None


def _weak_month(word: str, year: str | None) -> bool:
    """A lower-case "may"/"march" with no year is the verb, not the month."""
    return year is None and word.lower().rstrip(".") in _AMBIGUOUS_MONTHS and not word[0].isupper()


def _resolve(m: re.Match[str], published: date | None) -> _Resolved | None:
    """Dates of one matched phrase; None when the match is not a date after all."""
    g = m.group
    if g("iso"):
        d = _safe_date(int(g("iy")), int(g("im")), int(g("id")))
        return _Resolved(d, d, "day") if d else None
    if g("btw"):
        m2 = _month(g("bm2"))
        m1 = _month(g("bm1")) if g("bm1") else m2
        y2 = int(g("by")) if g("by") else _year_for(m2, int(g("bd2")), published)
        if y2 is None:
            return _Resolved(None, None, "day", "period")
        y1 = y2 - 1 if m1 > m2 else y2
        s, e = _safe_date(y1, m1, int(g("bd1"))), _safe_date(y2, m2, int(g("bd2")))
        return _Resolved(s, e, "day", "period") if s and e and s <= e else None
    if g("dmy"):
        return None if _weak_month(g("m1"), g("y1")) else _day(m, "d1", "m1", "y1", published)
    if g("mdy"):
        return None if _weak_month(g("m2"), g("y2")) else _day(m, "d2", "m2", "y2", published)
    if g("part"):
        first, last = _PARTS[_key(g("pp"))]
        year = int(g("y3")) if g("y3") else None
        return _month_window(_month(g("m3")), year, first, last, published)
    if g("season"):
        return _season(g("sn"), int(g("y4")))
    if g("my"):
        word = g("m4")
        if not g("y5") and (
            not word[0].isupper()
            or (word.lower().rstrip(".") in _AMBIGUOUS_MONTHS and not g("prefix"))
        ):
            return None  # "may" the verb, "Jan" the name
        year = int(g("y5")) if g("y5") else None
        return _month_window(_month(word), year, 1, 31, published)
    if g("rel"):
        return _relative(g("rel"), published)
    if g("ago"):
        d = _ago(" ".join(g("ago").lower().split()), published) if published else None
        return _Resolved(d, d, "day")
    if g("wd"):
        return _weekday(m, published)
    return None


def _mention(text: str, start: int, end: int, r: _Resolved, since: bool,
             published: date | None) -> DateMention:
    if since:
        return DateMention(start=start, end=end, text=text[start:end], start_date=r.start,
                           end_date=published, precision=r.precision, kind="since")
    kind: Literal["point", "period"] = "period" if r.kind == "period" else "point"
    return DateMention(start=start, end=end, text=text[start:end], start_date=r.start,
                       end_date=r.end, precision=r.precision, kind=kind)


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date phrase in `text` with resolved start/end dates (see module docstring)."""
    if not text:
        return []
    return [clone(d) for d in _find_cached(text, published)]


@lru_cache(maxsize=1024)
def _find_cached(text: str, published: date | None) -> tuple[DateMention, ...]:
    """All date mentions of one text (cached: harm and the pipeline both ask)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    low = folded_text(text) if _DATE_FOLDED is not None else None
    # Digit runs, found once: they give the ISO dates, the years and the phrase starts.
    runs = digit_runs(text) if low is not None else []
    starts = positions(text, _ANCHOR_FIRST)
    if low is not None:
        iso = _iso_starts(low, runs)
    else:
        iso = [m.start() for m in _ISO_RE.finditer(text)] if _ISO_RE.search(text) else []
    if iso:
        starts = sorted(starts + iso)
    phrase_starts = sorted(positions(text, _START_FIRST) + [a for a, _ in runs])
    for a, b in windows_at(text, starts, 60, 40):
        if low is None:
            matches: Iterator[re.Match[str]] = _DATE_SCAN.finditer(text, a, b)
        else:
            last_anchor = starts[bisect_left(starts, b) - 1]
            matches = _matches_in(text, low, a, b, phrase_starts, last_anchor)
        _scan(text, matches, published, out, taken)
    years = (
        _year_only_matches(text, low, runs)
        if low is not None and _YEAR_ONLY_FOLDED is not None
        else _YEAR_ONLY_SCAN.finditer(text)
    )
    for m in years:
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        y = int(m.group("year"))
        prefix = _key(m.group("prefix"))
        r = _Resolved(date(y, 1, 1), date(y, 12, 31), "year", "period")
        out.append(_mention(text, m.start(), m.end(), r, prefix in _SINCE, published))
    out.sort(key=lambda d: d.start)
    return tuple(out)


def _iso_starts(low: str, runs: list[tuple[int, int]]) -> list[int]:
    """`_ISO_RE.finditer` starts from the digit runs: an ISO date's first four digits end a
    run (a "-" follows), so each run has one place to try."""
    out: list[int] = []
    resume = 0
    for s, e in runs:
        p = e - 4
        if p >= s and p >= resume and _ISO_RE.match(low, p):
            out.append(p)
            resume = p + 10
    return out


def _year_only_matches(
    text: str, low: str, runs: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """`_YEAR_ONLY_SCAN.finditer(text)` searched only just before the runs that are years.

    A match is prefix words, whitespace and the year, so it starts after the last character
    before the year that is neither a lower-case letter nor whitespace; the search starts
    there (or where the previous match ended), and runs to the year's end.
    """
    folded = _YEAR_ONLY_FOLDED
    if folded is None:  # never: the caller passes `low` only for a folding pattern
        yield from _YEAR_ONLY_SCAN.finditer(text)
        return
    resume = 0
    for s, e in runs:
        if s < resume or not _YEAR_AT_RE.match(low, s):
            continue
        lead = low[max(0, s - _PREFIX_LOOKBACK) : s]
        kept = len(lead.rstrip(_PREFIX_CHARS))
        lo = resume if kept == 0 and s > _PREFIX_LOOKBACK else max(resume, s - len(lead) + kept)
        m = folded.search(low, lo, e)
        if m is None:
            continue
        resume = m.end()
        found = _YEAR_ONLY_RE.match(text, m.start())
        if found is not None:
            yield found


def _matches_in(
    text: str, low: str, a: int, b: int, phrase_starts: list[int], last_anchor: int
) -> Iterator[re.Match[str]]:
    """`_DATE_SCAN.finditer(text, a, b)` for a text that folds (`low`), tried only at the
    possible phrase starts instead of at every character.

    Every phrase contains an anchor word (or is an ISO date, also an anchor), so no phrase
    starts after the window's last anchor. Like `FoldedPattern.finditer`, a phrase is found in
    `low` and read from `text`, and the scan resumes where it ends.
    """
    if _DATE_FOLDED is None:  # never: the caller passes `low` only for a folding pattern
        yield from _DATE_SCAN.finditer(text, a, b)
        return
    yield from _DATE_SCAN.finditer_at(text, low, phrase_starts, a, b, last_anchor)


def _scan(text: str, matches: Iterator[re.Match[str]], published: date | None,
          out: list[DateMention], taken: list[tuple[int, int]]) -> None:
    """Date phrases inside one anchor window."""
    for m in matches:
        try:
            r = _resolve(m, published)
        except (OverflowError, ValueError):
            r = None  # a reference date at the calendar's edge (year 1 or 9999)
        if r is None:
            continue
        prefix = m.group("prefix")
        since = bool(prefix) and _key(prefix) in _SINCE
        out.append(_mention(text, m.start(), m.end(), r, since, published))
        taken.append((m.start(), m.end()))


_PUBLISHED_LABEL_RE = re.compile(
    rf"(?<![\w])(?:{_alt(_LEX['published_labels'])})\s*(?:on|at)?\s*[:\-–]?\s*", re.I
)
_HEAD_LINES = 4
_HEAD_CHARS = 600


def _document_head(text: str) -> str:
    """The first few non-empty lines (where captions, datelines and bylines sit)."""
    lines, pos = 0, 0
    for m in re.finditer(r"[^\n]*\n?", text[:_HEAD_CHARS]):
        if m.group(0).strip():
            lines += 1
        pos = m.end()
        if lines >= _HEAD_LINES or not m.group(0):
            break
    return text[:pos]


def infer_publication_date(text: str) -> date | None:
    """A dateline, caption or "Published:" date near the top of a document, if any.

    Absolute dates with a day, month and year count ("December 20, 2019", "2020-05-07",
    "7 May 2020 (Reuters)"); a labelled date ("Published: ...") wins over the first date seen.
    A wire dateline without a year ("BEIRUT, May 7 (Reuters) -") takes the latest year the
    document itself states ("... since 2011 ... in 2020"), never a guess; with no year in the
    text it gives None.
    """
    if not text:
        return None
    head = _document_head(text)
    mentions = [
        d for d in find_dates(head, None)
        if d.start_date is not None and d.precision == "day" and d.kind == "point"
    ]
    for d in mentions:
        label = _PUBLISHED_LABEL_RE.search(head, max(0, d.start - 30), d.start)
        if label and label.end() == d.start:
            return d.start_date
    if mentions:
        return mentions[0].start_date
    return _dateline_with_text_year(text, head)


_DATELINE_RE = re.compile(
    rf"^\W*[A-Z][A-Za-z .'’-]{{1,40}},\s*(?:[A-Za-z .'’-]{{1,40}},\s*)?"
    rf"(?:{_g(_MON, 'dm')}\s+{_g(_DAY, 'dd')}|{_g(_DAY, 'dd2')}\s+{_g(_MON, 'dm2')})"
    rf"\s*(?:\([^)]{{1,30}}\))?\s*[-–—]",
    re.M | re.I,
)
_YEAR_IN_TEXT_RE = re.compile(r"(?<![\w-])(?:19[5-9]\d|20\d\d)(?![\w-])")


def _dateline_with_text_year(text: str, head: str) -> date | None:
    """ "BEIRUT, May 7 (Reuters) -" dated with the latest year the document states."""
    m = _DATELINE_RE.search(head)
    if m is None:
        return None
    years = [int(y) for y in _YEAR_IN_TEXT_RE.findall(text)]
    if not years:
        return None
    month = _month(m.group("dm") or m.group("dm2"))
    day = int(m.group("dd") or m.group("dd2"))
    return _safe_date(max(years), month, day)
