"""Login throttling: failed attempts per username and per address, kept in SQLite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from .clock import stamp


@dataclass(frozen=True)
class Limits:
    """How many failures are allowed per window before logins are refused."""

    per_username: int = 5
    per_ip: int = 20
    window_minutes: int = 15


def retry_after(db: Database, username: str, ip: str, now: datetime, limits: Limits) -> int:
    """Seconds until a login may be tried again for this username/address; 0 when allowed."""
    since = stamp(now - timedelta(minutes=limits.window_minutes))
    waits = [
        _wait(db, "username", username, limits.per_username, since, now, limits),
        _wait(db, "ip", ip, limits.per_ip, since, now, limits),
    ]
    return max(waits)


def _wait(
    db: Database, column: str, value: str, allowed: int, since: str, now: datetime, limits: Limits
) -> int:
    # The oldest failure that still counts decides when the window frees a slot.
    rows = db.execute(
        f"SELECT at FROM login_attempts WHERE {column} = ? AND ok = 0 AND at >= ? "
        "ORDER BY at DESC LIMIT ?",
        [value, since, allowed],
    ).fetchall()
    if len(rows) < allowed:
        return 0
    oldest = datetime.strptime(rows[-1][0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=now.tzinfo)
    free_at = oldest + timedelta(minutes=limits.window_minutes)
    return max(1, int((free_at - now).total_seconds()) + 1)


def note_attempt(db: Database, username: str, ip: str, ok: bool, *, at: str) -> None:
    """Store one login attempt; a success clears the username's earlier failures."""
    db.execute(
        "INSERT INTO login_attempts (username, ip, ok, at) VALUES (?, ?, ?, ?)",
        [username[:200], ip[:100], int(ok), at],
    )
    if ok:
        db.execute("DELETE FROM login_attempts WHERE username = ? AND ok = 0", [username])


def forget_before(db: Database, before: str) -> int:
    """Drop attempts older than `before` (they no longer count); return how many."""
    return db.execute("DELETE FROM login_attempts WHERE at < ?", [before]).rowcount
