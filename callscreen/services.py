"""The services wired into the app: clock, district profile, Twilio gateway, recognizers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from gazetteer.profile import DistrictProfile

from .clock import Clock, utc_now


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
