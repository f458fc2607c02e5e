"""The append-only event log: every change to a call is a row with a rising id."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sqlite_utils import Database


def append_event(
    db: Database,
    call_sid: str,
    kind: str,
    payload: dict[str, Any],
    *,
    at: str,
    dedupe_key: str | None = None,
) -> int | None:
    """Append one event; return its id, or None when `dedupe_key` was already logged."""
    try:
        cursor = db.execute(
            "INSERT INTO events (call_sid, kind, payload, created_at, dedupe_key) "
            "VALUES (?, ?, ?, ?, ?)",
            [call_sid, kind, json.dumps(payload, sort_keys=True), at, dedupe_key],
        )
    except sqlite3.IntegrityError as exc:
        if dedupe_key is not None and "dedupe_key" in str(exc):
            return None
        raise
    return cursor.lastrowid


def events_since(db: Database, call_sid: str, after_id: int = 0, limit: int = 1000) -> list[dict]:
    """The call's events with id > after_id, oldest first, payloads decoded."""
    rows = db.execute(
        "SELECT id, call_sid, kind, payload, created_at FROM events "
        "WHERE call_sid = ? AND id > ? ORDER BY id LIMIT ?",
        [call_sid, after_id, limit],
    ).fetchall()
    return [
        {"id": r[0], "call_sid": r[1], "kind": r[2], "payload": json.loads(r[3]), "at": r[4]}
        for r in rows
    ]
