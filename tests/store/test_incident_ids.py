"""Incident ids are never reused: corrections and history are keyed by them."""

from __future__ import annotations

from datetime import datetime

from conflictwatch.store.db import open_store
from conflictwatch.store.incident_models import IncidentHistoryRow, IncidentRow
from conflictwatch.store.incidents import next_incident_id
from conflictwatch.store.models import CorrectionRow


def _incident(i: int) -> IncidentRow:
    return IncidentRow(id=i, origin="extracted", family="attack", actors="",
                       grade="single source", source_count=1, report_count=0,
                       updated=datetime(2026, 1, 1), data={"id": i})


def test_ids_of_deleted_incidents_with_corrections_or_history_are_not_reused(
        db_url: str) -> None:
    with open_store(db_url)() as session:
        assert next_incident_id(session) == 1
        session.add_all([_incident(1), _incident(2)])
        session.flush()
        assert next_incident_id(session) == 3
        # incident 3 was corrected by an analyst, then emptied by re-resolution and deleted
        session.add(CorrectionRow(target_type="incident", target_id="3", action="reject",
                                  author="amal", created=datetime(2026, 1, 1)))
        session.add(CorrectionRow(target_type="event", target_id="doc#e9", action="reject",
                                  author="amal", created=datetime(2026, 1, 1)))
        session.flush()
        assert next_incident_id(session) == 4
        # incident 7 was split off by hand once (history), then deleted
        session.add(IncidentHistoryRow(incident_id=7, action="split", detail={}, author="amal",
                                       created=datetime(2026, 1, 1)))
        session.flush()
        assert next_incident_id(session) == 8
        session.rollback()
