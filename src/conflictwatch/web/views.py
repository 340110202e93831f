"""The dashboard: server-rendered Jinja pages; htmx swaps the table, app.js draws the map."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from conflictwatch import __version__
from conflictwatch.api import incidents
from conflictwatch.api.auth import COOKIE, reads_need_token, request_token, token_owner
from conflictwatch.api.deps import get_session, settings
from conflictwatch.api.queries import (
    EventFilter,
    counts_by_area,
    cumulative_series,
    event_filter,
    list_events,
)
from conflictwatch.api.routes import (
    correction_json,
    document_summary,
    event_or_404,
    incident_detail,
    incident_or_404,
)
from conflictwatch.store.incident_models import IncidentRow
from conflictwatch.store.models import DocumentRow, EventRow
from conflictwatch.store.review import Correction, effective, figure, history, record_correction
from conflictwatch.web.highlight import highlight

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
PAGE = 50
HARM_SHOWN = ("killed", "injured")


def viewer(request: Request, session: Session = Depends(get_session)) -> str | None:
    """The signed-in analyst (dashboard cookie), or None; pages need one if reads do."""
    user = token_owner(session, request_token(request))
    if user is None and reads_need_token():
        raise HTTPException(401, "sign in at /login with an API token")
    return user


def filter_query(f: EventFilter, **extra: Any) -> str:
    """The filter as a query string (for links, the map and the timeline requests)."""
    values = {k: v for k, v in f.__dict__.items() if v not in (None, "", "all")}
    if values.get("bbox"):
        values["bbox"] = ",".join(str(x) for x in values["bbox"])
    values.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(values)


def distinct(session: Session, column: Any) -> list[str]:
    return [v for v in session.scalars(select(column).where(column.is_not(None)).distinct()
                                       .order_by(column).limit(300)) if v]


def mode_of(session: Session) -> str:
    """Incidents once the resolve stage has filed any; records (events) before that."""
    return "incidents" if incidents.has_incidents(session) else "events"


def table_rows(items: list[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """Incidents or records as the table's rows (one shape for both)."""
    rows = []
    for item in items:
        loc, dt = item.get("location") or {}, item.get("date") or {}
        killed, injured = figure(item, "killed") or {}, figure(item, "injured") or {}
        best = killed.get("best", killed.get("min"))
        rows.append({
            "id": item["id"], "href": f"/{mode}/{quote(str(item['id']), safe='')}",
            "date": dt.get("start") or "", "type": item.get("event_type") or "",
            "subtype": item.get("sub_event_type") or "",
            "place": loc.get("name") or loc.get("text") or "", "admin1": loc.get("admin1") or "",
            "country": loc.get("country") or "",
            "actors": "; ".join(a.get("name", "") for a in item.get("actors", [])),
            "killed": best, "injured": injured.get("best", injured.get("min")),
            "review": item["review"]["status"], "grade": item.get("grade"),
            "reports": len(item.get("reports", [])) if mode == "incidents" else None})
    return rows


def page_items(session: Session, mode: str, f: EventFilter, offset: int = 0, sort: str = "date",
               desc: bool = True) -> tuple[int, list[dict[str, Any]]]:
    if mode == "incidents":
        return incidents.list_incidents(session, f, limit=PAGE, offset=offset, sort=sort,
                                        desc=desc)
    return list_events(session, f, limit=PAGE, offset=offset, sort=sort, desc=desc)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: Session = Depends(get_session),
              f: EventFilter = Depends(event_filter), user: str | None = Depends(viewer),
              conf: dict[str, Any] = Depends(settings)) -> Any:
    """Map, timeline, table, running totals and area counts for the current filter."""
    mode = mode_of(session)
    total, items = page_items(session, mode, f)
    docs = session.scalars(select(DocumentRow).order_by(DocumentRow.published.desc(),
                                                        DocumentRow.id).limit(20))
    model: Any = IncidentRow if mode == "incidents" else EventRow
    areas = (incidents.counts_by_area(session, f, "admin1") if mode == "incidents"
             else counts_by_area(session, f, "admin1"))
    return TEMPLATES.TemplateResponse(request, "dashboard.html", {
        "f": f, "query": filter_query(f), "total": total, "rows": table_rows(items, mode),
        "offset": 0, "limit": PAGE, "sort": "date", "order": "desc", "user": user,
        "version": __version__, "mode": mode,
        "event_types": distinct(session, model.event_type),
        "countries": distinct(session, model.country),
        "documents": [document_summary(d) for d in docs],
        "document_count": session.scalar(select(func.count(DocumentRow.id))) or 0,
        "areas": areas[:15], "cumulative": running_totals(session, f, mode)[:12],
        "tile_url": conf["tile_url"]})


