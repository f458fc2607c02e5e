"""The law-enforcement packet as data: a call's record (plain dicts) in, the packet's files out.

Pure: no database, no files, no clock. `callscreen.export` gathers the record and writes the
zip; `callscreen.verify` checks one. Layout and schemas are described in the README.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from .clock import parse_stamp
from .indicators.catalogue import BY_ID, CONTEXT, DANGER, SWATTING

SCHEMA = "callscreen.packet/1"
TRANSCRIPT_SCHEMA = "callscreen.transcript/1"
MANIFEST_SCHEMA = "callscreen.manifest/1"
MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "public_key.pem"
SPEAKERS = {"caller": "Caller", "staff": "Staff"}

NOT_A_VERDICT = (
    "This packet lists swatting indicators and danger/imminence indicators side by side, each "
    "with its evidence. It does not say whether the call was a hoax and gives no advice to "
    "stand down: every threat is treated as credible first. Nothing is inferred from the "
    "caller's accent, gender or voice."
)
MACHINE_TRANSCRIPT = (
    "Machine-generated transcript (automatic speech recognition), not checked by a person. "
    "The recording is the primary record."
)


def call_document(record: dict[str, Any]) -> dict[str, Any]:
    """call.json: the call, indicators, staff entries and file references, schema-versioned."""
    call, tz = record["call"], record["district"]["timezone"]
    return {
        "schema": SCHEMA,
        "rule_version": record["packet"]["rule_version"],
        "packet": record["packet"],
        "district": record["district"],
        "notice": NOT_A_VERDICT,
        "call": {**_call_facts(call, record.get("caller_analysis")), "times": _times(call, tz)},
        "twilio": {
            "account_sid": call.get("account_sid"),
            "call_sid": call["sid"],
            "recording_sids": [r["sid"] for r in record["recordings"]],
            "webhook_params": record.get("params", {}),
        },
        "indicators": group_indicators(record["indicators"]),
        "staff": staff_entries(record["events"]),
        "recordings": [_recording_facts(r) for r in record["recordings"]],
        "transcript": {"file": "transcript.json", "versions": _version_counts(record)},
        "events": {"file": "events.jsonl", "count": len(record["events"])},
        "custody": {"file": "custody.jsonl", "count": len(record["custody"])},
    }


def _call_facts(call: dict[str, Any], analysis: dict[str, Any] | None) -> dict[str, Any]:
    withheld = bool(call.get("caller_withheld"))
    return {
        "sid": call["sid"],
        "direction": call.get("direction"),
        "status": call.get("status"),
        "school": call.get("school"),
        "school_line": call.get("to_number"),
        "caller": {
            "number": None if withheld else (call.get("caller_e164") or call.get("from_raw")),
            "withheld": withheld,
            "from_raw": call.get("from_raw"),
            "name": call.get("caller_name") or None,
            "display": (analysis or {}).get("display"),
            "number_registered_in": (analysis or {}).get("place"),
            "twilio_region": {
                k: call.get(f"caller_{k}") or None for k in ("city", "state", "zip", "country")
            },
        },
        "stir_shaken": call.get("stir_verstat") or None,
        "forwarded_from": call.get("forwarded_from") or None,
        "duration_seconds": call.get("duration_seconds"),
    }


def _times(call: dict[str, Any], tz: str) -> dict[str, Any]:
    names = ("started_at", "answered_at", "ended_at", "created_at")
    return {n: {"utc": call.get(n), "local": local_time(call.get(n), tz)} for n in names}


def local_time(stamp: str | None, tz: str) -> str | None:
    """A stored UTC timestamp as ISO 8601 in the district's time zone, or None."""
    if not stamp:
        return None
    try:
        moment = parse_stamp(stamp)
    except ValueError:
        return None
    return moment.astimezone(ZoneInfo(tz)).isoformat(timespec="milliseconds")


