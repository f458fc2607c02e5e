"""Exporting a packet: gather the call's record, audit the export, sign, and zip (the I/O shell)."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlite_utils import Database

from gazetteer.profile import DistrictProfile

from . import __version__, audit, calls, pdfsummary
from .clock import stamp
from .errors import NotFound
from .events import events_since
from .indicators.catalogue import RULE_VERSION
from .packet import assemble, local_time, packet_meta, seal
from .signing import Signer, encode_signature, fingerprint, key_path, load_signer
from .transcripts import segments_for

UNSOUND = ("mismatch", "missing", "no capture hash")
AUDIO_KINDS = (".wav", ".mp3")


class PacketError(Exception):
    """A packet cannot be built for this call."""


class UnknownCall(PacketError, NotFound):
    """No call with this SID in the call log."""


class RecordingIntegrityError(PacketError):
    """A stored recording is missing or no longer matches the hash taken when it was downloaded."""


@dataclass(frozen=True)
class Export:
    """A built packet: the zip bytes, their hash, a file name, and its audit entry."""

    data: bytes
    sha256: str
    filename: str
    packet_id: str
    manifest_sha256: str
    audit_id: int


def export_for_app(
    app: Flask,
    call_sid: str,
    *,
    actor: str,
    via: str = "web",
    allow_damaged_recording: bool = False,
) -> Export:
    """Build the packet with the app's district, data folder, signing key and clock."""
    svc = app.extensions["callscreen"]
    db = app.extensions["callscreen_db"].get()
    return export_packet(
        db,
        call_sid,
        district=svc.district,
        data_dir=Path(app.config["DATA_DIR"]),
        signer=load_signer(key_path(app.config)),
        actor=actor,
        via=via,
        now=svc.clock(),
        allow_damaged_recording=allow_damaged_recording,
    )


def build_packet(db: Database, call_sid: str, **kwargs: Any) -> bytes:
    """The packet zip's bytes (see `export_packet` for the arguments)."""
    return export_packet(db, call_sid, **kwargs).data


def export_packet(
    db: Database,
    call_sid: str,
    *,
    district: DistrictProfile,
    data_dir: Path,
    signer: Signer,
    actor: str,
    via: str,
    now: datetime,
    allow_damaged_recording: bool = False,
) -> Export:
    """Build, sign and zip the call's packet; audit the export (before: in it; after: its hash)."""
    record = collect(db, call_sid, data_dir, district)
    created_at = stamp(now)
    _check_recordings(db, record, actor, created_at, allow_damaged_recording)
    record["packet"] = packet_meta(
        uuid.uuid4().hex,
        created_at,
        call_sid,
        __version__,
        RULE_VERSION,
        created_at_local=local_time(created_at, district.timezone),
        exported_by=actor,
        via=via,
    )
    packet_id = record["packet"]["id"]
    audit.record(
        db, actor, "packet.export", call_sid, {"packet_id": packet_id, "via": via}, at=created_at
    )
    record["custody"] = audit.entries_for(db, call_sid)
    files = _sealed(record, signer)
    data = zip_bytes(files, now)
    digest = hashlib.sha256(data).hexdigest()
    audit_id = audit.record(
        db,
        actor,
        "packet.exported",
        call_sid,
        {
            "packet_id": packet_id,
            "via": via,
            "sha256": digest,
            "bytes": len(data),
            "manifest_sha256": hashlib.sha256(files["manifest.json"]).hexdigest(),
            "public_key_sha256": fingerprint(signer.key.public_key()),
        },
        at=created_at,
    )
    return Export(
        data,
        digest,
        f"callscreen-packet-{call_sid}.zip",
        packet_id,
        hashlib.sha256(files["manifest.json"]).hexdigest(),
        audit_id,
    )


def _sealed(record: dict[str, Any], signer: Signer) -> dict[str, bytes]:
    files = assemble(record, pdfsummary.render)
    return seal(
        files,
        record["packet"],
        signer.public_pem,
        fingerprint(signer.key.public_key()),
        lambda body: encode_signature(signer.sign(body)),
    )


