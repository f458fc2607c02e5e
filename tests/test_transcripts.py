"""Final transcript segments are stored the moment they are produced, with an event each."""

from __future__ import annotations

from callscreen.transcripts import BATCH, LIVE, caller_texts, segments_for, store_segment


def segment(track="caller", start=0.5, text="there is a man with a gun"):
    return {
        "track": track,
        "start": start,
        "end": start + 2.0,
        "text": text,
        "words": [{"word": "there", "start": start, "end": start + 0.2, "conf": 0.9}],
        "confidence": 0.9,
        "engine": "vosk",
        "model": "vosk-model-small-en-us-0.15",
        "lower_accuracy": False,
    }


def test_segment_is_stored_and_logged(twilio, db):
    sid, _ = twilio.call()
    seg_id = store_segment(db, sid, LIVE, segment(), at="2026-11-23T14:30:01.000Z")
    stored = segments_for(db, sid)
    assert [s["id"] for s in stored] == [seg_id]
    assert stored[0]["words"][0]["word"] == "there"
    event = db.execute("SELECT kind FROM events ORDER BY id DESC LIMIT 1").fetchone()
    assert event == ("segment",)


def test_segments_come_back_in_time_order_per_version(twilio, db):
    sid, _ = twilio.call()
    store_segment(db, sid, LIVE, segment(start=5.0), at="t")
    store_segment(db, sid, LIVE, segment(track="staff", start=1.0), at="t")
    store_segment(db, sid, "batch", segment(start=0.0), at="t")
    assert [s["start"] for s in segments_for(db, sid, LIVE)] == [1.0, 5.0]
    assert len(segments_for(db, sid)) == 3


def test_caller_texts_take_the_re_transcription_when_a_call_has_one(twilio, db):
    live_only, _ = twilio.call()
    both, _ = twilio.call()
    silent, _ = twilio.call()
    store_segment(db, live_only, LIVE, segment(start=4.0, text="second"), at="t")
    store_segment(db, live_only, LIVE, segment(start=1.0, text="first"), at="t")
    store_segment(db, live_only, LIVE, segment(track="staff", text="staff words"), at="t")
    store_segment(db, both, LIVE, segment(text="heard live"), at="t")
    store_segment(db, both, BATCH, segment(text="heard again"), at="t")
    texts = caller_texts(db, [live_only, both, silent])
    assert texts == {live_only: "first second", both: "heard again", silent: ""}
    assert caller_texts(db, []) == {}
