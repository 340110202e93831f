"""Record types shared by every pipeline stage.

Stages talk to each other only through these types: ingest makes `Document`s, extract makes
mentions and `Event`s, geo fills `Location`s, store persists them, export/api serialise them.
Every mention carries the character span (`start`, `end`) it came from in `Document.text`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

PIPELINE_VERSION = "0.1.0"

HarmType = Literal["killed", "injured", "displaced", "abducted", "arrested", "missing"]
DatePrecision = Literal["day", "week", "month", "year"]
EventKind = Literal["incident", "cumulative", "context"]


def normalise_text(text: str) -> str:
    """Canonical form used for hashing: NFC, unified newlines, trimmed lines and ends."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def text_sha256(text: str) -> str:
    """Identity of a document's content: same normalised text, same document."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass
class Document:
    """One report as ingested. `text` is the main text every span points into."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    published_inferred: bool = False
    language: str | None = None
    origin: str | None = None  # file path or URL it was read from
    retrieved: datetime | None = None
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = text_sha256(self.text)


@dataclass
class Span:
    """A stretch of a document's text."""

    start: int
    end: int
    text: str


@dataclass
class Quantity(Span):
    """A count in the text: "more than 50" -> min 51, max None; "dozens" -> 24, None."""

    min: int | None = None
    max: int | None = None
    approximate: bool = False
    stated: int | None = None  # the figure as written: "more than 50" -> 50 (what coders record)


@dataclass
class DateMention(Span):
    """A date phrase resolved against the reference date."""

    start_date: date | None = None
    end_date: date | None = None
    precision: DatePrecision = "day"
    kind: Literal["point", "since", "period"] = "point"


@dataclass
class HarmMention(Span):
    """A harm figure: who suffered what, how many, and whether it is new or a running total."""

    type: HarmType = "killed"
    group: str = "people"
    min: int | None = None
    max: int | None = None
    new: bool = True
    negated: bool = False
    period: DateMention | None = None  # for running totals: "since Monday"
    stated: int | None = None  # the figure as written: "more than 50" -> 50 (what coders record)


@dataclass
class TriggerMention(Span):
    """A word or phrase that signals an event of an ACLED type/sub-type."""

    event_type: str = ""
    sub_event_type: str = ""
    weight: float = 1.0


@dataclass
class ActorMention(Span):
    """An actor named in the text, mapped to its ACLED-style name."""

    name: str = ""
    country: str | None = None
    # state, rebel, political_militia, identity_militia, rioters, protesters, civilians, external
    category: str = ""
    role: str | None = None  # actor1 | actor2 | assoc_actor_1 | assoc_actor_2


@dataclass
class SourceMention(Span):
    """An attribution: "the White Helmets reported", "according to the UN"."""

    name: str = ""


@dataclass
class HedgeMention(Span):
    """A warning, claim, denial, habit or legal characterisation: not an event in itself."""

    kind: Literal["warning", "claim", "denial", "habitual", "characterisation"] = "claim"
    source: str | None = None


