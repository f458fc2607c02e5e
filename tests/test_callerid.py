"""Caller-ID analysis: the caller.* indicators of INDICATORS.md with their evidence."""

from __future__ import annotations

import pytest

from callscreen.indicators.catalogue import BY_ID
from callscreen.telephony.callerid import (
    PLACEHOLDERS,
    CallerHistory,
    CallerInput,
    analyse_caller,
    withheld_reason,
)
from callscreen.telephony.stir import read_verstat
from gazetteer import DEFAULT_DISTRICT
from gazetteer.profile import load_profile

DISTRICT = load_profile(DEFAULT_DISTRICT)


def present(raw, stir=None, history=None, **geo) -> set[str]:
    analysis = analyse_caller(CallerInput(raw, stir, **geo), DISTRICT, history)
    return {f.indicator for f in analysis.findings if f.present}


def finding(raw, indicator, stir=None, history=None, **geo):
    analysis = analyse_caller(CallerInput(raw, stir, **geo), DISTRICT, history)
    return next(f for f in analysis.findings if f.indicator == indicator)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "   ",
        "anonymous",
        "Anonymous",
        "restricted",
        "unknown",
        "unavailable",
        "private",
        "blocked",
        "withheld",
        "client:Anonymous",
        "+266696687",
        "+7378742833",
        "+17378742833",
        "+2562533",
        "+8656696",
        "+86282452253",
    ],
)
def test_withheld_caller_id_is_flagged_before_parsing(raw):
    assert present(raw) == {"caller.withheld"}


def test_keypad_placeholder_is_not_mistaken_for_a_lesotho_number():
    f = finding("+266696687", "caller.far_away")
    assert not f.present and f.evidence["number_checked"] is False
    assert "ANONYMOUS" in withheld_reason("+266696687")


def test_placeholders_are_the_withheld_words_spelled_on_a_keypad():
    assert PLACEHOLDERS["266696687"] == "anonymous"
    assert PLACEHOLDERS["7378742833"] == "restricted"
    assert PLACEHOLDERS["86282452253"] == "unavailable"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("+19999999999", "one digit repeated"),
        ("9999999999", "one digit repeated"),
        ("0000000000", "one digit repeated"),
        ("+1234567890", "a plain run of digits"),
        ("1234567890", "a plain run of digits"),
        ("+16175550123", "555-01xx"),
        ("+16170123456", "not a valid number"),
        ("+999123", "cannot be read"),
        ("call me maybe", "cannot be read"),
    ],
)
def test_implausible_number_is_flagged_with_reason(raw, reason):
    f = finding(raw, "caller.implausible")
    assert f.present
    assert any(reason in r for r in f.evidence["reasons"]), f.evidence


@pytest.mark.parametrize("raw", ["+16175551234", "+18573214567", "(617) 555-1234", "+12125551234"])
def test_plausible_number_is_not_flagged_implausible(raw):
    assert not finding(raw, "caller.implausible").present


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("+16173496567", "Amigos School"),
        ("617-349-6630", "Cambridge Rindge and Latin"),
        ("+16175550100", "front office"),
    ],
)
def test_district_own_number_as_caller_id_is_flagged(raw, label):
    f = finding(raw, "caller.is_school")
    assert f.present and f.evidence["matches"] == label


@pytest.mark.parametrize(
    ("verstat", "state", "flagged"),
    [
        (None, "unknown", False),
        ("", "unknown", False),
        ("TN-Validation-Passed-A", "attested", False),
        ("TN-Validation-Passed-B", "attested", False),
        ("TN-Validation-Passed-C", "weak", True),
        ("TN-Validation-Failed-A", "failed", True),
        ("TN-Validation-Failed-B", "failed", True),
        ("TN-Validation-Failed-C", "failed", True),
        ("TN-Validation-Failed", "failed", True),
        ("No-TN-Validation", "not-validated", True),
        ("NULL", "failed", True),
        ("TN-Validation-Passed-A-Diverted", "attested", False),
        ("TN-Validation-Failed-B-Diverted", "failed", True),
        ("TN-Validation-Passed-C-Passthrough", "weak", True),
        ("TN-Validation-Passed-A-Passthrough", "attested", False),
        ("Something-Else", "unrecognised", False),
    ],
)
def test_every_stir_verstat_value_is_read(verstat, state, flagged):
    assert read_verstat(verstat).state == state
    f = finding("+16175551234", "caller.stir_unverified", stir=verstat)
    assert f.present is flagged
    assert f.evidence["state"] == state


def test_absent_stir_is_unknown_not_spoofed():
    f = finding("+16175551234", "caller.stir_unverified")
    assert not f.present and "not by itself a sign of spoofing" in f.summary


def test_attestation_a_is_not_called_proof_of_identity():
    assert (
        "not proof"
        in finding("+16175551234", "caller.stir_unverified", stir="TN-Validation-Passed-A").summary
    )


@pytest.mark.parametrize(
    ("raw", "geo", "far"),
    [
        ("+16175551234", {}, False),
        ("+18573214567", {}, False),
        ("+15085551234", {}, False),  # in-state, outside the local area codes
        ("+12125551234", {}, True),
        ("+447700900123", {}, True),
        ("+16175551234", {"from_state": "TX", "from_country": "US"}, True),
        ("+16175551234", {"from_country": "GB"}, True),
        ("+16175551234", {"from_state": "MA", "from_country": "US"}, False),
        ("+18005551212", {}, False),  # toll-free: no place to compare
    ],
)
def test_far_away_compares_number_region_and_twilio_geo_with_district(raw, geo, far):
    f = finding(raw, "caller.far_away", **geo)
    assert f.present is far
    assert "Weak signal" in f.evidence["note"]


def test_far_away_evidence_names_area_code_and_place():
    f = finding("+12125551234", "caller.far_away")
    assert f.evidence["area_code"] == "212" and f.evidence["local_area_code"] is False
    assert "NY" in f.summary


def test_withheld_caller_abroad_per_twilio_is_far_away():
    assert finding("anonymous", "caller.far_away", from_country="RU").present


def test_repeat_caller_evidence_counts_earlier_calls_and_schools():
    history = CallerHistory(calls_today=2, calls_ever=3, other_schools=("Baldwin School",))
    f = finding("+16175551234", "caller.repeat", history=history)
    assert f.present
    assert f.evidence["calls_ever"] == 3 and f.evidence["other_schools"] == ["Baldwin School"]
    assert not finding("+16175551234", "caller.repeat").present


def test_every_finding_uses_a_catalogue_id_and_covers_all_caller_indicators():
    analysis = analyse_caller(CallerInput("+16175551234"), DISTRICT)
    ids = [f.indicator for f in analysis.findings]
    assert ids == [i for i in BY_ID if i.startswith("caller.")]
