"""A Twilio request: strict form decoding and X-Twilio-Signature validation."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Request, current_app
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, ServiceUnavailable

SIGNATURE_HEADER = "X-Twilio-Signature"


def read_form(req: Request) -> MultiDict:
    """The POST body as form fields; 400 for anything but UTF-8 url-encoded form data."""
    mimetype = req.mimetype or "application/x-www-form-urlencoded"
    if mimetype != "application/x-www-form-urlencoded":
        raise BadRequest(f"expected a form-encoded body, got {mimetype}")
    body = req.get_data(cache=True)
    try:
        pairs = parse_qsl(
            body.decode("ascii"),
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
        )
    except UnicodeDecodeError as exc:
        raise BadRequest("the request body is not UTF-8 url-encoded form data") from exc
    return MultiDict(pairs)


def signed_url(public_base: str, req: Request) -> str:
    """The URL Twilio signed: the public base, the path and the query string as sent."""
    query = req.query_string.decode("ascii", errors="replace")
    return public_base + req.path + (f"?{query}" if query else "")


def verify_signature(req: Request, params: MultiDict | dict, public_base: str) -> None:
    """Raise 403 unless the request carries a valid Twilio signature for this URL and params."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if not token:
        current_app.logger.error("CALLSCREEN_TWILIO_AUTH_TOKEN is not set: refusing webhooks")
        raise ServiceUnavailable("this server has no Twilio auth token configured")
    signature = req.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        raise Forbidden(f"missing {SIGNATURE_HEADER}")
    if not RequestValidator(token).validate(signed_url(public_base, req), params, signature):
        raise Forbidden(f"{SIGNATURE_HEADER} does not match this request")
    _check_account(params)


def _check_account(params: MultiDict | dict) -> None:
    expected = current_app.config["TWILIO_ACCOUNT_SID"]
    if expected and params.get("AccountSid") != expected:
        raise Forbidden("request is for another Twilio account")


def signed_form(req: Request) -> MultiDict:
    """Decode and verify a Twilio webhook POST; the fields, or a 4xx."""
    params = read_form(req)
    verify_signature(req, params, current_app.config["PUBLIC_URL"])
    return params