def running_totals(session: Session, f: EventFilter, mode: str) -> list[dict[str, Any]]:
    """Small-chart series: the resolve stage's series when incidents exist, else records'."""
    if mode != "incidents":
        return cumulative_series(session, f)
    from conflictwatch.store.incidents import get_series, list_series

    out = []
    for series in list_series(session, f.country):
        full = get_series(session, series.id)
        points = sorted({p.as_of.isoformat(): p.min if p.min is not None else p.max
                         for p in (full.points if full else []) if p.as_of}.items())
        points = [(d, v) for d, v in points if v is not None]
        if points:
            out.append({"place": series.label, "type": "", "group": "", "points": points})
    return out


@router.get("/ui/table", response_class=HTMLResponse)
def table(request: Request, session: Session = Depends(get_session),
          f: EventFilter = Depends(event_filter), user: str | None = Depends(viewer),
          offset: int = Query(0, ge=0),
          sort: Literal["date", "killed", "type", "place", "country", "admin1"] = "date",
          order: Literal["asc", "desc"] = "desc") -> Any:
    """The table fragment (htmx swaps it when filters, sorting or the page change)."""
    mode = mode_of(session)
    total, items = page_items(session, mode, f, offset, sort, order == "desc")
    return TEMPLATES.TemplateResponse(request, "_table.html", {
        "f": f, "query": filter_query(f), "total": total, "rows": table_rows(items, mode),
        "offset": offset, "limit": PAGE, "sort": sort, "order": order, "mode": mode})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: str, request: Request, session: Session = Depends(get_session),
               user: str | None = Depends(viewer), error: str | None = None) -> Any:
    """One record: its report with evidence highlighted, figures, review form and history."""
    row = event_or_404(session, event_id)
    corrections = history(session, event_id)
    record = effective(row.data, corrections)
    doc = session.get(DocumentRow, row.document_id)
    reports = []
    if doc is not None:
        reports.append({**document_summary(doc),
                        "html": highlight(doc.text, row.data.get("evidence", []))})
    figures = {t: figure(record, t) for t in HARM_SHOWN}
    return TEMPLATES.TemplateResponse(request, "event.html", {
        "e": record, "machine": row.data, "reports": reports, "figures": figures,
        "history": [correction_json(c) for c in corrections], "user": user, "error": error,
        "version": __version__})


