"""The live call page: views and changes audited, ticks/actions/reviews stored, SSE resume."""

from __future__ import annotations

import json

import pytest
import webfixtures
from webfixtures import create_user, login, post

from callscreen.calls import store_findings
from callscreen.db import immediate
from callscreen.events import events_since
from callscreen.indicators.finding import Finding
from callscreen.transcripts import LIVE, store_segment

staff, admin = webfixtures.staff, webfixtures.admin
staff_client = webfixtures.staff_client


def segment(text="there is a man with a gun in the gym", start=1.0, track="caller"):
    return {
        "track": track,
        "start": start,
        "end": start + 2,
        "text": text,
        "words": [],
        "confidence": 0.8,
        "engine": "vosk",
        "model": "test",
        "lower_accuracy": False,
    }


def read_events(client, sid, headers=None, query="", want=1, max_chunks=200):
    """Open the stream, read until `want` logged events arrived, then disconnect."""
    response = client.get(f"/calls/{sid}/events{query}", headers=headers or {}, buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    events, summaries = [], []
    for chunk, _ in zip(response.response, range(max_chunks), strict=False):
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        if text.startswith("id: "):
            events.append(json.loads(text.split("data: ", 1)[1]))
        elif text.startswith("event: summary"):
            summaries.append(json.loads(text.split("data: ", 1)[1]))
        if len(events) >= want:
            break
    response.close()  # the client goes away: the generator must end
    return events, summaries


@pytest.fixture
def short_streams(app):
    app.config["SSE_MAX_SECONDS"] = 2
    app.config["SSE_POLL_SECONDS"] = 0.01


def test_call_page_renders_and_the_view_is_audited(staff_client, twilio, db):
    sid, _ = twilio.call(From="Anonymous")
    page = staff_client.get(f"/calls/{sid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "withheld" in html and "9-1-1" in html
    assert "Treat every threat as credible" in html
    row = db.execute("SELECT actor, action, call_sid FROM audit ORDER BY id DESC").fetchone()
    assert row == ("sam", "call.viewed", sid)


def test_unknown_call_is_404(staff_client):
    assert staff_client.get("/calls/CA" + "0" * 32).status_code == 404
    assert (
        post(
            staff_client, "/calls/CAnope/ticks", {"item": "ask.name", "value": "asked"}
        ).status_code
        == 404
    )


def test_tick_is_stored_as_an_event_with_who_and_when(staff_client, twilio, db, clock):
    sid, _ = twilio.call()
    response = post(
        staff_client,
        f"/calls/{sid}/ticks",
        {"item": "ask.callback", "value": "refused", "note": "hung up"},
    )
    assert response.status_code == 201
    event = events_since(db, sid)[-1]
    assert event["id"] == response.get_json()["id"]
    assert event["kind"] == "checklist.tick"
    assert event["payload"] == {
        "item": "ask.callback",
        "value": "refused",
        "by": "sam",
        "note": "hung up",
    }
    assert event["at"] == "2026-11-23T14:30:00.000Z"
    audit = db.execute("SELECT actor, action FROM audit ORDER BY id DESC").fetchone()
    assert audit == ("sam", "checklist.tick")


def test_action_is_stored_with_who_when_and_name(staff_client, twilio, db):
    sid, _ = twilio.call()
    response = post(
        staff_client,
        f"/calls/{sid}/actions",
        {"action": "partner_contacted", "name": "Sgt. Rivera"},
    )
    assert response.status_code == 201
    event = events_since(db, sid)[-1]
    assert event["kind"] == "action"
    assert event["payload"] == {
        "action": "partner_contacted",
        "by": "sam",
        "note": "",
        "name": "Sgt. Rivera",
    }


def test_indicator_review_is_stored_and_shown_in_the_summary(staff_client, twilio, db):
    sid, _ = twilio.call(From="Anonymous")
    response = post(
        staff_client,
        f"/calls/{sid}/reviews",
        {"indicator": "caller.withheld", "decision": "confirmed"},
    )
    assert response.status_code == 201
    summary = staff_client.get(f"/calls/{sid}/summary").get_json()
    withheld = next(i for i in summary["swatting"] if i["indicator"] == "caller.withheld")
    assert withheld["review"]["decision"] == "confirmed" and withheld["review"]["by"] == "sam"


def test_form_post_without_javascript_redirects_back(staff_client, twilio):
    sid, _ = twilio.call()
    response = staff_client.post(
        f"/calls/{sid}/ticks",
        data={
            "item": "ask.name",
            "value": "asked",
            "csrf_token": webfixtures.token_of(staff_client),
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/calls/{sid}"


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("ticks", {"item": "ask.nothing", "value": "asked"}, "unknown checklist item"),
        ("ticks", {"item": "ask.name", "value": "maybe"}, "takes one of"),
        ("ticks", {"item": "ask.name", "value": "asked", "note": "x" * 2001}, "at most 2000"),
        ("actions", {"action": "launch"}, "action must be one of"),
        ("reviews", {"indicator": "caller.withheld", "decision": "hoax"}, "decision must be"),
        ("reviews", {"indicator": "made.up", "decision": "confirmed"}, "unknown indicator"),
    ],
)
def test_bad_changes_get_400_with_reason(staff_client, twilio, db, path, data, message):
    sid, _ = twilio.call()
    before = len(events_since(db, sid))
    response = post(staff_client, f"/calls/{sid}/{path}", data)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert len(events_since(db, sid)) == before


def test_stream_sends_every_event_with_its_id_and_a_summary(
    staff_client, twilio, db, short_streams
):
    sid, _ = twilio.call()
    store_segment(db, sid, LIVE, segment(), at="2026-11-23T14:30:02.000Z")
    total = len(events_since(db, sid))
    events, summaries = read_events(staff_client, sid, want=total)
    assert [e["id"] for e in events] == [e["id"] for e in events_since(db, sid)]
    assert events[-1]["kind"] == "segment"
    assert events[-1]["payload"]["text"] == "there is a man with a gun in the gym"
    assert summaries and "next_question" in summaries[0]


def test_stream_resumes_after_last_event_id(staff_client, twilio, db, short_streams):
    sid, _ = twilio.call()
    seen = events_since(db, sid)[-1]["id"]
    store_segment(db, sid, LIVE, segment("first after reconnect"), at="t1")
    store_segment(db, sid, LIVE, segment("second", start=4.0), at="t2")
    events, _ = read_events(staff_client, sid, headers={"Last-Event-ID": str(seen)}, want=2)
    assert [e["payload"]["text"] for e in events] == ["first after reconnect", "second"]
    assert all(e["id"] > seen for e in events)


def test_stream_delivers_events_logged_while_it_is_open(
    app, staff_client, twilio, db, short_streams
):
    sid, _ = twilio.call()
    last = events_since(db, sid)[-1]["id"]
    response = staff_client.get(
        f"/calls/{sid}/events", headers={"Last-Event-ID": str(last)}, buffered=False
    )
    chunks = iter(response.response)
    assert next(chunks).startswith(b"retry:")
    assert next(chunks).startswith(b"event: summary")
    with immediate(db):
        store_findings(
            db, sid, [Finding("threat.weapon", True, "gun named", {"kinds": ["firearm"]})], "t3"
        )
    got = next(chunks)
    assert got.startswith(f"id: {last + 1}\n".encode())
    assert b'"kind": "indicator"' in got
    assert next(chunks).startswith(b"event: summary")  # lists change after an indicator
    response.close()


def test_stream_resume_point_must_be_a_number(staff_client, twilio):
    sid, _ = twilio.call()
    response = staff_client.get(f"/calls/{sid}/events", headers={"Last-Event-ID": "abc"})
    assert response.status_code == 400
    response = staff_client.get(f"/calls/{sid}/events?after=-1")
    assert response.status_code == 400
    assert staff_client.get("/calls/CAmissing/events").status_code == 404


def test_opening_the_stream_is_audited(staff_client, twilio, db, short_streams):
    sid, _ = twilio.call()
    read_events(staff_client, sid, want=1)
    row = db.execute("SELECT actor, action, call_sid FROM audit ORDER BY id DESC").fetchone()
    assert row == ("sam", "call.watched", sid)


def test_two_staff_see_each_others_ticks(app, staff_client, twilio, db, short_streams):
    sid, _ = twilio.call()
    create_user(app, "lou")
    other = app.test_client()
    login(other, "lou")
    post(other, f"/calls/{sid}/ticks", {"item": "obs.reads_script", "value": "yes"})
    events, _ = read_events(staff_client, sid, want=len(events_since(db, sid)))
    assert events[-1]["payload"]["by"] == "lou"
    summary = staff_client.get(f"/calls/{sid}/summary").get_json()
    assert any(i["indicator"] == "obs.reads_script" for i in summary["swatting"])


def test_device_claim_ticked_by_staff_brings_the_bomb_questions(staff_client, twilio):
    sid, _ = twilio.call()
    post(staff_client, f"/calls/{sid}/ticks", {"item": "bomb.claimed", "value": "yes"})
    summary = staff_client.get(f"/calls/{sid}/summary").get_json()
    assert summary["device_claimed"] is True
    assert summary["next_question"]["item"] == "bomb.when"
    assert summary["next_question"]["key"] == "q"
