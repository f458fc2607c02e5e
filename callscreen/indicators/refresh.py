"""The shell: load a call's caller segments and the log facts, run the rules, store the results.

Called by the live transcription worker after every final segment. Each changed result is
one `indicator` event (calls.store_findings); unchanged results write nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlite_utils import Database

from ..calls import store_findings
from ..clock import parse_stamp, stamp
from ..db import immediate
from ..errors import NotFound
from ..transcripts import LIVE, best_version, caller_texts, segments_for
from .config import RuleConfig
from .finding import Finding
from .knownscripts import list_known_scripts
from .place_rules import PlaceChecker, place_findings
from .script_rules import Source, recycled_finding
from .speech import CALLER, Speech, caller_speech
from .transcript_rules import transcript_findings
from .wave_rules import THREAT_INDICATORS, PeerCall, district_finding, script_finding


class CallNotFound(NotFound):
    """No call with this SID is in the log."""


def rule_findings(
    speech: Speech,
    gazetteer: PlaceChecker,
    sources: list[Source],
    config: RuleConfig,
) -> list[Finding]:
    """Every transcript finding for one call (pure): threat, warning, imminence, place, script."""
    found = transcript_findings(speech)
    danger = any(f.present for f in found)
    found += place_findings(speech, gazetteer, danger, config.place_none_seconds)
    found.append(recycled_finding(speech, sources))
    return found


def refresh_indicators(
    db: Database,
    call_sid: str,
    *,
    gazetteer: PlaceChecker,
    at: str,
    config: RuleConfig | None = None,
    version: str = LIVE,
) -> list[int]:
    """Run every transcript and wave rule for a call and store changes; return the event ids.

    One write transaction: the rules see one consistent snapshot, and concurrent refreshes
    of the same call cannot store an older result over a newer one. Threat calls in the
    wave window get their wave.* results updated too (their ids are included).
    `version` picks the caller segments judged: live (default) or batch re-transcription.
    Do not call it inside another `immediate` block.
    """
    config = config or RuleConfig()
    with immediate(db):
        call = _call(db, call_sid)
        speech = caller_speech(segments_for(db, call_sid, version))
        sources = _earlier_calls(db, call, config.script_lookback_calls) + _known_scripts(db)
        found = rule_findings(speech, gazetteer, sources, config)
        threat = any(f.present for f in found if f.indicator in THREAT_INDICATORS)
        peers = _peers(db, call, config.wave_window_minutes)
        found += _wave_findings(call, speech, threat, peers, config)
        event_ids = store_findings(db, call_sid, found, at)
        for peer in peers:
            if peer.threats:
                event_ids += _refresh_peer_waves(db, peer.sid, at, config)
    return event_ids


def refresh_in_app(app: Flask, call_sid: str) -> list[int]:
    """refresh_indicators with the app's pooled connection, gazetteer, clock and settings."""
    services = app.extensions["callscreen"]
    return refresh_indicators(
        app.extensions["callscreen_db"].get(),
        call_sid,
        gazetteer=services.gazetteer,
        at=stamp(services.clock()),
        config=RuleConfig.from_mapping(app.config),
    )


def _call(db: Database, sid: str) -> dict[str, Any]:
    row = db.execute(
        "SELECT sid, coalesce(school, to_number, ''), created_at FROM calls WHERE sid = ?", [sid]
    ).fetchone()
    if row is None:
        raise CallNotFound(f"no call {sid!r} in the log")
    return {"sid": row[0], "school": row[1], "at": row[2]}


def _best_segments(db: Database, sid: str) -> list[dict]:
    """A call's segments: the re-transcription when there is one, else the live ones."""
    segments = segments_for(db, sid)
    best = best_version({s["version"] for s in segments})
    return [s for s in segments if s["version"] == best]


def _earlier_calls(db: Database, call: dict, limit: int) -> list[Source]:
    rows = db.execute(
        "SELECT sid, coalesce(school, to_number, ''), created_at FROM calls "
        "WHERE sid != ? AND created_at <= ? AND EXISTS (SELECT 1 FROM segments s "
        "WHERE s.call_sid = calls.sid AND s.track = ?) ORDER BY created_at DESC LIMIT ?",
        [call["sid"], call["at"], CALLER, limit],
    ).fetchall()
    texts = caller_texts(db, [r[0] for r in rows])
    return [Source("call", sid, texts[sid], school, at) for sid, school, at in rows]


def _known_scripts(db: Database) -> list[Source]:
    return [Source("known_script", s["name"], s["text"]) for s in list_known_scripts(db)]


def _peers(db: Database, call: dict, window_minutes: int) -> list[PeerCall]:
    """Other calls within the window either side of this call's start, with threats present."""
    moment = parse_stamp(call["at"])
    span = timedelta(minutes=window_minutes)
    rows = db.execute(
        "SELECT sid, coalesce(school, to_number, ''), created_at, (SELECT group_concat("
        "indicator, ' ') FROM indicators i WHERE i.call_sid = calls.sid AND i.present = 1) "
        "FROM calls WHERE sid != ? AND created_at BETWEEN ? AND ? ORDER BY created_at, sid",
        [call["sid"], stamp(moment - span), stamp(moment + span)],
    ).fetchall()
    texts = caller_texts(db, [r[0] for r in rows])
    peers = []
    for sid, school, at, present in rows:
        threats = tuple(i for i in (present or "").split() if i in THREAT_INDICATORS)
        peers.append(PeerCall(sid, school, at, threats, texts[sid]))
    return peers


def _wave_findings(
    call: dict, speech: Speech, threat: bool, peers: list[PeerCall], config: RuleConfig
) -> list[Finding]:
    window = config.wave_window_minutes
    return [
        district_finding(threat, peers, window, config.wave_min_calls),
        script_finding(speech, call["school"], peers, window),
    ]


def _refresh_peer_waves(db: Database, sid: str, at: str, config: RuleConfig) -> list[int]:
    """Recompute a peer call's wave.* results now that this call joined its window."""
    call = _call(db, sid)
    present = db.execute(
        "SELECT indicator FROM indicators WHERE call_sid = ? AND present = 1", [sid]
    ).fetchall()
    threat = any(row[0] in THREAT_INDICATORS for row in present)
    speech = caller_speech(_best_segments(db, sid))
    peers = _peers(db, call, config.wave_window_minutes)
    return store_findings(db, sid, _wave_findings(call, speech, threat, peers, config), at)
