"""Property tests: the core finders never raise and every span matches the text it claims."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.extract.dates import find_dates, infer_publication_date
from conflictwatch.extract.harm import find_harm, total_new
from conflictwatch.extract.numbers import find_quantities

# Text built from words the rules care about, so the properties exercise the real patterns.
_WORDS = [
    "killed", "were", "wounded", "civilians", "16", "1,100", "more", "than", "at", "least",
    "dozens", "of", "people", "no", "casualties", "another", "since", "Monday", "late", "April",
    "on", "Thursday", "7", "May", "2020", "the", "a", "child", "and", "bringing", "total", "to",
    "killing", "three", "children", "their", "mother", "injured", "displaced", "thousands",
    "offensive", "has", "fatalities", ".", ",", "—", "(", ")", "toll", "rose", "one", "hundred",
    "twenty-one", "aged", "25", "%", "$", "#", "2019-12-20", "yesterday", "coded", "as",
]
_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join),
)
_published = st.one_of(st.none(), st.dates())  # the whole calendar, edges included


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_quantities_spans(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        if q.min is not None and q.max is not None:
            assert q.min <= q.max


@settings(max_examples=300, deadline=None)
@given(_texts, _published)
def test_dates_spans(text: str, published: date | None) -> None:
    for d in find_dates(text, published):
        assert text[d.start : d.end] == d.text
        if d.start_date and d.end_date and d.kind != "since":
            assert d.start_date <= d.end_date
    infer_publication_date(text)


@settings(max_examples=300, deadline=None)
@given(_texts, _published)
def test_harm_spans(text: str, published: date | None) -> None:
    mentions = find_harm(text, published)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        if m.negated:
            assert (m.min, m.max) == (0, 0)
        if m.period is not None:
            assert text[m.period.start : m.period.end] == m.period.text
    assert total_new(text, mentions, "killed") >= 0
