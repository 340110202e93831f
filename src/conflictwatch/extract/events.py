"""ACLED event type / sub-type: trigger words from lexicons/event_types.yaml, then context rules.

Triggers are found with one compiled alternation (named group per sub-type and weight) so a
document is scanned once. `classify` turns the triggers of one event (plus what is known about
its actors and harm) into ACLED's type and sub-type with the trigger that decided it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from conflictwatch.extract.lexicon_files import PhraseMatcher, load_lexicon
from conflictwatch.records import TriggerMention

FAMILY_OF_TYPE = {
    "Battles": "battle",
    "Explosions/Remote violence": "remote",
    "Violence against civilians": "vac",
    "Protests": "protest",
    "Riots": "riot",
    "Strategic developments": "strategic",
}
VIOLENT_FAMILIES = frozenset({"battle", "remote", "vac", "riot"})


@dataclass(frozen=True)
class _Group:
    event_type: str
    sub_event_type: str
    family: str
    weight: float


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher[_Group]:
    """All trigger patterns in one longest-match scanner ("clashed with police" beats "clashed")."""
    entries: list[tuple[str, _Group]] = []
    for entry in load_lexicon("event_types.yaml")["subtypes"]:
        for weight, patterns in (entry.get("triggers") or {}).items():
            group = _Group(entry["type"], entry["sub"], entry["family"], float(weight))
            entries.extend((p, group) for p in patterns or [])
    return PhraseMatcher(entries, shared=True)


def find_triggers(text: str) -> list[TriggerMention]:
    """Every trigger phrase in `text` with its sub-type and weight ("tear gas shells" are no
    shelling)."""
    return [
        TriggerMention(s, e, text[s:e], g.event_type, g.sub_event_type, g.weight)
        for s, e, g in _matcher().finditer(text)
        if not (g.sub_event_type == "Shelling/artillery/missile attack"
                and _CROWD_CONTROL_BEFORE.search(text, max(0, s - 12), s))
    ]


_CROWD_CONTROL_BEFORE = re.compile(r"\b(?:tear[- ]?gas|smoke|stun|rubber)\s*\Z", re.IGNORECASE)


def family(trigger: TriggerMention) -> str:
    """The coarse family (battle, remote, vac, protest, riot, strategic) of a trigger."""
    return FAMILY_OF_TYPE.get(trigger.event_type, "strategic")


_INTERVENTION = re.compile(
    r"(?<!\w)(?:dispers(?:ed|e|ing)|tear ?gas|tear-gas|water cannons?|rubber bullets|"
    r"baton(?:s|ed)?|"
    r"lathi[- ]charge[d]?|(?<!who )(?:were|was) (?:\w+ )?(?:arrested|detained|fined|removed)|"
    r"used force|baton[- ]charged?|"
    r"(?:police|officers|security forces|authorities|gendarmes|troops)(?: \w+){0,3} "
    r"(?:arrested|detained|intervened|fined|removed|stopped|blocked|prevented|beat)|"
    r"arrested (?:\w+ ){0,2}(?:protesters|demonstrators|participants|people|of them)|"
    r"intervened|broke up|pepper spray|stun grenades?|scuffled?)(?!\w)",
    re.IGNORECASE,
)
_EXCESSIVE = re.compile(
    r"(?<!\w)(?:live (?:ammunition|fire|bullets)|"
    r"opened fire on (?:the )?(?:protesters|demonstrators|crowd)|"
    r"shot (?:dead )?(?:a |two |three )?(?:protesters?|demonstrators?))(?!\w)",
    re.IGNORECASE,
)


@dataclass
class Classification:
    event_type: str
    sub_event_type: str
    trigger: TriggerMention


def _best(triggers: Iterable[TriggerMention], fam: str) -> TriggerMention | None:
    """Highest-weight trigger of a family (first one on ties: the lead sentence decides)."""
    return _heaviest(t for t in triggers if family(t) == fam)


def _heaviest(triggers: Iterable[TriggerMention]) -> TriggerMention | None:
    """Highest-weight trigger (first one on ties), None when there are none."""
    best: TriggerMention | None = None
    for t in triggers:
        if best is None or t.weight > best.weight:
            best = t
    return best


def _by_family(triggers: list[TriggerMention]) -> dict[str, list[TriggerMention]]:
    """Triggers grouped by family, in text order (`classify` asks about each family several
    times: looking each trigger's family up once is enough)."""
    out: dict[str, list[TriggerMention]] = {}
    for t in triggers:
        out.setdefault(family(t), []).append(t)
    return out


def classify(
    triggers: list[TriggerMention],
    *,
    context: str = "",
    victims_armed: bool = False,
    victims_civilian: bool = False,
    perpetrator_crowd: bool = False,
    perpetrator_armed: bool = False,
    people_harmed: bool = False,
    state_actor: bool = True,
    civilians_clash: bool = False,
    irregulars: bool = False,
) -> Classification | None:
    """ACLED type/sub-type of one event from its triggers and a few facts about its sentences.

    Order of the rules follows ACLED's codebook: a protest turned violent is a riot; violence
    by an unorganised crowd is mob violence; small-arms fighting is an armed clash, and remote
    weapons fired during one make it a battle too; one-sided violence against armed forces is a
    battle; property destroyed without anyone hurt is looting/property destruction; arrests and
    agreements only when nothing violent happened.
    """
    if not triggers:
        return None
    families = _by_family(triggers)
    remote = families.get("remote", [])
    protests = families.get("protest", [])
    battles = families.get("battle", [])
    riots = families.get("riot", [])
    vac = families.get("vac", [])
    protest_w = sum(t.weight for t in protests)
    strong_protest = any(t.weight >= 3 for t in protests)
    battle = _heaviest(battles)
    disrupted = [t for t in triggers if t.sub_event_type == "Disrupted weapons use"]
    looting = [t for t in triggers if t.sub_event_type == "Looting/property destruction"]
    vac_specific = [t for t in vac if t.sub_event_type != "Attack"]

    if strong_protest and protest_w >= 3:
        return _classify_protest(triggers, context)
    if disrupted and not any(
        t.weight >= 3 and t.sub_event_type != "Air/drone strike" for t in battles + vac
    ):
        return Classification("Strategic developments", "Disrupted weapons use", disrupted[0])
    legacy = [t for t in triggers if t.sub_event_type == "Other" and t.weight >= 3]
    if legacy and not any(
        t.weight >= 3 for t in battles + vac
    ) and not any(t.sub_event_type == "Air/drone strike" for t in remote):
        # a mine or shell left from a past war went off: no one used a weapon (ACLED: Other)
        return Classification("Strategic developments", "Other", legacy[0])
    riot = _heaviest(riots)
    if riot is not None and irregulars and riot.text.lower().startswith("clash"):
        return Classification("Battles", "Armed clash", riot)  # armed men clashed with police
    if (
        riot is not None
        and not perpetrator_crowd
        and not protests
        and all(_PROPERTY.search(t.text) for t in riots)
        and not people_harmed
    ):
        return Classification("Strategic developments", "Looting/property destruction", riot)
    if (
        riot is not None
        and not irregulars
        and (riot.sub_event_type == "Mob violence" or perpetrator_crowd or not remote)
    ):
        return Classification("Riots", _riot_sub(triggers), riot)
    if (
        battle is not None
        and battle.weight >= 3
        and _only_front_lines(battles)
        and any(t.weight >= 3 for t in remote)
    ):
        battle = None  # "the front line" places a specific weapon's blast; it is no fight
    if battle is not None and battle.weight >= 3:
        if (
            battle.sub_event_type == "Armed clash"
            and civilians_clash
            and not _ARMED_CLASH.search(battle.text)
            and battle.text.lower().startswith(("clash", "fight", "fought", "confront", "scuffl"))
        ):
            return Classification("Riots", "Mob violence", battle)
        if battle.sub_event_type == "Armed clash" and perpetrator_crowd and not perpetrator_armed:
            # "a group of youths assaulted a police patrol": an unarmed crowd, not a fight
            return Classification("Riots", "Mob violence", battle)
        return Classification(battle.event_type, battle.sub_event_type, battle)
    small_arms = [t for t in battles if _SMALL_ARMS.search(t.text)]
    if battle is not None and small_arms and remote:
        return Classification(battle.event_type, battle.sub_event_type, battle)
    if (
        remote
        and battle is not None
        and all(t.weight < 2 for t in remote)
        and not any(t.sub_event_type != "Remote explosive/landmine/IED" for t in remote)
    ):
        return Classification(battle.event_type, battle.sub_event_type, battle)
    if remote:
        best = _pick_remote(remote, state_actor)
        return Classification(best.event_type, best.sub_event_type, best)
    if looting and not people_harmed and not vac_specific and not (perpetrator_armed and vac):
        return Classification("Strategic developments", "Looting/property destruction", looting[0])
    if battle is not None and not vac_specific and not (victims_civilian and not victims_armed):
        return Classification(battle.event_type, battle.sub_event_type, battle)
    if vac:
        return _classify_vac(vac, victims_armed, victims_civilian, perpetrator_crowd,
                             people_harmed)
    if battle is not None:
        return Classification(battle.event_type, battle.sub_event_type, battle)
    if riot is not None:
        return Classification("Riots", riot.sub_event_type, riot)
    strat = _heaviest(families.get("strategic", []))
    if strat is not None:
        return Classification(strat.event_type, strat.sub_event_type, strat)
    t = triggers[0]
    return Classification(t.event_type, t.sub_event_type, t)


_ARMED_CLASH = re.compile(r"armed|clan", re.IGNORECASE)
_PROPERTY = re.compile(
    r"vandal|set on fire|on fire|torched|molotov|petrol bomb|set fire|set alight|ransacked|smashed",
    re.IGNORECASE,
)
_SMALL_ARMS = re.compile(
    r"small arms|light weapons|automatic weapons|rifle|unspecified weapons", re.IGNORECASE
)


def _only_front_lines(triggers: list[TriggerMention]) -> bool:
    """Whether the only strong battle cues are front-line words (a place, not an act)."""
    strong = [t for t in triggers if family(t) == "battle" and t.weight >= 3]
    return bool(strong) and all(t.text.lower().startswith(("front", "rebel lines")) for t in strong)


def _riot_sub(triggers: list[TriggerMention]) -> str:
    """A violent crowd with a demand or a protest, or one that riots, burns tyres or barricades
    roads, is a violent demonstration; otherwise (a lynching, a brawl, a dispute, stones thrown
    at police with no demonstration named) mob violence."""
    if any(family(t) == "protest" for t in triggers):
        return "Violent demonstration"
    riot = [t for t in triggers if family(t) == "riot"]
    if any(_MOB_WORD.search(t.text) for t in riot):
        return "Mob violence"  # a mob, a lynching
    if any(_DEMONSTRATION_WORD.search(t.text) for t in riot):
        return "Violent demonstration"  # rioters, burning tyres, barricades
    return "Mob violence"  # stones thrown, a shop vandalised: no sign of a demonstration


_MOB_WORD = re.compile(r"\bmobs?\b|lynch", re.IGNORECASE)
# what marks a riot as a demonstration turned violent (else it is a mob's violence)
_DEMONSTRATION_WORD = re.compile(
    r"\briot(?:s|ed|ing|ers?)?\b(?!\s+police)|violent (?:protest|demonstration)|tyres|tires|"
    r"barricad", re.IGNORECASE)


_REMOTE_PRIORITY = {
    "Suicide bomb": 4,
    "Remote explosive/landmine/IED": 3,
    "Grenade": 2,
    "Air/drone strike": 1,
    "Shelling/artillery/missile attack": 0,
}


def _pick_remote(remote: list[TriggerMention], state_actor: bool = True) -> TriggerMention:
    """Among remote-violence triggers: most weight per sub-type, specific weapons before generic.

    "Bombing" alone is an air strike only when a state force is involved; otherwise a bomb
    attack (remote explosive)."""
    if not state_actor and all(
        t.weight < 3 for t in remote if t.sub_event_type == "Air/drone strike"
    ):
        ground = [t for t in remote if t.sub_event_type != "Air/drone strike"]
        if not ground:
            t = remote[0]
            return TriggerMention(
                t.start, t.end, t.text, t.event_type, "Remote explosive/landmine/IED", t.weight
            )
        remote = ground
    score: dict[str, float] = {}
    first: dict[str, TriggerMention] = {}
    for t in remote:
        score[t.sub_event_type] = score.get(t.sub_event_type, 0.0) + t.weight
        first.setdefault(t.sub_event_type, t)
    if "Air/drone strike" in score and any(
        t.weight >= 3 and t.sub_event_type == "Air/drone strike" for t in remote
    ):
        score["Air/drone strike"] += 3
    best = max(score, key=lambda s: (score[s], _REMOTE_PRIORITY.get(s, 0)))
    return first[best]


def _classify_protest(triggers: list[TriggerMention], context: str) -> Classification:
    """Peaceful / with intervention / excessive force, or a riot when protesters used violence."""
    lead = _best(triggers, "protest")
    assert lead is not None
    riot = [
        t
        for t in triggers
        if family(t) == "riot"
        or (
            t.sub_event_type == "Armed clash"
            and t.weight >= 3
            and t.text.lower().startswith(("clash", "confront", "scuffl", "fight", "fought"))
        )
    ]
    if riot:
        return Classification("Riots", "Violent demonstration", riot[0])
    if _EXCESSIVE.search(context):
        return Classification("Protests", "Excessive force against protesters", lead)
    if _INTERVENTION.search(context):
        return Classification("Protests", "Protest with intervention", lead)
    return Classification("Protests", "Peaceful protest", lead)


def _classify_vac(
    vac: list[TriggerMention], victims_armed: bool, victims_civilian: bool, perpetrator_crowd: bool,
    people_harmed: bool = False,
) -> Classification:
    """One-sided violence: against armed forces it is a battle; by a crowd it is mob violence.
    People abducted in an attack that also killed or wounded are part of that attack ("1 guard
    was killed and 3 abducted"): abduction is the event only when it is all that happened."""
    specific = [t for t in vac if t.sub_event_type != "Attack"
                and not (people_harmed and t.sub_event_type == "Abduction/forced disappearance")]
    if specific:
        best = max(specific, key=lambda t: t.weight)
        return Classification(best.event_type, best.sub_event_type, best)
    lead = max(vac, key=lambda t: t.weight)
    if perpetrator_crowd:
        return Classification("Riots", "Mob violence", lead)
    if victims_armed and not victims_civilian:
        return Classification("Battles", "Armed clash", lead)
    return Classification(lead.event_type, "Attack", lead)
