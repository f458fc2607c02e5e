"""Batch transcription of a recording: each WAV channel is a track (1 = caller, 2 = staff)."""

from __future__ import annotations

import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .engine import RecognizerFactory
from .errors import AudioFormatError, EngineUnavailableError
from .recognizer import SAMPLE_RATE, NullRecognizer
from .resample import ResampleState, flush_upsampler, upsample_8k_to_16k
from .segment import Segment

# Twilio's dual-channel recordings put the parent (caller) leg in channel 1, the dialled
# (staff) leg in channel 2; a mono recording has both voices mixed.
CHANNEL_TRACKS = {1: ("mixed",), 2: ("inbound", "outbound")}
CHUNK_SECONDS = 0.5
Progress = Callable[[float, float], None]


@dataclass(frozen=True)
class Recording:
    """A WAV file's channels as separate 16-bit PCM streams."""

    rate: int
    channels: tuple[bytes, ...]

    @property
    def seconds(self) -> float:
        """Duration in seconds."""
        return len(self.channels[0]) / 2 / self.rate if self.channels else 0.0


def read_wav(path: str | Path) -> Recording:
    """Read a 16-bit PCM WAV at 8 or 16 kHz with one or two channels; AudioFormatError if not."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioFormatError(f"{path}: not a readable WAV file ({exc})") from exc
    if width != 2:
        raise AudioFormatError(f"{path}: {8 * width}-bit samples; only 16-bit PCM is supported")
    if rate not in (8000, SAMPLE_RATE):
        raise AudioFormatError(f"{path}: {rate} Hz; only 8000 or 16000 Hz is supported")
    if channels not in CHANNEL_TRACKS:
        raise AudioFormatError(f"{path}: {channels} channels; only 1 or 2 are supported")
    samples = array("h", frames[: len(frames) - len(frames) % (2 * channels)])
    split = tuple(samples[c::channels].tobytes() for c in range(channels))
    return Recording(rate=rate, channels=split)


def transcribe_wav(
    path: str | Path,
    factory: RecognizerFactory | None = None,
    *,
    progress: Progress | None = None,
    partials: bool = False,
) -> list[Segment]:
    """Transcribe every channel of a WAV; Segments of all tracks, ordered by start time."""
    recording = read_wav(path)
    factory = factory if factory is not None else RecognizerFactory()
    tracks = CHANNEL_TRACKS[len(recording.channels)]
    total = recording.seconds * len(tracks)
    segments: list[Segment] = []
    for index, (track, pcm) in enumerate(zip(tracks, recording.channels, strict=True)):
        done_before = index * recording.seconds

        def report(seconds: float, done_before: float = done_before) -> None:
            if progress:
                progress(done_before + seconds, total)

        segments += transcribe_channel(pcm, recording.rate, track, factory, report, partials)
    return sorted(segments, key=lambda s: (s.start, s.track))


def transcribe_channel(
    pcm: bytes,
    rate: int,
    track: str,
    factory: RecognizerFactory,
    progress: Callable[[float], None] | None = None,
    partials: bool = False,
) -> list[Segment]:
    """Run one channel's PCM (8 or 16 kHz) through a fresh recogniser for `track`."""
    recognizer = factory.new_recognizer(track, partials=partials)
    if isinstance(recognizer, NullRecognizer):
        raise EngineUnavailableError(recognizer.info.summary())
    state = ResampleState(factory.upsampler) if rate != SAMPLE_RATE else None
    step = int(rate * CHUNK_SECONDS) * 2
    segments: list[Segment] = []
    for offset in range(0, len(pcm), step):
        chunk = pcm[offset : offset + step]
        segments += recognizer.accept(upsample_8k_to_16k(chunk, state) if state else chunk)
        if progress:
            progress(min(offset + step, len(pcm)) / 2 / rate)
    if state:
        segments += recognizer.accept(flush_upsampler(state))
    return segments + recognizer.finish()
