"""What the live page shows at a glance: the indicator summary plus staff reviews and ticks.

The lists, the standing guidance and the next question come from the indicator engine's
`summarise`; this module adds what only the call's event log knows: staff confirm/dismiss
reviews, staff observations (INDICATORS.md puts them with the swatting indicators), a device
claim ticked by staff, and the key that ticks the next question. Never a verdict.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from gazetteer.profile import Partner

from .calls import indicators_for
from .checklist import BOMB, ITEMS, latest_ticks
from .indicators.catalogue import BY_ID
from .indicators.summary import device_claimed, summarise


def summary(db: Database, sid: str, partner: Partner) -> dict:
    """Both indicator lists with evidence and reviews, guidance, device claim, next question."""
    rows = indicators_for(db, sid)
    ticks = latest_ticks(db, sid)
    done = [item for item, tick in ticks.items() if tick["value"] != "clear"]
    result = summarise(rows, partner=partner, answered=done)
    reviews = latest_reviews(db, sid)
    for group in ("swatting", "danger", "context"):
        for item in result[group]:
            item["review"] = reviews.get(item["indicator"])
            item["manual"] = False
    result["swatting"] += observations(ticks)
    present = {r["indicator"]: r for r in rows if r["present"]}
    staff_claim = ticks.get("bomb.claimed", {}).get("value") == "yes"
    result["device_claimed"] = device_claimed(present) or staff_claim
    if staff_claim and not device_claimed(present):
        result["next_question"] = _bomb_question(done) or result["next_question"]
    question = result["next_question"]
    question["key"] = ITEMS[question["item"]].key if question.get("item") in ITEMS else ""
    question["why"] = _why(question.get("because"))
    return result


def _why(because: str | None) -> str:
    if because in BY_ID:
        return BY_ID[because].label
    return "Caller claims a device" if because == "bomb.claimed" else ""


def _bomb_question(done: list[str]) -> dict | None:
    for q in BOMB:
        if q.id not in done:
            return {"text": q.label, "item": q.id, "because": "bomb.claimed"}
    return None


def observations(ticks: dict[str, dict]) -> list[dict]:
    """Staff observations ticked 'yes', shaped like summary items, evidence = who and when."""
    found = []
    for item_id, tick in ticks.items():
        if item_id.startswith("obs.") and item_id != "obs.exact_words" and tick["value"] == "yes":
            found.append({
                "indicator": item_id,
                "label": ITEMS[item_id].label,
                "summary": tick.get("note") or "Observed by staff",
                "evidence": {"by": tick["by"], "at": tick["at"]},
                "review": None,
                "manual": True,
            })  # fmt: skip
    return found


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
