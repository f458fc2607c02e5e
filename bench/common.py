"""What the benchmarks share: a realistic incoming-call webhook."""

from __future__ import annotations

import secrets


def incoming_call_params(sid: str | None = None) -> dict[str, str]:
    """The form fields Twilio posts to /twilio/voice for a new call from out of state."""
    return {
        "CallSid": sid or "CA" + secrets.token_hex(16),
        "AccountSid": "AC" + "1" * 32,
        "From": "+12125551234",
        "To": "+16173496567",
        "CallStatus": "ringing",
        "Direction": "inbound",
        "FromState": "NY",
        "FromCountry": "US",
        "StirVerstat": "TN-Validation-Passed-C",
    }
