"""Transcription: mu-law decoding, resampling, the Recognizer protocol and its engines.

The app resolves the engine once per process and makes one recogniser per call track:

    factory = RecognizerFactory(resolve_engine(app.config))
    track = factory.new_transcriber("inbound")       # caller; "outbound" is staff
    segments = track.feed_base64(media["payload"], int(media["timestamp"]))
    segments += track.finish()
"""

from __future__ import annotations

from .batch import transcribe_wav
from .engine import RecognizerFactory, resolve_engine
from .errors import (
    AudioFormatError,
    EngineConfigError,
    EngineLoadError,
    EngineUnavailableError,
    ModelFetchError,
    RecognizerError,
    TranscribeError,
)
from .mulaw import decode_mulaw, encode_mulaw
from .recognizer import EngineInfo, NullRecognizer, Recognizer
from .resample import ResampleState, downsample_16k_to_8k, upsample_8k_to_16k
from .segment import Segment, Word
from .track import TrackTranscriber

__all__ = [
    "AudioFormatError",
    "EngineConfigError",
    "EngineInfo",
    "EngineLoadError",
    "EngineUnavailableError",
    "ModelFetchError",
    "NullRecognizer",
    "RecognizerError",
    "Recognizer",
    "RecognizerFactory",
    "ResampleState",
    "Segment",
    "TrackTranscriber",
    "TranscribeError",
    "Word",
    "decode_mulaw",
    "downsample_16k_to_8k",
    "encode_mulaw",
    "resolve_engine",
    "transcribe_wav",
    "upsample_8k_to_16k",
]
