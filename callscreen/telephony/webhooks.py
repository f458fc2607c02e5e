"""The Twilio webhooks blueprint: every route checks the signature, then calls one function."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from ..db import get_db
from ..services import services
from . import callbacks
from .request import signed_form

bp = Blueprint("twilio", __name__, url_prefix="/twilio")
TWIML = "application/xml"


@bp.before_request
def _limit_body() -> None:
    # Twilio's webhooks are a few KiB; anything far larger is not from Twilio.
    request.max_content_length = current_app.config["WEBHOOK_MAX_BYTES"]


@bp.post("/voice")
def voice() -> Response:
    """Incoming call: log it, analyse the caller, answer with TwiML."""
    params = signed_form(request)
    return Response(callbacks.receive_call(get_db(), services(), params), mimetype=TWIML)


@bp.post("/status")
def status() -> tuple[str, int]:
    """Call-progress callbacks for the caller leg and the front-office leg."""
    callbacks.receive_status(get_db(), services(), signed_form(request))
    return "", 204


@bp.post("/recording")
def recording() -> tuple[str, int]:
    """Recording status callbacks; a completed recording is handed to the downloader."""
    params = signed_form(request)
    if callbacks.receive_recording(get_db(), services(), params):
        hook = services().extra.get("on_recording_completed")
        if hook:
            hook(params["CallSid"], params["RecordingSid"])
    return "", 204


@bp.post("/stream-status")
def stream_status() -> tuple[str, int]:
    """Media-stream status callbacks."""
    callbacks.receive_stream_status(get_db(), services(), signed_form(request))
    return "", 204


@bp.post("/dial-action")
def dial_action() -> Response:
    """The front-office leg ended: hang up, or take a message when nobody answered."""
    params = signed_form(request)
    return Response(callbacks.receive_dial_result(get_db(), services(), params), mimetype=TWIML)
