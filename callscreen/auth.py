"""The signed-in staff member: session login/logout, the login guard, role checks, auditing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import abort, current_app, g, redirect, request, session, url_for

from . import audit, csrf, sessions
from .clock import stamp
from .db import get_db
from .services import services
from .users import User, get_user

# Endpoints anyone may reach: the login form itself and static files.
PUBLIC_ENDPOINTS = frozenset({"accounts.login", "static"})
OPEN_PREFIX = "/twilio/"  # webhooks and media: Twilio's signature check stands in for a login


def now_stamp() -> str:
    """The current time from the app's clock, in the log's format."""
    return stamp(services().clock())


def _lifetime() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_HOURS"])


def login(user: User) -> None:
    """Start a fresh session for `user` (a new server-side session and CSRF token); a session
    still open in this browser (someone else's, on a shared desk) ends first."""
    now = services().clock()
    sessions.end(get_db(), session.get("sid"), now)
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["epoch"] = user.session_epoch
    session["sid"] = sessions.start(get_db(), user.id, now, _lifetime())
    csrf.rotate()


def logout() -> None:
    """End the session on the server too: a kept copy of the cookie no longer signs in."""
    sessions.end(get_db(), session.get("sid"), services().clock())
    session.clear()


def current_user() -> User | None:
    """The signed-in, enabled user whose session is still current; None otherwise."""
    if "user" not in g:
        g.user = _load_user()
    return g.user


def _load_user() -> User | None:
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    db = get_db()
    user = get_user(db, uid)
    # A password change or disabling bumps the epoch and so ends every older session.
    if (
        user is None
        or user.disabled
        or user.session_epoch != session.get("epoch")
        or not sessions.is_open(db, session.get("sid"), uid, services().clock(), _lifetime())
    ):
        session.pop("uid", None)
        return None
    return user


def guard() -> Any:
    """Require a signed-in user everywhere except the open endpoints (before_request)."""
    if request.path.startswith(OPEN_PREFIX) or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.endpoint is None:
        return None  # no such route: let it answer 404
    if current_user() is not None:
        return None
    if request.method == "GET" and request.accept_mimetypes.accept_html:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    abort(401, "Sign in first.")


def admin_required(view: Callable) -> Callable:
    """Only admins may use the view; staff get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        user = current_user()
        if user is None or not user.is_admin:
            abort(403, "Only an administrator can do this.")
        return view(*args, **kwargs)

    return wrapped


def actor() -> str:
    """The name written to the audit log and event payloads for this request."""
    user = current_user()
    return user.username if user else "anonymous"


def record(action: str, call_sid: str | None, detail: dict[str, Any]) -> int:
    """Write one audit entry as the signed-in user."""
    return audit.record(get_db(), actor(), action, call_sid, detail, at=now_stamp())


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else goes to the dashboard."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.dashboard")