def group_indicators(indicators: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Indicator results split by catalogue group: swatting, danger, context."""
    groups: dict[str, list[dict[str, Any]]] = {SWATTING: [], DANGER: [], CONTEXT: []}
    for item in indicators:
        entry = BY_ID.get(item["indicator"])
        group = entry.group if entry else CONTEXT
        groups[group].append(
            {
                "id": item["indicator"],
                "label": entry.label if entry else item["indicator"],
                "present": bool(item["present"]),
                "summary": item["summary"],
                "evidence": item["evidence"],
                "rule_version": item["rule_version"],
                "updated_at": item.get("updated_at"),
            }
        )
    return groups


def staff_entries(events: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Checklist ticks, actions and indicator reviews from the event log, with who and when."""
    out: dict[str, list[dict[str, Any]]] = {"checklist": [], "actions": [], "reviews": []}
    for event in events:
        kind, payload = event["kind"], event["payload"]
        base = {"event_id": event["id"], "at": event["at"], "kind": kind}
        if kind.startswith("checklist."):
            keys = ("item", "value", "by", "note")
            out["checklist"].append({**base, **{k: payload.get(k) for k in keys}})
        elif kind == "action" or kind.startswith("action."):
            action = payload.get("action") or kind.partition(".")[2]
            keys = ("item", "value", "name", "by", "note")
            out["actions"].append({**base, "action": action, **{k: payload.get(k) for k in keys}})
        elif kind == "indicator.review":
            keys = ("indicator", "decision", "by", "note")
            out["reviews"].append({**base, **{k: payload.get(k) for k in keys}})
    return out


def _recording_facts(rec: dict[str, Any]) -> dict[str, Any]:
    keys = ("sid", "status", "duration_seconds", "channels", "source", "start_time", "url")
    return {
        **{k: rec.get(k) for k in keys},
        "file": rec.get("file"),
        "bytes": rec.get("bytes"),
        "sha256_at_capture": rec.get("sha256"),
        "sha256_now": rec.get("actual_sha256"),
        "downloaded_at": rec.get("downloaded_at"),
        "integrity": rec["integrity"],
    }


def _version_counts(record: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for seg in record["segments"]:
        counts[seg["version"]] = counts.get(seg["version"], 0) + 1
    return counts


def transcript_document(record: dict[str, Any]) -> dict[str, Any]:
    """transcript.json: every version (live, batch) with speakers, word timings, engines."""
    versions: dict[str, list[dict[str, Any]]] = {}
    for seg in record["segments"]:
        versions.setdefault(seg["version"], []).append(_segment(seg))
    return {
        "schema": TRANSCRIPT_SCHEMA,
        "call_sid": record["call"]["sid"],
        "machine_generated": True,
        "notice": MACHINE_TRANSCRIPT,
        "versions": [
            {"version": name, "engines": engines_of(segs), "segments": segs}
            for name, segs in sorted(versions.items(), key=lambda kv: _version_order(kv[0]))
        ],
    }


def _version_order(name: str) -> tuple[int, str]:
    return ({"live": 0, "batch": 1}.get(name, 2), name)


def _segment(seg: dict[str, Any]) -> dict[str, Any]:
    return {
        "segment_id": seg["id"],
        "track": seg["track"],
        "speaker": SPEAKERS.get(seg["track"], seg["track"]),
        "start": seg["start"],
        "end": seg["end"],
        "text": seg["text"],
        "confidence": seg["confidence"],
        "words": seg["words"],
        "engine": seg["engine"],
        "model": seg["model"],
        "lower_accuracy": bool(seg["lower_accuracy"]),
        "stored_at": seg.get("created_at"),
    }


def engines_of(segments: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct (engine, model, lower_accuracy) that produced these segments."""
    seen = {(s["engine"], s["model"], bool(s["lower_accuracy"])) for s in segments}
    return [{"engine": e, "model": m, "lower_accuracy": low} for e, m, low in sorted(seen)]


def transcript_text(doc: dict[str, Any]) -> str:
    """transcript.txt: each version as timed, speaker-labelled lines."""
    lines = [doc["notice"], ""]
    if not doc["versions"]:
        lines.append("No transcript was stored for this call.")
    for version in doc["versions"]:
        engines = "; ".join(describe_engine(e) for e in version["engines"])
        lines += [f"== {version['version']} transcript — {engines} ==", ""]
        lines += [transcript_line(s) for s in version["segments"]]
        lines.append("")
    return "\n".join(lines) + "\n"


def transcript_line(seg: dict[str, Any]) -> str:
    """One segment as `[mm:ss.s–mm:ss.s] Speaker: text`."""
    return (
        f"[{clock_offset(seg['start'])}–{clock_offset(seg['end'])}] {seg['speaker']}: {seg['text']}"
    )


def clock_offset(seconds: float) -> str:
    """Seconds from the start of the stream as m:ss.s (hours when needed)."""
    minutes, secs = divmod(max(0.0, float(seconds)), 60)
    hours, minutes = divmod(int(minutes), 60)
    return (f"{hours}:{minutes:02d}" if hours else f"{minutes:02d}") + f":{secs:04.1f}"


def describe_engine(engine: dict[str, Any]) -> str:
    """'vosk, model X' plus the lower-accuracy warning when it applies."""
    text = f"{engine['engine']}, model {engine['model']}"
    return text + (" (lower-accuracy fallback engine)" if engine["lower_accuracy"] else "")


def jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    """One JSON object per line, keys sorted, UTF-8."""
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in rows).encode()


def to_json(data: Any, indent: int | None = 2) -> bytes:
    """Key-sorted UTF-8 JSON with a final newline; indented unless `indent` is None."""
    # indent=None keeps json's C encoder: ~10x faster for long transcripts.
    return (json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False) + "\n").encode()


def assemble(record: dict[str, Any], render_pdf: Callable[..., bytes]) -> dict[str, bytes]:
    """Every content file of the packet (not yet the key, manifest or signature)."""
    doc, transcript = call_document(record), transcript_document(record)
    files = {
        "summary.pdf": render_pdf(doc, transcript, record["events"], record["custody"]),
        "call.json": to_json(doc),
        "transcript.json": to_json(transcript, indent=None),
        "transcript.txt": transcript_text(transcript).encode(),
        "events.jsonl": jsonl(record["events"]),
        "custody.jsonl": jsonl(record["custody"]),
    }
    files.update(record.get("audio", {}))
    return files


def manifest(files: dict[str, bytes], packet: dict[str, Any], key_fingerprint: str) -> dict:
    """manifest.json: SHA-256 and size of every file, who made the packet, with which key."""
    return {
        "schema": MANIFEST_SCHEMA,
        "packet": packet,
        "signature": {
            "algorithm": "Ed25519",
            "file": SIGNATURE,
            "public_key": PUBLIC_KEY,
            "public_key_sha256": key_fingerprint,
        },
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }


def seal(
    files: dict[str, bytes],
    packet: dict[str, Any],
    public_key_pem: bytes,
    key_fingerprint: str,
    sign: Callable[[bytes], bytes],
) -> dict[str, bytes]:
    """Add public_key.pem, manifest.json (covering it) and manifest.sig (signing the manifest)."""
    covered = {**files, PUBLIC_KEY: public_key_pem}
    body = to_json(manifest(covered, packet, key_fingerprint))
    return {**covered, MANIFEST: body, SIGNATURE: sign(body)}


def packet_meta(
    packet_id: str, created_at: str, call_sid: str, version: str, rule_version: str, **extra: Any
) -> dict[str, Any]:
    """The `packet` block shared by call.json and manifest.json."""
    return {
        "id": packet_id,
        "call_sid": call_sid,
        "created_at": created_at,
        "tool": {"name": "callscreen", "version": version},
        "rule_version": rule_version,
        **extra,
    }
