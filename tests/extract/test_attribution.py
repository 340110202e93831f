"""Sources and hedges: warnings, claims, denials and characterisations are not events."""

from __future__ import annotations

from conflictwatch.extract.attribution import find_hedges, find_sources
from conflictwatch.extract.pipeline import extract_document, split_sentences
from conflictwatch.records import Document


def _sources(text: str) -> list[str]:
    return [s.name for s in find_sources(text, split_sentences(text))]


def test_subject_of_reporting_verb() -> None:
    assert "White Helmets" in _sources("The White Helmets reported shelling on the town.")


def test_according_to() -> None:
    assert "United Nations" in _sources("Ten people died, according to the UN.")


def test_listed_sources_each_count() -> None:
    names = _sources("Residents, local activists and the Syrian Observatory said jets struck.")
    assert "Residents" in names and "local activists" in names
    assert "Syrian Observatory for Human Rights" in names


def test_passive_report_names_no_source() -> None:
    assert _sources("Two deaths were reported in the village.") == []


def test_hedge_kinds() -> None:
    text = (
        "Activists warned that an offensive may be imminent. The army denied shelling the "
        "town. Rights groups said the strikes may constitute war crimes."
    )
    kinds = {h.kind for h in find_hedges(text, split_sentences(text))}
    assert {"warning", "denial", "characterisation"} <= kinds


def test_warning_is_not_an_event() -> None:
    text = "Officials warned that rebels could attack the town of Marib soon."
    assert extract_document(Document(id="t", text=text)) == []


def test_characterisation_source_is_not_an_event_source() -> None:
    text = (
        "Warplanes bombed the town of Ariha on Monday, killing 5 civilians, with the UN "
        "saying the strikes may constitute a war crime."
    )
    events = extract_document(Document(id="t", text=text))
    assert events and events[0].event_type == "Explosions/Remote violence"
    assert all(s.name != "United Nations" for s in events[0].sources)
    assert any(h.startswith("characterisation") for h in events[0].hedges)


def test_alleged_before_a_noun_is_an_adjective_not_a_reporting_verb() -> None:
    # "... targeted GNA positions and alleged Syrian mercenaries": no one is quoted, and the
    # clause before it (the event itself) is no speaker
    text = "LNA aircraft targeted GNA positions and alleged Syrian mercenaries in Al Hishah."
    assert find_sources(text, split_sentences(text)) == []
    for said in ("Police alleged that the men had attacked a checkpoint.",
                 "Police alleged on Monday that the men had attacked a checkpoint.",
                 "Police alleged Khan had fired first."):
        assert [s.text for s in find_sources(said, split_sentences(said))] == ["Police"]
