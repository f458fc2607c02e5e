"""Checking a packet: every file against the manifest, the manifest against its signature."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from .packet import MANIFEST, MANIFEST_SCHEMA, PUBLIC_KEY, SIGNATURE
from .signing import (
    SigningError,
    decode_signature,
    fingerprint,
    load_public_key,
    signature_ok,
)


class PacketFormatError(ValueError):
    """The file is not a zip archive at all."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a packet, naming the file."""

    kind: str  # altered, missing, extra, damaged, duplicate, bad-signature, key, manifest
    file: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind.upper()}: {self.file}: {self.detail}"


@dataclass
class Report:
    """What verification found."""

    key_source: str = "packet"  # "packet" (its own public_key.pem) or "given"
    key_fingerprint: str | None = None
    manifest: dict[str, Any] | None = None
    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def verify_packet(data: bytes, public_key_pem: bytes | None = None) -> Report:
    """Check a packet zip; with `public_key_pem`, also that it was signed by that key."""
    report = Report(key_source="given" if public_key_pem else "packet")
    members = _read_members(data, report)
    manifest_bytes = members.get(MANIFEST)
    if manifest_bytes is None:
        report.problems.append(Problem("missing", MANIFEST, "no manifest: nothing can be checked"))
        return report
    report.manifest = _parse_manifest(manifest_bytes, report)
    _check_signature(members, public_key_pem, report)
    if report.manifest is not None:
        _check_files(members, report.manifest, report)
        _check_belongs(members, report.manifest, report)
    return report


def _read_members(data: bytes, report: Report) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise PacketFormatError(f"not a zip file ({exc})") from exc
    members: dict[str, bytes] = {}
    with archive:
        for info in archive.infolist():
            if info.filename in members:
                report.problems.append(
                    Problem("duplicate", info.filename, "the zip holds two files of this name")
                )
                continue
            try:
                members[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                report.problems.append(
                    Problem("damaged", info.filename, f"cannot be read from the zip ({exc})")
                )
                members[info.filename] = b""
    return members


def _parse_manifest(body: bytes, report: Report) -> dict[str, Any] | None:
    try:
        manifest = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        report.problems.append(Problem("manifest", MANIFEST, f"not valid JSON ({exc})"))
        return None
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        report.problems.append(Problem("manifest", MANIFEST, f"not a {MANIFEST_SCHEMA} manifest"))
        return None
    if not isinstance(manifest.get("files"), dict):
        report.problems.append(Problem("manifest", MANIFEST, f"not a {MANIFEST_SCHEMA} manifest"))
        return None
    return manifest


def _check_signature(members: dict[str, bytes], given: bytes | None, report: Report) -> None:
    key = _public_key(members, given, report)
    if key is None:
        return
    report.key_fingerprint = fingerprint(key)
    declared = ((report.manifest or {}).get("signature") or {}).get("public_key_sha256")
    if declared and declared != report.key_fingerprint:
        report.problems.append(
            Problem(
                "key",
                MANIFEST,
                f"names signing key {declared}, not the checking key {report.key_fingerprint}",
            )
        )
    if SIGNATURE not in members:
        report.problems.append(Problem("missing", SIGNATURE, "no signature: manifest unsigned"))
        return
    signature = decode_signature(members[SIGNATURE])
    if signature is None:
        report.problems.append(
            Problem("bad-signature", SIGNATURE, "not a base64 Ed25519 signature")
        )
    elif not signature_ok(key, members[MANIFEST], signature):
        report.problems.append(
            Problem(
                "bad-signature",
                MANIFEST,
                "does not match manifest.sig: "
                "the manifest was changed or swapped, or another key "
                "signed it",
            )
        )


def _public_key(members: dict[str, bytes], given: bytes | None, report: Report):
    inside = members.get(PUBLIC_KEY)
    if given is not None:
        key = load_public_key(given, "--public-key")
        if inside is not None and _same_key(inside, key) is False:
            report.problems.append(
                Problem(
                    "key",
                    PUBLIC_KEY,
                    "is not the given public key: the packet was signed with another key",
                )
            )
        return key
    if inside is None:
        report.problems.append(Problem("missing", PUBLIC_KEY, "no public key to check with"))
        return None
    try:
        return load_public_key(inside, PUBLIC_KEY)
    except SigningError as exc:
        report.problems.append(Problem("key", PUBLIC_KEY, str(exc)))
        return None


def _same_key(pem: bytes, key) -> bool:
    try:
        return fingerprint(load_public_key(pem, PUBLIC_KEY)) == fingerprint(key)
    except SigningError:
        return False


def _check_files(members: dict[str, bytes], manifest: dict[str, Any], report: Report) -> None:
    listed = manifest["files"]
    for name, entry in sorted(listed.items()):
        if name not in members:
            report.problems.append(
                Problem("missing", name, "listed in the manifest, not in the zip")
            )
            continue
        digest = hashlib.sha256(members[name]).hexdigest()
        if not isinstance(entry, dict) or digest != entry.get("sha256"):
            expected = entry.get("sha256") if isinstance(entry, dict) else entry
            report.problems.append(
                Problem("altered", name, f"SHA-256 is {digest}, the manifest says {expected}")
            )
            continue
        report.checked.append(name)
    for name in sorted(set(members) - set(listed) - {MANIFEST, SIGNATURE}):
        report.problems.append(Problem("extra", name, "in the zip but not in the manifest"))


def _check_belongs(members: dict[str, bytes], manifest: dict[str, Any], report: Report) -> None:
    # A manifest (and its signature) taken from another packet: name it as such.
    try:
        packet = json.loads(members.get("call.json", b"{}")).get("packet") or {}
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return
    own = manifest.get("packet") or {}
    if packet and (packet.get("id"), packet.get("call_sid")) != (
        own.get("id"),
        own.get("call_sid"),
    ):
        report.problems.append(
            Problem(
                "manifest",
                MANIFEST,
                f"belongs to packet {own.get('id')} (call "
                f"{own.get('call_sid')}), but call.json is packet {packet.get('id')} (call "
                f"{packet.get('call_sid')}): the manifest was swapped",
            )
        )
