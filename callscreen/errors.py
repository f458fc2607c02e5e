"""Library errors and how the web layer turns them into clear 4xx answers."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException


class BadInput(ValueError):
    """Input that a person or Twilio sent and that cannot be used; maps to 400."""


class NotFound(LookupError):
    """The call or item asked for does not exist; maps to 404."""


def register_error_handlers(app: Flask) -> None:
    """Answer every HTTP error with its message, as JSON for API clients or plain text."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return _answer(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(BadInput)
    def _bad_input(exc: BadInput):
        return _answer(400, str(exc))

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound):
        return _answer(404, str(exc))


def _answer(code: int, message: str):
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return jsonify(error=message, status=code), code
    return message + "\n", code, {"Content-Type": "text/plain; charset=utf-8"}