def form_changes(record: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """The review form's fields that differ from the record's current values."""
    changes: dict[str, Any] = {}
    for key in ("event_type", "sub_event_type"):
        if form.get(key, "").strip() and form[key].strip() != (record.get(key) or ""):
            changes[key] = form[key].strip()
    if form.get("date") and form["date"] != (record.get("date") or {}).get("start"):
        changes["date"] = form["date"]
    loc = record.get("location") or {}
    location = {}
    for key in ("name", "country", "admin1", "admin2", "lat", "lon"):
        value = form.get(f"loc_{key}", "").strip()
        if value and value != str(loc.get(key) if loc.get(key) is not None else ""):
            location[key] = float(value) if key in ("lat", "lon") else value
    if location:
        changes["location"] = location
    actors = [{"name": form[f"actor_{r}"].strip(), "role": r}
              for r in ("actor1", "actor2") if form.get(f"actor_{r}", "").strip()]
    current = [{"name": a.get("name"), "role": a.get("role")} for a in record.get("actors", [])
               if a.get("role") in ("actor1", "actor2")]
    if actors and actors != current:
        changes["actors"] = actors
    figures = {}
    for harm_type in HARM_SHOWN:
        value = form.get(harm_type, "").strip()
        old = figure(record, harm_type) or {}
        if value and int(value) != old.get("min"):
            figures[harm_type] = {"min": int(value), "max": int(value)}
    if figures:
        changes["figures"] = figures
    return changes


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(incident_id: int, request: Request, session: Session = Depends(get_session),
                  user: str | None = Depends(viewer), error: str | None = None) -> Any:
    """One incident: reconciled figures and grade, each report with evidence highlighted,
    review, split/merge and history."""
    detail = incident_detail(session, incident_id)
    record = detail["incident"]
    for report in detail["reports"]:
        report["html"] = highlight(report["text"] or "", report["evidence"])
    return TEMPLATES.TemplateResponse(request, "incident.html", {
        "e": record, "reports": detail["reports"], "history": detail["history"],
        "figures": {t: figure(record, t) for t in HARM_SHOWN}, "user": user, "error": error,
        "version": __version__})


@router.post("/events/{event_id}/review")
async def review(event_id: str, request: Request,
                 session: Session = Depends(get_session)) -> RedirectResponse:
    """The record review form: confirm, correct or reject, as the signed-in analyst."""
    row = event_or_404(session, event_id)
    return await apply_form(request, session, row, "event", f"/events/{quote(event_id, safe='')}")


@router.post("/incidents/{incident_id}/review")
async def review_incident(incident_id: int, request: Request,
                          session: Session = Depends(get_session)) -> RedirectResponse:
    """The incident review form; also split (checked reports) and merge (other ids)."""
    row = incident_or_404(session, incident_id)
    here = f"/incidents/{incident_id}"
    form = await request.form()
    action = str(form.get("action", ""))
    if action in ("split", "merge"):
        return hand_edit(session, request, incident_id, action, form, here)
    return await apply_form(request, session, row, "incident", here)


def hand_edit(session: Session, request: Request, incident_id: int, action: str, form: Any,
              here: str) -> RedirectResponse:
    """Split checked reports off, or merge the listed incidents into this one."""
    from conflictwatch.store.incidents import IncidentError, merge_incidents, split_incident

    user = token_owner(session, request_token(request))
    if user is None:
        return RedirectResponse(f"/login?{urlencode({'next': here})}", status_code=303)
    try:
        if action == "split":
            target = split_incident(session, incident_id,
                                    [str(v) for v in form.getlist("event_id")], author=user)
        else:
            others = [int(x) for x in str(form.get("merge_ids", "")).replace(",", " ").split()]
            target = merge_incidents(session, [incident_id, *others], author=user)
    except (IncidentError, ValueError) as exc:
        session.rollback()
        return RedirectResponse(f"{here}?{urlencode({'error': str(exc)})}", 303)
    session.commit()
    return RedirectResponse(f"/incidents/{target}", status_code=303)


async def apply_form(request: Request, session: Session, row: Any, target_type: str,
                     here: str) -> RedirectResponse:
    """Turn the review form into a Correction (only fields that changed) and store it."""
    user = token_owner(session, request_token(request))
    if user is None:
        return RedirectResponse(f"/login?{urlencode({'next': here})}", status_code=303)
    form = {k: str(v) for k, v in (await request.form()).items()}
    record = effective(row.data, history(session, str(row.id), target_type))
    action = form.get("action", "correct")
    try:
        changes = form_changes(record, form) if action == "correct" else {}
        correction = Correction(action=action, note=form.get("note") or None,  # type: ignore
                                **changes)
    except (ValueError, ValidationError) as exc:
        message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        return RedirectResponse(f"{here}?{urlencode({'error': message})}", 303)
    if action == "correct" and not correction.changes():
        return RedirectResponse(f"{here}?error=nothing+changed", 303)
    record_correction(session, row, correction, user, target_type)
    session.commit()
    return RedirectResponse(here, status_code=303)


def local_path(target: str) -> str:
    """`target` if it is a path on this site, else "/" (no open redirect via //host or /\\host)."""
    ok = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target
    return target if ok else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", error: str | None = None) -> Any:
    return TEMPLATES.TemplateResponse(request, "login.html", {
        "next": local_path(next), "error": error, "user": None,
        "version": __version__})


@router.post("/login")
def login(token: str = Form(..., max_length=200), next: str = Form("/"),
          session: Session = Depends(get_session)) -> RedirectResponse:
    """Check the token and keep it in a same-site, HTTP-only cookie for the review forms."""
    target = local_path(next)
    if token_owner(session, token) is None:
        return RedirectResponse(f"/login?{urlencode({'next': target, 'error': 'unknown token'})}",
                                status_code=303)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", max_age=30 * 86400)
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response
