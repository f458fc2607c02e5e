"""Named errors of the transcription package; the CLI maps them to click.ClickException."""

from __future__ import annotations


class TranscribeError(Exception):
    """Base of every error this package raises."""


class EngineLoadError(TranscribeError):
    """A speech model was found but could not be loaded."""


class RecognizerError(TranscribeError):
    """A recogniser failed while decoding audio."""


class AudioFormatError(TranscribeError):
    """An audio file cannot be read or is in a format we do not transcribe."""


class EngineConfigError(TranscribeError, ValueError):
    """A transcription setting has a value we do not understand."""


class EngineUnavailableError(TranscribeError):
    """No speech engine can run here, so nothing can be transcribed."""


class ModelFetchError(TranscribeError):
    """Downloading, verifying or installing a model failed; nothing was installed."""
