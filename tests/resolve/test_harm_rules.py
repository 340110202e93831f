"""One report's figure per harm type, and reconciliation across reports."""

from __future__ import annotations

from conflictwatch.records import Harm
from conflictwatch.resolve.harm import Figure, describe, overlaps, reconcile, report_figure


def _h(group: str, lo: int | None, hi: int | None, new: bool = True, text: str = "") -> Harm:
    return Harm("killed", group, lo, hi, new, text)


def test_groups_add_up_and_totals_do_not_double() -> None:
    fig = report_figure([_h("civilians", 3, 3), _h("fighters", 2, 2)], "killed")
    assert (fig.min, fig.max) == (5, 5)  # type: ignore[union-attr]
    fig = report_figure([_h("civilians", 5, 5), _h("children", 2, 2)], "killed")
    assert (fig.min, fig.max) == (5, 5)  # type: ignore[union-attr]
    fig = report_figure([_h("civilians", 3, 3), _h("people", 7, 7)], "killed")
    assert (fig.min, fig.max) == (7, 7)  # type: ignore[union-attr]


def test_two_figures_for_one_group_give_the_report_a_range() -> None:
    fig = report_figure([_h("people", 7, 7), _h("people", 5, 5)], "killed")
    assert (fig.min, fig.max) == (5, 7)  # type: ignore[union-attr]


def test_running_totals_are_not_report_figures() -> None:
    assert report_figure([_h("civilians", 1101, None, new=False)], "killed") is None


def test_reconcile_lowest_min_highest_stated() -> None:
    figs = [Figure("killed", 5, None), Figure("killed", 7, 7), Figure("killed", 5, 8)]
    r = reconcile(figs)
    assert (r.min, r.max, r.best) == (5, 8, 5) and describe(r) == "5-8"
    r = reconcile([Figure("killed", 5, None)])
    assert (r.min, r.max) == (5, None) and describe(r) == "at least 5"


def test_overlap() -> None:
    assert overlaps(Figure("killed", 5, None), Figure("killed", 7, 7))
    assert not overlaps(Figure("killed", 3, 3), Figure("killed", 20, 20))
    assert overlaps(Figure("killed", None, 8), Figure("killed", 2, 2))


def test_no_number_is_unquantified() -> None:
    fig = report_figure([_h("people", 1, None, text="people were killed")], "killed")
    assert fig is not None and fig.unquantified
    fig = report_figure([_h("people", 1, None, text="at least one person was killed")], "killed")
    assert fig is not None and not fig.unquantified
