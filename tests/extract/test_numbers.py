"""Counts, hedges, ranges and vague amounts; numbers that are not counts are left alone."""

from __future__ import annotations

import pytest

from conflictwatch.extract.numbers import find_quantities, parse_number_words


def _one(text: str) -> tuple[str, int | None, int | None]:
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0].text, qs[0].min, qs[0].max


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,100 civilians", ("1,100", 1100, 1100)),
        ("another 90,000 people", ("90,000", 90000, 90000)),
        ("3 million people", ("3 million", 3_000_000, 3_000_000)),
        ("1.5 million refugees", ("1.5 million", 1_500_000, 1_500_000)),
        ("sixteen people", ("sixteen", 16, 16)),
        ("twenty-one soldiers", ("twenty-one", 21, 21)),
        ("two dozen homes", ("two dozen", 24, 24)),
        ("a hundred families", ("a hundred", 100, 100)),
        ("a dozen fighters", ("a dozen", 12, 12)),
        ("half a dozen men", ("half a dozen", 6, 6)),
        ("one hundred and twenty people", ("one hundred and twenty", 120, 120)),
        ("more than 50 died", ("more than 50", 51, None)),
        ("at least 3 dead", ("at least 3", 3, None)),
        ("up to 8 wounded", ("up to 8", None, 8)),
        ("fewer than 10 hurt", ("fewer than 10", None, 9)),
        ("between 5 and 7 people", ("between 5 and 7", 5, 7)),
        ("5-7 people", ("5-7", 5, 7)),
        ("two or three people", ("two or three", 2, 3)),
        ("over a dozen houses", ("over a dozen", 13, None)),
        ("more than 1,100 civilians", ("more than 1,100", 1101, None)),
        ("50+ people", ("50+", 50, None)),
        ("several people", ("several", 3, None)),
        ("dozens of people", ("dozens", 24, None)),
        ("scores of people", ("scores", 40, None)),
        ("hundreds of people", ("hundreds", 200, None)),
        ("thousands of people", ("thousands", 2000, None)),
        ("tens of thousands of people", ("tens of thousands", 20000, None)),
        ("many people", ("many", 1, None)),
        ("a number of people", ("a number of", 2, None)),
        ("several dozen people", ("several dozen", 36, None)),
        ("about 2000 people", ("about 2000", 2000, 2000)),
    ],
)
def test_counts(text: str, expected: tuple[str, int | None, int | None]) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize("text", ["nearly 20 people", "about 20 people", "some 20 people",
                                  "as many as 20 people"])
def test_approximate_hedges_keep_the_figure(text: str) -> None:
    (q,) = find_quantities(text)
    assert (q.min, q.max, q.approximate) == (20, 20, True)
    assert q.start == 0


@pytest.mark.parametrize(
    "text",
    [
        "in 2019",
        "on 7 May",
        "on May 7",
        "at 10:30",
        "at 10 pm",
        "aged 25",
        "a 25-year-old man",
        "a man, 25 years old,",
        "Brigade 25",
        "Route 4",
        "the 3rd",
        "the 21st of May",
        "5%",
        "40 percent",
        "$500",
        "500 dollars",
        "20 km from the town",
        "an AK-47 rifle",
        "COVID-19",
        "a 3.5 magnitude",
        "for three days",
        "UN Resolution 2254",
        "Shahnaz Nazli, 41, was shot",
        "Ali Hassan (25) was arrested",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_quantities(text) == []


def test_spans_and_order() -> None:
    text = "Another 16 civilians were killed, bringing the total since Monday to more than 50."
    qs = find_quantities(text)
    assert [(q.text, q.min, q.max) for q in qs] == [("16", 16, 16), ("more than 50", 51, None)]
    for q in qs:
        assert text[q.start : q.end] == q.text


def test_separate_numbers_are_not_joined() -> None:
    assert [q.min for q in find_quantities("three and four")] == [3, 4]
    assert [q.min for q in find_quantities("killed 12 and wounded 42")] == [12, 42]


def test_year_followed_by_count_noun_is_a_count() -> None:
    assert _one("2000 people fled") == ("2000", 2000, 2000)


def test_parse_number_words() -> None:
    assert parse_number_words("two thousand five hundred") == 2500
    assert parse_number_words("ninety-nine") == 99
    assert parse_number_words("banana") is None


def test_a_hedge_in_another_unicode_case_form_is_read_or_left_alone() -> None:
    """The case-insensitive match takes "at leaſt" (long s); it must not crash the lookup."""
    [q] = find_quantities("at leaſt 5 people were killed")
    assert (q.min, q.max, q.text) == (5, None, "at leaſt 5")
    for text in ("more than 7 \u212aurds", "up to 9 İn total", "over 3 ſoldiers"):
        find_quantities(text)
