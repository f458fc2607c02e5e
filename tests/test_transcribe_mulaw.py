"""mu-law decoding and encoding against the G.711 algorithm in TWILIO_VOSK_FACTS.md section 6."""

from __future__ import annotations

import struct

import pytest

from callscreen.transcribe.mulaw import MULAW_TABLE, decode_mulaw, encode_mulaw


def documented_decode(code: int) -> int:
    """The algorithm exactly as the facts sheet spells it out."""
    u = ~code & 0xFF
    exp = (u >> 4) & 7
    mant = u & 0x0F
    mag = (((mant << 3) + 0x84) << exp) - 0x84
    return -mag if u & 0x80 else mag


def test_table_equals_documented_algorithm_on_all_256_bytes():
    assert list(MULAW_TABLE) == [documented_decode(code) for code in range(256)]


def test_decode_packs_every_byte_as_little_endian_16_bit():
    decoded = decode_mulaw(bytes(range(256)))
    assert struct.unpack("<256h", decoded) == tuple(documented_decode(c) for c in range(256))


@pytest.mark.parametrize("code", [0xFF, 0x7F])
def test_both_zero_codes_decode_to_silence(code):
    assert decode_mulaw(bytes([code])) == b"\x00\x00"


def test_twenty_ms_of_twilio_silence_is_320_zero_bytes():
    assert decode_mulaw(b"\xff" * 160) == bytes(320)


def test_table_spans_the_g711_range():
    assert max(MULAW_TABLE) == 32124 and min(MULAW_TABLE) == -32124


def test_decode_of_empty_payload_is_empty():
    assert decode_mulaw(b"") == b""


def test_encoding_a_decoded_value_gives_back_the_same_sample():
    for code in range(256):
        sample = MULAW_TABLE[code]
        again = encode_mulaw(struct.pack("<h", sample))
        assert MULAW_TABLE[again[0]] == sample


@pytest.mark.parametrize(("sample", "code"), [(0, 0xFF), (32767, 0x80), (-32768, 0x00), (-1, 0x7F)])
def test_encoder_matches_g711_reference_codes(sample, code):
    assert encode_mulaw(struct.pack("<h", sample)) == bytes([code])


def test_encoder_error_stays_within_the_quantisation_step():
    for sample in range(-32768, 32768, 97):
        decoded = MULAW_TABLE[encode_mulaw(struct.pack("<h", sample))[0]]
        assert abs(decoded - sample) <= max(abs(sample) // 8, 8)  # log-scale steps


def test_encoder_ignores_a_trailing_odd_byte():
    assert encode_mulaw(b"\x00\x00\x01") == b"\xff"
