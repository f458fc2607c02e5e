"""Caller-ID analysis: the caller.* indicators from the webhook's caller metadata (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import geocoder

from gazetteer.profile import DistrictProfile

from ..indicators.finding import Finding
from .stir import describe as describe_stir
from .stir import read_verstat
from .usstates import state_of

WITHHELD_WORDS = (
    "anonymous",
    "restricted",
    "blocked",
    "unknown",
    "unavailable",
    "private",
    "withheld",
)
_KEYPAD = {
    c: d
    for d, letters in {
        "2": "abc",
        "3": "def",
        "4": "ghi",
        "5": "jkl",
        "6": "mno",
        "7": "pqrs",
        "8": "tuv",
        "9": "wxyz",
    }.items()
    for c in letters
}
# Twilio shows some withheld IDs as these words spelled on a keypad; parsed naively they
# look like foreign numbers (+266 is Lesotho), so they are caught before parsing.
PLACEHOLDERS = {
    prefix + "".join(_KEYPAD[c] for c in word): word
    for word in WITHHELD_WORDS
    for prefix in ("", "1")
}
_DIGIT_RUNS = ("01234567890", "98765432109")
FAR_AWAY_NOTE = "Weak signal: where the number was issued, not where the caller is."


@dataclass(frozen=True)
class CallerInput:
    """Caller metadata from Twilio's webhook."""

    from_raw: str | None
    stir_verstat: str | None = None
    from_city: str = ""
    from_state: str = ""
    from_country: str = ""


@dataclass(frozen=True)
class CallerHistory:
    """What the call log knows about earlier calls from the same number."""

    calls_today: int = 0
    calls_ever: int = 0
    other_schools: tuple[str, ...] = ()
    window_minutes: int = 120


@dataclass(frozen=True)
class CallerAnalysis:
    """The caller panel's facts and the caller.* findings."""

    withheld: bool
    e164: str | None
    display: str
    place: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """Plain JSON-ready data."""
        return {
            "withheld": self.withheld,
            "e164": self.e164,
            "display": self.display,
            "place": self.place,
            "findings": [f.to_dict() for f in self.findings],
        }


def withheld_reason(raw: str | None) -> str | None:
    """Why this From value means 'no caller ID', or None if it is something else."""
    text = (raw or "").strip()
    if not text:
        return "no caller ID sent"
    lowered = text.lower()
    word = next((w for w in WITHHELD_WORDS if w in lowered), None)
    if word:
        return f"caller ID reads {text!r}"
    if re.fullmatch(r"\+?\d+", text) and text.lstrip("+") in PLACEHOLDERS:
        spelled = PLACEHOLDERS[text.lstrip("+")].upper()
        return f"{text} is Twilio's placeholder for a withheld ID (spells {spelled} on a keypad)"
    return None


