"""ACLED rows: an incident as ACLED's classic CSV row, and an ACLED row as an incident.

`fatalities` follows ACLED's rule (the lowest reported figure; a death toll with no number is
10). Rows read by `import-acled` keep their original text: on export, a column whose value the
incident still has is written exactly as it was read (so "9-May-20" stays "9-May-20"), and
columns conflictwatch does not model (data_id, inter codes, timestamp...) are passed through.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

from conflictwatch.records import (
    Actor,
    EventDate,
    HarmRange,
    Incident,
    IncidentGrade,
    Location,
)

DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d %b %Y")
PRECISION_OF_CODE = {"1": "day", "2": "week", "3": "month"}


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    text = resources.files("conflictwatch.export").joinpath("acled.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def columns() -> list[str]:
    return list(vocab()["columns"])


@lru_cache(maxsize=1)
def _region_of() -> dict[str, str]:
    return {iso: region for region, isos in vocab()["regions"].items() for iso in isos}


@lru_cache(maxsize=1)
def _inter_rules() -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(r["re"]), int(r["code"])) for r in vocab()["inter_codes"]]


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO2 -> country name as the gazetteer spells it ("Syria", not "Syrian Arab Republic")."""
    try:
        text = resources.files("conflictwatch.geo").joinpath("data", "countries.csv") \
            .read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return {r["iso2"]: r["name"] for r in csv.DictReader(io.StringIO(text))}


def country_name(iso2: str | None) -> str:
    if not iso2:
        return ""
    if iso2 in _country_names():
        return _country_names()[iso2]
    c = pycountry.countries.get(alpha_2=iso2)
    return (getattr(c, "common_name", None) or c.name) if c else iso2


def country_codes(iso2: str | None) -> tuple[str, str]:
    """ACLED's numeric `iso` (no leading zeros) and `iso3`."""
    c = pycountry.countries.get(alpha_2=iso2) if iso2 else None
    return (str(int(c.numeric)), c.alpha_3) if c else ("", "")


def iso2_of(row: dict[str, str]) -> str | None:
    """The ISO2 code of an ACLED row, from iso3, numeric iso or the country name."""
    for key, field in (("alpha_3", "iso3"), ("numeric", "iso")):
        value = (row.get(field) or "").strip()
        if value:
            c = pycountry.countries.get(**{key: value.zfill(3) if key == "numeric" else value})
            if c:
                return str(c.alpha_2)
    name = (row.get("country") or "").strip()
    by_name = {v.lower(): k for k, v in _country_names().items()}
    if name.lower() in by_name:
        return by_name[name.lower()]
    try:
        return str(pycountry.countries.lookup(name).alpha_2) if name else None
    except LookupError:
        return None


def inter_code(actor: str, country: str | None) -> str:
    """ACLED actor type code of an actor name; "" when the name says nothing."""
    if not actor:
        return ""
    m = re.match(r"^(?:Military|Police) Forces of ([^(]+)", actor)
    if m and country and m.group(1).strip() != country_name(country):
        return str(vocab()["external_code"])
    for pattern, code in _inter_rules():
        if pattern.search(actor):
            return str(code)
    return ""


def interaction(inter1: str, inter2: str) -> str:
    """Two-digit interaction code: lower code first; a sole actor is X0."""
    if not inter1:
        return ""
    if not inter2:
        return f"{inter1}0"
    a, b = sorted((int(inter1), int(inter2)))
    return f"{a}{b}"


def fatalities(incident: Incident) -> str:
    killed = incident.killed()
    if killed is None:
        return "0"
    if killed.unquantified:
        return str(vocab()["unquantified_fatalities"])
    return str(killed.best if killed.best is not None else 0)


