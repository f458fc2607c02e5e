"""The real pocketsphinx English fallback, fed telephone-degraded speech in 20 ms mu-law frames."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from callscreen.transcribe import (
    RecognizerFactory,
    downsample_16k_to_8k,
    encode_mulaw,
    resolve_engine,
)
from callscreen.transcribe.sphinx_engine import LOWER_ACCURACY_NOTE

AUDIO = Path(__file__).parent / "audio"
FRAME = 160


def telephone_payloads(name: str) -> list[bytes]:
    """A 16 kHz test WAV as Twilio would stream it: 8 kHz mu-law in 20 ms frames."""
    with wave.open(str(AUDIO / name)) as wav:
        pcm16k = wav.readframes(wav.getnframes())
    mulaw = encode_mulaw(downsample_16k_to_8k(pcm16k)) + b"\xff" * 8000
    return [mulaw[i : i + FRAME] for i in range(0, len(mulaw), FRAME)]


@pytest.fixture(scope="module")
def sphinx_factory(tmp_path_factory):
    config = {"TRANSCRIBE_ENGINE": "pocketsphinx", "MODEL_CACHE": str(tmp_path_factory.mktemp("c"))}
    return RecognizerFactory(resolve_engine(config), config)


def transcribe(factory, name: str, track: str = "inbound") -> list:
    transcriber = factory.new_transcriber(track)
    segments = [s for payload in telephone_payloads(name) for s in transcriber.feed(payload)]
    return segments + transcriber.finish()


def final_words(segments) -> list[str]:
    return [w.word for s in segments if s.is_final for w in s.words]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("piper_joe_t01.wav", {"man", "elementary", "maple", "street"}),
        ("piper_joe_t08.wav", {"gun", "jefferson", "school", "monday"}),
        ("piper_joe_t03.wav", {"bomb", "washington", "school"}),
        ("piper_joe_t10.wav", {"three", "shots", "library"}),
        ("goforward.wav", {"go", "forward", "ten", "meters"}),
    ],
)
def test_english_words_come_through_the_telephone_path(sphinx_factory, name, expected):
    heard = set(final_words(transcribe(sphinx_factory, name)))
    assert expected <= heard


def test_every_segment_is_marked_lower_accuracy(sphinx_factory):
    info = sphinx_factory.info
    assert info.engine == "pocketsphinx" and info.lower_accuracy and info.language == "en"
    segments = transcribe(sphinx_factory, "piper_joe_t10.wav", track="outbound")
    assert segments
    for segment in segments:
        assert segment.lower_accuracy and segment.note == LOWER_ACCURACY_NOTE
        assert segment.to_dict()["lower_accuracy"] is True
        assert segment.speaker == "staff"


def test_partials_grow_before_the_final_and_times_are_ordered(sphinx_factory):
    segments = transcribe(sphinx_factory, "piper_joe_t08.wav")
    assert not segments[0].is_final and segments[-1].is_final
    for segment in segments:
        starts = [w.start for w in segment.words]
        assert starts == sorted(starts)
        assert all(0 <= w.start <= w.end for w in segment.words)
        assert all(0.0 <= w.conf <= 1.0 for w in segment.words)
        assert not any(w.word.startswith(("<", "[")) or "(" in w.word for w in segment.words)


def test_finish_flushes_a_stream_cut_off_mid_sentence(sphinx_factory):
    transcriber = sphinx_factory.new_transcriber("inbound")
    fed = [s for p in telephone_payloads("piper_joe_t01.wav")[:120] for s in transcriber.feed(p)]
    assert not any(s.is_final for s in fed)
    flushed = transcriber.finish()
    assert [s.is_final for s in flushed] == [True] and flushed[0].words


def test_word_times_count_from_the_start_of_the_stream(sphinx_factory):
    lead_in = [b"\xff" * FRAME] * 100  # two seconds of silence before speech
    transcriber = sphinx_factory.new_transcriber("inbound")
    payloads = lead_in + telephone_payloads("goforward.wav")
    segments = [s for p in payloads for s in transcriber.feed(p)] + transcriber.finish()
    first = [s for s in segments if s.is_final][0]
    assert first.words[0].start >= 1.9


@pytest.mark.parametrize("extra_bytes", [0, 2, 958])
def test_finish_after_whole_or_partial_endpointer_frames(sphinx_factory, extra_bytes):
    """pocketsphinx's end_stream fails on an empty tail; finish() must not pass it one."""
    with wave.open(str(AUDIO / "goforward.wav")) as wav:
        pcm = wav.readframes(wav.getnframes())
    recognizer = sphinx_factory.new_recognizer("inbound")
    recognizer.accept(pcm[: 960 * 60 + extra_bytes])  # cut while the talker is mid-word
    finals = recognizer.finish()
    assert [s.is_final for s in finals] == [True] and finals[0].words
