"""The incoming-call webhook: TwiML (parsed with ElementTree) and what is logged."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import PUBLIC, SCHOOL_LINE


def parse(response) -> ET.Element:
    assert response.status_code == 200, response.data
    assert not response.data.startswith(b" ") and response.data.startswith(b"<?xml")
    return ET.fromstring(response.data)


def test_answer_announces_recording_streams_both_tracks_and_dials_front_office(twilio):
    sid, response = twilio.call()
    root = parse(response)
    assert [child.tag for child in root] == ["Say", "Start", "Dial"]
    assert "recorded" in root.find("Say").text
    stream = root.find("Start/Stream")
    assert stream.get("url") == "wss://callscreen.test/twilio/media"
    assert "?" not in stream.get("url")
    assert stream.get("track") == "both_tracks"
    assert stream.get("statusCallback") == PUBLIC + "/twilio/stream-status"
    params = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    assert params == {"CallSid": sid, "SchoolLine": SCHOOL_LINE}
    dial = root.find("Dial")
    assert dial.get("record") == "record-from-answer-dual"
    assert dial.get("recordingStatusCallback") == PUBLIC + "/twilio/recording"
    assert dial.get("action") == PUBLIC + "/twilio/dial-action"
    number = dial.find("Number")
    assert number.text == "+16175550100"
    assert number.get("statusCallback") == PUBLIC + "/twilio/status"
    assert set(number.get("statusCallbackEvent").split()) == {
        "initiated",
        "ringing",
        "answered",
        "completed",
    }


def test_recording_notice_can_be_turned_off(app, twilio):
    app.config["ANNOUNCE_RECORDING"] = False
    _, response = twilio.call()
    assert [child.tag for child in parse(response)] == ["Start", "Dial"]


def test_http_public_url_streams_over_ws(app, client):
    from conftest import call_sid, incoming_call, sign

    app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"
    params = incoming_call(call_sid())
    response = client.post(
        "/twilio/voice",
        data=params,
        headers={"X-Twilio-Signature": sign("http://127.0.0.1:5000/twilio/voice", params)},
    )
    assert parse(response).find("Start/Stream").get("url") == "ws://127.0.0.1:5000/twilio/media"


def test_call_is_logged_with_caller_analysis_and_event(twilio, db):
    sid, _ = twilio.call(From="+19999999999", StirVerstat="TN-Validation-Failed-B")
    call = db["calls"].get(sid)
    assert call["status"] == "ringing"
    assert call["school"] == "Amigos School"
    assert call["caller_e164"] == "+19999999999"
    present = {
        r["indicator"] for r in db["indicators"].rows_where("call_sid = ? AND present = 1", [sid])
    }
    assert present == {"caller.implausible", "caller.stir_unverified", "caller.far_away"}
    kinds = [e["kind"] for e in db["events"].rows_where("call_sid = ?", [sid], order_by="id")]
    assert kinds[0] == "call.started"
    assert kinds.count("indicator") == 6
    started = json.loads(db["events"].get(1)["payload"])
    assert started["caller"]["display"] == "+19999999999"


def test_retried_voice_webhook_answers_again_without_duplicating(twilio, db):
    sid, first = twilio.call()
    _, second = twilio.call(sid)
    assert first.data == second.data
    assert db["calls"].count == 1
    assert db["events"].count_where("kind = 'call.started'") == 1


def test_withheld_caller_is_logged_as_withheld(twilio, db):
    sid, _ = twilio.call(From="+266696687", FromCountry="", FromState="")
    call = db["calls"].get(sid)
    assert call["caller_withheld"] == 1 and call["caller_e164"] is None
    row = next(db["indicators"].rows_where("call_sid = ? AND indicator = 'caller.withheld'", [sid]))
    assert row["present"] == 1 and "ANONYMOUS" in row["summary"]


def test_missing_front_office_number_answers_with_spoken_message_and_logs_error(app, twilio, db):
    from dataclasses import replace

    svc = app.extensions["callscreen"]
    svc.district = replace(svc.district, front_office_number="")
    sid, response = twilio.call()
    root = parse(response)
    assert [c.tag for c in root] == ["Say", "Hangup"]
    assert "9 1 1" in root.find("Say").text
    assert db["events"].count_where("kind = 'config.error' AND call_sid = ?", [sid]) == 1
    assert db["calls"].get(sid)


def test_repeat_caller_is_flagged_on_second_call_to_another_school(twilio, db, clock):
    twilio.call(From="+13125551234")
    clock.advance(minutes=10)
    sid, _ = twilio.call(From="+13125551234", To="+16173496525")
    row = next(db["indicators"].rows_where("call_sid = ? AND indicator = 'caller.repeat'", [sid]))
    evidence = json.loads(row["evidence"])
    assert row["present"] == 1
    assert evidence["calls_ever"] == 1 and evidence["other_schools"] == ["Amigos School"]


def test_dial_action_hangs_up_after_answered_call(twilio):
    from conftest import ACCOUNT

    sid, _ = twilio.call()
    response = twilio.post(
        "/twilio/dial-action",
        {"CallSid": sid, "AccountSid": ACCOUNT, "DialCallStatus": "completed"},
    )
    assert [c.tag for c in parse(response)] == ["Hangup"]


def test_dial_action_takes_a_message_when_nobody_answers(twilio, db):
    from conftest import ACCOUNT

    sid, _ = twilio.call()
    response = twilio.post(
        "/twilio/dial-action",
        {"CallSid": sid, "AccountSid": ACCOUNT, "DialCallStatus": "no-answer"},
    )
    root = parse(response)
    assert [c.tag for c in root] == ["Say", "Record", "Hangup"]
    assert root.find("Record").get("recordingStatusCallback") == PUBLIC + "/twilio/recording"
    assert db["events"].count_where("kind = 'dial.finished'") == 1


def test_caller_history_counts_today_in_district_time_ever_and_schools_in_window(twilio, db, clock):
    from datetime import UTC, datetime

    from callscreen.calls import caller_history

    caller = "+13125551234"
    clock.now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # yesterday in Cambridge
    twilio.call(From=caller, To="+16173496525")
    clock.now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 01:00 in Cambridge: today
    twilio.call(From=caller)
    clock.now = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    sid, _ = twilio.call(From=caller)
    twilio.call(sid, From=caller)  # Twilio's retry of the same webhook is not a new call
    history = caller_history(db, caller, sid, "Amigos School", clock.now, "America/New_York", 240)
    assert (history.calls_ever, history.calls_today) == (2, 1)
    assert history.other_schools == ()  # the other school's call is outside the window
    wide = caller_history(db, caller, sid, "Amigos School", clock.now, "America/New_York", 24 * 60)
    assert wide.other_schools == ("Baldwin School",)
    assert db["calls"].count_where("caller_e164 = ?", [caller]) == 3
