"""STIR/SHAKEN: what Twilio's StirVerstat value says about the caller ID."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSTAT = re.compile(
    r"TN-Validation-(?P<outcome>Passed|Failed)(?:-(?P<level>[ABC]))?(?:-(?P<via>Diverted|Passthrough))?"
)


@dataclass(frozen=True)
class Attestation:
    """The reading of one StirVerstat value."""

    raw: str
    state: str  # attested | weak | failed | not-validated | unknown | unrecognised
    level: str = ""  # A, B, C or ""
    via: str = ""  # Diverted, Passthrough or ""

    @property
    def unverified(self) -> bool:
        """True when verification failed, was impossible, or only attested the gateway (C)."""
        return self.state in ("failed", "not-validated", "weak")


def read_verstat(value: str | None) -> Attestation:
    """Classify a StirVerstat value; absent means unknown, never spoofed."""
    raw = (value or "").strip()
    if not raw:
        return Attestation(raw, "unknown")
    if raw in ("No-TN-Validation", "NULL"):
        return Attestation(raw, "not-validated" if raw == "No-TN-Validation" else "failed")
    match = _VERSTAT.fullmatch(raw)
    if not match:
        return Attestation(raw, "unrecognised")
    level, via = match["level"] or "", match["via"] or ""
    if match["outcome"] == "Failed":
        return Attestation(raw, "failed", level, via)
    return Attestation(raw, "weak" if level == "C" else "attested", level, via)


def describe(att: Attestation) -> str:
    """One line for staff."""
    via = f" ({att.via.lower()} call)" if att.via else ""
    return {
        "unknown": "No STIR/SHAKEN result for this call (not by itself a sign of spoofing).",
        "unrecognised": f"STIR/SHAKEN result {att.raw!r} is not one Twilio documents.",
        "not-validated": "STIR/SHAKEN could not be checked: malformed number or token.",
        "failed": f"STIR/SHAKEN verification FAILED{via}: the caller ID may be spoofed.",
        "weak": f"STIR/SHAKEN attestation C only{via}: the carrier vouches for neither caller "
        "nor number.",
        "attested": f"STIR/SHAKEN attestation {att.level}{via}: the carrier vouches for the "
        "number (still not proof of who is calling).",
    }[att.state]
