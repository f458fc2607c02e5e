"""The staff checklist of INDICATORS.md section D, and storing ticks, actions and reviews.

Every tick, action and review is an event (docs/EVENTS.md) carrying who made it; the event's
time says when. Nothing here scores free text: staff notes are stored, never interpreted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from .db import immediate
from .errors import BadInput, NotFound
from .events import append_event
from .indicators.catalogue import BY_ID

ANSWERS = ("asked", "answered", "refused", "unable", "clear")
FLAGS = ("yes", "clear")
MAX_NOTE = 2000
MAX_NAME = 200


@dataclass(frozen=True)
class Item:
    """One checklist line: its id, what staff see, the key that ticks it, its values."""

    id: str
    label: str
    key: str
    section: str
    values: tuple[str, ...]


def _questions(prefix: str, section: str, rows: list[tuple[str, str, str]]) -> list[Item]:
    return [Item(f"{prefix}.{i}", label, key, section, ANSWERS) for i, label, key in rows]


QUESTIONS = _questions(
    "ask",
    "questions",
    [
        ("name", "Full name?", "1"),
        ("callback", "Callback number?", "2"),
        ("where_now", "Where are you right now?", "3"),
        ("what", "What exactly is happening?", "4"),
        ("where_building", "Where in the building (room, wing)?", "5"),
        (
            "local_detail",
            "A local detail: cross street, school colours, what is across the street?",
            "6",
        ),
    ],
)
BOMB = _questions(
    "bomb",
    "bomb",
    [
        ("when", "When will it go off?", "q"),
        ("where", "Where is it right now?", "w"),
        ("looks", "What does it look like?", "e"),
        ("kind", "What kind of device is it?", "t"),
        ("trigger", "What will make it go off?", "y"),
        ("placed", "Did you place it?", "i"),
        ("why", "Why?", "o"),
    ],
)
OBSERVATIONS = [
    Item(
        "obs.synthetic_voice",
        "Voice sounds computer-generated or distorted",
        "v",
        "observations",
        FLAGS,
    ),
    Item("obs.reads_script", "Caller seems to read a script", "s", "observations", FLAGS),
    Item("obs.background", "Background sounds (note what)", "g", "observations", FLAGS),
    Item("obs.hangs_up", "Caller hangs up when pressed", "h", "observations", FLAGS),
    Item("obs.exact_words", "Exact words of the threat", "n", "observations", ("text",)),
]
# Staff can show the bomb questions themselves when the transcript missed the claim.
DEVICE_CLAIMED = Item("bomb.claimed", "Caller claims a device", "b", "bomb", FLAGS)
ITEMS: dict[str, Item] = {i.id: i for i in [*QUESTIONS, *BOMB, *OBSERVATIONS, DEVICE_CLAIMED]}

ACTIONS: dict[str, str] = {
    "called_911": "9-1-1 called",
    "partner_contacted": "Law-enforcement partner contacted",
    "neighbours_contacted": "Neighbouring schools / district contacted",
    "lockdown": "Lockdown decided",
    "shelter": "Shelter in place decided",
    "evacuate": "Evacuation decided",
}
ACTION_KEYS: dict[str, str] = {
    "called_911": "9",
    "partner_contacted": "p",
    "neighbours_contacted": "c",
    "lockdown": "l",
    "shelter": "f",
    "evacuate": "x",
}
DECISIONS = ("confirmed", "dismissed")


def _require_call(db: Database, sid: str) -> None:
    if db.execute("SELECT 1 FROM calls WHERE sid = ?", [sid]).fetchone() is None:
        raise NotFound(f"no call {sid!r}")


def _text(value: str | None, limit: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise BadInput(f"{what} must be at most {limit} characters")
    return value


def tick(db: Database, sid: str, item_id: str, value: str, note: str, *, by: str, at: str) -> int:
    """Store a checklist tick (the latest tick of an item is its state); return the event id."""
    item = ITEMS.get(item_id)
    if item is None:
        raise BadInput(f"unknown checklist item {item_id!r}")
    note = _text(note, MAX_NOTE, "note")
    if item.values == ("text",):
        value = "text"
    elif value not in item.values:
        raise BadInput(f"{item_id} takes one of: {', '.join(item.values)}")
    payload = {"item": item_id, "value": value, "by": by, "note": note}
    return _append(db, sid, "checklist.tick", payload, at)


def act(db: Database, sid: str, action: str, note: str, name: str, *, by: str, at: str) -> int:
    """Store a timestamped action (9-1-1 called, partner contacted …); return the event id."""
    if action not in ACTIONS:
        raise BadInput(f"action must be one of: {', '.join(ACTIONS)}")
    payload = {
        "action": action,
        "by": by,
        "note": _text(note, MAX_NOTE, "note"),
        "name": _text(name, MAX_NAME, "name"),
    }
    return _append(db, sid, "action", payload, at)


def review(
    db: Database, sid: str, indicator_id: str, decision: str, note: str, *, by: str, at: str
) -> int:
    """Store a staff confirm/dismiss of an automatic indicator; return the event id."""
    if indicator_id not in BY_ID:
        raise BadInput(f"unknown indicator {indicator_id!r}")
    if decision not in DECISIONS:
        raise BadInput(f"decision must be one of: {', '.join(DECISIONS)}")
    payload = {
        "indicator": indicator_id,
        "decision": decision,
        "by": by,
        "note": _text(note, MAX_NOTE, "note"),
    }
    return _append(db, sid, "indicator.review", payload, at)


def _append(db: Database, sid: str, kind: str, payload: dict, at: str) -> int:
    with immediate(db):
        _require_call(db, sid)
        return append_event(db, sid, kind, payload, at=at)


def latest_ticks(db: Database, sid: str) -> dict[str, dict]:
    """Each item's latest tick on this call: value, note, by and when."""
    rows = db.execute(
        "SELECT payload, created_at FROM events WHERE call_sid = ? AND kind = 'checklist.tick' "
        "ORDER BY id",
        [sid],
    ).fetchall()
    state: dict[str, dict] = {}
    for payload, at in rows:
        data = json.loads(payload)
        state[data["item"]] = {**data, "at": at}
    return state
