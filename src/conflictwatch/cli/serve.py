"""`conflictwatch serve`: the JSON API and the dashboard on a local port."""

from __future__ import annotations

import os

import typer

from conflictwatch.cli.common import OPTIONS, app, say
from conflictwatch.cli.ingest import sessions_or_exit
from conflictwatch.store.db import DB_ENV


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (local only by default)."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(
        1, min=1, max=64, help="Server processes (one per core serves a team; SQLite and "
        "PostgreSQL both take concurrent readers)."),
) -> None:
    """Serve the API (OpenAPI at /openapi.json, docs at /docs) and the dashboard at /."""
    import uvicorn

    from conflictwatch.api.app import create_app

    sessions_or_exit()  # fail early with exit 3 on a bad database
    say(f"serving on http://{host}:{port}/  with {workers} process(es)  (Ctrl-C to stop)")
    log_level = "warning" if OPTIONS.quiet else "info"
    if workers == 1:
        uvicorn.run(create_app(OPTIONS.db), host=host, port=port, log_level=log_level)
        return
    if OPTIONS.db:  # the worker processes build their app from the environment
        os.environ[DB_ENV] = OPTIONS.db
    uvicorn.run("conflictwatch.api.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level=log_level)
