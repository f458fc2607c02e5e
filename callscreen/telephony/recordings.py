"""Downloading a call recording from Twilio: basic auth, allow-listed origins, hashed on capture.

This gateway is the one boundary of the app that talks to Twilio's REST API; tests and the
simulator point it at a local HTTP server by allow-listing that origin.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

TWILIO_ORIGIN = "https://api.twilio.com"
CHUNK = 64 * 1024


class RecordingError(RuntimeError):
    """A recording could not be downloaded or stored."""


@dataclass(frozen=True)
class Download:
    """A recording stored on disk, with its hash taken while it was written."""

    path: Path
    sha256: str
    size: int


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class RecordingGateway:
    """Fetches recording media with the account's credentials, only from allowed origins."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        origins: tuple[str, ...],
        timeout: float = 30.0,
        max_bytes: int = 2 * 1024**3,
    ) -> None:
        self.auth = (account_sid, auth_token)
        self.origins = tuple(o.rstrip("/").lower() for o in origins)
        self.timeout = timeout
        self.max_bytes = max_bytes

    def media_url(self, recording_url: str) -> str:
        """The WAV media URL for a RecordingUrl; refuses origins not on the allow-list."""
        if origin_of(recording_url) not in self.origins:
            raise RecordingError(
                f"refusing to download from {origin_of(recording_url)}: "
                f"not an allowed recording origin ({', '.join(self.origins)})"
            )
        return recording_url if recording_url.endswith(".wav") else recording_url + ".wav"

    def download(self, recording_url: str, dest: Path) -> Download:
        """Download to `dest` atomically (temp file, then rename), hashing as it arrives."""
        url = self.media_url(recording_url)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with requests.get(url, auth=self.auth, stream=True, timeout=self.timeout) as resp:
                if resp.status_code != 200:
                    raise RecordingError(f"recording download got HTTP {resp.status_code}")
                return self._store(resp, dest)
        except requests.RequestException as exc:
            raise RecordingError(f"recording download failed: {exc}") from exc

    def _store(self, resp: requests.Response, dest: Path) -> Download:
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in resp.iter_content(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise RecordingError(f"recording larger than {self.max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Download(dest, digest.hexdigest(), size)
