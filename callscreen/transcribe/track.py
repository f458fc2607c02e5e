"""One track of a Twilio Media Stream: mu-law payloads in, Segments out, never an exception."""

from __future__ import annotations

import base64
import binascii
import logging

from .mulaw import SILENCE_BYTE, decode_mulaw
from .recognizer import Recognizer
from .resample import ResampleState, flush_upsampler, upsample_8k_to_16k
from .segment import Segment

log = logging.getLogger(__name__)

TELEPHONE_RATE = 8000
MAX_GAP_SECONDS = 10.0  # a longer jump in Twilio's timestamps is a clock oddity, not lost audio


class TrackTranscriber:
    """Decode, upsample and recognise one call track; errors end transcription, not the call."""

    def __init__(self, recognizer: Recognizer, upsampler: str = "linear") -> None:
        self.recognizer = recognizer
        self.track = recognizer.track
        self.info = recognizer.info
        self.error = ""  # why transcription stopped early, if it did
        self.samples_fed = 0  # 8 kHz samples, so stream time = samples_fed / 8000
        self._resample = ResampleState(upsampler)
        self._finished = False

    @property
    def seconds(self) -> float:
        """Seconds of audio fed so far (including silence inserted for gaps)."""
        return self.samples_fed / TELEPHONE_RATE

    def feed(self, payload: bytes, timestamp_ms: int | None = None) -> list[Segment]:
        """Feed raw 8 kHz mu-law; with Twilio's media.timestamp, lost frames become silence."""
        if self._finished or self.error:
            return []
        gap = self._gap_samples(timestamp_ms)
        audio = bytes([SILENCE_BYTE]) * gap + bytes(payload) if gap else bytes(payload)
        self.samples_fed += len(audio)
        pcm = upsample_8k_to_16k(decode_mulaw(audio), self._resample)
        return self._guarded(self.recognizer.accept, pcm)

    def feed_base64(self, payload: str, timestamp_ms: int | None = None) -> list[Segment]:
        """Feed a Media Streams `media.payload` (base64 mu-law); undecodable text is skipped."""
        try:
            raw = base64.b64decode(payload)
        except (binascii.Error, ValueError):
            log.warning("track %s: skipped a media payload that is not base64", self.track)
            return []
        return self.feed(raw, timestamp_ms)

    def finish(self) -> list[Segment]:
        """End of stream: flush the resampler and the recogniser; safe to call twice."""
        if self._finished:
            return []
        self._finished = True
        if self.error:
            return []
        tail = flush_upsampler(self._resample)
        out = self._guarded(self.recognizer.accept, tail) if tail else []
        return out + self._guarded(self.recognizer.finish)

    def _gap_samples(self, timestamp_ms: int | None) -> int:
        if timestamp_ms is None:
            return 0
        gap = int(timestamp_ms) * TELEPHONE_RATE // 1000 - self.samples_fed
        # Under two frames is jitter; a huge jump is not worth seconds of decoding silence.
        if gap < 2 * 160 or gap > MAX_GAP_SECONDS * TELEPHONE_RATE:
            return 0
        return gap

    def _guarded(self, step, *args) -> list[Segment]:
        try:
            return step(*args)
        except Exception as exc:  # the call must go on whatever the engine does
            self.error = f"{type(exc).__name__}: {exc}"
            log.warning("track %s: transcription stopped: %s", self.track, self.error)
            return []
