"""Hand-written fakes for the fast unit tests: only the recogniser is faked."""

from __future__ import annotations

import base64
import binascii

from callscreen.transcribe.recognizer import EngineInfo
from callscreen.transcribe.segment import Segment, Word

FAKE_ENGINE = EngineInfo(engine="fake", model="counting-model", language="en")


class CountingTranscriber:
    """Says 'frame N' as a partial every frame and a final every `every` frames."""

    def __init__(
        self,
        track: str,
        every: int = 10,
        info: EngineInfo = FAKE_ENGINE,
        fail_after: int | None = None,
    ) -> None:
        self.track, self.info, self.every = track, info, every
        self.fail_after = fail_after
        self.frames = 0
        self.error = ""

    def feed_base64(self, payload: str, timestamp_ms: int | None = None) -> list[Segment]:
        try:
            base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            return []
        self.frames += 1
        if self.fail_after is not None and self.frames > self.fail_after:
            self.error = "RuntimeError: engine crashed"
            return []
        final = self.frames % self.every == 0
        return [self._segment(final)]

    def finish(self) -> list[Segment]:
        return [self._segment(True)] if self.frames % self.every else []

    def _segment(self, final: bool) -> Segment:
        t = self.frames * 0.02
        word = Word(f"frame{self.frames}", t - 0.02, t, 0.9)
        return Segment(
            self.track, f"frame{self.frames}", t - 0.02, t, final, "fake", "counting-model", (word,)
        )


class CountingFactory:
    """A recogniser factory with the RecognizerFactory shape, making CountingTranscribers."""

    def __init__(self, **options) -> None:
        self.options = options
        self.info = FAKE_ENGINE
        self.made: list[CountingTranscriber] = []

    def new_transcriber(self, track: str) -> CountingTranscriber:
        made = CountingTranscriber(track, **self.options)
        self.made.append(made)
        return made
