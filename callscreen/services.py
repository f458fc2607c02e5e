"""The services wired into the app: clock, district profile, Twilio gateway, recognizers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from gazetteer.profile import DistrictProfile

from .clock import Clock, stamp, utc_now
from .db import immediate
from .events import append_event


@dataclass
class Services:
    """Everything a view needs that is not the request or the database."""

    district: DistrictProfile
    clock: Clock = utc_now
    gateway: Any = None
    recognizers: Any = None
    gazetteer: Any = None  # gazetteer.District: places and match index, loaded once per process
    extra: dict[str, Any] = field(default_factory=dict)


def services() -> Services:
    """The current app's services."""
    return current_app.extensions["callscreen"]


def app_db(app: Flask):
    """The calling thread's pooled connection to the app's call log (any thread)."""
    return app.extensions["callscreen_db"].get()


def app_stamp(app: Flask) -> str:
    """The app clock's current time in the log's format."""
    return stamp(app.extensions["callscreen"].clock())


def log_event(app: Flask, call_sid: str, kind: str, payload: dict[str, Any]) -> int | None:
    """Append one event to a call's log in its own transaction (from any thread)."""
    db = app_db(app)
    with immediate(db):
        return append_event(db, call_sid, kind, payload, at=app_stamp(app))
