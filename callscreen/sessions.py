"""Server-side records of sign-ins, so signing out ends a session even if its cookie is kept.

The cookie carries a random token; only its SHA-256 is stored, so the table cannot be used to
forge a session. A session is open until it is ended (sign-out, or a new sign-in in the same
browser) or has gone unused for its lifetime; using it extends it, like the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlite_utils import Database

from .clock import stamp
from .db import immediate

TOUCH_EVERY = timedelta(minutes=5)  # how often use is written down (a write per page is waste)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Database, user_id: int, now: datetime, lifetime: timedelta) -> str:
    """Record a new session for `user_id` and return its token; forget expired ones."""
    token = secrets.token_urlsafe(32)
    with immediate(db):
        db.execute("DELETE FROM sessions WHERE last_seen_at < ?", [stamp(now - lifetime)])
        db.execute(
            "INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            [_digest(token), user_id, stamp(now), stamp(now)],
        )
    return token


def is_open(db: Database, token: object, user_id: int, now: datetime, lifetime: timedelta) -> bool:
    """Whether `token` is an open session of `user_id`; if so, note that it was used."""
    if not isinstance(token, str) or not token:
        return False
    key = _digest(token)
    row = db.execute(
        "SELECT last_seen_at FROM sessions WHERE id = ? AND user_id = ? AND ended_at IS NULL "
        "AND last_seen_at >= ?",
        [key, user_id, stamp(now - lifetime)],
    ).fetchone()
    if row is None:
        return False
    if row[0] < stamp(now - TOUCH_EVERY):
        with immediate(db):
            db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [stamp(now), key])
    return True


def end(db: Database, token: object, now: datetime) -> None:
    """End the session with `token` (nothing happens for an unknown one)."""
    if isinstance(token, str) and token:
        with immediate(db):
            db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                [stamp(now), _digest(token)],
            )
