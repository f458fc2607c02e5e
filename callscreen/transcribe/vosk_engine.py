"""The Vosk engine: one Model per process shared by every call, one KaldiRecognizer per track."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import vosk

from .errors import EngineLoadError, RecognizerError
from .recognizer import SAMPLE_RATE, EngineInfo, make_segment
from .segment import Segment, Word

log = logging.getLogger(__name__)

# Asking Vosk for a partial result walks the lattice; every 0.2 s of audio matches the step
# in which Kaldi's online decoder advances anyway, so more often would only repeat itself.
PARTIAL_EVERY_BYTES = SAMPLE_RATE * 2 // 5

_models: dict[str, vosk.Model] = {}
_models_lock = threading.Lock()
# vosk-api issue #606: parallel KaldiRecognizer creation on one model once crashed.
_create_lock = threading.Lock()


def load_model(path: str | Path) -> vosk.Model:
    """The process-wide Vosk Model for this folder, loaded on first use (thread-safe)."""
    key = str(Path(path).resolve())
    with _models_lock:
        model = _models.get(key)
        if model is None:
            vosk.SetLogLevel(-1)  # Kaldi's info log is noise here
            log.info("loading Vosk model %s", key)
            try:
                model = vosk.Model(key)
            except Exception as exc:  # vosk raises a bare Exception on a bad folder
                raise EngineLoadError(f"Vosk could not load the model at {key}: {exc}") from exc
            _models[key] = model
    return model


def loaded_models() -> list[str]:
    """Paths of the models this process holds in memory."""
    with _models_lock:
        return list(_models)


class VoskRecognizer:
    """A streaming Vosk recogniser for one track, with word times and confidences."""

    def __init__(
        self, model: vosk.Model, info: EngineInfo, track: str, *, partials: bool = True
    ) -> None:
        self.info = info
        self.track = track
        self.partials = partials
        with _create_lock:
            self._rec = vosk.KaldiRecognizer(model, SAMPLE_RATE)
        self._rec.SetWords(True)
        self._rec.SetPartialWords(True)
        self._odd = b""  # half a sample carried to the next chunk
        self._since_partial = 0
        self._last_partial = ""

    def accept(self, pcm: bytes) -> list[Segment]:
        """Feed 16 kHz PCM; a final Segment at each endpoint, a partial when the text changes."""
        data = self._odd + bytes(pcm)
        cut = len(data) & ~1
        self._odd, data = data[cut:], data[:cut]
        if not data:
            return []
        try:
            endpoint = self._rec.AcceptWaveform(data)
        except Exception as exc:  # vosk raises a bare Exception("Failed to process waveform")
            raise RecognizerError(f"Vosk failed on track {self.track}: {exc}") from exc
        if endpoint:
            self._since_partial = 0
            self._last_partial = ""
            return self._final(self._rec.Result())
        self._since_partial += len(data)
        if not self.partials or self._since_partial < PARTIAL_EVERY_BYTES:
            return []
        self._since_partial = 0
        return self._partial(self._rec.PartialResult())

    def finish(self) -> list[Segment]:
        """Flush the decoder and return the last final Segment, if it heard anything."""
        self._odd = b""
        return self._final(self._rec.FinalResult())

    def _final(self, raw: str) -> list[Segment]:
        result = json.loads(raw)
        text = result.get("text", "").strip()
        if not text:
            return []
        words = _words(result.get("result", []))
        return [make_segment(self.info, self.track, text, words, is_final=True)]

    def _partial(self, raw: str) -> list[Segment]:
        result = json.loads(raw)
        text = result.get("partial", "").strip()
        if not text or text == self._last_partial:
            return []
        self._last_partial = text
        words = _words(result.get("partial_result", []))
        return [make_segment(self.info, self.track, text, words, is_final=False)]


def _words(items: list[dict]) -> list[Word]:
    return [
        Word(
            word=item["word"],
            start=float(item["start"]),
            end=float(item["end"]),
            conf=float(item.get("conf", 1.0)),
        )
        for item in items
    ]
