"""Transcript storage: final segments, live and re-transcribed, each stored as it is produced."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .db import immediate
from .events import append_event

LIVE = "live"
BATCH = "batch"
TRACKS = ("caller", "staff")


def store_segment(
    db: Database, call_sid: str, version: str, segment: dict[str, Any], *, at: str
) -> int:
    """Store one final segment and log it as an event; return the segment id.

    `segment` holds track, start, end, text, words [{word, start, end, conf}], confidence,
    engine, model and lower_accuracy; times are seconds from the start of the stream.
    """
    with immediate(db):
        cursor = db.execute(
            "INSERT INTO segments (call_sid, version, track, start, end, text, words, "
            "confidence, engine, model, lower_accuracy, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                call_sid,
                version,
                segment["track"],
                segment["start"],
                segment["end"],
                segment["text"],
                json.dumps(segment.get("words", [])),
                segment.get("confidence"),
                segment["engine"],
                segment["model"],
                int(bool(segment.get("lower_accuracy"))),
                at,
            ],
        )
        append_event(
            db,
            call_sid,
            "segment",
            {**segment, "version": version, "segment_id": cursor.lastrowid},
            at=at,
        )
    return cursor.lastrowid


def best_version(versions: set[str]) -> str:
    """The version a call is judged by: its re-transcription when it has one, else live."""
    return BATCH if BATCH in versions else LIVE


def caller_texts(db: Database, sids: list[str]) -> dict[str, str]:
    """Each call's caller transcript as one text, from its best version (the re-transcription
    when the call has one, else the live segments), in one query for all the calls."""
    if not sids:
        return {}
    marks = ", ".join("?" * len(sids))
    rows = db.execute(
        f"SELECT call_sid, version, track, text FROM segments WHERE call_sid IN ({marks}) "
        "ORDER BY call_sid, version, start, id",
        sids,
    ).fetchall()
    versions: dict[str, set[str]] = {sid: set() for sid in sids}
    for sid, version, _, _ in rows:
        versions[sid].add(version)
    texts: dict[str, list[str]] = {sid: [] for sid in sids}
    for sid, version, track, text in rows:
        if track == "caller" and version == best_version(versions[sid]):
            texts[sid].append(text)
    return {sid: " ".join(parts) for sid, parts in texts.items()}


def segments_for(db: Database, call_sid: str, version: str | None = None) -> list[dict]:
    """The call's final segments in time order (one version, or all)."""
    where, args = "call_sid = ?", [call_sid]
    if version:
        where, args = where + " AND version = ?", [*args, version]
    rows = db["segments"].rows_where(where, args, order_by="version, start, id")
    return [
        {**r, "words": json.loads(r["words"]), "lower_accuracy": bool(r["lower_accuracy"])}
        for r in rows
    ]
