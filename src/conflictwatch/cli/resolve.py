"""`conflictwatch resolve|export|import-acled|incident ...`: incidents across reports."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from conflictwatch.cli.common import OPTIONS, app, emit_json, say, warn
from conflictwatch.cli.ingest import EXIT_USAGE, parse_day, sessions_or_exit
from conflictwatch.export.acled import incident_from_acled, read_acled
from conflictwatch.export.incidents import FORMATS, write
from conflictwatch.records import to_jsonable
from conflictwatch.store.incidents import (
    IncidentError,
    IncidentFilter,
    add_imported,
    explain,
    get_incident,
    incident_history,
    iter_incidents,
    list_series,
    merge_incidents,
    reset_automatic,
    resolve_pending,
    split_incident,
)

incident_app = typer.Typer(help="Show, split and merge incidents; list running-total series.",
                           no_args_is_help=True)
app.add_typer(incident_app, name="incident")


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """WEST,SOUTH,EAST,NORTH in degrees."""
    if value is None:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not WEST,SOUTH,EAST,NORTH") from None
    return west, south, east, north


@app.command("resolve")
def resolve_command(
    rebuild: bool = typer.Option(False, help="Redo every automatic placement (reports placed "
                                 "by hand stay where they are)."),
) -> None:
    """File stored records not yet in an incident or series (incremental, deterministic)."""
    sessions = sessions_or_exit()
    with sessions() as session:
        if rebuild:
            reset_automatic(session)
        report = resolve_pending(session)
        session.commit()
    if OPTIONS.json:
        emit_json({k: v for k, v in to_jsonable(report).items() if k != "incident_ids"})
        return
    say(f"{report.events} records: {report.created} new incidents, {report.joined} joined an "
        f"incident, {report.totals} running totals, {report.skipped} not incidents")


@app.command("export")
def export_command(
    fmt: str = typer.Option("acled", "--format", help="acled | geojson | hxl | jsonl"),
    since: str | None = typer.Option(None, help="First day YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Last day YYYY-MM-DD."),
    bbox: str | None = typer.Option(None, help="WEST,SOUTH,EAST,NORTH (degrees)."),
    country: str | None = typer.Option(None, help="ISO 3166 alpha-2 code, e.g. SY."),
    admin1: str | None = typer.Option(None, help="First-level admin area name."),
    event_type: str | None = typer.Option(None, help="ACLED event type."),
    actor: str | None = typer.Option(None, help="Part of an actor's name."),
    grade: str | None = typer.Option(None, help="single source | multiple sources | "
                                     "contested | acknowledged"),
    origin: str | None = typer.Option(None, help="extracted | acled"),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default stdout)."),
) -> None:
    """Print incidents in an analyst's format, streaming (bounded memory).

    Analysts' corrections are applied and rejected incidents left out, as in the API.
    """
    from conflictwatch.store.review import reviewed_incidents

    if fmt not in FORMATS:
        warn(f"error: --format must be one of {', '.join(FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    filters = IncidentFilter(parse_day(since), parse_day(until), parse_bbox(bbox), country,
                             admin1, event_type, actor, grade, origin)
    sessions = sessions_or_exit()
    with sessions() as session:
        if output is None:
            n = write(fmt, reviewed_incidents(session, iter_incidents(session, filters)),
                      sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = write(fmt, reviewed_incidents(session, iter_incidents(session, filters)),
                          fh)
    say(f"exported {n} incidents")


@app.command("import-acled")
def import_acled_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="ACLED CSV export."),
) -> None:
    """Load ACLED rows as incidents of origin `acled`, beside the extracted ones."""
    sessions = sessions_or_exit()
    with sessions() as session:
        n = add_imported(session, read_acled(file), incident_from_acled)
        session.commit()
    if OPTIONS.json:
        emit_json({"imported": n})
    else:
        say(f"imported {n} ACLED rows")


def _fail(message: str) -> None:
    warn(f"error: {message}")
    raise typer.Exit(EXIT_USAGE)


@incident_app.command("show")
def show_command(incident_id: int = typer.Argument(..., help="Incident id.")) -> None:
    """An incident's reports, each with why it was merged, and its grade's reasons."""
    sessions = sessions_or_exit()
    with sessions() as session:
        incident = get_incident(session, incident_id)
        if incident is None:
            _fail(f"no incident {incident_id}")
            return
        history = incident_history(session, incident_id)
    if OPTIONS.json:
        emit_json({**to_jsonable(incident), "history": history})
        return
    lines = explain(incident)
    lines.insert(1, f"  {incident.notes}")
    lines += [f"  history: {h['created']} {h['action']} {h['detail']}" for h in history]
    typer.echo("\n".join(lines))


@incident_app.command("split")
def split_command(
    incident_id: int = typer.Argument(..., help="Incident to split."),
    event_ids: list[str] = typer.Argument(..., help="Report (event) ids to move out."),
    author: str = typer.Option("", help="Who made the correction."),
) -> None:
    """Move reports into a new incident (kept apart on re-extraction)."""
    sessions = sessions_or_exit()
    with sessions() as session:
        try:
            new_id = split_incident(session, incident_id, event_ids, author)
        except IncidentError as exc:
            _fail(str(exc))
            return
        session.commit()
    if OPTIONS.json:
        emit_json({"incident": incident_id, "new": new_id})
    else:
        typer.echo(f"split {len(event_ids)} report(s) into incident {new_id}")


@incident_app.command("merge")
def merge_command(
    incident_ids: list[int] = typer.Argument(..., help="Two or more incident ids."),
    author: str = typer.Option("", help="Who made the correction."),
) -> None:
    """Merge incidents into the lowest id (kept together on re-extraction)."""
    sessions = sessions_or_exit()
    with sessions() as session:
        try:
            target = merge_incidents(session, incident_ids, author)
        except IncidentError as exc:
            _fail(str(exc))
            return
        session.commit()
    if OPTIONS.json:
        emit_json({"incident": target})
    else:
        typer.echo(f"merged into incident {target}")


@incident_app.command("series")
def series_command(country: str | None = typer.Option(None, help="ISO alpha-2 code.")) -> None:
    """Running totals: one line per series with its latest value."""
    sessions = sessions_or_exit()
    with sessions() as session:
        series = list_series(session, country=country)
    if OPTIONS.json:
        emit_json([to_jsonable(s) for s in series])
        return
    for s in series:
        latest = s.latest
        value = "?" if latest is None else f"{latest.min}" + (
            f"-{latest.max}" if latest.max not in (None, latest.min) else
            ("+" if latest.max is None else ""))
        typer.echo(f"{s.id}\t{s.label}\t{value}\tas of {latest.as_of if latest else '?'}")


@app.command("compare-acled")
def compare_command(
    by: str = typer.Option("day", help="day (per day and admin1) | incident (per ACLED row)"),
    since: str | None = typer.Option(None, help="First day YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Last day YYYY-MM-DD."),
    country: str | None = typer.Option(None, help="ISO 3166 alpha-2 code."),
    admin1: str | None = typer.Option(None, help="First-level admin area name."),
) -> None:
    """Compare imported ACLED rows with extracted incidents, as CSV on stdout."""
    import csv
    import dataclasses

    from conflictwatch.store.incidents import compare_by_day, compare_incidents

    if by not in ("day", "incident"):
        _fail("--by must be day or incident")
    filters = IncidentFilter(parse_day(since), parse_day(until), None, country, admin1)
    sessions = sessions_or_exit()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    with sessions() as session:
        rows = compare_by_day(session, filters) if by == "day" else \
            compare_incidents(session, filters)
        header = False
        for item in rows:
            data = dataclasses.asdict(item)
            if not header:
                writer.writerow(list(data))
                header = True
            writer.writerow(["" if v is None else v for v in data.values()])
