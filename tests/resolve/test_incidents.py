"""Done-when of issue 5: reports of one strike become one incident, graded and reconciled."""

from __future__ import annotations

from datetime import date

import pytest
from resolve_helpers import place, store, strike
from sqlalchemy.orm import Session

from conflictwatch.records import Harm, Source
from conflictwatch.store.db import open_store
from conflictwatch.store.incidents import (
    IncidentError,
    IncidentFilter,
    count_incidents,
    explain,
    get_incident,
    list_incidents,
    list_series,
    merge_incidents,
    resolve_document,
    split_incident,
)

MONDAY = date(2020, 1, 27)
THURSDAY = date(2020, 1, 30)

TEXT_A = ("KAFR NABL, Syria (Northwest Monitor) - At least 5 civilians were killed on Monday "
          "when warplanes struck the vegetable market in Kafr Nabl, rescuers said. Residents "
          "blamed Russian jets flying from the south.")
TEXT_B = ("Seven people died and a dozen were hurt in an air raid on the central market of "
          "Kafr Nabl in southern Idlib on Monday, a doctor at a field hospital told the Orontes "
          "Post. Two missiles fell minutes apart.")
TEXT_C = ("Between 5 and 8 people lost their lives after a strike hit the crowded market of the "
          "rebel-held town of Kafr Nabl, according to local activists who spoke to Valley Daily "
          "on Monday evening. Civil defence teams searched the rubble into the night.")
TEXT_C_COPY = TEXT_C + " (Reprinted with permission.)"
TEXT_D = ("KAFR NABL (Northwest Monitor) - A strike on a bakery in Kafr Nabl on Thursday killed "
          "two people, rescuers said, three days after the market attack.")


@pytest.fixture
def session(db_url: str) -> Session:
    with open_store(db_url)() as s:
        yield s


def three_reports(session: Session) -> None:
    store(session, "a", "Northwest Monitor", TEXT_A,
          [strike("a", MONDAY, (5, None), text="At least 5 civilians were killed")])
    store(session, "b", "Orontes Post", TEXT_B,
          [strike("b", MONDAY, (7, 7), loc=place(lat=35.62, lon=36.57), perpetrator=None,
                  text="Seven people died")])
    store(session, "c", "Valley Daily", TEXT_C,
          [strike("c", MONDAY, (5, 8), text="Between 5 and 8 people lost their lives")])


def test_three_outlets_make_one_incident_graded_multiple_sources(session: Session) -> None:
    three_reports(session)
    incidents = list_incidents(session)
    assert len(incidents) == 1
    inc = incidents[0]
    assert inc.grade == "multiple sources"
    assert inc.source_count == 3
    killed = inc.killed()
    assert killed is not None and (killed.min, killed.max, killed.best) == (5, 8, 5)
    assert [r.document_id for r in inc.reports] == ["a", "b", "c"]
    assert {r.publisher for r in inc.reports} == {"Northwest Monitor", "Orontes Post",
                                                   "Valley Daily"}
    figures = {r.document_id: (r.harm[0].min, r.harm[0].max) for r in inc.reports}
    assert figures == {"a": (5, None), "b": (7, 7), "c": (5, 8)}  # each report's figure kept
    assert "Killed: 5-8" in inc.notes


def test_strike_on_another_day_in_the_same_town_stays_separate(session: Session) -> None:
    three_reports(session)
    store(session, "d", "Northwest Monitor", TEXT_D,
          [strike("d", THURSDAY, (2, 2), text="killed two people")])
    incidents = list_incidents(session)
    assert [len(i.reports) for i in incidents] == [3, 1]
    assert incidents[1].grade == "single source"
    assert "first report" in incidents[1].reports[0].why


def test_syndicated_copy_counts_as_one_source(session: Session) -> None:
    three_reports(session)
    store(session, "c2", "Hama Herald", TEXT_C_COPY,
          [strike("c2", MONDAY, (5, 8), text="Between 5 and 8 people lost their lives")])
    (inc,) = list_incidents(session)
    assert len(inc.reports) == 4
    assert inc.source_count == 3
    groups = {r.document_id: r.source_group for r in inc.reports}
    assert groups["c"] == groups["c2"] and len(set(groups.values())) == 3


