"""After the call: download the recording, hash it at capture, and transcribe it again.

Runs on the app's background worker, never inside a webhook request.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask

from .db import immediate
from .events import append_event
from .indicators.config import RuleConfig
from .indicators.refresh import refresh_indicators
from .services import app_db, app_stamp, log_event
from .telephony.recordings import RecordingError, RecordingGateway
from .transcribe.batch import transcribe_wav
from .transcribe.errors import TranscribeError
from .transcripts import BATCH, store_segment

log = logging.getLogger(__name__)


def start_jobs(app: Flask) -> ThreadPoolExecutor:
    """One background worker per process; completed recordings are queued to it."""
    jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="callscreen-jobs")
    app.extensions["callscreen"].extra["jobs"] = jobs
    app.extensions["callscreen"].extra["on_recording_completed"] = lambda call_sid, rec_sid: (
        jobs.submit(process_recording, app, call_sid, rec_sid)
    )
    return jobs


def recording_path(data_dir: str | Path, call_sid: str, recording_sid: str) -> Path:
    """Where a call's recording is kept under the data directory."""
    return Path(data_dir) / "recordings" / call_sid / f"{recording_sid}.wav"


def process_recording(app: Flask, call_sid: str, recording_sid: str) -> None:
    """Download and store the recording, then re-transcribe it; failures become events."""
    with app.app_context():
        try:
            path = download_recording(app, call_sid, recording_sid)
        except RecordingError as exc:
            log.warning("call %s: recording %s not stored: %s", call_sid, recording_sid, exc)
            log_event(
                app,
                call_sid,
                "retranscription.progress",
                {
                    "recording_sid": recording_sid,
                    "state": "failed",
                    "fraction": 0.0,
                    "detail": f"recording not downloaded: {exc}",
                },
            )
            return
        retranscribe(app, call_sid, recording_sid, path)


def download_recording(app: Flask, call_sid: str, recording_sid: str) -> Path:
    """Fetch the media with the account's credentials and record its SHA-256 at capture."""
    db = app_db(app)
    row = db.execute(
        "SELECT r.url, c.account_sid FROM recordings r JOIN calls c "
        "ON c.sid = r.call_sid WHERE r.sid = ?",
        [recording_sid],
    ).fetchone()
    if row is None:
        raise RecordingError(f"no recording {recording_sid} in the log")
    gateway = app.extensions["callscreen"].gateway or RecordingGateway(
        app.config["TWILIO_ACCOUNT_SID"] or row[1],
        app.config["TWILIO_AUTH_TOKEN"],
        tuple(app.config["RECORDING_ORIGINS"]),
    )
    dest = recording_path(app.config["DATA_DIR"], call_sid, recording_sid)
    stored = gateway.download(row[0], dest)
    at = app_stamp(app)
    relative = str(dest.relative_to(app.config["DATA_DIR"]))
    with immediate(db):
        db.execute(
            "UPDATE recordings SET path = ?, sha256 = ?, bytes = ?, downloaded_at = ? "
            "WHERE sid = ?",
            [relative, stored.sha256, stored.size, at, recording_sid],
        )
        append_event(
            db,
            call_sid,
            "recording.stored",
            {
                "recording_sid": recording_sid,
                "sha256": stored.sha256,
                "bytes": stored.size,
                "path": relative,
            },
            at=at,
            dedupe_key=f"stored:{recording_sid}",
        )
    return dest


def retranscribe(app: Flask, call_sid: str, recording_sid: str, path: Path) -> int:
    """Transcribe both channels of the stored recording again; kept beside the live version."""
    factory = app.extensions["callscreen"].recognizers
    progress = _Progress(app, call_sid, recording_sid)
    progress.report(0.0, 1.0)
    try:
        segments = transcribe_wav(path, factory, progress=progress.report)
    except TranscribeError as exc:
        progress.finish("failed", f"re-transcription failed: {exc}")
        return 0
    db, at = app_db(app), app_stamp(app)
    finals = [s for s in segments if s.is_final and s.text.strip()]
    for segment in finals:
        data = segment.to_dict()
        data["track"] = data.pop("speaker")
        store_segment(db, call_sid, BATCH, data, at=at)
    progress.finish("done", f"{len(finals)} segments from {factory.info.summary()}")
    if finals:  # the full recording usually transcribes better than the live stream
        svc = app.extensions["callscreen"]
        refresh_indicators(
            db,
            call_sid,
            gazetteer=svc.gazetteer,
            at=app_stamp(app),
            config=RuleConfig.from_mapping(app.config),
            version=BATCH,
        )
    return len(finals)


class _Progress:
    """Progress of one re-transcription as events, at most one per tenth of the work."""

    def __init__(self, app: Flask, call_sid: str, recording_sid: str) -> None:
        self.app, self.call_sid, self.recording_sid = app, call_sid, recording_sid
        self.last = -1.0

    def report(self, done: float, total: float) -> None:
        fraction = round(done / total, 2) if total else 1.0
        if fraction - self.last >= 0.1 or (fraction == 0.0 and self.last < 0):
            self.last = fraction
            self._emit("running", fraction, "")

    def finish(self, state: str, detail: str) -> None:
        self._emit(state, 1.0 if state == "done" else self.last, detail)

    def _emit(self, state: str, fraction: float, detail: str) -> None:
        log_event(
            self.app,
            self.call_sid,
            "retranscription.progress",
            {
                "recording_sid": self.recording_sid,
                "state": state,
                "fraction": max(fraction, 0.0),
                "detail": detail,
            },
        )
