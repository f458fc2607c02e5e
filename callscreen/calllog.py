"""Finding calls for the front-office pages: transcript search, filters, live calls, waves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from .clock import stamp
from .errors import BadInput
from .indicators.catalogue import BY_ID

HIT_START, HIT_END = "\x02", "\x03"
MAX_QUERY = 200
LIVE_HOURS = 4  # a call still "ringing" after this long lost its final status callback


@dataclass(frozen=True)
class Filters:
    """What the call log is narrowed to; every field optional."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    school: str = ""
    indicator: str = ""
    limit: int = 100


def parse_filters(args: dict, schools: list[str]) -> Filters:
    """Read the call-log query string; BadInput names the field that is wrong."""
    text = (args.get("q") or "").strip()
    if len(text) > MAX_QUERY:
        raise BadInput(f"search text must be at most {MAX_QUERY} characters")
    if text and not _words(text):
        raise BadInput("search text needs at least one letter or digit")
    school = (args.get("school") or "").strip()
    if school and school not in schools:
        raise BadInput(f"unknown school line {school!r}")
    indicator = (args.get("indicator") or "").strip()
    if indicator and indicator not in BY_ID:
        raise BadInput(f"unknown indicator {indicator!r}")
    start, end = _date(args, "from"), _date(args, "to")
    if start and end and start > end:
        raise BadInput("'from' date is after the 'to' date")
    return Filters(text, start, end, school, indicator)


def _date(args: dict, name: str) -> date | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadInput(f"'{name}' must be a date like 2026-11-23 (got {value[:40]!r})") from exc


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def fts_query(text: str) -> str:
    """The search text as a safe FTS5 query: every word must occur (prefixes match)."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in _words(text))


def search_calls(db: Database, filters: Filters, tz: str) -> list[dict]:
    """Calls matching the filters, newest first, with a highlighted transcript snippet."""
    where, args = ["1 = 1"], []
    zone = ZoneInfo(tz)
    if filters.date_from:
        where.append("created_at >= ?")
        args.append(stamp(datetime.combine(filters.date_from, time(), zone)))
    if filters.date_to:
        where.append("created_at < ?")
        args.append(stamp(datetime.combine(filters.date_to + timedelta(days=1), time(), zone)))
    if filters.school:
        where.append("school = ?")
        args.append(filters.school)
    if filters.indicator:
        where.append(
            "EXISTS (SELECT 1 FROM indicators i WHERE i.call_sid = calls.sid "
            "AND i.indicator = ? AND i.present = 1)"
        )
        args.append(filters.indicator)
    if filters.text:
        where.append(
            "sid IN (SELECT s.call_sid FROM segments s WHERE s.id IN "
            "(SELECT rowid FROM segments_fts WHERE segments_fts MATCH ?))"
        )
        args.append(fts_query(filters.text))
    rows = _call_rows(db, " AND ".join(where), args, filters.limit)
    for row in rows:
        row["snippet"] = _snippet(db, row["sid"], filters.text) if filters.text else []
    return rows


def _call_rows(db: Database, where: str, args: list, limit: int) -> list[dict]:
    cursor = db.execute(
        "SELECT sid, created_at, status, status_rank, caller_e164, caller_withheld, from_raw, "
        "to_number, school, duration_seconds, (SELECT group_concat(indicator, ' ') FROM "
        "indicators i WHERE i.call_sid = calls.sid AND i.present = 1) AS indicators "
        f"FROM calls WHERE {where} ORDER BY created_at DESC, sid LIMIT ?",
        [*args, limit],
    )
    keys = [c[0] for c in cursor.description]
    rows = [dict(zip(keys, r, strict=True)) for r in cursor.fetchall()]
    for row in rows:
        row["indicators"] = sorted((row["indicators"] or "").split())
        row["caller"] = (
            "withheld" if row["caller_withheld"] else row["caller_e164"] or row["from_raw"] or "?"
        )
    return rows


def _snippet(db: Database, sid: str, text: str) -> list[tuple[str, bool]]:
    row = db.execute(
        "SELECT snippet(segments_fts, 0, ?, ?, '…', 12) FROM segments_fts "
        "JOIN segments s ON s.id = segments_fts.rowid "
        "WHERE segments_fts MATCH ? AND s.call_sid = ? ORDER BY rank LIMIT 1",
        [HIT_START, HIT_END, fts_query(text), sid],
    ).fetchone()
    return split_hits(row[0]) if row else []


def split_hits(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_hit) parts, so templates escape text and mark hits safely."""
    parts, hit = [], False
    for piece in re.split(f"([{HIT_START}{HIT_END}])", snippet):
        if piece == HIT_START:
            hit = True
        elif piece == HIT_END:
            hit = False
        elif piece:
            parts.append((piece, hit))
    return parts


def live_calls(db: Database, now: datetime) -> list[dict]:
    """Calls not yet finished that started in the last few hours."""
    since = stamp(now - timedelta(hours=LIVE_HOURS))
    return _call_rows(db, "status_rank BETWEEN 0 AND 3 AND created_at >= ?", [since], 50)


def recent_calls(db: Database, limit: int = 15) -> list[dict]:
    """The latest calls, finished or not."""
    return _call_rows(db, "1 = 1", [], limit)


def wave_alerts(db: Database, now: datetime, window_minutes: int) -> list[dict]:
    """Wave indicators present on calls within the wave window, newest first."""
    since = stamp(now - timedelta(minutes=window_minutes))
    cursor = db.execute(
        "SELECT i.call_sid, i.indicator, i.summary, c.school, c.created_at FROM indicators i "
        "JOIN calls c ON c.sid = i.call_sid WHERE i.indicator LIKE 'wave.%' AND i.present = 1 "
        "AND c.created_at >= ? ORDER BY c.created_at DESC LIMIT 50",
        [since],
    )
    keys = ("sid", "indicator", "summary", "school", "created_at")
    return [dict(zip(keys, r, strict=True)) for r in cursor.fetchall()]
