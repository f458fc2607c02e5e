"""Time: the injectable UTC clock and the one timestamp format used everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds and a Z, e.g. 2026-11-23T02:57:08.123Z (sorts as text)."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def parse_stamp(text: str) -> datetime:
    """Read a timestamp written by `stamp`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def local_midnight(moment: datetime, timezone: str) -> datetime:
    """The start of `moment`'s day in the given IANA time zone (for "calls today")."""
    return moment.astimezone(ZoneInfo(timezone)).replace(hour=0, minute=0, second=0, microsecond=0)
