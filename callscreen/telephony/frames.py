"""Twilio Media Streams messages: parse and check one JSON text frame (pure)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

EVENTS = ("connected", "start", "media", "mark", "dtmf", "stop")
TRACKS = ("inbound", "outbound")
MAX_PAYLOAD_CHARS = 16_000  # a 20 ms frame is 216 base64 characters; allow generous chunks


class FrameError(ValueError):
    """A frame that does not follow the Media Streams protocol."""


@dataclass(frozen=True)
class Frame:
    """One Media Streams message, with the fields its event carries."""

    event: str
    sequence: int | None = None
    stream_sid: str = ""
    call_sid: str = ""
    track: str = ""
    payload: str = ""
    timestamp_ms: int | None = None
    tracks: tuple[str, ...] = ()
    parameters: dict[str, str] = field(default_factory=dict)
    media_format: dict = field(default_factory=dict)
    detail: str = ""


def parse_frame(text: str | bytes) -> Frame:
    """Parse one frame; raise FrameError saying what is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FrameError("not JSON") from exc
    if not isinstance(data, dict) or data.get("event") not in EVENTS:
        raise FrameError(
            f"unknown event {str(data.get('event') if isinstance(data, dict) else data)[:40]!r}"
        )
    sequence = _digits(data.get("sequenceNumber"), "sequenceNumber", required=False)
    common = {
        "event": data["event"],
        "sequence": sequence,
        "stream_sid": str(data.get("streamSid", "")),
    }
    return _PARSERS[data["event"]](data, common)


def _connected(data: dict, common: dict) -> Frame:
    return Frame(**common, detail=str(data.get("protocol", "")))


def _start(data: dict, common: dict) -> Frame:
    start = _section(data, "start")
    tracks = start.get("tracks") or ["inbound"]
    if not isinstance(tracks, list) or not set(tracks) <= set(TRACKS):
        raise FrameError(f"start.tracks must list inbound/outbound (got {tracks!r:.60})")
    fmt = start.get("mediaFormat") or {}
    if fmt and (fmt.get("encoding") != "audio/x-mulaw" or fmt.get("sampleRate") != 8000):
        raise FrameError(f"unsupported media format {fmt!r:.80}")
    params = start.get("customParameters") or {}
    if not isinstance(params, dict):
        raise FrameError("start.customParameters must be an object")
    return Frame(
        **{**common, "stream_sid": str(start.get("streamSid") or common["stream_sid"])},
        call_sid=str(start.get("callSid", "")),
        tracks=tuple(tracks),
        parameters={str(k): str(v) for k, v in params.items()},
        media_format=fmt,
    )


def _media(data: dict, common: dict) -> Frame:
    media = _section(data, "media")
    track = media.get("track", "inbound")
    if track not in TRACKS:
        raise FrameError(f"media.track must be inbound or outbound (got {str(track)[:20]!r})")
    payload = media.get("payload")
    if not isinstance(payload, str) or len(payload) > MAX_PAYLOAD_CHARS:
        raise FrameError(
            f"media.payload must be a base64 string of at most {MAX_PAYLOAD_CHARS} characters"
        )
    return Frame(
        **common,
        track=track,
        payload=payload,
        timestamp_ms=_digits(media.get("timestamp"), "media.timestamp", required=False),
    )


def _dtmf(data: dict, common: dict) -> Frame:
    dtmf = _section(data, "dtmf")
    return Frame(**common, track=str(dtmf.get("track", "")), detail=str(dtmf.get("digit", ""))[:4])


def _mark(data: dict, common: dict) -> Frame:
    return Frame(**common, detail=str(_section(data, "mark").get("name", ""))[:200])


def _stop(data: dict, common: dict) -> Frame:
    stop = data.get("stop") if isinstance(data.get("stop"), dict) else {}
    return Frame(**common, call_sid=str(stop.get("callSid", "")))


_PARSERS = {
    "connected": _connected,
    "start": _start,
    "media": _media,
    "dtmf": _dtmf,
    "mark": _mark,
    "stop": _stop,
}


def _section(data: dict, name: str) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        raise FrameError(f"{name} event without a {name!r} object")
    return section


def _digits(value, name: str, *, required: bool) -> int | None:
    # Twilio sends sequenceNumber, chunk and timestamp as strings of digits.
    if value is None and not required:
        return None
    text = str(value)
    if not text.isdigit() or len(text) > 15:
        raise FrameError(f"{name} must be a string of digits (got {text[:20]!r})")
    return int(text)
