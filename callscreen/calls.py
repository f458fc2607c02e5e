"""The call log: all SQL about calls, their status, indicator results and recordings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from .clock import local_midnight, stamp
from .db import immediate
from .events import append_event
from .indicators.finding import Finding
from .telephony.callerid import CallerAnalysis, CallerHistory

TERMINAL = ("completed", "busy", "failed", "no-answer", "canceled")
STATUS_RANK = {
    "queued": 0,
    "initiated": 1,
    "ringing": 2,
    "in-progress": 3,
    **{status: 4 for status in TERMINAL},
}


@dataclass(frozen=True)
class NewCall:
    """A call as the incoming-call webhook describes it."""

    sid: str
    account_sid: str
    from_raw: str
    to_number: str
    status: str
    direction: str = "inbound"
    caller_city: str = ""
    caller_state: str = ""
    caller_zip: str = ""
    caller_country: str = ""
    stir_verstat: str = ""
    forwarded_from: str = ""
    caller_name: str = ""


def start_call(
    db: Database, call: NewCall, analysis: CallerAnalysis, school: str | None, params: dict, at: str
) -> bool:
    """Log a new call with its caller analysis; False (and no change) if already logged."""
    row = {
        **call.__dict__,
        "caller_e164": analysis.e164,
        "caller_withheld": int(analysis.withheld),
        "school": school,
        "status_rank": rank(call.status),
        "started_at": at,
        "created_at": at,
        "updated_at": at,
        "params": json.dumps(params, sort_keys=True),
    }
    with immediate(db):
        if not _insert_new(db, "calls", row):
            return False
        append_event(
            db,
            call.sid,
            "call.started",
            {
                "to": call.to_number,
                "school": school,
                "caller": analysis.to_dict(),
                "status": call.status,
            },
            at=at,
            dedupe_key=f"voice:{call.sid}",
        )
        store_findings(db, call.sid, analysis.findings, at)
    return True


def _insert_new(db: Database, table: str, row: dict) -> bool:
    """INSERT OR IGNORE one row (keys are trusted column names); False if it already existed."""
    columns = ", ".join(row)
    marks = ", ".join(f":{key}" for key in row)
    cursor = db.execute(f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", row)
    return cursor.rowcount == 1


def ensure_call(db: Database, sid: str, params: dict, at: str) -> None:
    """Create a bare call row for a callback about a call the log has not seen."""
    db.execute(
        "INSERT OR IGNORE INTO calls (sid, account_sid, from_raw, to_number, status, "
        "status_rank, created_at, updated_at, params) VALUES (?, ?, ?, ?, 'unknown', -1, ?, ?, ?)",
        [
            sid,
            params.get("AccountSid", ""),
            params.get("From", ""),
            params.get("To", ""),
            at,
            at,
            json.dumps(params, sort_keys=True),
        ],
    )


def rank(status: str) -> int:
    """Order of call statuses; an unknown status ranks lowest."""
    return STATUS_RANK.get(status, -1)


def advance_status(
    db: Database, sid: str, status: str, at: str, duration: int | None = None
) -> bool:
    """Move the call forward to `status`; never backwards, and a finished call stays finished."""
    cursor = db.execute(
        "UPDATE calls SET status = ?, status_rank = ?, updated_at = ?, "
        "answered_at = CASE WHEN ? = 'in-progress' THEN coalesce(answered_at, ?) "
        "ELSE answered_at END, "
        "ended_at = CASE WHEN ? = 4 THEN coalesce(ended_at, ?) ELSE ended_at END, "
        "duration_seconds = coalesce(?, duration_seconds) "
        "WHERE sid = ? AND status_rank < ?",
        [status, rank(status), at, status, at, rank(status), at, duration, sid, rank(status)],
    )
    return cursor.rowcount == 1


def store_findings(db: Database, sid: str, findings: Iterable[Finding], at: str) -> list[int]:
    """Upsert indicator results; log an event for each one that changed. Returns event ids."""
    findings = list(findings)
    current = {
        row[0]: tuple(row[1:])
        for row in db.execute(
            "SELECT indicator, present, summary, evidence, rule_version FROM indicators "
            "WHERE call_sid = ?",
            [sid],
        )
    }
    rows = [
        (
            sid,
            f.indicator,
            int(f.present),
            f.summary,
            json.dumps(f.evidence, sort_keys=True),
            f.rule_version,
            at,
        )
        for f in findings
    ]
    changed = [
        (row, f)
        for row, f in zip(rows, findings, strict=True)
        if current.get(f.indicator) != row[2:6]
    ]
    db.conn.executemany(
        "INSERT INTO indicators (call_sid, indicator, present, summary, evidence, "
        "rule_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (call_sid, indicator) DO UPDATE SET present = excluded.present, "
        "summary = excluded.summary, evidence = excluded.evidence, "
        "rule_version = excluded.rule_version, updated_at = excluded.updated_at",
        [row for row, _ in changed],
    )
    return [append_event(db, sid, "indicator", f.to_dict(), at=at) for _, f in changed]


def upsert_recording(db: Database, rec: dict, at: str) -> None:
    """Store what Twilio reports about a recording; a later status replaces an earlier one."""
    db.execute(
        "INSERT INTO recordings (sid, call_sid, url, status, duration_seconds, channels, source, "
        "start_time, updated_at) VALUES (:sid, :call_sid, :url, :status, :duration_seconds, "
        ":channels, :source, :start_time, :at) ON CONFLICT (sid) DO UPDATE SET "
        "status = CASE WHEN recordings.status = 'completed' THEN recordings.status "
        "ELSE excluded.status END, url = excluded.url, "
        "duration_seconds = coalesce(excluded.duration_seconds, recordings.duration_seconds), "
        "channels = coalesce(excluded.channels, recordings.channels), "
        "updated_at = excluded.updated_at",
        {**rec, "at": at},
    )


def get_call(db: Database, sid: str) -> dict | None:
    """One call with its indicator results and recordings, or None."""
    row = db.execute("SELECT * FROM calls WHERE sid = ?", [sid]).fetchone()
    if row is None:
        return None
    call = dict(
        zip([c[0] for c in db.execute("SELECT * FROM calls LIMIT 0").description], row, strict=True)
    )
    call["params"] = json.loads(call["params"] or "{}")
    call["indicators"] = indicators_for(db, sid)
    call["recordings"] = list(db["recordings"].rows_where("call_sid = ?", [sid], order_by="sid"))
    return call


def indicators_for(db: Database, sid: str) -> list[dict]:
    """The call's current indicator results."""
    rows = db["indicators"].rows_where("call_sid = ?", [sid], order_by="id")
    return [
        {**r, "present": bool(r["present"]), "evidence": json.loads(r["evidence"])} for r in rows
    ]


