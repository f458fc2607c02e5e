"""Signing in and out: the login form, throttled per username and address."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, redirect, render_template, request
from sqlite_utils import Database

from . import auth, throttle, users
from .clock import stamp
from .db import get_db, immediate
from .services import services

bp = Blueprint("accounts", __name__)


@dataclass(frozen=True)
class SignIn:
    """The outcome of one login attempt."""

    user: users.User | None
    retry_after: int = 0


def sign_in(db: Database, username: str, password: str, ip: str) -> SignIn:
    """Check the throttle, then the password; store the attempt either way."""
    now = services().clock()
    limits = throttle.Limits(
        current_app.config["LOGIN_LIMIT_PER_USERNAME"],
        current_app.config["LOGIN_LIMIT_PER_IP"],
        current_app.config["LOGIN_WINDOW_MINUTES"],
    )
    wait = throttle.retry_after(db, username, ip, now, limits)
    if wait:
        return SignIn(None, wait)
    user = users.authenticate(db, username, password)
    with immediate(db):
        throttle.note_attempt(db, username, ip, user is not None, at=stamp(now))
    return SignIn(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form; on success a fresh session and on to where the user was going."""
    target = auth.safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=target, error=None)
    username = request.form.get("username", "").strip()[:200]
    result = sign_in(get_db(), username, request.form.get("password", ""), _address())
    if result.retry_after:
        auth.record("login.throttled", None, {"username": username, "ip": _address()})
        minutes = max(1, round(result.retry_after / 60))
        error = f"Too many failed sign-ins. Try again in about {minutes} minute(s)."
        page = render_template("login.html", next=target, error=error, username=username)
        return page, 429, {"Retry-After": str(result.retry_after)}
    if result.user is None:
        auth.record("login.failed", None, {"username": username, "ip": _address()})
        error = "Wrong username or password, or the account is disabled."
        return render_template("login.html", next=target, error=error, username=username), 401
    auth.login(result.user)
    auth.record("login", None, {"ip": _address()})
    return redirect(target)


@bp.post("/logout")
def logout():
    """End the session and go back to the login form."""
    auth.record("logout", None, {})
    auth.logout()
    return redirect("/login")


def _address() -> str:
    return request.remote_addr or "unknown"
