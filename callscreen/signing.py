"""The district's Ed25519 packet-signing key: created on first use, kept outside any packet."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILE = "packet-signing-ed25519.pem"


class SigningError(RuntimeError):
    """The signing key cannot be created, read or used, or a public key is malformed."""


@dataclass(frozen=True)
class Signer:
    """A loaded private key, where it lives, and its public half as PEM."""

    key: Ed25519PrivateKey
    path: Path
    created: bool

    @property
    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM (what `public_key.pem` holds)."""
        return public_pem(self.key.public_key())

    def sign(self, data: bytes) -> bytes:
        """The raw 64-byte Ed25519 signature of `data`."""
        return self.key.sign(data)


def key_path(config: Mapping) -> Path:
    """Where the private key lives: SIGNING_KEY if set, else <DATA_DIR>/keys/."""
    configured = str(config.get("SIGNING_KEY") or "").strip()
    if configured:
        return Path(configured)
    return Path(str(config["DATA_DIR"])) / "keys" / KEY_FILE


def load_signer(path: Path) -> Signer:
    """Load the private key at `path`, generating it (mode 0600) if there is none yet."""
    if not path.exists():
        return Signer(_create(path), path, created=True)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningError(
            f"{path}: the signing key is readable by other users; run: chmod 600 {path}"
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path}: cannot read the signing key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: not an Ed25519 private key")
    return Signer(key, path, created=False)


def _create(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: two processes starting at once must not overwrite each other's key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_signer(path).key
    except OSError as exc:
        raise SigningError(f"{path}: cannot create the signing key: {exc}") from exc
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    """A public key as PEM."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key(pem: bytes, source: str) -> Ed25519PublicKey:
    """Read an Ed25519 public key from PEM; SigningError names `source` if it is not one."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{source}: not a PEM public key: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError(f"{source}: not an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex in groups of four for reading aloud."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 64, 4))


def signature_ok(key: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
    """Whether `signature` is the key's Ed25519 signature of `data`."""
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def encode_signature(signature: bytes) -> bytes:
    """The text stored in manifest.sig: base64 of the raw signature and a newline."""
    return base64.b64encode(signature) + b"\n"


def decode_signature(text: bytes) -> bytes | None:
    """The raw signature from manifest.sig, or None if it is not 64 bytes of base64."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 64 else None
