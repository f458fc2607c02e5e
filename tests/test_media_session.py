"""The media-stream session: frames in order, malformed frames skipped, tracks kept apart.

The recogniser is a fake here; the real engines stream real audio in test_e2e_*.py.
"""

from __future__ import annotations

import base64
import json

import pytest

from callscreen import transcription
from callscreen.telephony.frames import FrameError, parse_frame
from callscreen.telephony.media import MediaSession
from callscreen.transcripts import segments_for
from fakes import CountingFactory

PAYLOAD = base64.b64encode(b"\xff" * 160).decode()
STREAM = "MZ" + "ab" * 16


def start(sid: str, seq: int = 1, tracks=("inbound", "outbound")) -> str:
    return json.dumps(
        {
            "event": "start",
            "sequenceNumber": str(seq),
            "streamSid": STREAM,
            "start": {
                "accountSid": "AC" + "0" * 32,
                "streamSid": STREAM,
                "callSid": sid,
                "tracks": list(tracks),
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                "customParameters": {"CallSid": sid},
            },
        }
    )


def media(seq: int, track="inbound", payload=PAYLOAD, ts=None) -> str:
    return json.dumps(
        {
            "event": "media",
            "sequenceNumber": str(seq),
            "streamSid": STREAM,
            "media": {
                "track": track,
                "chunk": str(seq),
                "timestamp": str(ts if ts is not None else seq * 20),
                "payload": payload,
            },
        }
    )


STOP = json.dumps(
    {
        "event": "stop",
        "sequenceNumber": "999",
        "streamSid": STREAM,
        "stop": {"accountSid": "AC" + "0" * 32, "callSid": "x"},
    }
)


@pytest.fixture
def session(app):
    def make(**options):
        app.extensions["callscreen"].recognizers = CountingFactory(**options)
        with app.app_context():
            return MediaSession(app)

    return make


def play(app, session, frames) -> None:
    with app.app_context():
        for text in frames:
            if not session.handle(text):
                break
        session.close()


def kinds(db, sid) -> list[str]:
    return [r["kind"] for r in db["events"].rows_where("call_sid = ?", [sid], order_by="id")]


def test_both_tracks_are_transcribed_apart_and_finals_stored(app, twilio, db, session):
    sid, _ = twilio.call()
    s = session(every=5)
    frames = (
        [start(sid)] + [media(n, "inbound" if n % 2 else "outbound") for n in range(2, 22)] + [STOP]
    )
    play(app, s, frames)
    stored = segments_for(db, sid)
    assert {seg["track"] for seg in stored} == {"caller", "staff"}
    assert all(seg["engine"] == "fake" and seg["words"] for seg in stored)
    seen = kinds(db, sid)
    assert "stream.started" in seen and seen[-1] == "stream.stopped"
    assert "transcript.partial" in seen and "segment" in seen


def test_malformed_and_out_of_order_frames_are_skipped_not_fatal(app, twilio, db, session):
    sid, _ = twilio.call()
    s = session(every=3)
    bad = [
        "not json",
        "{}",
        json.dumps({"event": "media", "sequenceNumber": "x"}),
        media(4, payload=12345),
        media(5, track="sideways"),
        media(3),
    ]
    play(app, s, [start(sid), media(2), media(4), *bad, media(6), media(7), STOP])
    assert s.skipped == len(bad)
    assert s.frames == 4
    assert segments_for(db, sid)


def test_media_before_start_is_skipped(app, twilio, db, session):
    s = session()
    play(app, s, [media(1), media(2)])
    assert s.skipped == 2 and s.pipeline is None


def test_stream_that_just_stops_flushes_its_last_words(app, twilio, db, session):
    sid, _ = twilio.call()
    s = session(every=100)
    play(app, s, [start(sid, tracks=("inbound",))] + [media(n) for n in range(2, 9)])
    stored = segments_for(db, sid)
    assert [seg["text"] for seg in stored] == ["frame7"]


def test_stream_for_unknown_call_creates_it(app, db, session):
    sid = "CA" + "12" * 16
    play(app, session(every=2), [start(sid), media(2), media(3), STOP])
    assert db["calls"].get(sid)["status"] == "unknown"


def test_engine_error_is_an_event_and_the_stream_goes_on(app, twilio, db, session):
    sid, _ = twilio.call()
    s = session(every=2, fail_after=3)
    frames = [start(sid, tracks=("inbound",))] + [media(n) for n in range(2, 12)] + [STOP]
    play(app, s, frames)
    states = [
        json.loads(r["payload"])["state"]
        for r in db["events"].rows_where("call_sid = ? AND kind = 'transcription.state'", [sid])
    ]
    assert states == ["running", "error"]
    assert s.frames == 10


def test_full_queue_drops_frames_and_says_transcription_is_behind(
    app, twilio, db, session, monkeypatch
):
    monkeypatch.setattr(transcription, "QUEUE_FRAMES", 1)
    sid, _ = twilio.call()
    s = session(every=1000)
    with app.app_context():
        s.handle(start(sid, tracks=("inbound",)))
        worker = s.pipeline.workers["inbound"]
        worker.queue.put(("blocker", None))  # fill the one slot before the worker drains it
        accepted = [s.pipeline.offer("inbound", PAYLOAD, None) for _ in range(50)]
        s.close()
    assert accepted.count(False) >= 1
    assert db["events"].count_where("kind = 'transcription.state' AND payload LIKE '%behind%'")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"event": "media", "media": {"payload": "x", "track": "inbound", "timestamp": "-5"}}',
            "media.timestamp",
        ),
        ('{"event": "start", "start": {"tracks": ["left"]}}', "start.tracks"),
        (
            '{"event": "start", "start": {"mediaFormat": {"encoding": "audio/l16", "sampleRate": '
            "16000}}}",
            "media format",
        ),
        ('{"event": "start"}', "without a 'start' object"),
        ('{"event": "closed"}', "unknown event"),
        ("[1, 2]", "unknown event"),
    ],
)
def test_frame_errors_say_what_is_wrong(text, message):
    with pytest.raises(FrameError, match=message):
        parse_frame(text)


def test_documented_frames_parse_with_string_numbers():
    frame = parse_frame(media(4, "outbound", ts=5))
    assert (frame.sequence, frame.track, frame.timestamp_ms) == (4, "outbound", 5)
    started = parse_frame(start("CA" + "1" * 32))
    assert started.tracks == ("inbound", "outbound") and started.call_sid.startswith("CA")
    dtmf = parse_frame(
        '{"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5",'
        '"dtmf":{"track":"inbound_track","digit":"1"}}'
    )
    assert dtmf.detail == "1"
