"""Helpers for the packet and retention tests: calls with transcripts, recordings, exports."""

from __future__ import annotations

import hashlib
import io
import struct
import wave
import zipfile
from pathlib import Path

from callscreen import calls
from callscreen.events import append_event
from callscreen.export import Export, export_for_app
from callscreen.transcripts import store_segment

AT = "2026-11-23T14:30:05.000Z"
ENGINE = {"engine": "vosk", "model": "vosk-model-small-en-us-0.15", "lower_accuracy": False}


def segment(track: str, start: float, text: str, version_engine: dict | None = None) -> dict:
    """A final segment with a word timing per word."""
    words, t = [], start
    for word in text.split():
        words.append({"word": word, "start": round(t, 2), "end": round(t + 0.3, 2), "conf": 0.87})
        t += 0.35
    return {
        "track": track,
        "start": start,
        "end": round(t, 2),
        "text": text,
        "words": words,
        "confidence": 0.87,
        **(version_engine or ENGINE),
    }


def add_transcript(db, sid: str, count: int = 4, version: str = "live", **engine) -> None:
    """`count` alternating caller/staff segments of one version."""
    lines = (
        "there is a man with a gun in the gym",
        "where are you right now",
        "at the school on Mapel Street",
        "what is your callback number",
    )
    for i in range(count):
        track = "caller" if i % 2 == 0 else "staff"
        store_segment(
            db, sid, version, segment(track, i * 4.0, lines[i % 4], engine or None), at=AT
        )


def wav_bytes(seconds: float = 1.0, rate: int = 8000, channels: int = 2) -> bytes:
    """A real PCM WAV: 16-bit, a quiet ramp so the bytes are not all zero."""
    frames = int(seconds * rate)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        sample = struct.pack("<h", 0)
        ramp = b"".join(struct.pack("<h", (i % 200) - 100) for i in range(200))
        out.writeframes((ramp * (frames * channels // 200 + 1))[: frames * channels * 2] or sample)
    return buffer.getvalue()


def add_recording(app, db, sid: str, data: bytes | None = None, rec_sid: str | None = None):
    """A downloaded recording: the file under the data folder, its row with path and hash."""
    data = data if data is not None else wav_bytes()
    rec_sid = rec_sid or "RE" + sid[2:]
    relative = Path("recordings") / sid / f"{rec_sid}.wav"
    path = Path(app.config["DATA_DIR"]) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    calls.upsert_recording(
        db,
        {
            "sid": rec_sid,
            "call_sid": sid,
            "url": "https://api.twilio.com/x",
            "status": "completed",
            "duration_seconds": 1,
            "channels": 2,
            "source": "DialVerb",
            "start_time": AT,
        },
        AT,
    )
    db.execute(
        "UPDATE recordings SET path = ?, sha256 = ?, bytes = ?, downloaded_at = ? WHERE sid = ?",
        [str(relative), hashlib.sha256(data).hexdigest(), len(data), AT, rec_sid],
    )
    return path


def add_staff_events(db, sid: str) -> None:
    """A checklist tick and an action, as the live page writes them."""
    append_event(
        db,
        sid,
        "checklist.tick",
        {
            "item": "callback number",
            "value": "refused",
            "by": "M. Ortiz",
            "note": "hung up when asked",
        },
        at="2026-11-23T14:31:00.000Z",
    )
    append_event(
        db,
        sid,
        "action",
        {"action": "9-1-1 called", "by": "M. Ortiz", "note": "", "name": ""},
        at="2026-11-23T14:31:10.000Z",
    )


def export(app, sid: str, actor: str = "test:officer", **kw) -> Export:
    """Export the call's packet with the app's key and clock."""
    return export_for_app(app, sid, actor=actor, via="test", **kw)


def members(data: bytes) -> dict[str, bytes]:
    """The packet's files by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    """A zip holding exactly these files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