def list_calls(
    db: Database, limit: int = 50, since: str | None = None, school: str | None = None
) -> list[dict]:
    """Recent calls, newest first, with the indicators present on each."""
    where, args = ["1 = 1"], []
    if since:
        where.append("created_at >= ?")
        args.append(since)
    if school:
        where.append("(school = ? OR to_number = ?)")
        args += [school, school]
    rows = db.execute(
        "SELECT sid, created_at, status, from_raw, caller_e164, caller_withheld, to_number, "
        "school, duration_seconds, (SELECT group_concat(indicator, ' ') FROM indicators i "
        "WHERE i.call_sid = calls.sid AND i.present = 1) FROM calls WHERE "
        + " AND ".join(where)
        + " ORDER BY created_at DESC, sid LIMIT ?",
        [*args, limit],
    ).fetchall()
    keys = (
        "sid",
        "created_at",
        "status",
        "from_raw",
        "caller_e164",
        "caller_withheld",
        "to_number",
        "school",
        "duration_seconds",
    )
    return [
        {
            **dict(zip(keys, r[:9], strict=True)),
            "caller_withheld": bool(r[5]),
            "indicators": (r[9] or "").split(),
        }
        for r in rows
    ]


def caller_history(
    db: Database,
    e164: str | None,
    sid: str,
    school: str | None,
    now: datetime,
    timezone: str,
    window_minutes: int,
) -> CallerHistory:
    """Earlier calls from this number: today (district time), ever, and other schools within
    the window."""
    if not e164:
        return CallerHistory(window_minutes=window_minutes)
    # Both queries are answered from the covering index of migration m006.
    args = {"e164": e164, "sid": sid}
    base = "FROM calls WHERE caller_e164 = :e164 AND sid != :sid"
    ever, today = db.execute(
        f"SELECT count(*), count(CASE WHEN created_at >= :midnight THEN 1 END) {base}",
        {**args, "midnight": stamp(local_midnight(now, timezone))},
    ).fetchone()
    schools = db.execute(
        f"SELECT DISTINCT coalesce(school, to_number) {base} AND created_at >= :since ORDER BY 1",
        {**args, "since": stamp(now - timedelta(minutes=window_minutes))},
    ).fetchall()
    others = tuple(s[0] for s in schools if s[0] and s[0] != school)
    return CallerHistory(today, ever, others, window_minutes)
