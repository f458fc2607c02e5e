"""The swatting-indicator catalogue as data: stable ids, labels, groups, follow-up questions.

Ids are quoted in stored results and exported packets: a rule change is a new RULE_VERSION,
never a silent edit of an id's meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_VERSION = "2026.11-1"

SWATTING = "swatting"
DANGER = "danger"
CONTEXT = "context"


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    id: str
    label: str
    group: str
    kind: str  # "auto" or "manual"
    ask: str  # the follow-up question or action it suggests to staff
    source: str


_CISA = "CISA Anonymized Threat Response Guidance for K-12 (2024)"
_FIELD = "FBI/NASRO public statements and field reports of 2022-2024 hoax waves"

CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "caller.withheld",
        "Caller ID blocked, anonymous, restricted or unknown",
        SWATTING,
        "auto",
        "Ask for a callback number.",
        _CISA,
    ),
    Indicator(
        "caller.implausible",
        "Caller number looks spoofed (repeated digits, digit run, invalid or fictional)",
        SWATTING,
        "auto",
        "Ask for a callback number.",
        _CISA,
    ),
    Indicator(
        "caller.is_school",
        "Caller ID is the school's or district's own number",
        SWATTING,
        "auto",
        "Ask where the caller is right now.",
        _CISA,
    ),
    Indicator(
        "caller.stir_unverified",
        "STIR/SHAKEN verification failed or only gateway attestation (C)",
        SWATTING,
        "auto",
        "Ask for a callback number.",
        "Twilio StirVerstat; FCC STIR/SHAKEN",
    ),
    Indicator(
        "caller.far_away",
        "Number registered far from the district or abroad",
        SWATTING,
        "auto",
        "Ask where the caller is right now.",
        _CISA,
    ),
    Indicator(
        "caller.repeat",
        "Same number called the district before or called other schools",
        SWATTING,
        "auto",
        "Tell the law-enforcement partner about the earlier calls.",
        _CISA,
    ),
    Indicator(
        "place.unknown",
        "Caller names a local place the district does not have, or says it wrongly",
        SWATTING,
        "auto",
        "Ask for a cross street or a landmark nearby.",
        _CISA,
    ),
    Indicator(
        "place.none",
        "Emergency reported but no specific local place named",
        SWATTING,
        "auto",
        "Ask where exactly: building, room, wing.",
        _CISA,
    ),
    Indicator(
        "place.known",
        "Caller names real local places correctly",
        CONTEXT,
        "auto",
        "Ask where in the building.",
        _CISA,
    ),
    Indicator(
        "script.recycled",
        "Wording matches an earlier threat call or a known script",
        SWATTING,
        "auto",
        "Tell the law-enforcement partner which call it matches.",
        _FIELD,
    ),
    # INDICATORS.md lists it with the danger indicators in the summary: a warned-of attack
    # is a claim about what will happen, shown next to weapons and deadlines.
    Indicator(
        "script.warning",
        "Caller is warning of a coming attack",
        DANGER,
        "auto",
        "Ask when and where it will happen, and who the caller is.",
        _FIELD,
    ),
    Indicator(
        "threat.weapon",
        "Weapon or device named",
        DANGER,
        "auto",
        "Ask what kind of weapon or device and where it is.",
        _CISA,
    ),
    Indicator(
        "threat.casualties",
        "Claims of people shot, injured or held",
        DANGER,
        "auto",
        "Ask how many people and where they are.",
        _CISA,
    ),
    Indicator(
        "imminence.cues",
        "Imminence language: deadline, last resort, running out of time, manifesto",
        DANGER,
        "auto",
        "Ask when it will happen.",
        _CISA,
    ),
    Indicator(
        "wave.district",
        "Several threat calls to the district's schools in a short window",
        SWATTING,
        "auto",
        "Contact neighbouring schools and the district.",
        _FIELD,
    ),
    Indicator(
        "wave.script",
        "The same script to several schools",
        SWATTING,
        "auto",
        "Contact neighbouring schools and the district.",
        _FIELD,
    ),
)

BY_ID: dict[str, Indicator] = {item.id: item for item in CATALOGUE}


def indicator(indicator_id: str) -> Indicator:
    """The catalogue entry for an id; KeyError names the unknown id."""
    try:
        return BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator id {indicator_id!r}") from None
