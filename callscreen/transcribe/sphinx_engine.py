"""The English fallback engine: pocketsphinx 5 with its bundled en-us model, VAD-endpointed."""

from __future__ import annotations

import logging
import re

from pocketsphinx import Decoder, Endpointer

from .errors import EngineLoadError, RecognizerError
from .recognizer import SAMPLE_RATE, EngineInfo, make_segment
from .segment import Segment, Word

log = logging.getLogger(__name__)

MODEL_NAME = "pocketsphinx en-us (bundled)"
LOWER_ACCURACY_NOTE = (
    "Lower-accuracy English fallback (pocketsphinx): expect many wrong words, roughly 4 in 10 "
    "on clear speech and more on phone audio. Check the recording. Install the Vosk model "
    "with `callscreen model fetch` for better transcripts."
)
# pocketsphinx marks silence and noise with these; they are not words anyone said.
_FILLER = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")
_ALTERNATE = re.compile(r"\(\d+\)$")  # "with(2)": the second pronunciation of "with"
PARTIAL_EVERY_FRAMES = 7  # about 0.2 s of 30 ms endpointer frames, as for Vosk


def sphinx_info(reason: str) -> EngineInfo:
    """The engine description of the pocketsphinx fallback."""
    return EngineInfo(
        engine="pocketsphinx",
        model=MODEL_NAME,
        language="en",
        lower_accuracy=True,
        reason=reason,
        note=LOWER_ACCURACY_NOTE,
    )


def new_decoder() -> Decoder:
    """A fresh pocketsphinx Decoder at 16 kHz with its bundled US English model."""
    try:
        return Decoder(samprate=SAMPLE_RATE, loglevel="FATAL")
    except Exception as exc:  # pocketsphinx raises RuntimeError/ValueError on a bad install
        raise EngineLoadError(f"pocketsphinx could not start: {exc}") from exc


class SphinxRecognizer:
    """A streaming pocketsphinx recogniser for one track; each stretch of speech is a final."""

    def __init__(self, info: EngineInfo, track: str, *, partials: bool = True) -> None:
        self.info = info
        self.track = track
        self.partials = partials
        self._decoder = new_decoder()
        self._endpointer = Endpointer(sample_rate=SAMPLE_RATE)
        self._frame_bytes = self._endpointer.frame_bytes
        self._frate = float(self._decoder.config["frate"])
        self._buffer = bytearray()
        self._in_utt = False
        self._utt_start = 0.0
        self._frames_since_partial = 0
        self._last_partial = ""

    def accept(self, pcm: bytes) -> list[Segment]:
        """Feed 16 kHz PCM; a final Segment at each end of speech, partials while it lasts."""
        self._buffer += pcm
        out: list[Segment] = []
        size = self._frame_bytes
        while len(self._buffer) >= size:
            frame = bytes(self._buffer[:size])
            del self._buffer[:size]
            out.extend(self._step(self._endpointer.process(frame)))
        return out

    def finish(self) -> list[Segment]:
        """End the stream: decode the speech still buffered and return its final Segment."""
        tail = bytes(self._buffer[: len(self._buffer) & ~1])
        self._buffer.clear()
        speech = self._end_stream(tail)
        if speech:  # end_stream can hand back an empty buffer, which process_raw rejects
            self._feed(speech)
        return self._end_utterance() if self._in_utt else []

    def _end_stream(self, tail: bytes) -> bytes | None:
        if not tail:
            return None  # pocketsphinx 5.1's end_stream raises IndexError on an empty tail
        try:
            return self._endpointer.end_stream(tail)
        except (ValueError, IndexError):
            return None

    def _step(self, speech: bytes | None) -> list[Segment]:
        if speech is None:
            return []
        self._feed(speech)
        if not self._endpointer.in_speech:
            return self._end_utterance()
        self._frames_since_partial += 1
        if not self.partials or self._frames_since_partial < PARTIAL_EVERY_FRAMES:
            return []
        self._frames_since_partial = 0
        return self._partial()

    def _feed(self, speech: bytes) -> None:
        try:
            if not self._in_utt:
                self._decoder.start_utt()
                self._in_utt = True
                self._utt_start = self._endpointer.speech_start
            self._decoder.process_raw(speech, False, False)
        except RuntimeError as exc:
            raise RecognizerError(f"pocketsphinx failed on track {self.track}: {exc}") from exc

    def _end_utterance(self) -> list[Segment]:
        self._decoder.end_utt()
        self._in_utt = False
        self._frames_since_partial = 0
        self._last_partial = ""
        hyp = self._decoder.hyp()
        text = hyp.hypstr.strip() if hyp is not None else ""
        if not text:
            return []
        return [make_segment(self.info, self.track, text, self._words(), is_final=True)]

    def _partial(self) -> list[Segment]:
        hyp = self._decoder.hyp()
        text = hyp.hypstr.strip() if hyp is not None else ""
        if not text or text == self._last_partial:
            return []
        self._last_partial = text
        return [make_segment(self.info, self.track, text, self._words(), is_final=False)]

    def _words(self) -> list[Word]:
        words = []
        for seg in self._decoder.seg():
            if _FILLER.match(seg.word):
                continue
            words.append(
                Word(
                    word=_ALTERNATE.sub("", seg.word),
                    start=self._utt_start + seg.start_frame / self._frate,
                    end=self._utt_start + (seg.end_frame + 1) / self._frate,
                    conf=min(1.0, max(0.0, float(seg.prob))),
                )
            )
        return words
