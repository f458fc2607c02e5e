"""Where Vosk models live: the configured folder, the download cache, installed model packages."""

from __future__ import annotations

import importlib.util
import os
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL_NAME = "vosk-model-small-en-us-0.15"
PACKAGE_PREFIX = "vosk_model_"
# Words in model names that are not the language code ("vosk-model-small-en-us-0.15").
_NOT_LANGUAGE = {"vosk", "model", "small", "big", "large", "lgraph", "tiny"}


@dataclass(frozen=True)
class FoundModel:
    """A folder that holds a Vosk model, with where it was found."""

    path: Path
    name: str
    language: str
    source: str  # "configured", "cache" or "package"


def cache_dir(config: Mapping[str, object] | None = None) -> Path:
    """The model cache: MODEL_CACHE / $CALLSCREEN_MODEL_CACHE, else ~/.cache/callscreen/models."""
    configured = (config or {}).get("MODEL_CACHE") or os.environ.get("CALLSCREEN_MODEL_CACHE")
    if configured:
        return Path(str(configured)).expanduser()
    return Path.home() / ".cache" / "callscreen" / "models"


def missing_model_files(folder: Path) -> list[str]:
    """What a Vosk model folder lacks (empty when it looks complete); v1 and v2 layouts."""
    if not folder.is_dir():
        return ["the folder itself"]
    if (folder / "am" / "final.mdl").is_file():
        return [] if (folder / "conf" / "model.conf").is_file() else ["conf/model.conf"]
    if (folder / "final.mdl").is_file():
        return [] if (folder / "mfcc.conf").is_file() else ["mfcc.conf"]
    return ["am/final.mdl"]


def language_of(name: str) -> str:
    """The language code in a model or package name: vosk-model-small-en-us-0.15 -> en."""
    for word in name.lower().replace("_", "-").split("-"):
        if word.isalpha() and word not in _NOT_LANGUAGE:
            return word
    return ""


def cached_models(root: Path) -> list[FoundModel]:
    """Complete Vosk models directly under the cache folder, the default English one first."""
    if not root.is_dir():
        return []
    found = [
        FoundModel(child, child.name, language_of(child.name), "cache")
        for child in sorted(root.iterdir())
        if not child.name.startswith(".") and not missing_model_files(child)
    ]
    return sorted(found, key=lambda model: model.name != DEFAULT_MODEL_NAME)


def packaged_models() -> list[FoundModel]:
    """Models shipped as importable vosk_model_* packages (model under <package>/model/)."""
    found = []
    for module in sorted(pkgutil.iter_modules(), key=lambda m: m.name):
        if not module.ispkg or not module.name.startswith(PACKAGE_PREFIX):
            continue
        folder = _package_model_folder(module.name)
        if folder is not None:
            found.append(FoundModel(folder, module.name, language_of(module.name), "package"))
    return found


def _package_model_folder(package: str) -> Path | None:
    # find_spec locates the package without running its code.
    spec = importlib.util.find_spec(package)
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "model"
        if not missing_model_files(folder):
            return folder
    return None
