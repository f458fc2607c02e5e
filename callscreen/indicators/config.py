"""Settings of the indicator rules, read from the app config with documented defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import BadInput


class RuleConfigError(BadInput):
    """A rule setting is not a usable number."""


@dataclass(frozen=True)
class RuleConfig:
    """Thresholds the rules use; each maps to a CALLSCREEN_* setting of the same name."""

    place_none_seconds: float = 20.0  # PLACE_NONE_SECONDS
    wave_window_minutes: int = 120  # WAVE_WINDOW_MINUTES
    wave_min_calls: int = 2  # WAVE_MIN_CALLS: threat calls in the window, this one included
    script_lookback_calls: int = 500  # SCRIPT_LOOKBACK_CALLS: earlier calls compared

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> RuleConfig:
        """Build from an app config; missing keys keep their defaults."""
        default = cls()
        try:
            return cls(
                place_none_seconds=float(
                    config.get("PLACE_NONE_SECONDS", default.place_none_seconds)
                ),
                wave_window_minutes=int(
                    config.get("WAVE_WINDOW_MINUTES", default.wave_window_minutes)
                ),
                wave_min_calls=int(config.get("WAVE_MIN_CALLS", default.wave_min_calls)),
                script_lookback_calls=int(
                    config.get("SCRIPT_LOOKBACK_CALLS", default.script_lookback_calls)
                ),
            )
        except (TypeError, ValueError) as exc:
            raise RuleConfigError(f"indicator rule setting is not a number: {exc}") from exc
