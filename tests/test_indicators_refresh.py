"""refresh_indicators end to end: a real call from the signed webhook, stored caller segments,
the bundled Cambridge gazetteer, results stored with an event only when they change."""

from __future__ import annotations

from callscreen.calls import indicators_for
from callscreen.events import events_since
from callscreen.indicators.config import RuleConfig
from callscreen.indicators.knownscripts import add_known_script
from callscreen.indicators.refresh import CallNotFound, refresh_in_app, refresh_indicators
from callscreen.transcripts import LIVE, store_segment

BALDWIN_LINE = "+16173496525"
AT = "2026-11-23T14:31:00.000Z"
# Sentences like the synthetic threat calls of shared/testaudio/tts_piper_joe/refs.tsv.
THREAT = [
    "there is a man with a gun at lincoln elementary on maple street",
    "he has already shot three people and he is going to shoot everyone in ten minutes",
    "this is my last resort and nobody is going to stop me",
]


def segment(text, start, track="caller"):
    words = text.split()
    return {
        "track": track, "start": start, "end": start + 0.4 * len(words), "text": text,
        "words": [{"word": w, "start": start + 0.4 * i, "end": start + 0.4 * i + 0.3,
                   "conf": 0.8} for i, w in enumerate(words)],
        "confidence": 0.8, "engine": "vosk", "model": "vosk-model-small-en-us-0.15",
        "lower_accuracy": False,
    }  # fmt: skip


def say(db, sid, texts, track="caller"):
    start = 0.0
    for text in texts:
        store_segment(db, sid, LIVE, segment(text, start, track), at=AT)
        start += 0.4 * len(text.split()) + 1.0


def present(db, sid):
    return {r["indicator"] for r in indicators_for(db, sid) if r["present"]}


def refresh(app, db, sid, **config):
    gazetteer = app.extensions["callscreen"].gazetteer
    return refresh_indicators(db, sid, gazetteer=gazetteer, at=AT, config=RuleConfig(**config))


def test_threat_call_gets_its_indicators_and_only_changes_are_events(app, twilio, db):
    sid, response = twilio.call()
    assert response.status_code == 200
    say(db, sid, THREAT[:1])
    first = refresh(app, db, sid)
    assert {"threat.weapon", "place.unknown"} <= present(db, sid)
    assert refresh(app, db, sid) == []  # nothing new said: nothing logged
    say(db, sid, THREAT[1:])
    second = refresh(app, db, sid)
    kinds = {e["payload"]["indicator"] for e in events_since(db, sid) if e["id"] in second}
    assert kinds == {"threat.casualties", "script.warning", "imminence.cues"}
    assert min(second) > max(first)
    rows = {r["indicator"]: r for r in indicators_for(db, sid)}
    assert all(r["rule_version"] for r in rows.values())
    unknown = rows["place.unknown"]["evidence"]["mentions"]
    assert any(m["candidates"] and m["candidates"][0]["name"] == "Maple Avenue" for m in unknown)


def test_every_stored_change_is_an_indicator_event_with_the_finding(app, twilio, db):
    sid, _ = twilio.call()
    say(db, sid, THREAT)
    ids = refresh(app, db, sid)
    events = [e for e in events_since(db, sid) if e["id"] in ids]
    assert {e["kind"] for e in events} == {"indicator"}
    assert len(events) == len(ids) == len({e["payload"]["indicator"] for e in events})


def test_staff_track_is_context_not_claims(app, twilio, db):
    sid, _ = twilio.call()
    say(db, sid, ["is there a gun or a bomb is anyone shot"], track="staff")
    say(db, sid, ["no i just wanted to ask about pickup"])
    refresh(app, db, sid)
    assert not present(db, sid) & {"threat.weapon", "threat.casualties"}


def test_same_script_to_another_school_is_recycled_and_a_wave(app, twilio, db, clock):
    first, _ = twilio.call()
    say(db, first, THREAT)
    refresh(app, db, first)
    clock.advance(minutes=20)
    second, _ = twilio.call(To=BALDWIN_LINE, Called=BALDWIN_LINE)
    say(db, second, THREAT)
    ids = refresh(app, db, second)
    assert {"script.recycled", "wave.district", "wave.script"} <= present(db, second)
    rows = {r["indicator"]: r for r in indicators_for(db, second)}
    match = rows["script.recycled"]["evidence"]["matches"][0]
    assert (match["ref"], match["school"]) == (first, "Amigos School")
    assert "shot three people" in match["passage"]["heard"]
    assert rows["wave.script"]["evidence"]["schools"] == ["Amigos School", "Baldwin School"]
    # The earlier call learns it is part of the wave too, on its own event log.
    assert {"wave.district", "wave.script"} <= present(db, first)
    assert {e["id"] for e in events_since(db, first) if e["kind"] == "indicator"} & set(ids)


def test_calls_outside_the_window_are_no_wave(app, twilio, db, clock):
    first, _ = twilio.call()
    say(db, first, THREAT)
    refresh(app, db, first, wave_window_minutes=30)
    clock.advance(minutes=31)
    second, _ = twilio.call(To=BALDWIN_LINE, Called=BALDWIN_LINE)
    say(db, second, THREAT)
    refresh(app, db, second, wave_window_minutes=30)
    assert "script.recycled" in present(db, second)
    assert not present(db, second) & {"wave.district", "wave.script"}


def test_a_known_script_is_recognised(app, twilio, db):
    add_known_script(db, "ten minutes wave", " ".join(THREAT[1:]), by="admin", at=AT)
    sid, _ = twilio.call()
    say(db, sid, THREAT)
    refresh_in_app(app, sid)
    row = {r["indicator"]: r for r in indicators_for(db, sid)}["script.recycled"]
    assert row["present"]
    assert row["evidence"]["matches"][0]["ref"] == "ten minutes wave"


def test_unknown_call_is_a_named_error(app, db):
    try:
        refresh(app, db, "CA" + "0" * 32)
    except CallNotFound as exc:
        assert "no call" in str(exc)
    else:
        raise AssertionError("expected CallNotFound")