def test_two_reports_of_one_publisher_are_a_single_source(session: Session) -> None:
    store(session, "a", "Northwest Monitor", TEXT_A, [strike("a", MONDAY, (5, None))])
    store(session, "d", "Northwest Monitor", TEXT_D, [strike("d", MONDAY, (6, 6))])
    (inc,) = list_incidents(session)
    assert (inc.grade, inc.source_count, len(inc.reports)) == ("single source", 1, 2)


def test_far_away_places_do_not_merge(session: Session) -> None:
    store(session, "a", "Northwest Monitor", TEXT_A, [strike("a", MONDAY, (5, None))])
    store(session, "b", "Orontes Post", TEXT_B,
          [strike("b", MONDAY, (7, 7), loc=place("Saraqib", 35.8647, 36.8006))])
    assert count_incidents(session) == 2


def test_different_perpetrators_make_it_contested(session: Session) -> None:
    store(session, "a", "Northwest Monitor", TEXT_A, [strike("a", MONDAY, (5, None))])
    store(session, "b", "Orontes Post", TEXT_B,
          [strike("b", MONDAY, (5, 5), perpetrator="Military Forces of Syria (2000-)")])
    (inc,) = list_incidents(session)
    assert inc.grade == "contested"
    assert any("perpetrators differ" in r for r in inc.grade_reasons)


def test_counts_that_cannot_both_be_true_make_it_contested(session: Session) -> None:
    store(session, "a", "Northwest Monitor", TEXT_A, [strike("a", MONDAY, (3, 3))])
    store(session, "b", "Orontes Post", TEXT_B, [strike("b", MONDAY, (20, 20))])
    (inc,) = list_incidents(session)
    assert inc.grade == "contested"
    assert any("do not overlap" in r for r in inc.grade_reasons)


def test_a_perpetrator_that_reports_the_strike_acknowledges_it(session: Session) -> None:
    store(session, "a", "Northwest Monitor", TEXT_A, [strike("a", MONDAY, (5, None))])
    store(session, "b", "Orontes Post", TEXT_B, [strike(
        "b", MONDAY, (5, 5), sources=[Source("Military Forces of Russia (2000-)",
                                             "the Russian defence ministry said")])])
    (inc,) = list_incidents(session)
    assert inc.grade == "acknowledged"


def test_running_totals_become_series_not_incident_harm(session: Session) -> None:
    total = Harm("killed", "civilians", 1101, None, False, "more than 1,100 civilians")
    events = [strike("a", MONDAY, (16, 16)),
              strike("a", MONDAY, None, n=2, kind="cumulative", harm=[total],
                     loc=place("Idlib", 35.93, 36.63, admin2=None, precision=3))]
    events[1].date.start = date(2019, 4, 21)  # type: ignore[union-attr]
    store(session, "a", "Northwest Monitor", TEXT_A, events)
    (inc,) = list_incidents(session)
    assert inc.killed() is not None and inc.killed().best == 16  # type: ignore[union-attr]
    (series,) = list_series(session)
    assert series.since == date(2019, 4, 21) and series.latest is not None
    assert series.latest.min == 1101 and "since 21 April 2019" in series.label


def test_re_resolving_a_document_is_idempotent(session: Session) -> None:
    three_reports(session)
    before = list_incidents(session)
    resolve_document(session, "b")
    session.commit()
    after = list_incidents(session)
    assert [(i.id, [r.event_id for r in i.reports]) for i in after] == \
        [(i.id, sorted(r.event_id for r in i.reports)) for i in before]


def test_split_and_merge_by_hand_survive_re_resolution(session: Session) -> None:
    three_reports(session)
    (inc,) = list_incidents(session)
    new_id = split_incident(session, inc.id, ["c#e1"], author="analyst")
    session.commit()
    resolve_document(session, "c")  # re-extraction of c must keep it apart
    session.commit()
    parts = {i.id: [r.event_id for r in i.reports] for i in list_incidents(session)}
    assert parts == {inc.id: ["a#e1", "b#e1"], new_id: ["c#e1"]}
    assert "by hand" in get_incident(session, new_id).reports[0].why  # type: ignore[union-attr]
    with pytest.raises(IncidentError):
        split_incident(session, inc.id, ["nope#e1"])
    merged = merge_incidents(session, [new_id, inc.id])
    session.commit()
    assert merged == inc.id and count_incidents(session) == 1
    assert len(get_incident(session, inc.id).reports) == 3  # type: ignore[union-attr]


