"""Fixtures for the front-office pages: accounts, signed-in clients, CSRF tokens."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from callscreen.db import connect
from callscreen.devserver import Server, free_port
from callscreen.users import add_user

PASSWORD = "correct horse battery staple"


def create_user(app, username: str, role: str = "staff", password: str = PASSWORD) -> str:
    """Add an account straight to the app's database; return the username."""
    db = connect(app.config["DATABASE"])
    try:
        add_user(db, username, password, role, at="2026-11-23T14:00:00.000Z")
    finally:
        db.conn.close()
    return username


def csrf_from(client) -> str:
    """The session's CSRF token, fetched the way a browser gets it (from the login form)."""
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, username: str, password: str = PASSWORD, **extra):
    """Post the login form with a valid CSRF token; return the response."""
    token = csrf_from(client)
    data = {"username": username, "password": password, "csrf_token": token, **extra}
    return client.post("/login", data=data)


def token_of(client) -> str:
    """The CSRF token of a signed-in client's session."""
    with client.session_transaction() as session:
        return session["csrf_token"]


def post(client, path: str, data: dict | None = None, **kw):
    """POST with the session's CSRF token and a JSON Accept header."""
    headers = {"X-CSRF-Token": token_of(client), "Accept": "application/json"}
    return client.post(path, data=data or {}, headers=headers, **kw)


@pytest.fixture
def staff(app) -> str:
    return create_user(app, "sam", "staff")


@pytest.fixture
def admin(app) -> str:
    return create_user(app, "ada", "admin")


@pytest.fixture
def staff_client(app, staff):
    client = app.test_client()
    assert login(client, staff).status_code == 302
    return client


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    assert login(client, admin).status_code == 302
    return client


class LiveServer(Server):
    """A real `callscreen serve` on a loopback port with its own data dir and a clean env."""

    def __init__(self, data_dir, token: str = "test-auth-token-0123456789abcdef") -> None:
        super().__init__(
            str(data_dir),
            free_port(),
            {"CALLSCREEN_TWILIO_AUTH_TOKEN": token},
            64,
            subprocess.DEVNULL,
        )
        self.token = token
        self.database = os.path.join(self.data_dir, "callscreen.db")
        # Only this server's settings: none leak in from the developer's shell.
        self.env = {
            k: v for k, v in self.env.items() if not k.startswith("CALLSCREEN_") or k in _OWN
        }

    def cli(self, *args: str, stdin: str = "") -> str:
        """Run a `callscreen` command against this server's data dir; return its output."""
        done = subprocess.run(
            [_exe(), *args],
            input=stdin,
            env=self.env,
            text=True,
            capture_output=True,
            check=True,
            timeout=60,
        )
        return done.stdout

    def incoming_call(self, **overrides) -> str:
        """POST a signed /twilio/voice webhook the way Twilio does; return the Call SID."""
        from twilio.request_validator import RequestValidator

        from conftest import call_sid, incoming_call

        params = incoming_call(call_sid(), **overrides)
        url = self.base + "/twilio/voice"
        signature = RequestValidator(self.token).compute_signature(url, params)
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(params).encode(),
            headers={"X-Twilio-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        return params["CallSid"]


_OWN = ("CALLSCREEN_DATA_DIR", "CALLSCREEN_PUBLIC_URL", "CALLSCREEN_TWILIO_AUTH_TOKEN")


def _exe() -> str:
    return str(Path(sys.executable).with_name("callscreen"))


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright):
    """Debian's chromium driven by Playwright (Playwright's own browsers are not installed)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
