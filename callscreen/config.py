"""Configuration: embedded defaults, then CALLSCREEN_* environment variables, then overrides."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from gazetteer import DEFAULT_DISTRICT

DEFAULTS: dict[str, object] = {
    "DATA_DIR": "callscreen-data",
    "DATABASE": "",
    "DISTRICT": str(DEFAULT_DISTRICT),
    "PUBLIC_URL": "http://127.0.0.1:5000",
    "TWILIO_ACCOUNT_SID": "",
    "TWILIO_AUTH_TOKEN": "",
    "WEBHOOK_MAX_BYTES": 64 * 1024,
    "WAVE_WINDOW_MINUTES": 120,
    "ANNOUNCE_RECORDING": True,
    # Where recordings may be downloaded from (scheme://host[:port], comma-separated).
    "RECORDING_ORIGINS": "https://api.twilio.com",
    # Front-office web pages (callscreen/webapp.py). SECRET_KEY empty: generated once and
    # stored in DATA_DIR/secret_key (mode 0600).
    "SECRET_KEY": "",
    "LOGIN_LIMIT_PER_USERNAME": 5,
    "LOGIN_LIMIT_PER_IP": 20,
    "LOGIN_WINDOW_MINUTES": 15,
    "SESSION_HOURS": 12,
    "PROXY_HOPS": 0,
    "SSE_POLL_SECONDS": 0.1,
    "SSE_KEEPALIVE_SECONDS": 10,
    "SSE_MAX_SECONDS": 900,
    # The district's Ed25519 packet-signing key; empty: <DATA_DIR>/keys/ (created on first use).
    "SIGNING_KEY": "",
}

# Read from the environment as text even when they look like numbers or JSON.
TEXT_KEYS = (
    "DATA_DIR",
    "DATABASE",
    "DISTRICT",
    "PUBLIC_URL",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "SIGNING_KEY",
)


class ConfigError(ValueError):
    """A configuration value is missing or malformed."""


def finish(config: dict) -> None:
    """Coerce types, derive paths, and check values in place; raise ConfigError if wrong."""
    for key in TEXT_KEYS:
        config[key] = "" if config.get(key) is None else str(config[key])
    if not config["DATABASE"]:
        config["DATABASE"] = str(Path(config["DATA_DIR"]) / "callscreen.db")
    config["PUBLIC_URL"] = public_base(config["PUBLIC_URL"])
    for key in ("WEBHOOK_MAX_BYTES", "WAVE_WINDOW_MINUTES"):
        try:
            config[key] = int(config[key])
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"CALLSCREEN_{key} must be a whole number") from exc
    origins = config["RECORDING_ORIGINS"]
    if isinstance(origins, str):
        origins = [o.strip() for o in origins.split(",") if o.strip()]
    config["RECORDING_ORIGINS"] = [public_base(o, "CALLSCREEN_RECORDING_ORIGINS") for o in origins]
    if not isinstance(config["ANNOUNCE_RECORDING"], bool):
        raise ConfigError("CALLSCREEN_ANNOUNCE_RECORDING must be true or false")


def public_base(url: str, name: str = "CALLSCREEN_PUBLIC_URL") -> str:
    """The public base URL Twilio uses to reach this server, without a trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{name} must be an http(s) URL such as https://callscreen.example.org (got {url!r})"
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"{name} must not have a query string or fragment")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def websocket_base(public_url: str) -> str:
    """The ws(s) URL that matches the public http(s) URL."""
    scheme, rest = public_url.split("://", 1)
    return ("wss://" if scheme == "https" else "ws://") + rest
