"""Wave rules across calls: wave.district (several threat calls to the district's schools in
a window) and wave.script (the same script to several schools). Pure over loaded call facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .finding import Finding
from .script_rules import script_text, shared_passage
from .speech import Speech

# A call is a threat call when one of these is present on it.
THREAT_INDICATORS = ("threat.weapon", "threat.casualties", "imminence.cues", "script.warning")


@dataclass(frozen=True)
class PeerCall:
    """Another call in the wave window, as the log knows it."""

    sid: str
    school: str
    at: str
    threats: tuple[str, ...]  # threat indicators present on it
    text: str = ""  # its caller transcript


def _peer_dict(peer: PeerCall) -> dict:
    return {"sid": peer.sid, "school": peer.school, "at": peer.at, "threats": list(peer.threats)}


def district_finding(
    is_threat: bool, peers: Sequence[PeerCall], window_minutes: int, min_calls: int = 2
) -> Finding:
    """wave.district: this threat call and others to the district's schools within the window."""
    others = sorted((p for p in peers if p.threats), key=lambda p: (p.at, p.sid))
    rule = {"window_minutes": window_minutes, "min_calls": min_calls}
    evidence = rule | {"calls": [_peer_dict(p) for p in others]}
    if not is_threat:
        note = f" ({len(others)} other threat call(s) in the window)" if others else ""
        return Finding("wave.district", False, f"No threat indicator on this call yet{note}.",
                       evidence)  # fmt: skip
    if len(others) + 1 < min_calls:
        return Finding("wave.district", False, "No other threat calls in the window.", evidence)
    schools = sorted({p.school for p in others if p.school})
    summary = f"{len(others)} other threat call(s) to the district within {window_minutes} min" + (
        f" ({', '.join(schools)})." if schools else "."
    )
    return Finding("wave.district", True, summary, evidence)


def script_finding(
    speech: Speech, school: str, peers: Sequence[PeerCall], window_minutes: int
) -> Finding:
    """wave.script: the same wording as calls to other schools within the window."""
    rule = {"window_minutes": window_minutes}
    same = []
    for peer in peers:
        shared = shared_passage(speech.tokens, script_text(peer.text)) if peer.text else None
        if shared is None:
            continue
        same.append(
            _peer_dict(peer)
            | {
                "score": shared.score,
                "shared_words": shared.last - shared.first,
                "passage": speech.passage(shared.first, shared.last),
                "their_passage": shared.other,
            }  # fmt: skip
        )
    schools = sorted({p["school"] for p in same if p["school"]} | ({school} if school else set()))
    evidence = rule | {"calls": same, "schools": schools}
    if not same or len(schools) < 2:
        return Finding("wave.script", False, "No call to another school with this wording.",
                       evidence)  # fmt: skip
    summary = (
        f"Same wording as {len(same)} call(s) within {window_minutes} min; "
        f"schools: {', '.join(schools)}."
    )
    return Finding("wave.script", True, summary, evidence)
