"""Server-side records of sign-ins, so signing out ends a session even if its cookie is kept.

The cookie carries a random token; only its SHA-256 is stored, so the table cannot be used to
forge a session. A session is open until it is ended (sign-out) or older than its lifetime.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlite_utils import Database

from .db import immediate


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Database, user_id: int, at: str, expired_before: str) -> str:
    """Record a new session for `user_id` and return its token; forget long-expired ones."""
    token = secrets.token_urlsafe(32)
    with immediate(db):
        db.execute("DELETE FROM sessions WHERE created_at < ?", [expired_before])
        db.execute(
            "INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)",
            [_digest(token), user_id, at],
        )
    return token


def is_open(db: Database, token: object, user_id: int, started_after: str) -> bool:
    """Whether `token` is a session of `user_id` that was not ended and has not expired."""
    if not isinstance(token, str) or not token:
        return False
    row = db.execute(
        "SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND ended_at IS NULL "
        "AND created_at >= ?",
        [_digest(token), user_id, started_after],
    ).fetchone()
    return row is not None


def end(db: Database, token: object, at: str) -> None:
    """End the session with `token` (nothing happens for an unknown one)."""
    if isinstance(token, str) and token:
        with immediate(db):
            db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                [at, _digest(token)],
            )
