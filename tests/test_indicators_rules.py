"""The indicator rules as pure functions: positives, negatives, and evidence with timestamps."""

from __future__ import annotations

import pytest

from callscreen.indicators.place_rules import place_findings
from callscreen.indicators.script_rules import Source, recycled_finding
from callscreen.indicators.speech import caller_speech, normalise
from callscreen.indicators.transcript_rules import (
    casualties_finding,
    imminence_finding,
    warning_finding,
    weapon_finding,
)
from callscreen.indicators.wave_rules import PeerCall, district_finding, script_finding
from gazetteer import DEFAULT_DISTRICT, load_district

SCRIPT = (
    "listen carefully there is a man in the building with an ar fifteen he has already shot "
    "two students and he is going to shoot everyone in ten minutes unless you send the police"
)


def seg(text, start=0.0, track="caller", step=0.5, seg_id=1):
    """A stored-style segment whose words are `step` seconds apart from `start`."""
    words = [
        {"word": w, "start": start + i * step, "end": start + i * step + 0.4, "conf": 0.9}
        for i, w in enumerate(text.split())
    ]
    end = start + step * max(len(words), 1)
    return {"id": seg_id, "track": track, "start": start, "end": end, "text": text, "words": words}


def speech(*texts, start=0.0):
    segments, at = [], start
    for i, text in enumerate(texts):
        segments.append(seg(text, at, seg_id=i + 1))
        at = segments[-1]["end"] + 1.0
    return caller_speech(segments)


@pytest.fixture(scope="module")
def gazetteer():
    return load_district(DEFAULT_DISTRICT)


def test_normalise_writes_text_the_way_recognizers_do():
    assert normalise("There's an AR-15, 3 pipe-bombs [unk]") == [
        "theres",
        "an",
        "ar",
        "fifteen",
        "three",
        "pipe",
        "bombs",
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("there is a man with a gun at the school", "firearm"),
        ("he has an ar fifteen in his bag", "firearm"),
        ("he has an AR-15 in his bag", "firearm"),
        ("i put a pipe bomb in the gym", "explosive"),
        ("there is an explosive device in the cafeteria", "explosive"),
        ("he has a knife", "blade"),
        ("there is an active shooter", "firearm (implied)"),
    ],
)
def test_weapon_named_is_flagged_with_its_kind(text, kind):
    finding = weapon_finding(speech(text))
    assert finding.present
    assert kind in finding.evidence["kinds"]


def test_weapon_evidence_carries_the_heard_words_and_timestamps():
    finding = weapon_finding(speech("hello", "there is a bomb in the school"))
    hit = finding.evidence["hits"][0]
    assert hit["heard"] == "bomb"
    assert hit["words"] == [{"word": "bomb", "start": 3.0, "end": 3.4, "conf": 0.9}]
    assert hit["segment_id"] == 2
    assert "'bomb' at 3.0 s" in finding.summary


def test_misheard_weapon_word_is_matched_fuzzily_and_says_so():
    hit = weapon_finding(speech("he is carrying a riffle")).evidence["hits"][0]
    assert (hit["method"], hit["like"]) == ("fuzzy", "rifle")
    assert hit["score"] >= 80


@pytest.mark.parametrize(
    "text", ["i need advice about the field trip", "my son forgot his lunch", "the bus is late"]
)
def test_everyday_calls_name_no_weapon(text):
    assert not weapon_finding(speech(text)).present


def test_no_caller_speech_is_not_a_finding():
    finding = weapon_finding(caller_speech([seg("there is a gun", track="staff")]))
    assert not finding.present
    assert finding.summary == "No caller speech yet."


def test_staff_words_are_not_the_callers_claims():
    segments = [seg("is anyone hurt is there a gun", track="staff"), seg("please hurry", 4.0)]
    sp = caller_speech(segments)
    assert not weapon_finding(sp).present
    assert [s["track"] for s in sp.context] == ["staff"]


