"""The Media Streams WebSocket: a signed handshake, then frames in order, never a crash."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Blueprint, current_app, request
from flask_sock import Sock
from twilio.request_validator import RequestValidator
from werkzeug.exceptions import Forbidden, ServiceUnavailable

from .. import calls
from ..config import websocket_base
from ..db import immediate
from ..services import app_db, app_stamp, log_event, services
from ..transcription import CallTranscription
from .frames import Frame, FrameError, parse_frame
from .request import SIGNATURE_HEADER, signed_url

log = logging.getLogger(__name__)

bp = Blueprint("media", __name__, url_prefix="/twilio")
sock = Sock()
IDLE_SECONDS = 60  # Twilio sends a frame every 20 ms; a minute of silence means it is gone


@bp.before_request
def _verify_handshake() -> None:
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if not token:
        raise ServiceUnavailable("this server has no Twilio auth token configured")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    base = current_app.config["PUBLIC_URL"]
    # Twilio signs the wss:// URL it opened; accept the https:// form of it too.
    urls = (signed_url(websocket_base(base), request), signed_url(base, request))
    validator = RequestValidator(token)
    if not signature or not any(validator.validate(u, {}, signature) for u in urls):
        raise Forbidden(f"{SIGNATURE_HEADER} missing or wrong on the media stream handshake")


@sock.route("/media", bp=bp)
def media(ws) -> None:
    """One call's media stream, until `stop`, a closed socket or a long silence."""
    session = MediaSession(current_app._get_current_object())
    try:
        while (text := ws.receive(timeout=IDLE_SECONDS)) is not None:
            if not session.handle(text):
                break
    finally:
        session.close()


class MediaSession:
    """The state of one stream: started or not, the last sequence number, the transcription."""

    def __init__(self, app) -> None:
        self.app = app
        self.call_sid = ""
        self.stream_sid = ""
        self.last_sequence = 0
        self.frames = 0
        self.skipped = 0
        self.pipeline: CallTranscription | None = None

    def handle(self, text: str | bytes) -> bool:
        """Process one frame; False when the stream has ended."""
        try:
            frame = parse_frame(text)
        except FrameError as exc:
            return self._skip(f"malformed frame: {exc}")
        if frame.sequence is not None:
            if frame.sequence <= self.last_sequence:
                return self._skip(f"out-of-order frame {frame.sequence} after {self.last_sequence}")
            self.last_sequence = frame.sequence
        return self._dispatch(frame)

    def _dispatch(self, frame: Frame) -> bool:
        if frame.event == "start":
            return self._start(frame)
        if frame.event == "media":
            if self.pipeline is None:
                return self._skip("media before start")
            self.frames += 1
            self.pipeline.offer(frame.track, frame.payload, frame.timestamp_ms)
        return frame.event != "stop"

    def _skip(self, why: str) -> bool:
        self.skipped += 1
        if self.skipped <= 20 or self.skipped % 500 == 0:
            log.warning("media stream %s: skipped %s", self.stream_sid or "?", why)
        return True

    def _start(self, frame: Frame) -> bool:
        if self.pipeline is not None:
            return self._skip("a second start")
        call_sid = frame.call_sid or frame.parameters.get("CallSid", "")
        if not re.fullmatch(r"CA[0-9a-fA-F]{32}", call_sid):
            return self._skip(f"start for an unusable call sid {call_sid[:40]!r}")
        self.call_sid, self.stream_sid = call_sid, frame.stream_sid
        db = app_db(self.app)
        with immediate(db):
            calls.ensure_call(db, call_sid, {"StreamSid": frame.stream_sid}, app_stamp(self.app))
        svc = services()
        factory = svc.recognizers
        self._event(
            "stream.started", {"stream_sid": frame.stream_sid, "tracks": list(frame.tracks)}
        )
        self.pipeline = CallTranscription(
            self.app,
            call_sid,
            factory.new_transcriber,
            frame.tracks,
            on_final=svc.extra.get("on_final_segment"),
        )
        return True

    def close(self) -> None:
        """Flush the transcription and log how the stream ended."""
        if self.pipeline is None:
            return
        self.pipeline.close()
        self._event(
            "stream.stopped",
            {
                "stream_sid": self.stream_sid,
                "frames": self.frames,
                "skipped": self.skipped,
                "dropped": self.pipeline.dropped,
            },
        )

    def _event(self, kind: str, payload: dict[str, Any]) -> None:
        log_event(self.app, self.call_sid, kind, payload)
