"""G.711 mu-law <-> 16-bit linear PCM by lookup table (audioop is gone in Python 3.13)."""

from __future__ import annotations

import struct
import sys
from array import array

SILENCE_BYTE = 0xFF  # decodes to 0; Twilio's 20 ms of silence is b"\xff" * 160
_BIAS = 0x84
_CLIP = 32635


def mulaw_to_linear(code: int) -> int:
    """Decode one mu-law byte to a signed 16-bit sample (G.711, as CPython's audioop)."""
    u = ~code & 0xFF
    exponent = (u >> 4) & 7
    mantissa = u & 0x0F
    magnitude = (((mantissa << 3) + _BIAS) << exponent) - _BIAS
    return -magnitude if u & 0x80 else magnitude


def linear_to_mulaw(sample: int) -> int:
    """Encode one signed 16-bit sample to a mu-law byte (G.711 with the usual 32635 clip)."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(-sample if sample < 0 else sample, _CLIP) + _BIAS
    exponent = max(magnitude.bit_length() - 8, 0)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


MULAW_TABLE: tuple[int, ...] = tuple(mulaw_to_linear(code) for code in range(256))
# Each byte's little-endian PCM pair, so decoding is one join over a list of lookups.
_PCM_PAIRS: tuple[bytes, ...] = tuple(struct.pack("<h", value) for value in MULAW_TABLE)
# Encoding table over all 65536 16-bit values, indexed by the unsigned bit pattern.
_ENCODE_TABLE: bytes = bytes(
    linear_to_mulaw(value - 65536 if value >= 32768 else value) for value in range(65536)
)


def decode_mulaw(payload: bytes) -> bytes:
    """Decode mu-law bytes to 16-bit little-endian PCM at the same rate (two bytes per byte)."""
    pairs = _PCM_PAIRS
    return b"".join([pairs[code] for code in payload])


def encode_mulaw(pcm: bytes) -> bytes:
    """Encode 16-bit little-endian PCM to mu-law; a trailing odd byte is ignored."""
    codes = array("H", pcm[: len(pcm) & ~1])
    if sys.byteorder == "big":
        codes.byteswap()
    table = _ENCODE_TABLE
    return bytes([table[value] for value in codes])