def test_casualty_claims_carry_counts_said_as_words():
    finding = casualties_finding(speech("three people are dead and twenty five students injured"))
    assert finding.present
    assert finding.evidence["counts"] == [3, 25]
    assert [c["heard"] for c in finding.evidence["claims"]] == [
        "three people are dead",
        "twenty five students injured",
    ]


def test_hostages_are_a_casualty_claim():
    finding = casualties_finding(speech("i am holding the kids hostage in the gym"))
    assert finding.present
    assert finding.evidence["claims"][0]["harm"] == "hostage"


@pytest.mark.parametrize(
    "text",
    [
        "he says he is going to hurt the kids",  # intent: script.warning, not a claim
        "nobody is hurt yet",
        "i heard a shot near the library",
        "my phone is almost dead",
    ],
)
def test_intents_denials_and_gunshots_are_not_casualty_claims(text):
    assert not casualties_finding(speech(text)).present


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("theres going to be a shooting at the high school", "shooting"),
        ("i am going to shoot up the school at noon", "shoot up"),
        ("someone said they would bring a gun to school on monday", "bring a gun"),
        ("the bomb will go off in ten minutes", "go off"),
    ],
)
def test_announced_attack_is_a_warning(text, act):
    finding = warning_finding(speech(text))
    assert finding.present
    assert finding.evidence["warnings"][0]["act"] == act


def test_warning_evidence_includes_the_time_said():
    warning = warning_finding(speech("i will kill everyone at noon")).evidence["warnings"][0]
    assert warning["heard"] == "will kill"
    assert [w["heard"] for w in warning["when"]] == ["at noon"]
    assert warning["when"][0]["words"][0]["start"] == 2.0


@pytest.mark.parametrize(
    "text",
    [
        "i will wait for the principal",
        "are you going to send help",
        "im going to hide he has a gun",
        "there is a man with a gun",
    ],
)
def test_future_talk_without_an_attack_is_not_a_warning(text):
    assert not warning_finding(speech(text)).present


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("this is my last resort", "last resort"),
        ("i am running out of patience", "running out of patience or time"),
        ("you have fifteen minutes", "deadline"),
        ("it happens in twenty minutes", "deadline"),
        ("it happens at three oclock", "deadline"),
        ("read my manifesto", "manifesto or legacy"),
        ("this will be my legacy", "manifesto or legacy"),
    ],
)
def test_imminence_cues_are_found(text, cue):
    finding = imminence_finding(speech(text))
    assert finding.present
    assert cue in finding.evidence["cues"]


def test_plain_words_are_not_imminence_cues():
    assert not imminence_finding(speech("can you tell me when school ends today")).present


def test_real_places_named_correctly_are_known(gazetteer):
    known, unknown, none = place_findings(
        speech("there is a bomb in the cafeteria at the peabody school"), gazetteer, True
    )
    assert known.present and not unknown.present and not none.present
    said = {m["said"]: m for m in known.evidence["mentions"]}
    assert said["peabody school"]["candidates"][0]["name"] == "Peabody School"
    assert said["peabody school"]["words"][0]["start"] == pytest.approx(4.5)


def test_place_the_district_lacks_or_misnames_is_unknown_with_candidates(gazetteer):
    _, unknown, _ = place_findings(
        speech("there is a man with a gun at lincoln elementary on maple street"), gazetteer, True
    )
    assert unknown.present
    mentions = {m["said"]: m for m in unknown.evidence["mentions"]}
    maple = mentions["maple street"]
    assert maple["verdict"] == "near"
    assert maple["candidates"][0]["name"] == "Maple Avenue"
    assert maple["candidates"][0]["score"] >= 80
    assert [w["word"] for w in maple["words"]] == ["maple", "street"]
    assert any(m["verdict"] == "unknown" for m in mentions.values())


