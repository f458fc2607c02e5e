"""8 <-> 16 kHz resampling: lengths, chunk boundaries, and the signal it produces."""

from __future__ import annotations

import math
import random
from array import array

import pytest

from callscreen.transcribe.resample import (
    UPSAMPLERS,
    ResampleError,
    ResampleState,
    downsample_16k_to_8k,
    flush_downsampler,
    flush_upsampler,
    upsample_8k_to_16k,
)


def tone(freq: float, rate: int, count: int, amplitude: int = 10000) -> bytes:
    return array(
        "h", [round(amplitude * math.sin(2 * math.pi * freq * i / rate)) for i in range(count)]
    ).tobytes()


def in_random_chunks(data: bytes, seed: int, most: int = 700) -> list[bytes]:
    rng = random.Random(seed)
    chunks, i = [], 0
    while i < len(data):
        size = rng.randint(1, most)  # odd sizes split samples across chunks
        chunks.append(data[i : i + size])
        i += size
    return chunks


BOTH = pytest.mark.parametrize("upsampler", sorted(UPSAMPLERS))


@BOTH
def test_upsampling_doubles_the_sample_count_of_each_chunk(upsampler):
    state = ResampleState(upsampler)
    for _ in range(5):
        assert len(upsample_8k_to_16k(bytes(320), state)) == 640


@BOTH
def test_flush_returns_the_filter_delay_so_nothing_is_lost(upsampler):
    state = ResampleState(upsampler)
    body = upsample_8k_to_16k(tone(440, 8000, 800), state)
    tail = flush_upsampler(state)
    assert len(body) + len(tail) == 2 * (800 + len(UPSAMPLERS[upsampler])) * 2
    assert flush_upsampler(state) == b""


@BOTH
def test_chunked_upsampling_equals_one_shot_across_odd_boundaries(upsampler):
    signal = tone(1000, 8000, 4000)
    state = ResampleState(upsampler)
    chunked = b"".join(upsample_8k_to_16k(chunk, state) for chunk in in_random_chunks(signal, 1))
    assert chunked == upsample_8k_to_16k(signal, ResampleState(upsampler))


# Largest error on an amplitude-10000 1 kHz tone: linear interpolation's own error at the
# midpoints, 10000 * (1 - cos(pi / 8)) = 761; the half-band filter's is under 0.2 %.
@pytest.mark.parametrize(("upsampler", "bound"), [("linear", 765), ("halfband", 20)])
def test_upsampled_tone_is_continuous_across_20_ms_chunks(upsampler, bound):
    state = ResampleState(upsampler)
    signal = tone(1000, 8000, 8000)
    out = b"".join(upsample_8k_to_16k(signal[i : i + 320], state) for i in range(0, 16000, 320))
    samples = array("h", out)
    delay = 2 * len(UPSAMPLERS[upsampler])  # output samples
    errors = [
        abs(samples[j] - 10000 * math.sin(2 * math.pi * 1000 * (j - delay) / 16000))
        for j in range(40, len(samples))
    ]
    assert max(errors) < bound


@BOTH
def test_upsampling_keeps_every_original_sample(upsampler):
    signal = tone(700, 8000, 500)
    out = array("h", upsample_8k_to_16k(signal, ResampleState(upsampler)))
    original = array("h", signal)
    delay = len(UPSAMPLERS[upsampler])
    assert out[2 * delay :: 2][: len(original) - delay] == original[:-delay]


@BOTH
def test_upsampling_extreme_values_clamps_instead_of_wrapping(upsampler):
    square = array("h", ([32767] * 4 + [-32768] * 4) * 50).tobytes()
    out = array("h", upsample_8k_to_16k(square, ResampleState(upsampler)))
    assert max(out) == 32767 and min(out) == -32768


def test_an_unknown_upsampler_is_a_named_error():
    with pytest.raises(ResampleError):
        upsample_8k_to_16k(bytes(4), ResampleState("sinc-of-doom"))


def test_downsampling_halves_and_matches_when_chunked():
    signal = tone(1000, 16000, 16000)
    state = ResampleState()
    chunked = b"".join(downsample_16k_to_8k(c, state) for c in in_random_chunks(signal, 2))
    one_shot_state = ResampleState()
    one_shot = downsample_16k_to_8k(signal, one_shot_state)
    assert chunked == one_shot
    assert len(one_shot + flush_downsampler(one_shot_state)) == 8000 * 2


def test_downsampling_removes_tones_above_the_new_nyquist():
    out = array("h", downsample_16k_to_8k(tone(6000, 16000, 16000)))
    assert max(abs(v) for v in out[100:-100]) < 50


def test_a_state_cannot_switch_direction():
    state = ResampleState()
    upsample_8k_to_16k(bytes(4), state)
    with pytest.raises(ResampleError):
        downsample_16k_to_8k(bytes(4), state)
