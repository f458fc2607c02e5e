"""The summary: two lists side by side, the standing guidance, the next question; no verdict."""

from __future__ import annotations

import json

from callscreen.indicators.finding import Finding
from callscreen.indicators.summary import summarise
from gazetteer.profile import Partner

PARTNER = Partner("Cambridge Police Department", "+16173493300")
WEAPON = Finding(
    "threat.weapon",
    True,
    "Weapon or device named (explosive): 'bomb' at 3.0 s.",
    {"hits": [{"heard": "bomb", "start": 3.0, "end": 3.4, "words": []}], "kinds": ["explosive"]},
)
GUN = Finding("threat.weapon", True, "Weapon named.", {"hits": [], "kinds": ["firearm"]})
WITHHELD = Finding("caller.withheld", True, "Caller ID withheld.", {"from": ""})
UNKNOWN_PLACE = Finding(
    "place.unknown", True, "Caller named 'maple street'.",
    {"mentions": [{"heard": "maple street", "start": 7.5, "words": []}]},
)  # fmt: skip
ABSENT = Finding("imminence.cues", False, "No imminence language.", {})


def test_swatting_and_danger_indicators_are_listed_side_by_side_with_evidence():
    out = summarise([WEAPON, WITHHELD, UNKNOWN_PLACE, ABSENT], partner=PARTNER)
    assert [i["indicator"] for i in out["danger"]] == ["threat.weapon"]
    assert [i["indicator"] for i in out["swatting"]] == ["place.unknown", "caller.withheld"]
    weapon = out["danger"][0]
    assert weapon["evidence"] == WEAPON.evidence
    assert weapon["first_heard_at"] == 3.0
    assert weapon["anchor"] == "indicator-threat-weapon"
    assert out["swatting"][0]["first_heard_at"] == 7.5


def test_guidance_names_911_and_the_districts_partner_with_number():
    text = summarise([], partner=PARTNER)["guidance"]
    assert "Treat every threat as credible" in text
    assert "9-1-1" in text
    assert "Cambridge Police Department at +16173493300" in text


def test_summary_never_gives_a_verdict_or_a_score():
    out = summarise([WEAPON, WITHHELD, UNKNOWN_PLACE], partner=PARTNER)
    text = json.dumps(out).lower()
    assert "hoax" not in text
    assert "stand down" not in text
    assert not {"score", "verdict", "risk"} & set(out)


def test_a_claimed_device_makes_the_bomb_questions_next():
    assert summarise([WEAPON])["next_question"]["item"] == "bomb.when"
    answered = summarise([WEAPON], answered=["bomb.when"])["next_question"]
    assert answered["item"] == "bomb.where"


def test_next_question_comes_from_the_most_relevant_present_indicator():
    question = summarise([WITHHELD, UNKNOWN_PLACE])["next_question"]
    assert question == {
        "text": "Ask for a cross street or a landmark nearby.",
        "item": "ask.local_detail",
        "because": "place.unknown",
    }
    after = summarise([WITHHELD, UNKNOWN_PLACE], answered=["ask.local_detail"])["next_question"]
    assert after["because"] == "caller.withheld"


def test_without_indicators_the_first_unanswered_follow_up_is_next():
    assert summarise([])["next_question"]["item"] == "ask.name"
    assert summarise([], answered=["ask.name"])["next_question"]["item"] == "ask.callback"


def test_stored_rows_are_summarised_like_findings():
    row = {**GUN.to_dict(), "present": True}
    assert summarise([row])["danger"][0]["summary"] == "Weapon named."
