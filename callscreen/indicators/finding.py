"""A Finding: one indicator's result for one call, with the evidence a person can check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .catalogue import RULE_VERSION, indicator


@dataclass(frozen=True)
class Finding:
    """Whether an indicator is present, a one-line summary, and its evidence."""

    indicator: str
    present: bool
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    rule_version: str = RULE_VERSION

    def __post_init__(self) -> None:
        indicator(self.indicator)  # only catalogue ids may be stored

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data."""
        return {
            "indicator": self.indicator,
            "present": self.present,
            "summary": self.summary,
            "evidence": self.evidence,
            "rule_version": self.rule_version,
        }
