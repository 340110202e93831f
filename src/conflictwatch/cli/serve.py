"""`conflictwatch serve`: the JSON API and the dashboard on a local port."""

from __future__ import annotations

import typer

from conflictwatch.cli.common import OPTIONS, app, say
from conflictwatch.cli.ingest import sessions_or_exit


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (local only by default)."),
    port: int = typer.Option(8000, help="TCP port."),
) -> None:
    """Serve the API (OpenAPI at /openapi.json, docs at /docs) and the dashboard at /."""
    import uvicorn

    from conflictwatch.api.app import create_app

    sessions_or_exit()  # fail early with exit 3 on a bad database
    say(f"serving on http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(create_app(OPTIONS.db), host=host, port=port,
                log_level="warning" if OPTIONS.quiet else "info")
