"""Retention: purge calls past the district's retention period, except those on legal hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import audit
from .clock import stamp
from .db import immediate
from .errors import NotFound

CHUNK = 500  # stays far below SQLite's bound-parameter limit


class RetentionError(Exception):
    """A purge or legal hold cannot be carried out."""


class NoSuchCall(RetentionError, NotFound):
    """No call with this SID in the call log."""


@dataclass
class PurgeResult:
    """What a purge removed, what it kept because of legal holds, and files it could not remove."""

    cutoff: str
    purged: list[dict[str, Any]] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)


def hold_of(db: Database, call_sid: str) -> dict[str, Any] | None:
    """The call's legal hold (placed_at, placed_by, reason), or None."""
    rows = list(db["legal_holds"].rows_where("call_sid = ?", [call_sid]))
    return rows[0] if rows else None


def place_hold(db: Database, call_sid: str, *, actor: str, reason: str, at: str) -> bool:
    """Put a call on legal hold (audited); False if it already was."""
    with immediate(db):
        if db.execute("SELECT 1 FROM calls WHERE sid = ?", [call_sid]).fetchone() is None:
            raise NoSuchCall(f"no call {call_sid!r} in the call log")
        if hold_of(db, call_sid):
            return False
        db["legal_holds"].insert(
            {"call_sid": call_sid, "placed_at": at, "placed_by": actor, "reason": reason}
        )
    audit.record(db, actor, "legal_hold.placed", call_sid, {"reason": reason}, at=at)
    return True


def release_hold(db: Database, call_sid: str, *, actor: str, at: str) -> bool:
    """Release a call's legal hold (audited); False if it had none."""
    with immediate(db):
        held = hold_of(db, call_sid)
        if held is None:
            if db.execute("SELECT 1 FROM calls WHERE sid = ?", [call_sid]).fetchone() is None:
                raise NoSuchCall(f"no call {call_sid!r} in the call log")
            return False
        db.execute("DELETE FROM legal_holds WHERE call_sid = ?", [call_sid])
    audit.record(
        db,
        actor,
        "legal_hold.released",
        call_sid,
        {"held_since": held["placed_at"], "placed_by": held["placed_by"], "reason": held["reason"]},
        at=at,
    )
    return True


def due(db: Database, cutoff: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Calls logged before `cutoff`: those to purge, and the SIDs kept by a legal hold."""
    rows = db.execute(
        "SELECT c.sid, c.created_at, h.call_sid IS NOT NULL FROM calls c "
        "LEFT JOIN legal_holds h ON h.call_sid = c.sid WHERE c.created_at < ? "
        "ORDER BY c.created_at",
        [cutoff],
    ).fetchall()
    purge = [{"sid": sid, "created_at": created} for sid, created, held in rows if not held]
    return purge, [sid for sid, _, held in rows if held]


def purge(
    db: Database,
    data_dir: Path,
    *,
    older_than_days: int,
    now: datetime,
    actor: str,
    dry_run: bool = False,
) -> PurgeResult:
    """Delete calls older than the period with all their rows and files; audit each one."""
    if older_than_days < 1:
        raise RetentionError("the retention period must be at least 1 day")
    result = PurgeResult(cutoff=stamp(now - timedelta(days=older_than_days)))
    calls, result.held = due(db, result.cutoff)
    if dry_run or not calls:
        result.purged = calls
        return result
    result.purged = _delete(db, calls)
    at = stamp(now)
    for call in result.purged:
        for rec in call["recordings"]:
            rec["file_removed"] = _remove_file(rec.pop("path"), data_dir, result.file_problems)
        audit.record(
            db,
            actor,
            "retention.purged",
            call["sid"],
            {k: v for k, v in call.items() if k != "sid"} | {"cutoff": result.cutoff},
            at=at,
        )
    audit.record(
        db,
        actor,
        "retention.purge",
        None,
        {
            "older_than_days": older_than_days,
            "cutoff": result.cutoff,
            "purged": len(result.purged),
            "kept_on_hold": result.held,
        },
        at=at,
    )
    return result


def _delete(db: Database, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One transaction: every row that refers to these calls, then the calls."""
    children = child_tables(db)
    previous = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")  # overwrite purged content instead of freeing it
    try:
        with immediate(db):
            # Child tables may refer to each other; check foreign keys at commit, not per row.
            db.execute("PRAGMA defer_foreign_keys = ON")
            described = [_describe(db, call, children) for call in calls]
            sids = [c["sid"] for c in calls]
            for table, column in [*children, ("calls", "sid")]:
                _delete_where_in(db, table, column, sids)
    finally:
        db.execute(f"PRAGMA secure_delete = {int(previous)}")
    return described


def child_tables(db: Database) -> list[tuple[str, str]]:
    """(table, column) of every table with a foreign key to calls(sid), this area's or not."""
    found = []
    for table in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            if fk[2] == "calls":
                found.append((table, fk[3]))
    return found


def _describe(db: Database, call: dict, children: list[tuple[str, str]]) -> dict[str, Any]:
    counts = {
        table: db.execute(
            f"SELECT count(*) FROM [{table}] WHERE [{column}] = ?", [call["sid"]]
        ).fetchone()[0]
        for table, column in children
    }
    recordings = db.execute(
        "SELECT sid, path, sha256, bytes FROM recordings WHERE call_sid = ? ORDER BY sid",
        [call["sid"]],
    ).fetchall()
    return {
        **call,
        "rows": counts,
        "recordings": [{"sid": s, "path": p, "sha256": h, "bytes": b} for s, p, h, b in recordings],
    }


def _delete_where_in(db: Database, table: str, column: str, values: list[str]) -> None:
    for start in range(0, len(values), CHUNK):
        part = values[start : start + CHUNK]
        marks = ", ".join("?" * len(part))
        db.execute(f"DELETE FROM [{table}] WHERE [{column}] IN ({marks})", part)


def _remove_file(stored: str | None, data_dir: Path, problems: list[str]) -> bool:
    """Remove a purged recording's file; only inside the data folder (paths are relative)."""
    if not stored:
        return False
    root = data_dir.resolve()
    path = (data_dir / stored).resolve()
    if not path.is_relative_to(root):
        problems.append(f"{stored}: outside the data folder, left in place")
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        problems.append(f"{stored}: cannot remove: {exc}")
        return False
    return True
