"""The live event stream of a call: Server-Sent Events read from the event log.

Each event goes out with `id:` = its events-table id, so a browser reconnecting with
`Last-Event-ID` (after a network blip, a reload or a server restart) misses nothing. The
stream polls SQLite cheaply, which works across threads and processes; it sends a comment
now and then so a closed connection is noticed, and ends after a while so the client
reconnects and a worker thread is never held for ever.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, request

from gazetteer.profile import Partner

from . import auth, guidance
from .calls import get_call
from .db import Pool, get_db
from .errors import BadInput, NotFound
from .events import events_since
from .services import services

bp = Blueprint("livefeed", __name__)
# After these kinds the indicator lists or the next question may change.
SUMMARY_KINDS = frozenset({"indicator", "indicator.review", "checklist.tick"})
BATCH = 500


@dataclass(frozen=True)
class Pace:
    """How often to poll, to send a keep-alive, and when to end the stream."""

    poll: float = 0.1
    keepalive: float = 10.0
    max_seconds: float = 900.0


def resume_point(header: str | None, query: str | None) -> int:
    """The event id to resume after: Last-Event-ID wins over ?after=; BadInput if malformed."""
    for value in (header, query):
        if value is None or value == "":
            continue
        if not value.isdigit() or len(value) > 18:
            raise BadInput("Last-Event-ID / after must be a whole number (an event id)")
        return int(value)
    return 0


def format_event(event: dict) -> str:
    """One log event as an SSE message."""
    data = {
        "id": event["id"],
        "kind": event["kind"],
        "at": event["at"],
        "payload": event["payload"],
    }
    return f"id: {event['id']}\ndata: {json.dumps(data, sort_keys=True)}\n\n"


def format_summary(summary: dict) -> str:
    """The indicator summary as a named SSE message without an id (it is derived, not logged)."""
    return f"event: summary\ndata: {json.dumps(summary, sort_keys=True)}\n\n"


def stream(pool: Pool, sid: str, after: int, pace: Pace, partner: Partner) -> Iterator[str]:
    """Yield the call's events after `after`, then new ones as they are logged."""
    yield "retry: 1000\n\n"
    yield format_summary(guidance.summary(pool.get(), sid, partner))
    last, quiet_since = after, time.monotonic()
    deadline = quiet_since + pace.max_seconds
    while time.monotonic() < deadline:
        db = pool.get()
        batch = events_since(db, sid, last, limit=BATCH)
        for event in batch:
            yield format_event(event)
        if batch:
            last = batch[-1]["id"]
            if any(e["kind"] in SUMMARY_KINDS for e in batch):
                yield format_summary(guidance.summary(db, sid, partner))
            quiet_since = time.monotonic()
            if len(batch) == BATCH:
                continue  # catching up: no pause between full batches
        elif time.monotonic() - quiet_since >= pace.keepalive:
            # Writing is how a server notices a client that has gone away.
            yield ": keep-alive\n\n"
            quiet_since = time.monotonic()
        time.sleep(pace.poll)


@bp.get("/calls/<sid>/events")
def events(sid: str) -> Response:
    """The call's event stream (text/event-stream), resumable with Last-Event-ID."""
    after = resume_point(request.headers.get("Last-Event-ID"), request.args.get("after"))
    if get_call(get_db(), sid) is None:
        raise NotFound(f"no call {sid!r}")
    auth.record("call.watched", sid, {"after": after})
    config = current_app.config
    pace = Pace(
        config["SSE_POLL_SECONDS"], config["SSE_KEEPALIVE_SECONDS"], config["SSE_MAX_SECONDS"]
    )
    partner = services().district.law_enforcement
    body = stream(current_app.extensions["callscreen_db"], sid, after, pace, partner)
    return Response(
        body,
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