@dataclass
class Location:
    """Where an event happened; coordinates are None until geo resolves it."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    name: str | None = None
    gazetteer_id: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None
    note: str | None = None  # e.g. "not in gazetteer; coded to admin1"


@dataclass
class PlaceMention(Span):
    """A toponym in the text with its resolved place and the runner-up, as geoparse prints it."""

    location: Location | None = None
    score: float = 0.0
    runner_up: Location | None = None
    runner_up_score: float | None = None
    why: str = ""
    # the first word(s) of a longer name ("Kerman Coal Mine Company"): a weak event place
    in_longer_name: bool = False


@dataclass
class Evidence:
    """Which span of the document a field of a record came from."""

    field: str
    start: int
    end: int


@dataclass
class EventDate:
    start: date | None
    end: date | None
    precision: DatePrecision = "day"
    text: str | None = None


@dataclass
class Harm:
    type: str
    group: str
    min: int | None
    max: int | None
    new: bool = True
    text: str = ""
    stated: int | None = None  # the figure as written ("more than 50" -> 50), ACLED's count


@dataclass
class Actor:
    name: str
    role: str
    text: str = ""


@dataclass
class Source:
    name: str
    text: str = ""


@dataclass
class Event:
    """One record of the design's event model (`kind` incident, cumulative or context)."""

    id: str
    document_id: str
    kind: EventKind = "incident"
    event_type: str | None = None
    sub_event_type: str | None = None
    date: EventDate | None = None
    location: Location | None = None
    actors: list[Actor] = field(default_factory=list)
    harm: list[Harm] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of DESIGN.md (dates as ISO strings)."""
        return _jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Inverse of `to_dict`, for records read back from JSON or the store."""
        d = dict(data)
        if d.get("date"):
            dd = dict(d["date"])
            dd["start"] = date.fromisoformat(dd["start"]) if dd.get("start") else None
            dd["end"] = date.fromisoformat(dd["end"]) if dd.get("end") else None
            d["date"] = EventDate(**dd)
        if d.get("location"):
            d["location"] = Location(**d["location"])
        d["actors"] = [Actor(**a) for a in d.get("actors", [])]
        d["harm"] = [Harm(**h) for h in d.get("harm", [])]
        d["sources"] = [Source(**s) for s in d.get("sources", [])]
        d["evidence"] = [Evidence(**e) for e in d.get("evidence", [])]
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _jsonable(value: Any) -> Any:
    """Records, lists and dicts as fresh JSON-ready data (what `dataclasses.asdict` gives,
    with dates as ISO strings), without asdict's deep copies: a batch writes millions."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _jsonable(getattr(value, name)) for name in _field_names(type(value))}
    return value


def to_jsonable(obj: Any) -> Any:
    """Any record (dataclass) as plain JSON-ready data."""
    return _jsonable(obj)


@dataclass
class IngestProblem:
    """An input that could not be stored (level "error") or was stored with a caveat ("warning")."""

    origin: str
    reason: str
    detail: str = ""
    level: Literal["error", "warning"] = "error"


# --- Incidents across reports (issue 5). Additive. ---

IncidentGrade = Literal["single source", "multiple sources", "contested", "acknowledged"]


@dataclass
class HarmRange:
    """One harm type of an incident, reconciled over its reports.

    `min` is the lowest minimum, `max` the highest stated figure, `best` ACLED's lowest-figure
    rule (what `fatalities` gets for `killed`)."""

    type: str
    min: int | None
    max: int | None
    best: int | None
    unquantified: bool = False  # only "people were killed" with no number anywhere


@dataclass
class IncidentReport:
    """One report (event of one document) inside an incident, with its own figures."""

    event_id: str
    document_id: str
    publisher: str
    source_group: int  # reports with one group number count as one source (same outlet/text)
    title: str | None = None
    url: str | None = None
    published: date | None = None
    harm: list[Harm] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    location: str | None = None
    date: str | None = None
    why: str = ""
    pinned: bool = False  # placed by hand (split/merge); automatic resolution leaves it there


@dataclass
class Incident:
    """Events of several documents that describe one incident, with reconciled figures."""

    id: int
    event_type: str | None
    sub_event_type: str | None
    date: EventDate | None
    location: Location | None
    actors: list[Actor] = field(default_factory=list)
    harm: list[HarmRange] = field(default_factory=list)
    grade: IncidentGrade = "single source"
    grade_reasons: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # distinct publishers
    source_count: int = 1  # independent sources (syndicated copies count once)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    origin: Literal["extracted", "acled"] = "extracted"
    reports: list[IncidentReport] = field(default_factory=list)
    acled: dict[str, str] | None = None  # the imported ACLED row, for import-acled incidents

    def killed(self) -> HarmRange | None:
        return next((h for h in self.harm if h.type == "killed"), None)


@dataclass
class CumulativePoint:
    """One report of a running total ("more than 1,100 civilians killed since late April")."""

    event_id: str
    document_id: str
    as_of: date | None
    min: int | None
    max: int | None
    text: str = ""


@dataclass
class CumulativeSeries:
    """Running totals of one harm type, group and area since one start: never summed."""

    id: int
    label: str
    harm_type: str
    group: str
    area: str
    country: str | None
    admin1: str | None
    since: date | None
    latest: CumulativePoint | None = None
    points: list[CumulativePoint] = field(default_factory=list)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (every stage that compares points uses this one)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))