def test_no_place_after_enough_caller_speech_is_place_none(gazetteer):
    sp = speech(*["help there is a shooting please hurry send someone"] * 5)
    assert sp.seconds >= 20
    *_, none = place_findings(sp, gazetteer, danger=False, after_seconds=20)
    assert none.present
    assert none.evidence["after_seconds"] == 20
    assert none.evidence["emergency_words"][0]["heard"] == "help"


def test_place_none_waits_for_n_seconds_of_caller_speech(gazetteer):
    *_, none = place_findings(speech("help there is a shooting"), gazetteer, True, 20)
    assert not none.present
    assert "20 s" in none.summary


def test_place_none_needs_an_emergency(gazetteer):
    sp = speech(*["hi i wanted to ask about the spring concert tickets"] * 6)
    *_, none = place_findings(sp, gazetteer, danger=False, after_seconds=5)
    assert not none.present


def test_recycled_script_matches_a_reworded_earlier_call():
    heard = (
        "yeah hi there is a man in your building with a are fifteen he has already shot two "
        "students and hes going to shoot every one in ten minutes"
    )
    finding = recycled_finding(speech(heard), [Source("call", "CAold", SCRIPT, "Baldwin School")])
    assert finding.present
    match = finding.evidence["matches"][0]
    assert (match["kind"], match["ref"], match["school"]) == ("call", "CAold", "Baldwin School")
    assert match["shared_words"] >= 10
    assert "shot two students" in match["their_passage"]
    assert match["passage"]["words"][0]["start"] >= 0


def test_known_script_is_named_in_the_match():
    finding = recycled_finding(speech(SCRIPT), [Source("known_script", "ar15 wave 2023", SCRIPT)])
    assert finding.present
    assert "known script 'ar15 wave 2023'" in finding.summary


@pytest.mark.parametrize(
    "other",
    [
        "there is a man with a gun at the school please send the police right now",
        "hi this is a parent i wanted to ask whether the field trip on friday is still on",
    ],
)
def test_different_wording_is_not_a_recycled_script(other):
    assert not recycled_finding(speech(SCRIPT), [Source("call", "CAx", other)]).present


def test_wave_district_needs_this_and_another_threat_call():
    peers = [
        PeerCall("CA1", "Baldwin School", "t1", ("threat.weapon",)),
        PeerCall("CA2", "Morse School", "t2", ()),
    ]
    present = district_finding(True, peers, 120, 2)
    assert present.present
    assert [c["sid"] for c in present.evidence["calls"]] == ["CA1"]
    assert not district_finding(False, peers, 120, 2).present
    assert not district_finding(True, peers[1:], 120, 2).present


def test_wave_script_needs_the_same_wording_at_another_school():
    peers = [PeerCall("CA1", "Baldwin School", "t1", ("threat.weapon",), SCRIPT)]
    finding = script_finding(speech(SCRIPT), "Amigos School", peers, 120)
    assert finding.present
    assert finding.evidence["schools"] == ["Amigos School", "Baldwin School"]
    assert not script_finding(speech(SCRIPT), "Baldwin School", peers, 120).present


def test_rule_settings_come_from_the_app_config_with_defaults():
    from callscreen.indicators.config import RuleConfig, RuleConfigError

    config = RuleConfig.from_mapping({"PLACE_NONE_SECONDS": "30", "WAVE_WINDOW_MINUTES": 60})
    assert (config.place_none_seconds, config.wave_window_minutes) == (30.0, 60)
    assert config.wave_min_calls == RuleConfig().wave_min_calls
    with pytest.raises(RuleConfigError, match="not a number"):
        RuleConfig.from_mapping({"WAVE_MIN_CALLS": "several"})


def test_every_finding_carries_the_rule_version():
    from callscreen.indicators.catalogue import RULE_VERSION
    from callscreen.indicators.transcript_rules import transcript_findings

    assert {f.rule_version for f in transcript_findings(speech(SCRIPT))} == {RULE_VERSION}
