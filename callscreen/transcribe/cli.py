"""CLI: `callscreen model fetch|status` and `callscreen transcribe FILE.wav`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import modelstore
from .batch import transcribe_wav
from .engine import RecognizerFactory, check_fallback, resolve_engine
from .errors import TranscribeError
from .modelfetch import OFFICIAL_SOURCE, ModelSource, fetch_model
from .segment import Segment


@click.group("model")
def model_commands() -> None:
    """Speech models: fetch the English Vosk model, or see which engine transcribes calls."""


@model_commands.command("fetch")
@click.option("--url", default=OFFICIAL_SOURCE.url, show_default=True, help="Zip to download.")
@click.option("--sha256", default=OFFICIAL_SOURCE.sha256, show_default=True)
@click.option("--size", type=int, default=OFFICIAL_SOURCE.size, show_default=True)
@click.option("--name", default=OFFICIAL_SOURCE.name, show_default=True, help="Folder name.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Model cache [default: $CALLSCREEN_MODEL_CACHE or ~/.cache/callscreen/models].",
)
@click.option("--force", is_flag=True, help="Download again even if the model is installed.")
def fetch_command(
    url: str, sha256: str, size: int, name: str, cache_dir: Path | None, force: bool
) -> None:
    """Download, verify (size + SHA-256) and install the Vosk model into the cache."""
    cache = cache_dir or modelstore.cache_dir()
    source = ModelSource(url=url, size=size, sha256=sha256, name=name)
    if not force and not modelstore.missing_model_files(cache / name):
        click.echo(f"{name} is already installed at {cache / name} (use --force to replace it)")
        return
    try:
        with click.progressbar(length=size, label=f"Downloading {name}", file=sys.stderr) as bar:
            path = fetch_model(cache, source, force=force, progress=bar.update)
    except TranscribeError as exc:
        raise click.ClickException(f"{exc} (nothing was installed)") from exc
    click.echo(f"Installed {name} at {path}")


@model_commands.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the engine description as JSON.")
def status_command(as_json: bool) -> None:
    """Which speech engine would transcribe calls, and why."""
    try:
        info = resolve_engine()
    except TranscribeError as exc:
        raise click.ClickException(str(exc)) from exc
    fallback_problem = check_fallback()
    if as_json:
        data = {**info.to_dict(), "model_cache": str(modelstore.cache_dir())}
        click.echo(json.dumps({**data, "fallback_problem": fallback_problem}, indent=2))
        return
    click.echo(f"Engine: {info.summary()}")
    if info.model_path:
        click.echo(f"Model: {info.model_path}")
    click.echo(f"Why: {info.reason}")
    if info.note:
        click.echo(f"Note: {info.note}")
    click.echo(f"Model cache: {modelstore.cache_dir()}")
    if fallback_problem:
        click.echo(f"Fallback: pocketsphinx cannot start: {fallback_problem}")


@click.command("transcribe")
@click.argument("wav", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print segments as JSON.")
@click.option(
    "--vosk-model",
    type=click.Path(file_okay=False, path_type=Path),
    help="Use this Vosk model folder instead of the resolved one.",
)
def transcribe_command(wav: Path, as_json: bool, vosk_model: Path | None) -> None:
    """Transcribe a WAV recording (8 or 16 kHz; channel 1 = caller, channel 2 = staff)."""
    try:
        factory = RecognizerFactory(config={"VOSK_MODEL": str(vosk_model)} if vosk_model else None)
        segments = _run_with_progress(wav, factory)
    except TranscribeError as exc:
        raise click.ClickException(str(exc)) from exc
    info = factory.info
    if as_json:
        payload = {"file": str(wav), "engine": info.to_dict()}
        click.echo(json.dumps({**payload, "segments": [s.to_dict() for s in segments]}, indent=2))
        return
    click.echo(f"# {info.summary()}", err=True)
    if info.lower_accuracy:
        click.echo(f"# {info.note}", err=True)
    for segment in segments:
        click.echo(format_segment(segment))


def _run_with_progress(wav: Path, factory: RecognizerFactory) -> list[Segment]:
    steps = 1000
    with click.progressbar(length=steps, label="Transcribing", file=sys.stderr) as bar:
        shown = 0

        def progress(done: float, total: float) -> None:
            nonlocal shown
            target = int(steps * done / total) if total else steps
            bar.update(target - shown)
            shown = target

        return transcribe_wav(wav, factory, progress=progress)


def format_segment(segment: Segment) -> str:
    """One line: [start - end] speaker: text."""
    return f"[{_clock(segment.start)} - {_clock(segment.end)}] {segment.speaker}: {segment.text}"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:05.2f}"
