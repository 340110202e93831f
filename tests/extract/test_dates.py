"""Date phrases: explicit, relative to the publication date, periods, and publication dates."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwatch.extract.dates import find_dates, infer_publication_date

P = date(2019, 12, 20)  # a Friday


def _only(text: str, published: date | None = P):
    ds = find_dates(text, published)
    assert len(ds) == 1, ds
    d = ds[0]
    assert text[d.start : d.end] == d.text
    return d


@pytest.mark.parametrize(
    ("text", "phrase", "start", "end", "precision"),
    [
        ("On 7 May 2020, troops", "On 7 May 2020", date(2020, 5, 7), date(2020, 5, 7), "day"),
        ("clashes on December 19 in", "on December 19", date(2019, 12, 19), date(2019, 12, 19),
         "day"),
        ("on 19 December 2019", "on 19 December 2019", date(2019, 12, 19), None, "day"),
        ("dated 2020-05-07 here", "2020-05-07", date(2020, 5, 7), None, "day"),
        ("in May 2020 there", "in May 2020", date(2020, 5, 1), date(2020, 5, 31), "month"),
        ("on Dec. 3, 2019", "on Dec. 3, 2019", date(2019, 12, 3), None, "day"),
        ("Around 9 May 2020 (as reported), in", "Around 9 May 2020", date(2020, 5, 9), None,
         "day"),
        ("the war in 2019 was", "in 2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ],
)
def test_explicit(text: str, phrase: str, start: date, end: date | None, precision: str) -> None:
    d = _only(text)
    assert d.text == phrase
    assert d.start_date == start
    assert d.end_date == (end or start)
    assert d.precision == precision


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("attacks on Thursday", date(2019, 12, 19), date(2019, 12, 19), "day"),
        ("attacks on Friday", date(2019, 12, 20), date(2019, 12, 20), "day"),
        ("attacks last Friday", date(2019, 12, 13), date(2019, 12, 13), "day"),
        ("attacks on Tuesday night", date(2019, 12, 17), date(2019, 12, 17), "day"),
        ("killed yesterday", date(2019, 12, 19), date(2019, 12, 19), "day"),
        ("shelling today", P, P, "day"),
        ("shelling tonight", P, P, "day"),
        ("shelling last night", date(2019, 12, 19), date(2019, 12, 19), "day"),
        ("3 days ago", date(2019, 12, 17), date(2019, 12, 17), "day"),
        ("raids last week", date(2019, 12, 9), date(2019, 12, 15), "week"),
        ("raids earlier this week", date(2019, 12, 16), P, "week"),
        ("raids last month", date(2019, 11, 1), date(2019, 11, 30), "month"),
        ("in late April", date(2019, 4, 21), date(2019, 4, 30), "month"),
        ("a pause in early September", date(2019, 9, 1), date(2019, 9, 10), "month"),
        ("by mid-November", date(2019, 11, 11), date(2019, 11, 20), "month"),
        ("agreed in autumn 2018", date(2018, 9, 1), date(2018, 11, 30), "month"),
        ("in the winter of 2018", date(2018, 12, 1), date(2019, 2, 28), "month"),
        ("on the night of 18 December", date(2019, 12, 18), date(2019, 12, 18), "day"),
    ],
)
def test_relative(text: str, start: date, end: date, precision: str) -> None:
    d = _only(text)
    assert (d.start_date, d.end_date, d.precision) == (start, end, precision)


def test_since_monday_is_a_since_period() -> None:
    d = _only("the total since Monday reached")
    assert d.text == "since Monday"
    assert (d.kind, d.start_date, d.end_date) == ("since", date(2019, 12, 16), P)


def test_day_month_without_year_takes_the_latest_past_year() -> None:
    assert _only("on December 23", P).start_date == date(2019, 12, 23)  # within a week ahead
    assert _only("on December 30", P).start_date == date(2018, 12, 30)


def test_between_days_is_a_period() -> None:
    d = _only("Between 5 and 7 May 2020, clashes")
    assert (d.kind, d.start_date, d.end_date) == ("period", date(2020, 5, 5), date(2020, 5, 7))


def test_without_published_only_absolute_dates_resolve() -> None:
    ds = find_dates("On Thursday and on 7 May 2020 and in late April", None)
    assert [(d.text, d.start_date) for d in ds] == [
        ("On Thursday", None),
        ("on 7 May 2020", date(2020, 5, 7)),
        ("in late April", None),
    ]


@pytest.mark.parametrize(
    "text",
    ["He may 5 times", "They will march on", "Jan Smith said", "killed 90 people", "and 90 more",
     "Brigade 25", "the 3 million people"],
)
def test_no_false_dates(text: str) -> None:
    assert find_dates(text, P) == []


def test_infer_publication_date_from_caption_and_labels() -> None:
    caption = "Medics treat a victim of shelling in the north, December 20, 2019\n\nText on Monday."
    assert infer_publication_date(caption) == date(2019, 12, 20)
    assert infer_publication_date("Title\nPublished: 2020-05-07\nOn 1 May 2020 x") == date(
        2020, 5, 7
    )
    assert infer_publication_date("BEIRUT, May 7 (Reuters) - Clashes killed") is None
    assert infer_publication_date("no dates here at all") is None
    far = "line\n" * 10 + "On 7 May 2020 a strike"
    assert infer_publication_date(far) is None


def test_wire_dateline_takes_the_year_the_text_states() -> None:
    text = "BEIRUT, May 7 (Reuters) - Shelling killed five people, the worst toll since 2019."
    assert infer_publication_date(text) == date(2019, 5, 7)
    kabul = "KABUL, 7 May (AP) — Gunmen killed 3 in 2020."
    assert infer_publication_date(kabul) == date(2020, 5, 7)
