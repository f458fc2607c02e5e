"""Benchmark: law-enforcement packet export for a 10-minute two-track call (goal: <= 1 s).

Run: .venv/bin/python -m bench.packet [--minutes 10] [--runs 5]
Builds the call synthetically in a temporary data folder: the incoming-call webhook (signed),
live and batch transcripts covering the whole call on both tracks (a segment every ~5 s per
track, a timed word every ~0.4 s), and the recording as an 8 kHz 16-bit 2-channel WAV stored
and hashed the way the recording download does. Then times `export_packet` end to end (read
the log, re-hash the recording, render summary.pdf, sign, zip) and `verify_packet`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

from twilio.request_validator import RequestValidator

from bench.common import incoming_call_params
from callscreen import calls, create_app
from callscreen.db import connect
from callscreen.export import export_packet
from callscreen.signing import key_path, load_signer
from callscreen.transcripts import store_segment
from callscreen.verify import verify_packet

TOKEN, PUBLIC = "bench-token", "https://callscreen.bench"
SID = "CA" + "b" * 32
WORDS = "there is a man with a gun in the gym near the front office and he says he will".split()


def make_call(app, minutes: int) -> None:
    """The call, both transcripts and the recording, in the app's data folder."""
    params = incoming_call_params(SID)
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC + "/twilio/voice", params)
    response = app.test_client().post(
        "/twilio/voice", data=params, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 200, response.data
    db = connect(app.config["DATABASE"])
    for version in ("live", "batch"):
        for track in ("caller", "staff"):
            for start in range(0, minutes * 60, 5):
                store_segment(
                    db, SID, version, segment(track, float(start)), at="2026-11-23T14:40:00.000Z"
                )
    store_recording(app, db, minutes)
    db.conn.close()


def segment(track: str, start: float) -> dict:
    """~4.8 s of speech: 12 words with timings and confidences."""
    words = [
        {
            "word": w,
            "start": round(start + i * 0.4, 2),
            "end": round(start + i * 0.4 + 0.35, 2),
            "conf": 0.9,
        }
        for i, w in enumerate(WORDS[:12])
    ]
    return {
        "track": track,
        "start": start,
        "end": words[-1]["end"],
        "text": " ".join(w["word"] for w in words),
        "words": words,
        "confidence": 0.9,
        "engine": "vosk",
        "model": "vosk-model-small-en-us-0.15",
        "lower_accuracy": False,
    }


def store_recording(app, db, minutes: int) -> None:
    """A 2-channel 8 kHz 16-bit WAV of the call's length, hashed at capture."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(8000)
        second = bytes(range(256)) * (8000 * 2 * 2 // 256)
        out.writeframes(second * (minutes * 60))
    data = buffer.getvalue()
    relative = Path("recordings") / SID / "RE.wav"
    (Path(app.config["DATA_DIR"]) / relative).parent.mkdir(parents=True)
    (Path(app.config["DATA_DIR"]) / relative).write_bytes(data)
    calls.upsert_recording(
        db,
        {
            "sid": "RE" + "c" * 32,
            "call_sid": SID,
            "url": "https://x/y",
            "status": "completed",
            "duration_seconds": minutes * 60,
            "channels": 2,
            "source": "DialVerb",
            "start_time": None,
        },
        "2026-11-23T14:40:00.000Z",
    )
    db.execute(
        "UPDATE recordings SET path = ?, sha256 = ?, bytes = ? WHERE call_sid = ?",
        [str(relative), hashlib.sha256(data).hexdigest(), len(data), SID],
    )


def main() -> int:
    """Build the call, time the exports, print the figures; exit 1 if the median is over 1 s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp, "PUBLIC_URL": PUBLIC, "TWILIO_AUTH_TOKEN": TOKEN})
        make_call(app, args.minutes)
        db = connect(app.config["DATABASE"])
        signer = load_signer(key_path(app.config))
        district = app.extensions["callscreen"].district
        times, cpu, verify_times, result = [], [], [], None
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = export_packet(
                db,
                SID,
                district=district,
                data_dir=Path(tmp),
                signer=signer,
                actor="bench",
                via="bench",
                now=app.extensions["callscreen"].clock(),
            )
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            start = time.perf_counter()
            assert verify_packet(result.data).ok
            verify_times.append(time.perf_counter() - start)
        segments = db.execute("SELECT count(*) FROM segments").fetchone()[0]
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
        db.conn.close()
        app.extensions["callscreen_db"].close_all()
    median = statistics.median(times)
    print(
        f"call: {args.minutes} min, 2 tracks, {segments} segments (live + batch), "
        f"{events} events, WAV 8 kHz 16-bit 2-ch"
    )
    print(f"packet: {len(result.data) / 1e6:.1f} MB zip, {args.runs} runs")
    print(
        f"export: median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s "
        f"(goal <= 1 s)"
    )
    print(
        f"export CPU time: median {statistics.median(cpu):.3f} s (wall time above includes "
        "waiting for the CPU on a loaded machine)"
    )
    print(f"verify: median {statistics.median(verify_times):.3f} s")
    return 0 if median <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
