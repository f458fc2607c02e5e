"""What the live page shows at a glance: indicators side by side, and the next question.

Never a verdict: swatting indicators and danger indicators are listed next to each other,
each with its evidence and any staff review, under the standing guidance to treat the
call as credible.
"""

from __future__ import annotations

import json
import re

from sqlite_utils import Database

from .calls import indicators_for
from .checklist import BOMB, ITEMS, QUESTIONS, latest_ticks
from .indicators.catalogue import BY_ID, CONTEXT, DANGER, SWATTING

DEVICE_WORDS = re.compile(r"\b(bomb|bombs|device|devices|explosive|explosives|ied|detonat\w*)\b")
# Which follow-up question each indicator makes most worth asking, in order of preference.
ASK_FOR: dict[str, tuple[str, ...]] = {
    "threat.weapon": ("ask.where_building", "ask.what"),
    "threat.casualties": ("ask.what", "ask.where_building"),
    "imminence.cues": ("ask.what", "ask.where_now"),
    "script.warning": ("ask.name", "ask.where_now"),
    "caller.withheld": ("ask.callback",),
    "caller.implausible": ("ask.callback",),
    "caller.stir_unverified": ("ask.callback",),
    "caller.is_school": ("ask.where_now",),
    "caller.far_away": ("ask.where_now",),
    "place.unknown": ("ask.local_detail",),
    "place.none": ("ask.where_building", "ask.local_detail"),
}
DEFAULT_ORDER = (
    "ask.what",
    "ask.where_now",
    "ask.where_building",
    "ask.name",
    "ask.callback",
    "ask.local_detail",
)
ALL_ASKED = "All follow-up questions asked. Keep the caller talking and note their exact words."


def summary(db: Database, sid: str) -> dict:
    """Indicators present by group (with evidence and reviews), device claim, next question."""
    rows = indicators_for(db, sid)
    reviews = latest_reviews(db, sid)
    ticks = latest_ticks(db, sid)
    groups: dict[str, list[dict]] = {SWATTING: [], DANGER: [], CONTEXT: []}
    for row in rows:
        if row["present"]:
            groups[BY_ID[row["indicator"]].group].append(_entry(row, reviews))
    groups[SWATTING] += _observations(ticks)
    device = device_claimed(rows) or ticks.get("bomb.claimed", {}).get("value") == "yes"
    present = [r["indicator"] for r in rows if r["present"]]
    return {
        "swatting": groups[SWATTING],
        "danger": groups[DANGER],
        "context": groups[CONTEXT],
        "device_claimed": device,
        "next_question": next_question(present, ticks, device),
    }


def _entry(row: dict, reviews: dict[str, dict]) -> dict:
    item = BY_ID[row["indicator"]]
    return {
        "indicator": item.id,
        "label": item.label,
        "summary": row["summary"],
        "evidence": row["evidence"],
        "ask": item.ask,
        "review": reviews.get(item.id),
        "manual": False,
    }


def _observations(ticks: dict[str, dict]) -> list[dict]:
    found = []
    for item_id, tick in ticks.items():
        if item_id.startswith("obs.") and tick["value"] in ("yes", "text") and item_id in ITEMS:
            found.append(
                {
                    "indicator": item_id,
                    "label": ITEMS[item_id].label,
                    "summary": tick.get("note") or "Observed by staff",
                    "evidence": {"by": tick["by"], "at": tick["at"]},
                    "ask": "",
                    "review": None,
                    "manual": True,
                }
            )
    return [f for f in found if f["indicator"] != "obs.exact_words"]


def latest_reviews(db: Database, sid: str) -> dict[str, dict]:
    """Each indicator's latest staff review on this call."""
    rows = db.execute(
        "SELECT payload, created_at FROM events WHERE call_sid = ? AND kind = 'indicator.review' "
        "ORDER BY id",
        [sid],
    ).fetchall()
    reviews: dict[str, dict] = {}
    for payload, at in rows:
        data = json.loads(payload)
        reviews[data["indicator"]] = {**data, "at": at}
    return reviews


def device_claimed(rows: list[dict]) -> bool:
    """True when a present threat.weapon names a bomb, device or explosive in its evidence."""
    for row in rows:
        if row["indicator"] == "threat.weapon" and row["present"]:
            text = (row["summary"] + " " + json.dumps(row["evidence"])).lower()
            if DEVICE_WORDS.search(text):
                return True
    return False


def next_question(present: list[str], ticks: dict[str, dict], device: bool) -> dict:
    """The most useful question not yet asked, and which indicator makes it so."""
    asked = {item for item, tick in ticks.items() if tick["value"] not in ("clear",)}
    candidates: list[tuple[str, str]] = []
    if device:
        candidates += [(q.id, "A device is claimed") for q in BOMB]
    for indicator_id in sorted(present, key=_urgency):
        why = BY_ID[indicator_id].label
        candidates += [(q, why) for q in ASK_FOR.get(indicator_id, ())]
    candidates += [(q, "Standard follow-up") for q in DEFAULT_ORDER]
    for item_id, why in candidates:
        if item_id not in asked:
            return {
                "item": item_id,
                "text": ITEMS[item_id].label,
                "why": why,
                "key": ITEMS[item_id].key,
            }
    return {"item": None, "text": ALL_ASKED, "why": "", "key": ""}


def _urgency(indicator_id: str) -> tuple[int, str]:
    return (0 if BY_ID[indicator_id].group == DANGER else 1, indicator_id)


QUESTION_IDS = tuple(q.id for q in QUESTIONS)
