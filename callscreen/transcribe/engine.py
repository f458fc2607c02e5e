"""Choosing the engine once per process, and making one recogniser per call track."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from . import modelstore
from .errors import EngineConfigError, EngineLoadError
from .recognizer import EngineInfo, NullRecognizer, Recognizer, unavailable
from .resample import UPSAMPLERS
from .sphinx_engine import SphinxRecognizer, new_decoder, sphinx_info
from .track import TrackTranscriber
from .vosk_engine import VoskRecognizer, load_model

log = logging.getLogger(__name__)

ENGINE_CHOICES = ("auto", "vosk", "pocketsphinx", "none")
FETCH_HINT = "run `callscreen model fetch` to install the English Vosk model"


def settings(config: Mapping[str, object] | None = None) -> dict[str, str]:
    """Transcription settings: the app config's keys, else CALLSCREEN_* variables, else defaults."""
    config = config or {}

    def pick(key: str, default: str) -> str:
        value = config.get(key) or os.environ.get(f"CALLSCREEN_{key}") or default
        return str(value).strip()

    chosen = {
        "engine": pick("TRANSCRIBE_ENGINE", "auto").lower(),
        "language": pick("TRANSCRIBE_LANGUAGE", "en").lower(),
        "vosk_model": pick("VOSK_MODEL", ""),
        "model_cache": str(modelstore.cache_dir(config)),
        "upsampler": pick("UPSAMPLER", "linear").lower(),
    }
    if chosen["upsampler"] not in UPSAMPLERS:
        raise EngineConfigError(
            f"CALLSCREEN_UPSAMPLER must be one of {', '.join(UPSAMPLERS)} "
            f"(got {chosen['upsampler']!r})"
        )
    if chosen["engine"] not in ENGINE_CHOICES:
        raise EngineConfigError(
            f"CALLSCREEN_TRANSCRIBE_ENGINE must be one of {', '.join(ENGINE_CHOICES)} "
            f"(got {chosen['engine']!r})"
        )
    return chosen


def resolve_engine(config: Mapping[str, object] | None = None) -> EngineInfo:
    """Which engine will transcribe calls, and why; loads no model, never fails for lack of one."""
    # Order: configured Vosk model, the fetched model in the cache, an installed model
    # package (in the call language), then the pocketsphinx fallback, then none.
    chosen = settings(config)
    if chosen["engine"] == "none":
        return unavailable("transcription is turned off (CALLSCREEN_TRANSCRIBE_ENGINE=none)")
    if chosen["engine"] == "pocketsphinx":
        return fallback_engine(chosen, "chosen by CALLSCREEN_TRANSCRIBE_ENGINE=pocketsphinx")
    found, misses = find_vosk_model(chosen)
    if found is not None:
        return _vosk_info(found)
    why = "no usable Vosk model: " + "; ".join(misses)
    if chosen["engine"] == "vosk":
        return unavailable(f"{why} (and CALLSCREEN_TRANSCRIBE_ENGINE=vosk allows no fallback)")
    return fallback_engine(chosen, why)


def find_vosk_model(chosen: dict[str, str]) -> tuple[modelstore.FoundModel | None, list[str]]:
    """The first usable Vosk model in resolution order, and what was wrong with the others."""
    misses: list[str] = []
    if chosen["vosk_model"]:
        folder = Path(chosen["vosk_model"]).expanduser()
        lacking = modelstore.missing_model_files(folder)
        if not lacking:
            name = folder.name if folder.name != "model" else folder.parent.name
            return modelstore.FoundModel(folder, name, chosen["language"], "configured"), []
        misses.append(f"CALLSCREEN_VOSK_MODEL={folder} is not a Vosk model (lacks {lacking[0]})")
    else:
        misses.append("CALLSCREEN_VOSK_MODEL is not set")
    cache = Path(chosen["model_cache"])
    candidates = modelstore.cached_models(cache) + modelstore.packaged_models()
    for found in candidates:
        if found.language == chosen["language"]:
            return found, misses
        misses.append(
            f"{found.source} model {found.name} is for language {found.language!r}, not "
            f"{chosen['language']!r} (set CALLSCREEN_TRANSCRIBE_LANGUAGE to use it)"
        )
    if not any(found.source == "cache" for found in candidates):
        misses.append(f"no model in the cache {cache} ({FETCH_HINT})")
    if not any(found.source == "package" for found in candidates):
        misses.append(f"no {modelstore.PACKAGE_PREFIX}* package installed")
    return None, misses


def fallback_engine(chosen: dict[str, str], why: str) -> EngineInfo:
    """pocketsphinx (English only, lower accuracy) when it can serve the language, else none."""
    if chosen["language"] != "en":
        return unavailable(f"{why}; the pocketsphinx fallback only knows English")
    return sphinx_info(f"{why}; using the lower-accuracy English fallback")


def _vosk_info(found: modelstore.FoundModel) -> EngineInfo:
    origin = {"configured": "configured by CALLSCREEN_VOSK_MODEL", "cache": "the model cache"}
    source = origin.get(found.source, f"the installed package {found.name}")
    return EngineInfo(
        engine="vosk",
        model=found.name,
        model_path=str(found.path),
        language=found.language,
        reason=f"Vosk model from {source}",
    )


class RecognizerFactory:
    """Makes one recogniser per call track for the process's engine; hand it to create_app.

    A Vosk model that fails to load degrades the factory, once, to the fallback engine, so a
    call never fails because of transcription."""

    def __init__(
        self, info: EngineInfo | None = None, config: Mapping[str, object] | None = None
    ) -> None:
        self.info = info if info is not None else resolve_engine(config)
        self._config = dict(config or {})
        self.upsampler = settings(self._config)["upsampler"]
        self._lock = threading.Lock()

    def warm_up(self) -> EngineInfo:
        """Load the model now (seconds for Vosk) rather than on the first call; returns info."""
        self.new_recognizer("warm-up", partials=False)
        return self.info

    def new_recognizer(self, track: str, *, partials: bool = True) -> Recognizer:
        """A fresh recogniser for one track ("inbound" = caller, "outbound" = staff)."""
        info = self.info
        try:
            return _build(info, track, partials)
        except EngineLoadError as exc:
            log.error("speech engine failed to load: %s", exc)
            self._degrade(info, str(exc))
        try:
            return _build(self.info, track, partials)
        except EngineLoadError as exc:
            self._degrade(self.info, str(exc))
            return NullRecognizer(self.info, track)

    __call__ = new_recognizer

    def new_transcriber(self, track: str) -> TrackTranscriber:
        """A recogniser for one track of a Twilio stream, fed mu-law payloads."""
        return TrackTranscriber(self.new_recognizer(track), upsampler=self.upsampler)

    def _degrade(self, failed: EngineInfo, error: str) -> None:
        with self._lock:
            if self.info is not failed:
                return  # another thread already degraded it
            if failed.engine == "vosk":
                self.info = fallback_engine(settings(self._config), error)
            else:
                self.info = unavailable(error)


def _build(info: EngineInfo, track: str, partials: bool) -> Recognizer:
    if info.engine == "vosk":
        return VoskRecognizer(load_model(info.model_path), info, track, partials=partials)
    if info.engine == "pocketsphinx":
        return SphinxRecognizer(info, track, partials=partials)
    return NullRecognizer(info, track)


def check_fallback() -> str:
    """Empty when pocketsphinx can start here, else why not (for `callscreen model status`)."""
    try:
        new_decoder()
    except EngineLoadError as exc:
        return str(exc)
    return ""