def _check_recordings(
    db: Database, record: dict[str, Any], actor: str, at: str, allow_damaged: bool
) -> None:
    bad = [r for r in record["recordings"] if r["integrity"] in UNSOUND]
    if not bad or allow_damaged:
        return
    detail = {r["sid"]: r["integrity"] for r in bad}
    audit.record(
        db, actor, "packet.export_refused", record["call"]["sid"], {"recordings": detail}, at=at
    )
    described = "; ".join(f"{sid}: {state}" for sid, state in detail.items())
    raise RecordingIntegrityError(
        f"recording does not match the hash taken when it was downloaded ({described}); "
        "no packet was made. Request the original from Twilio by its Recording SID, or "
        "export anyway with the damage stated in the packet (--allow-damaged-recording)."
    )


def collect(db: Database, call_sid: str, data_dir: Path, district: DistrictProfile) -> dict:
    """The call's record as plain data: call, indicators, events, segments, recordings, audio."""
    call = calls.get_call(db, call_sid)
    if call is None:
        raise UnknownCall(f"no call {call_sid!r} in the call log")
    events = events_since(db, call_sid, 0, limit=-1)
    record = {
        "call": {k: v for k, v in call.items() if k not in ("params", "indicators", "recordings")},
        "params": call["params"],
        "caller_analysis": _caller_analysis(events),
        "indicators": call["indicators"],
        "events": events,
        "segments": segments_for(db, call_sid),
        "district": _district(district),
        "recordings": [],
        "audio": {},
    }
    for rec in call["recordings"]:
        info, data = load_recording(rec, data_dir)
        if data is not None:
            info["file"] = _audio_name(info, len(record["audio"]))
            record["audio"][info["file"]] = data
        record["recordings"].append(info)
    return record


def _caller_analysis(events: list[dict]) -> dict | None:
    started = next((e for e in events if e["kind"] == "call.started"), None)
    return started["payload"].get("caller") if started else None


def _district(district: DistrictProfile) -> dict[str, Any]:
    partner = district.law_enforcement
    return {
        "name": district.name,
        "slug": district.slug,
        "timezone": district.timezone,
        "law_enforcement": {
            "name": partner.name,
            "phone": partner.phone,
            "emergency": partner.emergency,
        },
    }


def load_recording(rec: dict[str, Any], data_dir: Path) -> tuple[dict[str, Any], bytes | None]:
    """The recording row with its integrity state, and the file's bytes when there is a file."""
    info = {**rec, "file": None, "actual_sha256": None}
    if not rec.get("path"):
        return {**info, "integrity": "not downloaded"}, None
    path = recording_file(rec["path"], data_dir)
    try:
        data = path.read_bytes()
    except OSError:
        return {**info, "integrity": "missing"}, None
    info["actual_sha256"] = hashlib.sha256(data).hexdigest()
    if not rec.get("sha256"):
        return {**info, "integrity": "no capture hash"}, data
    sound = info["actual_sha256"] == rec["sha256"].lower()
    return {**info, "integrity": "verified" if sound else "mismatch"}, data


def recording_file(stored: str, data_dir: Path) -> Path:
    """A recording's file: `recordings.path` is relative to the data folder."""
    path = Path(stored)
    return path if path.is_absolute() else data_dir / path


def _audio_name(info: dict[str, Any], index: int) -> str:
    suffix = Path(info["path"]).suffix.lower()
    suffix = suffix if suffix in AUDIO_KINDS else ".wav"
    return f"recording{suffix}" if index == 0 else f"recording-{index + 1}{suffix}"


def zip_bytes(files: dict[str, bytes], when: datetime) -> bytes:
    """The packet zip: fixed member order and timestamps, audio stored, the rest deflated."""
    order = [n for n in files if n not in _LAST] + [n for n in _LAST if n in files]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=when.utctimetuple()[:6])
            info.external_attr = 0o644 << 16
            # Audio barely compresses and deflating it would dominate the export time.
            audio = name.endswith(AUDIO_KINDS)
            info.compress_type = zipfile.ZIP_STORED if audio else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


_LAST = ("public_key.pem", "manifest.json", "manifest.sig")
