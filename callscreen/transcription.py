"""Live transcription of one call: a bounded queue and a worker thread per track.

The WebSocket read loop only enqueues; recognition runs on the workers, so a slow
recogniser never stalls the socket. When a queue is full the frame is dropped and the
call's events say transcription is behind, instead of memory growing without bound.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask

from .services import app_db, app_stamp, log_event
from .transcripts import LIVE, store_segment

log = logging.getLogger(__name__)

QUEUE_FRAMES = 1500  # 30 s of 20 ms frames per track
BEHIND_NOTICE_SECONDS = 5.0
_STOP = object()


class TrackWorker:
    """Feeds one track's frames to its transcriber and stores what comes out."""

    def __init__(self, pipeline: CallTranscription, transcriber: Any) -> None:
        self.pipeline = pipeline
        self.transcriber = transcriber
        self.queue: queue.Queue = queue.Queue(maxsize=QUEUE_FRAMES)
        self.dropped = 0
        self._last_notice = 0.0
        self._last_partial = ""
        self.thread = threading.Thread(
            target=self._run, daemon=True, name=f"transcribe-{transcriber.track}"
        )
        self.thread.start()

    def offer(self, payload: str, timestamp_ms: int | None) -> bool:
        """Queue a frame without waiting; False (and a 'behind' notice) when the queue is full."""
        try:
            self.queue.put_nowait((payload, timestamp_ms))
            return True
        except queue.Full:
            self.dropped += 1
            self._notice_behind()
            return False

    def close(self) -> None:
        """Ask the worker to flush and stop once the queued audio is done."""
        self.queue.put(_STOP)

    def _notice_behind(self) -> None:
        now = time.monotonic()
        if now - self._last_notice >= BEHIND_NOTICE_SECONDS:
            self._last_notice = now
            self.pipeline.state(
                "behind",
                self.transcriber.track,
                f"recognition fell behind: {self.dropped} frames skipped",
            )

    def _run(self) -> None:
        with self.pipeline.app.app_context():
            while (item := self.queue.get()) is not _STOP:
                self._emit(self.transcriber.feed_base64(*item))
            self._emit(self.transcriber.finish())
            if self.transcriber.error:
                self.pipeline.state("error", self.transcriber.track, self.transcriber.error)

    def _emit(self, segments: list) -> None:
        for segment in segments:
            try:
                self._store(segment)
            except Exception:  # storage trouble must not end the call's transcription
                log.exception("call %s: could not store a segment", self.pipeline.call_sid)

    def _store(self, segment) -> None:
        data = segment.to_dict()
        data["track"] = data.pop("speaker")
        if segment.is_final:
            self._last_partial = ""
            if segment.text.strip():
                self.pipeline.final(data)
        elif segment.text != self._last_partial:
            self._last_partial = segment.text
            self.pipeline.partial(data)


class CallTranscription:
    """The live transcription of one call's stream: one worker per track."""

    def __init__(
        self,
        app: Flask,
        call_sid: str,
        new_transcriber: Callable[[str], Any],
        tracks: tuple[str, ...],
        on_final: Callable[[str], None] | None = None,
    ) -> None:
        self.app = app
        self.call_sid = call_sid
        self.on_final = on_final
        self.workers = {track: TrackWorker(self, new_transcriber(track)) for track in tracks}
        engine = next(iter(self.workers.values())).transcriber.info if self.workers else None
        self.engine = engine.to_dict() if engine else {}
        self.state(
            "running" if engine and engine.available else "unavailable",
            "",
            engine.summary() if engine else "no tracks",
        )

    def offer(self, track: str, payload: str, timestamp_ms: int | None) -> bool:
        """Hand a media frame to its track's worker (frames for unknown tracks are ignored)."""
        worker = self.workers.get(track)
        return worker.offer(payload, timestamp_ms) if worker else False

    @property
    def dropped(self) -> int:
        """Frames skipped because recognition was behind."""
        return sum(w.dropped for w in self.workers.values())

    def close(self, wait: float | None = 60.0) -> None:
        """Flush every track and wait for the workers to store their last segments."""
        for worker in self.workers.values():
            worker.close()
        for worker in self.workers.values():
            worker.thread.join(wait)

    def final(self, segment: dict[str, Any]) -> None:
        """Store a final segment at once, then let the indicator rules see it."""
        store_segment(app_db(self.app), self.call_sid, LIVE, segment, at=app_stamp(self.app))
        if self.on_final:
            self.on_final(self.call_sid)

    def partial(self, segment: dict[str, Any]) -> None:
        """Log the changing partial text of a track."""
        payload = {"track": segment["track"], "text": segment["text"], "version": LIVE}
        log_event(self.app, self.call_sid, "transcript.partial", payload)

    def state(self, state: str, track: str, detail: str) -> None:
        """Log the transcription's state (running, unavailable, behind, error, stopped)."""
        payload = {"state": state, "track": track, "detail": detail, "engine": self.engine}
        log_event(self.app, self.call_sid, "transcription.state", payload)
