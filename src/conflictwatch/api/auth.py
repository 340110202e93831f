"""API tokens: created by `conflictwatch token create`, stored as sha256, checked per request.

Write endpoints always need a token. Reads are open unless CONFLICTWATCH_READ_TOKEN_REQUIRED
is set to 1/true/yes. A token is sent as `Authorization: Bearer TOKEN`, as `X-API-Token`, or
(for the dashboard's forms) in the `cw_token` cookie set by /login (SameSite=Strict, HttpOnly).
"""

from __future__ import annotations

import hashlib
import os
import secrets

from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from conflictwatch.store.models import ApiTokenRow
from conflictwatch.store.repo import utcnow

COOKIE = "cw_token"
READ_ENV = "CONFLICTWATCH_READ_TOKEN_REQUIRED"
TRUTHY = {"1", "true", "yes", "on"}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str) -> str:
    """A new random token (returned once, never stored in clear)."""
    token = "cw_" + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(name=name, sha256=hash_token(token), created=utcnow(), revoked=False))
    session.commit()
    return token


def revoke_token(session: Session, name: str) -> int:
    """Revoke every token called `name`; returns how many were revoked."""
    rows = list(session.scalars(select(ApiTokenRow).where(ApiTokenRow.name == name,
                                                           ApiTokenRow.revoked.is_(False))))
    for row in rows:
        row.revoked = True
    session.commit()
    return len(rows)


def token_owner(session: Session, token: str | None) -> str | None:
    """The name of a valid (unrevoked) token, else None."""
    if not token:
        return None
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.sha256 == hash_token(token),
                                                   ApiTokenRow.revoked.is_(False)))
    return row.name if row else None


def request_token(request: Request) -> str | None:
    """The token a request carries, from header, X-API-Token or the dashboard cookie."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-token") or request.cookies.get(COOKIE)


def reads_need_token() -> bool:
    return os.environ.get(READ_ENV, "").strip().lower() in TRUTHY


def require_user(session: Session, request: Request) -> str:
    """The caller's token name, or 401."""
    owner = token_owner(session, request_token(request))
    if owner is None:
        raise HTTPException(401, "a valid API token is required (conflictwatch token create)",
                            headers={"WWW-Authenticate": "Bearer"})
    return owner
