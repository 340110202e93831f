"""The lexicon matcher: whole words, longest match, finite patterns in the automaton and only
open-ended alternatives left to a regex."""

from __future__ import annotations

from conflictwatch.extract.lexicon_files import (
    PhraseMatcher,
    required_literal,
    top_level_alternatives,
)


def _found(matcher: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    return [(text[s:e], p) for s, e, p in matcher.finditer(text)]


def test_whole_words_only_and_longest_wins() -> None:
    m = PhraseMatcher([("war", "war"), ("war crimes?", "crime"), ("shell(?:ed|ing)", "shell")])
    text = "Toward the war crimes trial, shelling and warfare; war."
    assert _found(m, text) == [("war crimes", "crime"), ("shelling", "shell"), ("war", "war")]


def test_case_sensitive_matcher_keeps_case() -> None:
    m = PhraseMatcher([("IS", "is")], ignore_case=False)
    assert _found(m, "This IS it, is it") == [("IS", "is")]


def test_open_ended_alternative_does_not_hide_the_finite_ones() -> None:
    pattern = r"(?:Islamic State|\bISIS\b|\bIS\b(?= (?:militants|fighters)))"
    m = PhraseMatcher([(pattern, "IS")], ignore_case=False)
    # the leading \b goes (the left boundary is checked on each match), so the scan can
    # search for the literal "IS"
    assert [rx.pattern for rx, _, _ in m.regexes] == [r"(?:IS\b(?= (?:militants|fighters)))(?!\w)"]
    assert [m.needles[needle] for _, _, needle in m.regexes] == ["IS"]
    text = "ISIS and Islamic State claimed it; IS fighters fled, IS said nothing"
    assert _found(m, text) == [("ISIS", "IS"), ("Islamic State", "IS"), ("IS", "IS")]
    assert m.finditer(text)[2][0] == text.index("IS fighters")
    assert _found(m, "THIS fighters are not IS militants") == [("IS", "IS")]


def test_wholly_open_ended_pattern_stays_a_regex() -> None:
    m = PhraseMatcher([(r"\d+ ?mm", "calibre")])
    assert len(m.regexes) == 1
    assert _found(m, "a 120mm mortar and 82 mm rounds, x5mm") == [
        ("120mm", "calibre"), ("82 mm", "calibre")]


def test_top_level_alternatives() -> None:
    assert top_level_alternatives(r"(?:a|b(?:c|d))") == ["a", "b(?:c|d)"]
    assert top_level_alternatives(r"a[|]b|[]|x]|c\|d") == ["a[|]b", "[]|x]", r"c\|d"]
    assert top_level_alternatives(r"(?:a)(?:b|c)") == ["(?:a)(?:b|c)"]


def test_required_literal() -> None:
    assert required_literal(r"(?:fire[^.;]{0,80}? in both directions)(?!\w)") == (
        " in both directions")
    assert required_literal(r"\d+ ?mm") == "mm"
    assert required_literal(r"(?:bod(?:y|ies) (?:of )?x)") == "bod"
    assert required_literal(r"(?:a|b)+") == ""
    assert required_literal(r"(?i)fire") == ""


def test_needles_share_the_automaton_with_phrases() -> None:
    # "burn" is both a phrase and the required literal of the open-ended entry
    m = PhraseMatcher([("burn", "a"), (r"burn(?:ed|t) (?:the|a) \w+", "b"), (r"\d+ ?mm", "c")])
    assert m.needles == ["burn", "mm"]
    assert _found(m, "they burned the house; burn it") == [
        ("burned the house", "b"), ("burn", "a")]
    assert _found(m, "a 120mm shell") == [("120mm", "c")]
    assert _found(m, "a 120 shell") == []


def test_ascii_twin_matches_ascii_text_as_the_original_does() -> None:
    """The ASCII-mode twin runs over ASCII text in place of the pattern; where ASCII mode would
    match ASCII text differently (`\\s` also takes \\x1c-\\x1f in Unicode mode) it is the
    pattern itself."""
    import re

    from conflictwatch.extract.lexicon_files import ascii_twin

    text = "killed\x1c12 people, 3\x1fwounded in 2020"
    for source in [r"\d+", r"killed\s+\d+", r"\b\w+\b", r"\S+", r"\\s"]:
        pattern = re.compile(source)
        assert ascii_twin(pattern).findall(text) == pattern.findall(text), source
    assert ascii_twin(re.compile(r"\d+")).flags & re.ASCII
