"""What the benchmarks share: a realistic incoming-call webhook."""

from __future__ import annotations

import random
import secrets

# Area codes of several states, so callers differ the way a real wave's would.
AREA_CODES = (("212", "NY"), ("312", "IL"), ("415", "CA"), ("713", "TX"), ("617", "MA"))


def caller_numbers(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` distinct plausible US caller numbers with their states."""
    rng = random.Random(seed)
    numbers: dict[str, str] = {}
    while len(numbers) < count:
        area, state = rng.choice(AREA_CODES)
        exchange = rng.randrange(200, 1000)
        if exchange == 555:
            continue
        numbers[f"+1{area}{exchange}{rng.randrange(10000):04d}"] = state
    return list(numbers.items())


def incoming_call_params(
    sid: str | None = None, caller: str = "+12125551234", state: str = "NY"
) -> dict[str, str]:
    """The form fields Twilio posts to /twilio/voice for a new call from out of state."""
    return {
        "CallSid": sid or "CA" + secrets.token_hex(16),
        "AccountSid": "AC" + "1" * 32,
        "From": caller,
        "To": "+16173496567",
        "CallStatus": "ringing",
        "Direction": "inbound",
        "FromState": state,
        "FromCountry": "US",
        "StirVerstat": "TN-Validation-Passed-C",
    }