def _names(incident: Incident, role: str) -> list[str]:
    return [a.name for a in incident.actors if a.role == role]


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def computed_row(incident: Incident) -> dict[str, str]:
    """The ACLED columns conflictwatch can fill from an incident."""
    loc = incident.location or Location()
    dt = incident.date
    iso, iso3 = country_codes(loc.country)
    actor1 = (_names(incident, "actor1") or [""])[0]
    actor2 = (_names(incident, "actor2") or [""])[0]
    inter1, inter2 = inter_code(actor1, loc.country), inter_code(actor2, loc.country)
    return {
        "data_id": str(incident.id), "iso": iso,
        "event_id_cnty": f"{iso3 or 'XXX'}CW{incident.id}", "event_id_no_cnty": str(incident.id),
        "event_date": dt.start.isoformat() if dt and dt.start else "",
        "year": str(dt.start.year) if dt and dt.start else "",
        "time_precision": str(vocab()["time_precision"].get(dt.precision, 1)) if dt else "",
        "event_type": incident.event_type or "", "sub_event_type": incident.sub_event_type or "",
        "actor1": actor1, "assoc_actor_1": "; ".join(_names(incident, "assoc_actor_1")),
        "inter1": inter1, "actor2": actor2,
        "assoc_actor_2": "; ".join(_names(incident, "assoc_actor_2")), "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "region": _region_of().get(loc.country or "", ""), "country": country_name(loc.country),
        "admin1": loc.admin1 or "", "admin2": loc.admin2 or "", "admin3": "",
        "location": loc.name or loc.text or "", "latitude": _coord(loc.lat),
        "longitude": _coord(loc.lon), "geo_precision": str(loc.precision or ""),
        "source": "; ".join(incident.sources), "source_scale": "", "notes": incident.notes,
        "fatalities": fatalities(incident), "timestamp": "", "iso3": iso3,
    }


def _parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _same(column: str, mine: str, theirs: str) -> bool:
    """Whether an exported value equals the imported text (numbers and dates by value)."""
    if mine == theirs.strip():
        return True
    if column == "event_date":
        return _parse_date(mine) is not None and _parse_date(mine) == _parse_date(theirs)
    try:
        return float(mine) == float(theirs)
    except ValueError:
        return False


def acled_row(incident: Incident) -> dict[str, str]:
    """The incident as an ACLED CSV row (imported rows keep their original text)."""
    row = computed_row(incident)
    raw = incident.acled
    if not raw:
        return row
    out = dict(raw)
    modelled = {"event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
                "country", "admin1", "admin2", "location", "latitude", "longitude",
                "geo_precision", "fatalities", "notes", "source"}
    for col in modelled:
        if col in row and not _same(col, row[col], raw.get(col, "")):
            out[col] = row[col]
    return out


# ---------------------------------------------------------------- import


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    f = _float(value)
    return int(f) if f is not None else None


def incident_from_acled(row: dict[str, str], incident_id: int) -> Incident:
    """An ACLED row as an incident of origin `acled` (the row itself kept in `acled`)."""
    day = _parse_date(row.get("event_date", ""))
    precision = PRECISION_OF_CODE.get((row.get("time_precision") or "1").strip(), "day")
    loc = Location(text=row.get("location") or None, name=row.get("location") or None,
                   country=iso2_of(row), admin1=row.get("admin1") or None,
                   admin2=row.get("admin2") or None, lat=_float(row.get("latitude")),
                   lon=_float(row.get("longitude")), precision=_int(row.get("geo_precision")))
    actors = [Actor(n, role) for role, col in (("actor1", "actor1"), ("actor2", "actor2"))
              for n in [row.get(col, "").strip()] if n]
    actors += [Actor(n, role) for role in ("assoc_actor_1", "assoc_actor_2")
               for n in _split(row.get(role))]
    dead = _int(row.get("fatalities"))
    sources = _split(row.get("source"))
    grade: IncidentGrade = "multiple sources" if len(sources) > 1 else "single source"
    return Incident(
        id=incident_id, event_type=row.get("event_type") or None,
        sub_event_type=row.get("sub_event_type") or None,
        date=EventDate(day, day, precision) if day else None,  # type: ignore[arg-type]
        location=loc, actors=actors,
        harm=[HarmRange("killed", dead, dead, dead)] if dead is not None else [],
        grade=grade, grade_reasons=["imported from ACLED"], sources=sources,
        source_count=max(1, len(sources)), tags=_split(row.get("tags")),
        notes=row.get("notes", ""), origin="acled", acled=dict(row))


def read_acled(path: Path) -> Iterator[dict[str, str]]:
    """Rows of an ACLED CSV file (UTF-8, with or without a byte-order mark)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {k: (v if v is not None else "") for k, v in row.items() if k is not None}
