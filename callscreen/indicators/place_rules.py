"""Place rules: place.known, place.unknown and place.none from the district gazetteer's verdicts
on each caller segment. Pure, given a PlaceChecker (the loaded district gazetteer)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from .finding import Finding
from .lexicon import EMERGENCY_WORDS
from .speech import Speech, find_phrases

KNOWN, NEAR, UNKNOWN = "known", "near", "unknown"
DEFAULT_PLACE_NONE_SECONDS = 20.0
_CANDIDATES_SHOWN = 3
_EMERGENCY = {p: "emergency" for p in EMERGENCY_WORDS}


class PlaceMention(Protocol):
    """What the rules read from one gazetteer mention."""

    heard: str
    kind: str
    verdict: str
    char_start: int
    char_end: int

    def to_dict(self) -> dict: ...


class PlaceChecker(Protocol):
    """The district gazetteer: place mentions in recognizer text, each with a verdict."""

    def check(self, text: str) -> Sequence[PlaceMention]: ...


def place_mentions(speech: Speech, gazetteer: PlaceChecker) -> list[dict]:
    """Every place the caller named, segment by segment, with verdict, candidates and words."""
    found = []
    for start, end in speech.bounds:
        tokens = speech.tokens[start:end]
        if not tokens:
            continue
        offsets = _word_offsets(tokens)
        for mention in gazetteer.check(" ".join(tokens)):
            first, last = _covering(offsets, mention.char_start, mention.char_end)
            found.append(_mention_evidence(mention) | speech.passage(start + first, start + last))
    return found


def _word_offsets(tokens: list[str]) -> list[tuple[int, int]]:
    """Character [start, end) of each token in ' '.join(tokens)."""
    out, at = [], 0
    for token in tokens:
        out.append((at, at + len(token)))
        at += len(token) + 1
    return out


def _covering(offsets: list[tuple[int, int]], char_start: int, char_end: int) -> tuple[int, int]:
    """The token range [first, last) overlapping the characters [char_start, char_end)."""
    hit = [i for i, (s, e) in enumerate(offsets) if s < char_end and e > char_start]
    return (hit[0], hit[-1] + 1) if hit else (0, len(offsets))


def _mention_evidence(mention: PlaceMention) -> dict[str, Any]:
    data = mention.to_dict()
    return {
        "said": data["heard"],
        "kind": data["kind"],
        "verdict": data["verdict"],
        "method": data.get("method", ""),
        "candidates": data.get("candidates", [])[:_CANDIDATES_SHOWN],
        "house_number": data.get("house_number", ""),
        "note": data.get("note", ""),
    }


def _describe(m: dict) -> str:
    best = m["candidates"][0] if m["candidates"] else None
    if m["verdict"] == KNOWN and best:
        return f"'{m['heard']}' = {best['name']}"
    if best:
        return f"'{m['heard']}' (closest: {best['name']}, {best['score']:.0f})"
    return f"'{m['heard']}' (no similar name)"


def known_finding(mentions: list[dict]) -> Finding:
    """place.known: real local places named correctly (context; lowers nothing)."""
    known = [m for m in mentions if m["verdict"] == KNOWN]
    if not known:
        return Finding("place.known", False, "No district place named correctly.", {})
    text = "; ".join(_describe(m) for m in known)
    return Finding("place.known", True, f"Caller named real places: {text}.", {"mentions": known})


def unknown_finding(mentions: list[dict]) -> Finding:
    """place.unknown: a place the district does not have, or a close-but-wrong name."""
    wrong = [m for m in mentions if m["verdict"] in (NEAR, UNKNOWN)]
    if not wrong:
        return Finding("place.unknown", False, "No unknown or misnamed place.", {})
    text = "; ".join(_describe(m) for m in wrong)
    summary = f"Caller named places the district does not have as said: {text}."
    return Finding("place.unknown", True, summary, {"mentions": wrong})


def none_finding(
    speech: Speech,
    mentions: list[dict],
    danger: bool,
    after_seconds: float = DEFAULT_PLACE_NONE_SECONDS,
) -> Finding:
    """place.none: an emergency reported, but no place named after N seconds of caller speech."""
    rule = {"after_seconds": after_seconds}
    if mentions:
        return Finding("place.none", False, "Caller named a place.", rule)
    emergency = [speech.passage(s, e) for s, e, _ in find_phrases(speech.tokens, _EMERGENCY)]
    if not (danger or emergency):
        return Finding("place.none", False, "No emergency reported.", rule)
    if speech.seconds < after_seconds:
        return Finding(
            "place.none", False, f"Not judged before {after_seconds:g} s of caller speech.", rule
        )
    summary = f"Emergency reported but no place named in {after_seconds:g}+ s of caller speech."
    return Finding("place.none", True, summary, rule | {"emergency_words": emergency})


def place_findings(
    speech: Speech,
    gazetteer: PlaceChecker,
    danger: bool,
    after_seconds: float = DEFAULT_PLACE_NONE_SECONDS,
) -> list[Finding]:
    """place.known, place.unknown and place.none for one call's caller speech."""
    mentions = place_mentions(speech, gazetteer)
    return [
        known_finding(mentions),
        unknown_finding(mentions),
        none_finding(speech, mentions, danger, after_seconds),
    ]
