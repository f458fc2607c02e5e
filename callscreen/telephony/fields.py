"""Checking the fields of Twilio's webhooks: ids, statuses, URLs (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import BadInput

SID_PATTERNS = {
    "CallSid": "CA",
    "ParentCallSid": "CA",
    "AccountSid": "AC",
    "RecordingSid": "RE",
    "StreamSid": "MZ",
    "DialCallSid": "CA",
}
CALL_STATUSES = (
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
)
RECORDING_STATUSES = ("in-progress", "completed", "absent", "failed")
STREAM_EVENTS = ("stream-started", "stream-stopped", "stream-error")
DIAL_STATUSES = ("completed", "answered", "busy", "no-answer", "failed", "canceled")


def sid(params: Mapping[str, str], name: str, *, required: bool = True) -> str:
    """A Twilio SID field: two letters then 32 hex digits."""
    value = params.get(name, "").strip()
    if not value and not required:
        return ""
    if not re.fullmatch(SID_PATTERNS[name] + r"[0-9a-fA-F]{32}", value):
        missing = "missing" if not value else f"malformed ({value[:40]!r})"
        raise BadInput(f"{name} is {missing}: expected {SID_PATTERNS[name]} and 32 hex digits")
    return value


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    """A field that must be one of the documented values."""
    value = params.get(name, "").strip()
    if value not in allowed:
        raise BadInput(f"{name} must be one of {', '.join(allowed)} (got {value[:40]!r})")
    return value


def number(params: Mapping[str, str], name: str, *, required: bool = True) -> int | None:
    """A whole-number field such as a duration or a sequence number."""
    value = params.get(name, "").strip()
    if not value:
        if required:
            raise BadInput(f"{name} is missing")
        return None
    if not value.isdigit() or len(value) > 12:
        raise BadInput(f"{name} must be a whole number (got {value[:40]!r})")
    return int(value)


def phone(params: Mapping[str, str], name: str) -> str:
    """A number we are called on or dial: E.164 (client: and sip: identities pass as-is)."""
    value = params.get(name, "").strip()
    if re.fullmatch(r"\+[1-9]\d{6,14}", value) or re.fullmatch(r"(client|sip):\S{1,200}", value):
        return value
    raise BadInput(f"{name} must be an E.164 number such as +16175551212 (got {value[:40]!r})")


def https_url(params: Mapping[str, str], name: str) -> str:
    """A URL field that must be absolute http(s)."""
    value = params.get(name, "").strip()
    if not re.fullmatch(r"https?://[^\s/]+/\S*", value) or len(value) > 2000:
        raise BadInput(f"{name} must be an absolute https URL (got {value[:60]!r})")
    return value