def test_explain_says_why_reports_merged(session: Session) -> None:
    three_reports(session)
    (inc,) = list_incidents(session)
    text = "\n".join(explain(inc))
    assert "same type family" in text and "km apart" in text and "same day" in text
    assert "3 independent source(s)" in text


def test_filters(session: Session) -> None:
    three_reports(session)
    store(session, "d", "Northwest Monitor", TEXT_D,
          [strike("d", THURSDAY, (2, 2), perpetrator="Military Forces of Syria (2000-)")])
    assert count_incidents(session, IncidentFilter(since=THURSDAY)) == 1
    assert count_incidents(session, IncidentFilter(until=MONDAY)) == 1
    assert count_incidents(session, IncidentFilter(country="SY", admin1="idlib")) == 2
    assert count_incidents(session, IncidentFilter(country="IQ")) == 0
    assert count_incidents(session, IncidentFilter(bbox=(36.0, 35.0, 37.0, 36.0))) == 2
    assert count_incidents(session, IncidentFilter(bbox=(40.0, 35.0, 41.0, 36.0))) == 0
    assert count_incidents(session, IncidentFilter(actor="Forces of Syria")) == 1
    assert count_incidents(session, IncidentFilter(event_type="Battles")) == 0


def _groups(session: Session) -> set[frozenset[str]]:
    return {frozenset(r.event_id for r in i.reports) for i in list_incidents(session, limit=999)}


def test_one_by_one_and_bulk_resolution_agree(session: Session) -> None:
    from conflictwatch.store.incidents import reset_automatic, resolve_pending

    towns = [place(), place("Saraqib", 35.8647, 36.8006), place("Ariha", 35.8137, 36.6107)]
    for n in range(12):
        day = MONDAY if n % 2 else THURSDAY
        loc = towns[n % 3]
        store(session, f"r{n}", f"Outlet {n % 5}", f"Own words of report {n} about {loc.name}.",
              [strike(f"r{n}", day, (n, n + 2), loc=loc)])
    incremental = _groups(session)
    assert len(incremental) == 6  # 3 towns x 2 days
    reset_automatic(session)
    report = resolve_pending(session)
    session.commit()
    assert report.events == 12 and _groups(session) == incremental
    assert resolve_pending(session).events == 0  # nothing left to file


def test_daily_strikes_on_one_town_do_not_chain_into_one_incident(session: Session) -> None:
    for n in range(6):
        day = date(2020, 2, 3 + n)
        store(session, f"s{n}", f"Outlet {n}", f"Day {n}: yet another strike on Kafr Nabl.",
              [strike(f"s{n}", day, (1, 1))])
    incidents = list_incidents(session)
    assert len(incidents) >= 3
    for inc in incidents:
        assert inc.date is not None and inc.date.start is not None and inc.date.end is not None
        assert (inc.date.end - inc.date.start).days <= 1


def test_unplaced_totals_take_the_documents_area_and_never_join_strangers(
        session: Session) -> None:
    def total(doc: str, n: int) -> object:
        ev = strike(doc, MONDAY, None, n=2, kind="cumulative", loc=None,  # type: ignore[arg-type]
                    harm=[Harm("displaced", "people", n, None, False, f"{n} displaced")])
        ev.location = None
        ev.date.start = date(2019, 4, 21)  # type: ignore[union-attr]
        return ev

    store(session, "a", "Northwest Monitor", TEXT_A, [strike("a", MONDAY, (5, None)),
                                                      total("a", 1000)])
    store(session, "b", "Orontes Post", TEXT_B, [strike("b", MONDAY, (7, 7)), total("b", 1200)])
    store(session, "c", "Valley Daily", TEXT_C, [total("c", 50)])  # no placed record at all
    series = list_series(session)
    assert len(series) == 2
    idlib = next(s for s in series if s.admin1 == "Idlib")
    assert idlib.country == "SY" and idlib.latest is not None and idlib.latest.min == 1200
