"""`callscreen model fetch`: download the English Vosk model, verify it, install it atomically.

Download to a temporary file inside the cache, check size and SHA-256, unpack into a temporary
folder beside the target, check it is a Vosk model, and only then rename it into place; a
failure at any step deletes the temporary folder and leaves the cache as it was.
"""

from __future__ import annotations

import hashlib
import http.client
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelFetchError
from .modelstore import DEFAULT_MODEL_NAME, missing_model_files

CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True)
class ModelSource:
    """Where a model zip comes from and what it must look like."""

    url: str
    size: int
    sha256: str
    name: str = DEFAULT_MODEL_NAME


OFFICIAL_SOURCE = ModelSource(
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    size=41_205_931,
    sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
)


def fetch_model(
    cache: Path,
    source: ModelSource = OFFICIAL_SOURCE,
    *,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    timeout: float = 60.0,
) -> Path:
    """Install the model into cache/<name> and return that folder; raise ModelFetchError."""
    target = Path(cache) / source.name
    if not force and not missing_model_files(target):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelFetchError(f"cannot create the model cache {target.parent}: {exc}") from exc
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".fetch-") as work:
        archive = Path(work) / "model.zip"
        download(source, archive, progress=progress, timeout=timeout)
        root = unpack(archive, Path(work) / "unpacked")
        install(root, target, Path(work) / "previous")
    return target


def download(
    source: ModelSource,
    dest: Path,
    *,
    progress: Callable[[int], None] | None = None,
    timeout: float = 60.0,
) -> None:
    """Stream the zip to dest, checking its size and SHA-256 as it arrives."""
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(source.url, timeout=timeout) as response:
            with dest.open("wb") as out:
                received = _copy(response, out, source, digest, progress)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise ModelFetchError(f"download of {source.url} failed: {exc}") from exc
    check_download(source, received, digest.hexdigest())


def _copy(response, out, source: ModelSource, digest, progress) -> int:
    received = 0
    while chunk := response.read(CHUNK_BYTES):
        received += len(chunk)
        if received > source.size:
            raise ModelFetchError(f"{source.url} sent more than the expected {source.size:,} bytes")
        digest.update(chunk)
        out.write(chunk)
        if progress:
            progress(len(chunk))
    return received


def check_download(source: ModelSource, received: int, sha256: str) -> None:
    """Raise ModelFetchError unless the size and checksum are the expected ones."""
    if received != source.size:
        raise ModelFetchError(
            f"download truncated or wrong: got {received:,} bytes, expected {source.size:,}"
        )
    if sha256 != source.sha256.lower():
        raise ModelFetchError(
            f"checksum mismatch: the download's SHA-256 is {sha256}, expected {source.sha256}"
        )


def unpack(archive: Path, dest: Path) -> Path:
    """Unpack a zip safely into dest and return the folder holding the model."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.namelist():
                if not _is_inside(dest, member):
                    raise ModelFetchError(f"the zip has an unsafe path: {member!r}")
            zipped.extractall(dest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ModelFetchError(f"the download is not a usable zip file: {exc}") from exc
    except OSError as exc:
        raise ModelFetchError(f"could not unpack the model: {exc}") from exc
    root = _model_root(dest)
    lacking = missing_model_files(root)
    if lacking:
        raise ModelFetchError(f"the zip does not hold a Vosk model (it lacks {lacking[0]})")
    return root


def install(root: Path, target: Path, aside: Path) -> None:
    """Rename the unpacked model into place, moving any older copy aside first."""
    had_old = target.exists()
    try:
        if had_old:
            target.rename(aside)
        root.rename(target)
    except OSError as exc:
        if had_old and aside.exists() and not target.exists():
            aside.rename(target)  # put the old model back
        raise ModelFetchError(f"could not install the model at {target}: {exc}") from exc
    shutil.rmtree(aside, ignore_errors=True)


def _is_inside(dest: Path, member: str) -> bool:
    base = dest.resolve()
    return (base / member).resolve().is_relative_to(base) and not Path(member).is_absolute()


def _model_root(dest: Path) -> Path:
    # Official zips hold one top folder named after the model; accept a flat zip too.
    entries = [entry for entry in dest.iterdir() if not entry.name.startswith("__MACOSX")]
    if len(entries) == 1 and entries[0].is_dir() and missing_model_files(dest):
        return entries[0]
    return dest
