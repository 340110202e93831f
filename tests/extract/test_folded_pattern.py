"""FoldedPattern: a case-insensitive regex run over lower-cased text gives the same matches."""

from __future__ import annotations

import re

from conflictwatch.extract.lexicon_files import FoldedPattern, folded_text

_DATE_LIKE = re.compile(r"(?<![\w-])(?:on\s+)?(?P<m>may|march|june)(?:\s+(?P<d>\d\d?))?\b", re.I)


def _spans(matches: object) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.group("m")) for m in matches]  # type: ignore[attr-defined]


def test_same_matches_and_original_case_groups() -> None:
    text = "On March 3 they MAY come; in June, on may 12 and Mayday."
    folded = FoldedPattern(_DATE_LIKE)
    assert folded.folded is not None
    assert _spans(folded.finditer(text)) == _spans(_DATE_LIKE.finditer(text))
    assert _spans(folded.finditer(text, 5, 30)) == _spans(_DATE_LIKE.finditer(text, 5, 30))
    m = folded.match(text, 0)
    assert m is not None and m.group("m") == "March" and m.span() == (0, 10)
    found = folded.search(text, 11)
    assert found is not None and found.group() == "MAY"


def test_text_with_a_special_fold_uses_the_original_pattern() -> None:
    text = "on \u212a may 3"  # KELVIN SIGN folds to "k" only case-insensitively
    assert folded_text(text) is None
    folded = FoldedPattern(_DATE_LIKE)
    assert _spans(folded.finditer(text)) == _spans(_DATE_LIKE.finditer(text))


def test_patterns_that_depend_on_case_are_not_folded() -> None:
    assert FoldedPattern(re.compile(r"(?-i:[A-Z])\w+", re.I)).folded is None
    assert FoldedPattern(re.compile(r"Monday", re.I)).folded is None
    assert FoldedPattern(re.compile(r"monday")).folded is None  # not case-insensitive at all
    assert FoldedPattern(re.compile(r"[A-Za-z]+day", re.I)).folded is not None