def parse_number(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    """Parse a caller number, or None when it is not a phone number at all."""
    try:
        return phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None


def analyse_caller(
    caller: CallerInput, district: DistrictProfile, history: CallerHistory | None = None
) -> CallerAnalysis:
    """Every caller.* finding for one call, each with its evidence."""
    reason = withheld_reason(caller.from_raw)
    stir = _stir_finding(caller.stir_verstat)
    if reason:
        return _withheld_analysis(caller, reason, stir, district)
    number = parse_number(caller.from_raw or "", district.country)
    e164 = _e164(number)
    place = geocoder.description_for_number(number, "en") if number else ""
    findings = (
        Finding("caller.withheld", False, "Caller ID shown.", {"from": caller.from_raw}),
        implausible_finding(caller.from_raw or "", number),
        school_finding(e164, district),
        stir,
        far_away_finding(caller, number, place, district),
        repeat_finding(e164, history or CallerHistory()),
    )
    display = e164 or (caller.from_raw or "").strip()
    return CallerAnalysis(False, e164, display, place, findings)


def _withheld_analysis(
    caller: CallerInput, reason: str, stir: Finding, district: DistrictProfile
) -> CallerAnalysis:
    skipped = {"from": caller.from_raw, "checked": False, "why": "caller ID withheld"}
    findings = (
        Finding(
            "caller.withheld",
            True,
            f"Caller ID withheld: {reason}.",
            {"from": caller.from_raw, "reason": reason},
        ),
        Finding("caller.implausible", False, "Not checked: no number shown.", skipped),
        Finding("caller.is_school", False, "Not checked: no number shown.", skipped),
        stir,
        _twilio_region_only(caller, district),
        Finding("caller.repeat", False, "Not checked: no number shown.", skipped),
    )
    return CallerAnalysis(True, None, "withheld", "", findings)


def _e164(number: phonenumbers.PhoneNumber | None) -> str | None:
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def implausible_reasons(raw: str, number: phonenumbers.PhoneNumber | None) -> list[str]:
    """Why a shown number looks made up; empty when it looks like a real number."""
    if number is None:
        return ["cannot be read as a phone number"]
    national = str(number.national_number)
    digits = re.sub(r"\D", "", raw)
    reasons = []
    if len(set(national)) == 1 or (len(digits) >= 7 and len(set(digits)) == 1):
        reasons.append("one digit repeated")
    if len(national) >= 7 and any(national in run for run in _DIGIT_RUNS):
        reasons.append("a plain run of digits")
    if number.country_code == 1 and national[3:6] == "555" and national[6:8] == "01":
        reasons.append("in the 555-01xx range reserved for fiction")
    if not phonenumbers.is_valid_number(number):
        reasons.append("not a valid number in its numbering plan")
    return reasons


def implausible_finding(raw: str, number: phonenumbers.PhoneNumber | None) -> Finding:
    """caller.implausible with the reasons found."""
    reasons = implausible_reasons(raw, number)
    evidence = {"from": raw, "e164": _e164(number), "reasons": reasons}
    if reasons:
        return Finding(
            "caller.implausible",
            True,
            "Number looks spoofed: " + "; ".join(reasons) + ".",
            evidence,
        )
    return Finding("caller.implausible", False, "Number is well-formed and valid.", evidence)


def school_finding(e164: str | None, district: DistrictProfile) -> Finding:
    """caller.is_school: the caller ID is one of the district's own numbers."""
    label = district.own_numbers.get(e164 or "")
    if label:
        return Finding(
            "caller.is_school",
            True,
            f"Caller ID is the district's own number ({label}).",
            {"e164": e164, "matches": label},
        )
    return Finding(
        "caller.is_school",
        False,
        "Not one of the district's numbers.",
        {"e164": e164, "district_numbers": len(district.own_numbers)},
    )


def _stir_finding(verstat: str | None) -> Finding:
    att = read_verstat(verstat)
    evidence = {
        "StirVerstat": att.raw or None,
        "state": att.state,
        "level": att.level,
        "via": att.via,
    }
    return Finding("caller.stir_unverified", att.unverified, describe_stir(att), evidence)


def far_away_finding(
    caller: CallerInput,
    number: phonenumbers.PhoneNumber | None,
    place: str,
    district: DistrictProfile,
) -> Finding:
    """caller.far_away: the number's region and Twilio's FromState/FromCountry vs the district."""
    region = _region(number)
    area_code = str(number.national_number)[:3] if number and number.country_code == 1 else ""
    evidence = {
        "region": region,
        "geocoded": place,
        "area_code": area_code,
        "local_area_code": area_code in district.local_area_codes,
        "FromCity": caller.from_city,
        "FromState": caller.from_state,
        "FromCountry": caller.from_country,
        "district_state": district.state,
        "note": FAR_AWAY_NOTE,
    }
    reasons = _far_reasons(region, state_of(place), caller, district)
    if reasons:
        return Finding(
            "caller.far_away",
            True,
            _sentence(reasons) + " " + FAR_AWAY_NOTE,
            evidence | {"reasons": reasons},
        )
    return Finding(
        "caller.far_away",
        False,
        "Number registered in or near the district.",
        evidence | {"reasons": []},
    )


def _region(number: phonenumbers.PhoneNumber | None) -> str | None:
    # Invalid numbers have no region, but their country code still tells the country.
    if number is None:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region or phonenumbers.region_code_for_country_code(number.country_code)


def _sentence(reasons: list[str]) -> str:
    text = "; ".join(reasons)
    return text[0].upper() + text[1:] + "."


def _far_reasons(region, number_state, caller: CallerInput, district) -> list[str]:
    reasons = []
    if region and region != district.country:
        reasons.append(f"number registered outside {district.country} ({region})")
    if number_state and number_state != district.state:
        reasons.append(f"number registered in {number_state}, not {district.state}")
    reasons.extend(_twilio_region_reasons(caller, district))
    return list(dict.fromkeys(reasons))


def _twilio_region_reasons(caller: CallerInput, district: DistrictProfile) -> list[str]:
    country = caller.from_country.upper()
    state = caller.from_state.upper()
    reasons = []
    if country and country != district.country:
        reasons.append(f"Twilio reports country {caller.from_country}")
    # Abroad, FromState is a province; only compare states within the district's country.
    if state and country in ("", district.country) and state != district.state:
        reasons.append(f"Twilio reports state {caller.from_state}")
    return reasons


def _twilio_region_only(caller: CallerInput, district: DistrictProfile) -> Finding:
    reasons = _twilio_region_reasons(caller, district)
    evidence = {
        "FromState": caller.from_state,
        "FromCountry": caller.from_country,
        "number_checked": False,
        "why": "caller ID withheld",
        "reasons": reasons,
        "note": FAR_AWAY_NOTE,
    }
    if reasons:
        return Finding("caller.far_away", True, _sentence(reasons) + " " + FAR_AWAY_NOTE, evidence)
    return Finding("caller.far_away", False, "No number shown; no region reported.", evidence)


def repeat_finding(e164: str | None, history: CallerHistory) -> Finding:
    """caller.repeat: earlier calls from this number, and other schools it called lately."""
    evidence = {
        "e164": e164,
        "calls_today": history.calls_today,
        "calls_ever": history.calls_ever,
        "other_schools": list(history.other_schools),
        "window_minutes": history.window_minutes,
    }
    parts = []
    if history.calls_ever:
        parts.append(
            f"called the district {history.calls_ever} time(s) before ({history.calls_today} today)"
        )
    if history.other_schools:
        parts.append(
            f"called {', '.join(history.other_schools)} in the last {history.window_minutes} min"
        )
    if parts:
        return Finding("caller.repeat", True, "This number " + "; ".join(parts) + ".", evidence)
    return Finding("caller.repeat", False, "No earlier calls from this number.", evidence)


def caller_e164(raw: str | None, region: str) -> str | None:
    """The caller's number in E.164, or None when withheld or not a phone number."""
    if withheld_reason(raw):
        return None
    return _e164(parse_number(raw or "", region))
