"""The audit log: who viewed or changed what, append-only and hash-chained."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlite_utils import Database

from .db import immediate

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str, at: str, actor: str, action: str, call_sid: str | None, detail: str
) -> str:
    """SHA-256 over the previous hash and this entry's fields, canonically encoded."""
    body = json.dumps([prev_hash, at, actor, action, call_sid, detail], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    db: Database, actor: str, action: str, call_sid: str | None, detail: dict[str, Any], *, at: str
) -> int:
    """Append one audit entry chained to the last; return its id."""
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False)
    with immediate(db):
        last = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS
        digest = entry_hash(prev, at, actor, action, call_sid, text)
        cursor = db.execute(
            "INSERT INTO audit (at, actor, action, call_sid, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [at, actor, action, call_sid, text, prev, digest],
        )
    return cursor.lastrowid


def verify(db: Database) -> list[str]:
    """Walk the chain; return a description of every break (empty when intact)."""
    problems, prev, expected_id = [], GENESIS, None
    for row in db.execute(
        "SELECT id, at, actor, action, call_sid, detail, prev_hash, hash FROM audit ORDER BY id"
    ):
        entry_id, at, actor, action, sid, detail, prev_hash, digest = row
        if expected_id is not None and entry_id != expected_id:
            problems.append(f"entries {expected_id}..{entry_id - 1} are missing")
        if prev_hash != prev:
            problems.append(f"entry {entry_id}: does not follow the entry before it")
        if entry_hash(prev_hash, at, actor, action, sid, detail) != digest:
            problems.append(f"entry {entry_id}: its content was changed")
        prev, expected_id = digest, entry_id + 1
    return problems


def entries_for(db: Database, call_sid: str) -> list[dict]:
    """The audit entries about one call, oldest first."""
    rows = db.execute(
        "SELECT id, at, actor, action, detail, hash FROM audit WHERE call_sid = ? ORDER BY id",
        [call_sid],
    ).fetchall()
    return [
        {
            "id": r[0],
            "at": r[1],
            "actor": r[2],
            "action": r[3],
            "detail": json.loads(r[4]),
            "hash": r[5],
        }
        for r in rows
    ]
