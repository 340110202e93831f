"""Harm figures: voice, lists, coordination, negation, new figures versus running totals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictwatch.extract.harm import find_harm, total_new

P = date(2019, 12, 20)


def _rows(text: str, published: date | None = P) -> list[tuple[str, str, int | None, int | None]]:
    ms = find_harm(text, published)
    for m in ms:
        assert text[m.start : m.end] == m.text
    return [(m.type, m.group, m.min, m.max) for m in ms]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 civilians were killed in the raid.", [("killed", "civilians", 16, 16)]),
        ("The strike killed 5 people.", [("killed", "people", 5, 5)]),
        ("Gunmen shot dead five people on Tuesday.", [("killed", "people", 5, 5)]),
        ("Five people died in the blast.", [("killed", "people", 5, 5)]),
        ("A child was killed by shelling.", [("killed", "children", 1, 1)]),
        ("At least three soldiers were wounded.", [("injured", "combatants", 3, None)]),
        ("Up to 8 journalists were arrested.", [("arrested", "journalists", None, 8)]),
        ("Militants abducted 20 schoolgirls.", [("abducted", "children", 20, 20)]),
        ("Two medics are missing.", [("missing", "responders", 2, 2)]),
        ("Another 90,000 people have been displaced.", [("displaced", "people", 90000, 90000)]),
        ("The bodies of 4 men were found.", [("killed", "men", 4, 4)]),
        ("Dozens of villagers were killed.", [("killed", "civilians", 24, None)]),
        ("Police killed one prisoner and wounded 11 others.",
         [("killed", "people", 1, 1), ("injured", "people", 11, 11)]),
        ("The death toll rose to 12.", [("killed", "people", 12, 12)]),
        ("Three members of the security forces were killed.",
         [("killed", "combatants", 3, 3)]),
        ("Militants slit the throats of five farm workers.", [("killed", "civilians", 5, 5)]),
        ("A gang hacked a blogger to death at his home.", [("killed", "journalists", 1, 1)]),
        ("Soldiers shot two drivers to death at a checkpoint.",
         [("killed", "civilians", 2, 2)]),
        ("Gunmen axed two farmers to death on Monday.", [("killed", "civilians", 2, 2)]),
        ("The clash left 30 villagers with varying degrees of injuries.",
         [("injured", "civilians", 30, 30)]),
        ("Protests followed the assassination of two judges.", [("killed", "civilians", 2, 2)]),
        ("The police committed at least 47 extrajudicial executions.",
         [("killed", "people", 47, None)]),
    ],
)
def test_figures(text: str, expected: list[tuple[str, str, int | None, int | None]]) -> None:
    assert _rows(text) == expected


def test_list_gives_one_mention_per_item() -> None:
    rows = _rows("An air strike hit the house, killing three children and their mother.")
    assert rows == [("killed", "children", 3, 3), ("killed", "women", 1, 1)]


def test_coordination_active_and_nouns() -> None:
    assert _rows("The bomb killed 12 and wounded 42.") == [
        ("killed", "people", 12, 12), ("injured", "people", 42, 42)]
    assert _rows("The attack left 12 dead and 42 injured.") == [
        ("killed", "people", 12, 12), ("injured", "people", 42, 42)]
    assert _rows("The blast was massive, leaving 3 dead.") == [("killed", "people", 3, 3)]
    assert _rows("12 soldiers and 3 civilians were killed.") == [
        ("killed", "combatants", 12, 12), ("killed", "civilians", 3, 3)]


def test_acled_style_fatality_counts() -> None:
    assert _rows("On 9 May 2020, clashes erupted in the town. 3 fatalities.") == [
        ("killed", "people", 3, 3)]
    assert _rows("A man was found dead on a road. 1 fatality.")[-1] == ("killed", "people", 1, 1)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("No casualties were reported.", {"killed", "injured"}),
        ("There were no fatalities.", {"killed"}),
        ("The blast caused neither fatalities nor injuries.", {"killed", "injured"}),
        ("No one was hurt.", {"killed", "injured"}),
        ("Nobody was killed in the attack.", {"killed"}),
    ],
)
def test_negation_and_zero(text: str, types: set[str]) -> None:
    ms = find_harm(text, P)
    assert ms and all(m.negated and m.min == 0 and m.max == 0 for m in ms)
    assert {m.type for m in ms} == types


def test_casualties_are_killed_or_injured_with_unknown_split() -> None:
    ms = find_harm("The shelling caused 7 casualties.", P)
    assert [(m.type, m.min, m.max) for m in ms] == [("killed", None, 7), ("injured", None, 7)]


def test_new_figure_and_running_total_since_monday() -> None:
    text = ("Another 16 civilians were killed on Thursday, bringing the total since Monday "
            "to more than 50.")
    new, total = find_harm(text, P)
    assert (new.type, new.group, new.min, new.max, new.new) == ("killed", "civilians", 16, 16, True)
    assert new.text.startswith("Another 16")
    assert (total.type, total.group, total.min, total.max, total.new) == (
        "killed", "civilians", 51, None, False)
    assert total.period is not None and total.period.kind == "since"
    assert total.period.start_date == date(2019, 12, 16)


@pytest.mark.parametrize(
    "text",
    [
        "The offensive has killed more than 1,100 civilians.",
        "So far 300 people have been killed in the fighting.",
        "More than 200 people have been killed since January.",
        "The war has displaced 3 million people.",
    ],
)
def test_running_total_cues(text: str) -> None:
    (m,) = find_harm(text, P)
    assert m.new is False


def test_campaign_total_takes_the_campaign_period() -> None:
    text = ("The displaced total passed 500,000 since the offensive in late April. "
            "The offensive has killed more than 1,100 civilians and wounded thousands.")
    ms = [m for m in find_harm(text, P) if m.type in ("killed", "injured")]
    assert [(m.type, m.min, m.new) for m in ms] == [
        ("killed", 1101, False), ("injured", 2000, False)]
    assert all(m.period is not None and m.period.start_date == date(2019, 4, 21) for m in ms)



def test_figure_before_a_campaign_total_is_new() -> None:
    text = ("Clashes in the north killed seven people at the weekend, the latest flare-up in a "
            "conflict that has left at least 66 people dead in three weeks.")
    ms = find_harm(text, P)
    assert [(m.min, m.new) for m in ms] == [(7, True), (66, False)]

@pytest.mark.parametrize(
    "text",
    [
        "A new offensive may be imminent against the 3 million people in the greater Idlib area.",
        "The town has 20,000 residents and 3 schools.",
        "He was 25 years old.",
        "Troops killed time in 2019.",
    ],
)
def test_population_and_other_numbers_are_not_harm(text: str) -> None:
    assert find_harm(text, P) == []


def test_total_new_does_not_double_count_restatements() -> None:
    text = ("An air strike killed 13 staff and four children. "
            "UNICEF said the raid killed 17 civilians.")
    assert total_new(text, find_harm(text, P), "killed") == 17
    text2 = "A bomb killed 4 people and another killed 3 people. Shelling killed 2 more people."
    assert total_new(text2, find_harm(text2, P), "killed") == 9


_SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "idlib-2019-12-20.txt"


@pytest.fixture
def seed_text() -> str:
    if not _SEED.exists():
        pytest.skip("seed article not available (../shared/seed)")
    return _SEED.read_text(encoding="utf-8")


def test_seed_figures(seed_text: str) -> None:
    ms = find_harm(seed_text, P)
    rows = {(m.type, m.group, m.min, m.max, m.new) for m in ms}
    assert ("killed", "civilians", 16, 16, True) in rows
    assert ("killed", "civilians", 51, None, False) in rows
    assert ("displaced", "people", 90000, 90000, True) in rows
    assert ("displaced", "people", 500001, None, False) in rows
    assert ("killed", "civilians", 1101, None, False) in rows
    assert any(m.type == "injured" and m.min == 2000 and m.max is None and not m.new for m in ms)
    since = next(m for m in ms if m.min == 51)
    assert since.period is not None and since.period.kind == "since"
    assert since.period.start_date == date(2019, 12, 16)
    offensive = next(m for m in ms if m.min == 1101)
    assert offensive.period is not None and offensive.period.start_date == date(2019, 4, 21)
    # The population figure is not harm, and the new deaths are counted once.
    three_million = seed_text.index("3 million")
    assert not any(m.start <= three_million < m.end for m in ms)
    assert all(m.min != 3_000_000 for m in ms)
    assert total_new(seed_text, ms, "killed") == 16


def test_seed_without_published_date(seed_text: str) -> None:
    ms = find_harm(seed_text, None)
    assert {(m.type, m.min, m.new) for m in ms} >= {("killed", 16, True), ("killed", 51, False)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Judge Hassan Omar was last night killed in the capital.", 1),
        ("Gunmen seized eight fighters from their homes and killed them on Monday.", 8),
        ("Militants lined up 30 men in the town and shot them dead.", 30),
        ("The death toll from a week of clashes has risen to 13.", 13),
        ("The number of deaths has remained at 11, the ministry said.", 11),
        ("Gunmen killed a senior official and his driver.", 2),
        ("A candidate was shot dead on Friday along with his young son.", 2),
        ("Six people, two of them children, were killed.", 6),
        ("Three people, including a tribal elder, were killed on Friday.", 3),
        ("Two car bombs killed 15 people in the city.", 15),
        ("Four people died in the first blast. Ten civilians died in attacks on Wednesday. "
         "Four people died when a shell hit a school.", 14),
        ("A man was shot dead near the market. 1 fatality.", 1),
        ("Clashes broke out near the border. Fatalities coded as 10.", 10),
        ("More than 50 people were killed in the attack.", 50),
    ],
)
def test_total_new_on_whole_reports(text: str, expected: int) -> None:
    assert total_new(text, find_harm(text, P), "killed") == expected


def test_stated_figure_keeps_the_number_as_written() -> None:
    (m,) = find_harm("More than 50 people were killed.", P)
    assert (m.min, m.max, m.stated) == (51, None, 50)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One fatality was reported.", ("killed", "people", 1, 1)),
        ("Many people were killed in the raid.", ("killed", "people", 1, None)),
        ("Several soldiers were wounded.", ("injured", "combatants", 3, None)),
        ("Five people were killed Wednesday and a sixth injured by an armed group.",
         ("injured", "people", 1, 1)),
        ("Police arrested 12 protesters.", ("arrested", "civilians", 12, 12)),
    ],
)
def test_more_constructions(text: str, expected: tuple[str, str, int, int | None]) -> None:
    rows = _rows(text)
    assert expected in rows, rows


def test_a_figure_followed_by_as_well_adds_on() -> None:
    text = "Gunmen killed the husband of the mayor. One aide was killed as well."
    assert total_new(text, find_harm(text, P), "killed") == 2
    restated = "Gunmen killed the husband of the mayor. One man was killed, police said."
    assert total_new(restated, find_harm(restated, P), "killed") == 1


def test_officials_and_professionals_are_victims() -> None:
    text = "Militants killed two city officials and a former parliamentarian in the capital."
    assert total_new(text, find_harm(text, P), "killed") == 3
    both = "A judge and his aide were shot dead outside the court."
    assert total_new(both, find_harm(both, P), "killed") == 2


def test_judicial_executions_over_a_year_are_not_this_report_s_deaths() -> None:
    text = "Iran carried out 251 executions last year, and gunmen killed two people on Monday."
    assert total_new(text, find_harm(text, P), "killed") == 2


def test_a_figure_after_the_speaker_owns_the_verb_even_with_a_subset_clause() -> None:
    text = ("A spokesman for the police chief said at least six civilians, including two women "
            "and two children, were killed when their car hit a bomb.")
    assert _rows(text) == [("killed", "civilians", 6, None)]


def test_part_of_a_figure_told_before_is_no_new_harm() -> None:
    text = ("Militants killed 21 village leaders on Saturday. Some of those killed were shot "
            "dead, while two of them were beheaded.")
    assert [r for r in _rows(text) if r[0] == "killed"] == [("killed", "civilians", 21, 21)]


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Gunmen killed a senior director of a university along with his driver in Gujrat.", 2),
        ("Gunmen killed the district head of Soro, Alhaji Isa Baba, and his brother.", 2),
        ("Two gunmen killed a leader of the party, Mian Mushtaq, and his two aides.", 3),
        # a source after the place, a word that is no victim, a unit that left
        ("Gunmen killed eight people in a raid on a village in Borno, a resident said.", 8),
        ("Gunmen killed a soldier of the army and his unit retreated.", 1),
    ],
)
def test_victims_listed_after_a_phrase_of_the_first(text: str, killed: int) -> None:
    assert sum(r[2] or 0 for r in _rows(text) if r[0] == "killed") == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("The council head has been killed in a suicide attack along with 13 other people.", 14),
        ("A judicial officer was killed with his wife and two children at their home.", 4),
        ("A member of the traditional authority and his wife were stabbed to death.", 2),
        ("Dr Ebirien Fubara has been clubbed to death alongside his brother.", 2),
        ("A woman, her husband and their three children were axed to death.", 5),
        ("A judge and her son was shot to death in Kano.", 2),
        ("The mayor was killed with his own gun.", 1),
    ],
)
def test_victims_added_after_the_verb_or_inside_a_long_subject(text: str, killed: int) -> None:
    assert sum(r[2] or 0 for r in _rows(text) if r[0] == "killed") == killed


def test_another_as_the_object_is_one_more_victim() -> None:
    text = "Gunmen opened fire on a van, killing a cameraman and injuring another, police said."
    assert [(r[0], r[2], r[3]) for r in _rows(text)] == [("killed", 1, 1), ("injured", 1, 1)]
    assert [r[0] for r in _rows("Soldiers killed one militant and captured another.")] == [
        "killed"]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # part of an earlier figure of another harm is new harm of its own
        ("Twelve people were wounded in the blast. Three of them later died in hospital.", 3,
         12),
        # a figure inside a numeric subject's modifier does not take the verb
        ("Seven people, aged between 18 and 25, including two women, were killed.", 7, 0),
        ("At least 20 people, 12 of whom were children, were killed.", 20, 0),
        # bare "with his ..." is company, not a victim, unless right after the verb
        ("A man was killed in a dispute with his brother over land.", 1, 0),
        ("A farmer was shot dead with his daughter watching.", 1, 0),
        # "along with N others" that a relative clause says were wounded
        ("A soldier was killed in the attack along with 13 others who were wounded.", 1, 13),
        # "along with" in another clause
        ("The commander was killed and his deputy was arrested along with 5 others.", 1, 0),
        # "and his X" inside a singular subject
        ("A policeman guarding the home of a politician and his family was shot dead.", 1, 0),
        # the phrase skipped before a listed victim holds a victim word itself
        ("Gunmen killed a man in front of his wife and his two children.", 1, 0),
        ("The gunmen killed a soldier and wounded another in Kaduna.", 1, 1),
    ],
)
def test_review_cases_of_the_listing_rules(text: str, killed: int, injured: int) -> None:
    rows = _rows(text)
    new = [r for r in find_harm(text, P) if r.new]
    assert sum(r.min or 0 for r in new if r.type == "killed") == killed, rows
    assert sum(r.min or 0 for r in new if r.type == "injured") == injured, rows


def test_shooters_who_shot_at_something_are_not_the_wounded() -> None:
    assert find_harm("Three armed men shot at a car wash in Morelia.", P) == []
    (m,) = find_harm("Two men were shot at the market.", P)
    assert (m.type, m.min) == ("injured", 2)


def test_another_person_is_one_more_victim() -> None:
    ms = find_harm("A village elder was killed and another person was injured in the raid.", P)
    assert [(m.type, m.min) for m in ms] == [("killed", 1), ("injured", 1)]


def test_a_listed_item_with_its_own_verb_starts_a_new_clause() -> None:
    ms = find_harm("Gunmen killed nine people and six people sustained bullet wounds.", P)
    assert [(m.type, m.min) for m in ms] == [("killed", 9), ("injured", 6)]
    ms = find_harm("Four civilians and three police officers were killed.", P)
    assert sum(m.min or 0 for m in ms if m.type == "killed") == 7


def test_a_named_victim_and_his_guard_are_two() -> None:
    ms = find_harm("Gunmen killed district chief Ahmad Karim Noori and his guard.", P)
    assert sum(m.min or 0 for m in ms if m.type == "killed") == 2
    ms = find_harm("The judge and her driver was shot dead last night.", P)
    assert sum(m.min or 0 for m in ms if m.type == "killed") == 2


def test_one_body_found_is_one_killed() -> None:
    for text in ("The body of a farmer was found in a river near Bauchi.",
                 "A female body was found near the highway."):
        (m,) = find_harm(text, P)
        assert (m.type, m.min, m.new) == ("killed", 1, True), text
    assert find_harm("The governing body of a university met on Monday.", P) == []


def test_killed_or_injured_leaves_the_split_unknown() -> None:
    ms = find_harm("Five people were killed or injured in the blast.", P)
    assert sorted((m.type, m.min, m.max, m.stated) for m in ms) == [
        ("injured", None, 5, None), ("killed", None, 5, None)]
    ms = find_harm("Three soldiers were killed and four wounded.", P)
    assert [(m.type, m.min) for m in ms] == [("killed", 3), ("injured", 4)]


def test_killed_or_wounded_objects_leave_the_split_unknown() -> None:
    ms = find_harm("The strike killed or wounded 12 soldiers.", P)
    assert sorted((m.type, m.min, m.max) for m in ms) == [
        ("injured", None, 12), ("killed", None, 12)]


def test_the_past_24_hours_is_the_events_window_not_a_running_total() -> None:
    text = "At least 16 civilians have been killed in the east over the past 24 hours."
    (m,) = find_harm(text, P)
    assert (m.min, m.new) == (16, True)
    (m,) = find_harm("More than 200 people have been killed over the past three months.", P)
    assert m.new is False


def test_and_his_after_a_comma_with_was_is_a_clause_of_its_own() -> None:
    rows = _rows("A blogger was hacked to death in Dhaka, and his wife was injured.")
    assert [(r[0], r[2]) for r in rows] == [("killed", 1), ("injured", 1)]


def test_a_figure_of_things_is_no_victim() -> None:
    """"six houses burnt and eight persons injured": the houses are not injured people; "five
    bus drivers" are people."""
    rows = _rows("Five people were killed, six houses burnt and eight persons injured.")
    assert [(r[0], r[2]) for r in rows] == [("killed", 5), ("injured", 8)]
    assert [(r[0], r[2]) for r in _rows("Five bus drivers were found dead.")] == [("killed", 5)]
