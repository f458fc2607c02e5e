"""CSRF protection: one random token per session, required on every unsafe request."""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
EXEMPT_PREFIX = "/twilio/"  # Twilio signs its requests; it cannot hold a session token.


def token() -> str:
    """This session's token, created on first use (templates call it as csrf_token())."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def rotate() -> str:
    """A fresh token (after login, so a token seen before login is worthless)."""
    session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def protect() -> None:
    """Refuse an unsafe request whose token is missing or does not match (before_request)."""
    if request.method in SAFE_METHODS or request.path.startswith(EXEMPT_PREFIX):
        return
    sent = request.headers.get(HEADER) or request.form.get(FIELD, "")
    expected = session.get(FIELD, "")
    if not expected or not sent or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, "CSRF token missing or wrong: reload the page and try again.")
