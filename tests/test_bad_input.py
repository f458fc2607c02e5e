"""Bad webhook input gets a clear 4xx, never a 500, and never touches stored data."""

from __future__ import annotations

import pytest

from conftest import ACCOUNT, PUBLIC, call_sid, incoming_call, sign


def signed_raw(client, path: str, body: bytes, params: dict, content_type: str):
    return client.post(
        path,
        data=body,
        content_type=content_type,
        headers={"X-Twilio-Signature": sign(PUBLIC + path, params)},
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"CallSid": None}, b"CallSid is missing"),
        ({"CallSid": "CA123"}, b"CallSid is malformed"),
        ({"CallSid": "XX" + "0" * 32}, b"CallSid is malformed"),
        ({"To": None}, b"To must be an E.164 number"),
        ({"To": "not a number"}, b"To must be an E.164 number"),
    ],
)
def test_voice_webhook_with_bad_fields_gets_400_with_reason(twilio, db, change, message):
    params = incoming_call(call_sid(), **change)
    response = twilio.post("/twilio/voice", params)
    assert response.status_code == 400
    assert message in response.data
    assert db["calls"].count == 0


def test_malformed_caller_number_is_analysed_not_rejected(twilio, db):
    sid, response = twilio.call(From="+1 (555) NOT-REAL")
    assert response.status_code == 200
    row = next(
        db["indicators"].rows_where("call_sid = ? AND indicator = 'caller.implausible'", [sid])
    )
    assert row["present"] == 1


def test_non_utf8_body_gets_400(client, db):
    response = signed_raw(
        client,
        "/twilio/voice",
        b"CallSid=%FF%FE&To=%2B1617",
        {},
        "application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert b"UTF-8" in response.data
    assert db["calls"].count == 0


def test_raw_non_ascii_body_gets_400(client):
    response = signed_raw(
        client,
        "/twilio/voice",
        "CallSid=é".encode("latin-1"),
        {},
        "application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_json_body_gets_400(client):
    response = signed_raw(client, "/twilio/voice", b'{"CallSid": "x"}', {}, "application/json")
    assert response.status_code == 400
    assert b"form-encoded" in response.data


def test_oversized_body_gets_413(client, db):
    params = incoming_call(call_sid(), Padding="x" * 70_000)
    response = client.post(
        "/twilio/voice",
        data=params,
        headers={"X-Twilio-Signature": sign(PUBLIC + "/twilio/voice", params)},
    )
    assert response.status_code == 413
    assert db["calls"].count == 0


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/twilio/status", {"CallSid": "CA" + "1" * 32, "CallStatus": "exploded"}, b"CallStatus"),
        (
            "/twilio/status",
            {"CallSid": "CA" + "1" * 32, "CallStatus": "completed", "SequenceNumber": "-1"},
            b"SequenceNumber",
        ),
        (
            "/twilio/recording",
            {"CallSid": "CA" + "1" * 32, "RecordingSid": "RE1", "RecordingStatus": "completed"},
            b"RecordingSid",
        ),
        (
            "/twilio/recording",
            {
                "CallSid": "CA" + "1" * 32,
                "RecordingSid": "RE" + "1" * 32,
                "RecordingStatus": "completed",
                "RecordingUrl": "ftp://x",
            },
            b"RecordingUrl",
        ),
        (
            "/twilio/stream-status",
            {
                "CallSid": "CA" + "1" * 32,
                "StreamSid": "MZ" + "1" * 32,
                "StreamEvent": "stream-exploded",
            },
            b"StreamEvent",
        ),
        (
            "/twilio/dial-action",
            {"CallSid": "CA" + "1" * 32, "DialCallStatus": ""},
            b"DialCallStatus",
        ),
    ],
)
def test_callbacks_with_bad_fields_get_400(twilio, db, path, params, message):
    response = twilio.post(path, {"AccountSid": ACCOUNT, **params})
    assert response.status_code == 400
    assert message in response.data
    assert db["events"].count == 0


def test_bad_callback_does_not_touch_an_existing_call(twilio, db):
    sid, _ = twilio.call()
    before = db["events"].count
    response = twilio.post(
        "/twilio/status", {"CallSid": sid, "AccountSid": ACCOUNT, "CallStatus": "bogus"}
    )
    assert response.status_code == 400
    assert db["events"].count == before and db["calls"].get(sid)["status"] == "ringing"


def test_get_on_webhook_is_405(client):
    assert client.get("/twilio/voice").status_code == 405


def test_unknown_path_is_404_with_text(client):
    response = client.get("/nope")
    assert response.status_code == 404 and response.data
