"""Status, recording and stream callbacks: idempotent, order-safe, logged once."""

from __future__ import annotations

from conftest import ACCOUNT, call_sid

RECORDING_SID = "RE" + "ab" * 16
STREAM_SID = "MZ" + "cd" * 16


def status(twilio, sid, value, seq=None, **extra):
    params = {"CallSid": sid, "AccountSid": ACCOUNT, "CallStatus": value, **extra}
    if seq is not None:
        params["SequenceNumber"] = str(seq)
    return twilio.post("/twilio/status", params)


def test_status_callbacks_advance_the_call(twilio, db):
    sid, _ = twilio.call()
    assert status(twilio, sid, "in-progress", 1).status_code == 204
    status(twilio, sid, "completed", 2, CallDuration="42")
    call = db["calls"].get(sid)
    assert call["status"] == "completed" and call["duration_seconds"] == 42
    assert call["answered_at"] and call["ended_at"]


def test_repeated_status_callback_is_logged_once(twilio, db):
    sid, _ = twilio.call()
    for _ in range(3):
        assert status(twilio, sid, "completed", 4, CallDuration="10").status_code == 204
    assert db["events"].count_where("kind = 'status' AND call_sid = ?", [sid]) == 1


def test_out_of_order_callbacks_never_move_a_call_backwards(twilio, db):
    sid, _ = twilio.call()
    status(twilio, sid, "completed", 3, CallDuration="30")
    status(twilio, sid, "ringing", 1)
    status(twilio, sid, "in-progress", 2)
    call = db["calls"].get(sid)
    assert call["status"] == "completed" and call["duration_seconds"] == 30
    assert db["events"].count_where("kind = 'status'") == 3


def test_completed_stays_completed_even_when_another_terminal_status_arrives(twilio, db):
    sid, _ = twilio.call()
    status(twilio, sid, "completed", 2)
    status(twilio, sid, "failed", 3)
    assert db["calls"].get(sid)["status"] == "completed"


def test_front_office_leg_status_is_logged_on_the_parent_call(twilio, db):
    sid, _ = twilio.call()
    child = call_sid()
    status(twilio, child, "in-progress", 2, ParentCallSid=sid)
    assert db["calls"].get(sid)["status"] == "ringing"
    assert db["events"].count_where("kind = 'front_office.status' AND call_sid = ?", [sid]) == 1
    assert db["calls"].count == 1


def test_status_for_a_call_never_seen_creates_the_call(twilio, db):
    sid = call_sid()
    status(twilio, sid, "completed", 0, From="+16175551234", To="+16173496567")
    assert db["calls"].get(sid)["status"] == "completed"


def recording(twilio, sid, state="completed", **extra):
    params = {
        "CallSid": sid,
        "AccountSid": ACCOUNT,
        "RecordingSid": RECORDING_SID,
        "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/"
        f"Recordings/{RECORDING_SID}",
        "RecordingStatus": state,
        "RecordingDuration": "61",
        "RecordingChannels": "2",
        "RecordingSource": "DialVerb",
        **extra,
    }
    return twilio.post("/twilio/recording", params)


def test_recording_callback_is_stored_once_and_handed_on_once(app, twilio, db):
    handed = []
    app.extensions["callscreen"].extra["on_recording_completed"] = lambda call, rec: handed.append(
        (call, rec)
    )
    sid, _ = twilio.call()
    recording(twilio, sid, "in-progress")
    for _ in range(2):
        assert recording(twilio, sid).status_code == 204
    rec = db["recordings"].get(RECORDING_SID)
    assert rec["status"] == "completed" and rec["channels"] == 2
    assert handed == [(sid, RECORDING_SID)]
    assert db["events"].count_where("kind = 'recording'") == 2


def test_late_in_progress_recording_callback_does_not_undo_completed(twilio, db):
    sid, _ = twilio.call()
    recording(twilio, sid, "completed")
    recording(twilio, sid, "in-progress")
    assert db["recordings"].get(RECORDING_SID)["status"] == "completed"


def test_stream_status_callback_is_logged_once(twilio, db):
    sid, _ = twilio.call()
    params = {
        "CallSid": sid,
        "AccountSid": ACCOUNT,
        "StreamSid": STREAM_SID,
        "StreamEvent": "stream-started",
        "StreamName": "callscreen",
    }
    for _ in range(2):
        assert twilio.post("/twilio/stream-status", params).status_code == 204
    assert db["events"].count_where("kind = 'stream.status'") == 1


def test_events_have_rising_ids_and_cannot_be_edited(twilio, db):
    import sqlite3

    import pytest

    sid, _ = twilio.call()
    status(twilio, sid, "completed", 1)
    ids = [r["id"] for r in db["events"].rows_where(order_by="id")]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE events SET kind = 'x' WHERE id = ?", [ids[0]])
