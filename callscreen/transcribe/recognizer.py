"""The Recognizer protocol every engine meets, the engine description, and the null engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable

from .segment import Segment

SAMPLE_RATE = 16000  # every recogniser takes 16 kHz, 16-bit signed little-endian mono PCM


@dataclass(frozen=True)
class EngineInfo:
    """Which engine and model transcribe calls in this process, and why."""

    engine: str  # "vosk", "pocketsphinx" or "none"
    model: str  # display name of the model
    model_path: str = ""
    language: str = ""
    lower_accuracy: bool = False
    reason: str = ""  # why this engine was chosen (or none could be)
    note: str = ""  # what the UI and packets should show next to the transcript

    @property
    def available(self) -> bool:
        """True when calls will actually be transcribed."""
        return self.engine != "none"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, with `available`."""
        return {**asdict(self), "available": self.available}

    def summary(self) -> str:
        """One line for logs, status pages and the CLI."""
        if not self.available:
            return f"transcription unavailable: {self.reason}"
        flag = " (LOWER ACCURACY)" if self.lower_accuracy else ""
        return f"{self.engine} with {self.model}{flag}"


@runtime_checkable
class Recognizer(Protocol):
    """One track's streaming recogniser: feed 16 kHz PCM chunks, get partial and final Segments.

    Chunks may be any length (20 ms from a call, longer from a file). Word times are seconds
    from the first byte fed. `finish()` flushes what is pending; feed nothing after it.
    """

    info: EngineInfo
    track: str

    def accept(self, pcm: bytes) -> list[Segment]:
        """Feed a chunk; return any new partial and final Segments (often none)."""
        ...

    def finish(self) -> list[Segment]:
        """End the stream: return the final Segments still pending."""
        ...


class NullRecognizer:
    """The recogniser when no engine can run: swallows audio so the call itself goes on."""

    def __init__(self, info: EngineInfo, track: str) -> None:
        self.info = info
        self.track = track

    def accept(self, pcm: bytes) -> list[Segment]:
        """Discard the audio; there is nothing to transcribe with."""
        return []

    def finish(self) -> list[Segment]:
        """Nothing is ever pending."""
        return []


def unavailable(reason: str) -> EngineInfo:
    """The engine description when calls cannot be transcribed."""
    return EngineInfo(
        engine="none",
        model="",
        reason=reason,
        note=f"transcription unavailable: {reason}",
    )


def make_segment(info: EngineInfo, track: str, text: str, words: list, is_final: bool) -> Segment:
    """A Segment stamped with the engine's name, model and accuracy flag."""
    start = words[0].start if words else 0.0
    end = words[-1].end if words else start
    return Segment(
        track=track,
        text=text,
        start=start,
        end=end,
        is_final=is_final,
        engine=info.engine,
        model=info.model,
        words=tuple(words),
        lower_accuracy=info.lower_accuracy,
        note=info.note,
    )
