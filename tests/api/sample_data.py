"""A small fixture database for API and browser tests: reports written for these tests, with
hand-made records (as the extractor would store them) whose evidence spans point into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.records import Actor, Event, EventDate, Evidence, Harm, Location, Source
from conflictwatch.store import repo
from conflictwatch.store.db import open_store
from conflictwatch.store.models import EventRow

EVIL = ('Protesters gathered in Baghdad. <script>alert("pwned")</script> Witnesses said '
        '<img src=x onerror="alert(1)"> riot police fired tear gas and 2 people were killed.')
ARABIC = "قتل ثلاثة مدنيين في قصف على مدينة أريحا يوم الأربعاء، بحسب الدفاع المدني."


@dataclass
class Spec:
    doc_id: str
    text: str
    published: date
    event_type: str
    sub_event_type: str
    day: date
    place: tuple[str, str, str, float, float]  # name, country, admin1, lat, lon
    actors: list[tuple[str, str]]
    harm: list[tuple[str, str, int, str]]  # type, group, figure, phrase in text
    phrases: dict[str, str] = field(default_factory=dict)  # field -> phrase in text
    kind: str = "incident"
    end: date | None = None


SPECS = [
    Spec("saraqib", "Warplanes struck the vegetable market in Saraqib on Thursday morning, "
         "killing 9 civilians and wounding 20 others, the local civil defence said.",
         date(2019, 12, 20), "Explosions/Remote violence", "Air/drone strike", date(2019, 12, 19),
         ("Saraqib", "SY", "Idlib", 35.8647, 36.8044),
         [("Military Forces of Syria", "actor1"), ("Civilians (Syria)", "actor2")],
         [("killed", "civilians", 9, "killing 9 civilians"), ("injured", "civilians", 20,
                                                               "wounding 20 others")],
         {"event_type": "Warplanes struck", "location": "Saraqib", "date": "on Thursday"}),
    Spec("baghdad-evil", EVIL, date(2019, 12, 18), "Riots", "Violent demonstration",
         date(2019, 12, 17), ("Baghdad", "IQ", "Baghdad", 33.3406, 44.4009),
         [("Rioters (Iraq)", "actor1"), ("Police Forces of Iraq", "actor2")],
         [("killed", "people", 2, "2 people were killed")],
         {"location": "Baghdad", "event_type": "tear gas"}),
    Spec("ariha-ar", ARABIC, date(2019, 12, 19), "Explosions/Remote violence",
         "Shelling/artillery/missile attack", date(2019, 12, 18),
         ("Ariha", "SY", "Idlib", 35.8134, 36.6105), [("Civilians (Syria)", "actor2")],
         [("killed", "civilians", 3, "قتل ثلاثة مدنيين")], {"location": "أريحا"}),
    Spec("monguno", "Boko Haram fighters attacked a military base in Monguno on 10 December; "
         "5 soldiers were killed in the fighting, the army said.",
         date(2019, 12, 11), "Battles", "Armed clash", date(2019, 12, 10),
         ("Monguno", "NG", "Borno", 12.6706, 13.6108),
         [("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "actor1"),
          ("Military Forces of Nigeria", "actor2")],
         [("killed", "soldiers", 5, "5 soldiers were killed")], {"location": "Monguno"}),
    Spec("idlib-total", "Since Monday, at least 40 civilians have been killed in air strikes "
         "across Idlib province, monitors said on Thursday.",
         date(2019, 12, 19), "Explosions/Remote violence", "Air/drone strike", date(2019, 12, 16),
         ("Idlib", "SY", "Idlib", 35.9306, 36.6339), [],
         [("killed", "civilians", 40, "at least 40 civilians have been killed")],
         {}, kind="cumulative", end=date(2019, 12, 19)),
    Spec("idlib-total-2", "The number of civilians killed in Idlib province since Monday has "
         "risen to 55, monitors said on Friday.",
         date(2019, 12, 20), "Explosions/Remote violence", "Air/drone strike", date(2019, 12, 16),
         ("Idlib", "SY", "Idlib", 35.9306, 36.6339), [],
         [("killed", "civilians", 55, "risen to 55")], {}, kind="cumulative",
         end=date(2019, 12, 20)),
]

# A second outlet's report of the Saraqib strike, with a higher toll: filed into one incident.
SECOND_REPORT = Spec(
    "saraqib-wire", "At least 11 people died when jets hit a busy market in Saraqib, Idlib "
    "province, on Thursday, a war monitor reported.", date(2019, 12, 19),
    "Explosions/Remote violence", "Air/drone strike", date(2019, 12, 19),
    ("Saraqib", "SY", "Idlib", 35.8647, 36.8044), [("Civilians (Syria)", "actor2")],
    [("killed", "people", 11, "At least 11 people died")],
    {"location": "Saraqib", "event_type": "jets hit"})


def event_of(spec: Spec) -> Event:
    """The record for `spec`, with evidence spans located in its text."""
    text = spec.text
    evidence = [Evidence(f, text.index(p), text.index(p) + len(p)) for f, p in spec.phrases.items()]
    harm = []
    for i, (kind, group, value, phrase) in enumerate(spec.harm):
        harm.append(Harm(kind, group, value, value, new=spec.kind == "incident", text=phrase))
        at = text.index(phrase)
        evidence.append(Evidence(f"harm[{i}]", at, at + len(phrase)))
    name, country, admin1, lat, lon = spec.place
    return Event(
        id=f"{spec.doc_id}#e1", document_id=spec.doc_id, kind=spec.kind,  # type: ignore[arg-type]
        event_type=spec.event_type, sub_event_type=spec.sub_event_type,
        date=EventDate(spec.day, spec.end or spec.day, "day", None),
        location=Location(text=name, name=name, country=country, admin1=admin1, lat=lat, lon=lon,
                          precision=1),
        actors=[Actor(n, r) for n, r in spec.actors], harm=harm,
        sources=[Source("civil defence")], evidence=evidence, confidence=0.8)


def build(db_url: str, incidents: bool = False) -> sessionmaker[Session]:
    """Store the sample reports and their records at `db_url`; with `incidents`, a second
    report of the Saraqib strike too, and everything resolved into incidents."""
    from conflictwatch.ingest.readers import make_document

    sessions = open_store(db_url)
    with sessions() as session:
        run_id = repo.start_extraction_run(session)
        for spec in SPECS + ([SECOND_REPORT] if incidents else []):
            doc = make_document(spec.text, f"test:{spec.doc_id}", doc_id=spec.doc_id,
                                published=spec.published, title=spec.doc_id)
            if spec.doc_id == "ariha-ar":
                doc.language = "ar"
            repo.add_document(session, doc)
            repo.replace_events(session, spec.doc_id, [event_of(spec)], run_id)
        session.commit()
        if incidents:
            from conflictwatch.store.incidents import resolve_pending

            resolve_pending(session)
            session.commit()
    return sessions


def machine_killed(sessions: sessionmaker[Session], event_id: str) -> int | None:
    with sessions() as session:
        row = session.get(EventRow, event_id)
        return row.killed if row else None
