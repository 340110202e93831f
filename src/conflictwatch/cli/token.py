"""`conflictwatch token create|revoke`: API tokens for the write endpoints and the review forms."""

from __future__ import annotations

import typer

from conflictwatch.cli.common import app
from conflictwatch.cli.ingest import sessions_or_exit

token_app = typer.Typer(help="API tokens (stored hashed) for writes and dashboard review.",
                        no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def create(name: str = typer.Option("analyst", help="Whose token: recorded as the author of "
                                    "every correction made with it.")) -> None:
    """Print a new token once; only its sha256 is kept in the database."""
    from conflictwatch.api.auth import create_token

    with sessions_or_exit()() as session:
        typer.echo(create_token(session, name))


@token_app.command("revoke")
def revoke(name: str = typer.Argument(..., help="Name of the tokens to revoke.")) -> None:
    """Revoke every token with this name."""
    from conflictwatch.api.auth import revoke_token

    with sessions_or_exit()() as session:
        count = revoke_token(session, name)
    typer.echo(f"revoked {count} token(s) named {name!r}")
    if not count:
        raise typer.Exit(1)
