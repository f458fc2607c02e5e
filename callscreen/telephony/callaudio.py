"""Audio for a simulated call: WAV files to 8 kHz mu-law frames, and Twilio's dual-channel WAV."""

from __future__ import annotations

import array
import io
import sys
import wave
from pathlib import Path

from ..transcribe.mulaw import SILENCE_BYTE, decode_mulaw, encode_mulaw
from ..transcribe.resample import ResampleState, downsample_16k_to_8k, flush_downsampler

FRAME_BYTES = 160  # 20 ms of 8 kHz mu-law


class AudioFileError(ValueError):
    """A WAV file the simulator cannot use."""


def read_telephone_audio(path: str | Path) -> bytes:
    """A 16-bit mono WAV (8 or 16 kHz) as 8 kHz mu-law bytes, like a phone line carries."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
            pcm = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioFileError(f"{path}: not a readable WAV file ({exc})") from exc
    if width != 2 or channels != 1 or rate not in (8000, 16000):
        raise AudioFileError(
            f"{path}: need 16-bit mono WAV at 8000 or 16000 Hz, got {width * 8}"
            f"-bit, {channels} channel(s), {rate} Hz (convert it with sox)"
        )
    if rate == 16000:
        state = ResampleState()
        pcm = downsample_16k_to_8k(pcm, state) + flush_downsampler(state)
    return encode_mulaw(pcm)


def frames(mulaw: bytes) -> list[bytes]:
    """Split into 20 ms frames, padding the last one with silence."""
    padded = mulaw + bytes([SILENCE_BYTE]) * (-len(mulaw) % FRAME_BYTES)
    return [padded[i : i + FRAME_BYTES] for i in range(0, len(padded), FRAME_BYTES)]


def dual_channel_wav(caller: bytes, staff: bytes) -> bytes:
    """A Twilio-style recording: 8 kHz 16-bit stereo, caller on channel 1, staff on channel 2."""
    left = array.array("h", decode_mulaw(caller))
    right = array.array("h", decode_mulaw(staff))
    length = max(len(left), len(right))
    left.extend([0] * (length - len(left)))
    right.extend([0] * (length - len(right)))
    both = array.array("h", [0]) * (2 * length)
    both[0::2], both[1::2] = left, right
    if sys.byteorder == "big":
        both.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(both.tobytes())
    return out.getvalue()
