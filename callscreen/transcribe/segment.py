"""What a recogniser says: Segments of words with times in seconds from the stream's start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Twilio's track names and the people they carry on a school's line.
SPEAKERS = {"inbound": "caller", "outbound": "staff"}


def speaker_for_track(track: str) -> str:
    """The person on a track: inbound is the caller, outbound the staff member."""
    return SPEAKERS.get(track, track)


@dataclass(frozen=True)
class Word:
    """One recognised word, its times in seconds from the stream's start, and confidence 0-1."""

    word: str
    start: float
    end: float
    conf: float

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, times rounded to milliseconds."""
        return {
            "word": self.word,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "conf": round(self.conf, 3),
        }


@dataclass(frozen=True)
class Segment:
    """A partial (still changing) or final stretch of one track's transcript."""

    track: str
    text: str
    start: float
    end: float
    is_final: bool
    engine: str
    model: str
    words: tuple[Word, ...] = ()
    lower_accuracy: bool = False
    note: str = ""

    @property
    def speaker(self) -> str:
        """Who is speaking: caller or staff (or the raw track label)."""
        return speaker_for_track(self.track)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence, or None when there are no words."""
        if not self.words:
            return None
        return sum(word.conf for word in self.words) / len(self.words)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form for the event log, packets and the CLI."""
        confidence = self.confidence
        return {
            "track": self.track,
            "speaker": self.speaker,
            "text": self.text,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "is_final": self.is_final,
            "confidence": None if confidence is None else round(confidence, 3),
            "words": [word.to_dict() for word in self.words],
            "engine": self.engine,
            "model": self.model,
            "lower_accuracy": self.lower_accuracy,
            "note": self.note,
        }
