"""Wiring of the front-office pages: session settings, CSRF, the login guard, blueprints."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from . import auth, csrf, secretkey
from .clock import parse_stamp
from .config import ConfigError
from .services import services

INT_KEYS = (
    "LOGIN_LIMIT_PER_USERNAME",
    "LOGIN_LIMIT_PER_IP",
    "LOGIN_WINDOW_MINUTES",
    "SESSION_HOURS",
    "PROXY_HOPS",
    "SSE_KEEPALIVE_SECONDS",
    "SSE_MAX_SECONDS",
)
PAGE_MAX_BYTES = 256 * 1024


def init_web(app: Flask) -> None:
    """Configure sessions and protections, then register the page blueprints."""
    _check_config(app.config)
    _configure_session(app)
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(_limit_body)
    app.before_request(csrf.protect)
    app.before_request(auth.guard)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(csrf_token=csrf.token, current_user=auth.current_user)
    app.jinja_env.filters["localtime"] = _local_time
    from .accounts import bp as accounts
    from .adminpages import bp as adminpages
    from .callpage import bp as callpage
    from .livefeed import bp as livefeed
    from .pages import bp as pages

    for blueprint in (accounts, adminpages, pages, callpage, livefeed):
        app.register_blueprint(blueprint)


def _check_config(config: dict) -> None:
    for key in INT_KEYS:
        try:
            config[key] = int(config[key])
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"CALLSCREEN_{key} must be a whole number") from exc
    try:
        config["SSE_POLL_SECONDS"] = float(config["SSE_POLL_SECONDS"])
    except (TypeError, ValueError) as exc:
        raise ConfigError("CALLSCREEN_SSE_POLL_SECONDS must be a number of seconds") from exc


def _configure_session(app: Flask) -> None:
    key = str(app.config.get("SECRET_KEY") or "")
    app.config["SECRET_KEY"] = key or secretkey.load_or_create(app.config["DATA_DIR"])
    app.config.update(
        SESSION_COOKIE_NAME="callscreen_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["PUBLIC_URL"].startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["SESSION_HOURS"]),
    )


def _local_time(text: str | None) -> str:
    """A stored UTC stamp in the district's time zone, for people to read."""
    if not text:
        return ""
    try:
        moment = parse_stamp(text)
    except ValueError:
        return text
    zone = ZoneInfo(services().district.timezone)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _limit_body() -> None:
    if not request.path.startswith(auth.OPEN_PREFIX):
        request.max_content_length = PAGE_MAX_BYTES


def _security_headers(response):
    if request.path.startswith(auth.OPEN_PREFIX):
        return response
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
