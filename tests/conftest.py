"""Shared fixtures: a real app on a real SQLite file, signed Twilio requests, the CLI runner."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from twilio.request_validator import RequestValidator

from callscreen import create_app

TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT = "AC" + "0" * 31 + "1"
PUBLIC = "https://callscreen.test"
SCHOOL_LINE = "+16173496567"  # Amigos School in the bundled district


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 14, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def call_sid() -> str:
    """A fresh, well-formed Call SID."""
    return "CA" + secrets.token_hex(16)


def sign(url: str, params: dict | None = None, token: str = TOKEN) -> str:
    """X-Twilio-Signature for a POST to `url` with form `params`, Twilio's algorithm."""
    return RequestValidator(token).compute_signature(url, params or {})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(tmp_path, clock, monkeypatch):
    for name in (
        "CALLSCREEN_DATABASE",
        "CALLSCREEN_DISTRICT",
        "CALLSCREEN_PUBLIC_URL",
        "CALLSCREEN_TWILIO_AUTH_TOKEN",
        "CALLSCREEN_TWILIO_ACCOUNT_SID",
    ):
        monkeypatch.delenv(name, raising=False)
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path / "data"),
            "PUBLIC_URL": PUBLIC,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_ACCOUNT_SID": ACCOUNT,
        },
        clock=clock,
    )
    yield app
    app.extensions["callscreen_db"].close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(app):
    from callscreen.db import connect

    database = connect(app.config["DATABASE"])
    yield database
    database.conn.close()


@pytest.fixture
def twilio(client):
    """Post signed webhooks the way Twilio does."""

    class Twilio:
        def post(self, path: str, params: dict, *, signature: str | None = None, **kw):
            url = PUBLIC + path
            headers = {
                "X-Twilio-Signature": signature if signature is not None else sign(url, params)
            }
            return client.post(path, data=params, headers=headers, **kw)

        def call(self, sid: str | None = None, **overrides):
            params = incoming_call(sid or call_sid(), **overrides)
            return params["CallSid"], self.post("/twilio/voice", params)

    return Twilio()


def incoming_call(sid: str, **overrides) -> dict:
    """The parameters of Twilio's incoming-call webhook, realistic by default."""
    params = {
        "CallSid": sid,
        "AccountSid": ACCOUNT,
        "From": "+12125551234",
        "To": SCHOOL_LINE,
        "CallStatus": "ringing",
        "ApiVersion": "2010-04-01",
        "Direction": "inbound",
        "FromCity": "NEW YORK",
        "FromState": "NY",
        "FromZip": "10001",
        "FromCountry": "US",
        "ToCity": "CAMBRIDGE",
        "ToState": "MA",
        "ToZip": "02139",
        "ToCountry": "US",
        "Caller": "+12125551234",
        "Called": SCHOOL_LINE,
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}
