"""Fixtures for the front-office pages: accounts, signed-in clients, CSRF tokens."""

from __future__ import annotations

import re

import pytest

from callscreen.db import connect
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
