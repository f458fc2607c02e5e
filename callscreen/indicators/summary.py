"""The summary staff see: swatting indicators and danger indicators side by side, each with
its evidence, the standing guidance, and the next question worth asking. Never a verdict."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gazetteer.profile import Partner

from ..checklist import BOMB, QUESTIONS
from .catalogue import BY_ID, CONTEXT, DANGER, SWATTING
from .finding import Finding

GUIDANCE = (
    "Treat every threat as credible. If an emergency is identified, call {emergency} now. "
    "Otherwise contact {partner}, who decides how to scale the response."
)
# Present indicators in the order their question is most worth asking.
RELEVANCE = (
    "imminence.cues", "threat.casualties", "threat.weapon", "script.warning", "place.none",
    "place.unknown", "caller.withheld", "caller.implausible", "caller.is_school",
    "caller.stir_unverified", "caller.far_away", "script.recycled", "wave.script",
    "wave.district", "caller.repeat", "place.known",
)  # fmt: skip
# The checklist question an indicator's ask stands for: once answered, ask the next one.
ASK_ITEM = {
    "imminence.cues": "ask.what", "threat.casualties": "ask.where_building",
    "threat.weapon": "ask.what", "script.warning": "ask.name", "place.none": "ask.where_building",
    "place.unknown": "ask.local_detail", "caller.withheld": "ask.callback",
    "caller.implausible": "ask.callback", "caller.stir_unverified": "ask.callback",
    "caller.is_school": "ask.where_now", "caller.far_away": "ask.where_now",
    "place.known": "ask.where_building",
}  # fmt: skip
ALL_ASKED = "All follow-up questions asked. Keep the caller talking; note their exact words."


def _as_dict(finding: Finding | Mapping[str, Any]) -> dict[str, Any]:
    return finding.to_dict() if isinstance(finding, Finding) else dict(finding)


def first_heard(evidence: Mapping[str, Any]) -> float | None:
    """The earliest transcript time quoted in an evidence dict, if any (seconds)."""
    times = []
    for value in evidence.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("start"), int | float):
                times.append(float(item["start"]))
            elif isinstance(item, dict) and isinstance(item.get("passage"), dict):
                times.append(float(item["passage"]["start"]))
    return min(times) if times else None


def _item(data: dict[str, Any]) -> dict[str, Any]:
    entry = BY_ID[data["indicator"]]
    return {
        "indicator": entry.id,
        "label": entry.label,
        "summary": data["summary"],
        "anchor": "indicator-" + entry.id.replace(".", "-"),
        "first_heard_at": first_heard(data.get("evidence") or {}),
        "evidence": data.get("evidence") or {},
        "rule_version": data.get("rule_version"),
    }


def guidance(partner: Partner | None) -> str:
    """The standing guidance, naming the district's law-enforcement partner and number."""
    if partner is None:
        return GUIDANCE.format(emergency="9-1-1", partner="the district's law-enforcement partner")
    who = f"{partner.name} at {partner.phone}" if partner.phone else partner.name
    return GUIDANCE.format(emergency=partner.emergency or "9-1-1", partner=who)


def device_claimed(present: Mapping[str, dict]) -> bool:
    """The caller named an explosive or device (the bomb-threat questions apply)."""
    weapon = present.get("threat.weapon")
    return bool(weapon) and "explosive" in (weapon.get("evidence") or {}).get("kinds", [])


def next_question(present: Mapping[str, dict], answered: Iterable[str] = ()) -> dict[str, Any]:
    """The question worth asking next: bomb questions for a device, else the most relevant
    present indicator's ask, else the first unanswered follow-up question."""
    done = set(answered)
    if device_claimed(present):
        for q in BOMB:
            if q.id not in done:
                return {"text": q.label, "item": q.id, "because": "threat.weapon"}
    for indicator_id in RELEVANCE:
        item = ASK_ITEM.get(indicator_id)
        if indicator_id in present and (item is None or item not in done):
            return {"text": BY_ID[indicator_id].ask, "item": item, "because": indicator_id}
    for q in QUESTIONS:
        if q.id not in done:
            return {"text": q.label, "item": q.id, "because": None}
    return {"text": ALL_ASKED, "item": None, "because": None}


def summarise(
    findings: Iterable[Finding | Mapping[str, Any]],
    *,
    partner: Partner | None = None,
    answered: Iterable[str] = (),
) -> dict[str, Any]:
    """Two lists (swatting, danger) plus context, guidance and the next question; no score."""
    present = {d["indicator"]: d for d in map(_as_dict, findings) if d.get("present")}
    groups: dict[str, list[dict]] = {SWATTING: [], DANGER: [], CONTEXT: []}
    for data in present.values():
        groups[BY_ID[data["indicator"]].group].append(_item(data))
    for items in groups.values():
        items.sort(key=lambda i: RELEVANCE.index(i["indicator"]) if i["indicator"] in RELEVANCE
                   else len(RELEVANCE))  # fmt: skip
    return {
        "swatting": groups[SWATTING],
        "danger": groups[DANGER],
        "context": groups[CONTEXT],
        "guidance": guidance(partner),
        "next_question": next_question(present, answered),
    }
