"""What each Twilio webhook does to the call log (the views only decode and render)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import current_app
from sqlite_utils import Database

from .. import calls
from ..clock import stamp
from ..db import immediate
from ..events import append_event
from ..services import Services
from . import fields, twiml
from .callerid import CallerInput, analyse_caller, caller_e164

log = logging.getLogger(__name__)


def receive_call(db: Database, svc: Services, params: Mapping[str, str]) -> str:
    """Log an incoming call with its caller analysis and answer with TwiML."""
    call = new_call(params)
    district = svc.district
    now = svc.clock()
    school = district.school_for(call.to_number)
    history = calls.caller_history(
        db,
        caller_e164(call.from_raw, district.country),
        call.sid,
        school,
        now,
        district.timezone,
        current_app.config["WAVE_WINDOW_MINUTES"],
    )
    analysis = analyse_caller(
        CallerInput(
            call.from_raw,
            call.stir_verstat,
            call.caller_city,
            call.caller_state,
            call.caller_country,
        ),
        district,
        history,
    )
    calls.start_call(db, call, analysis, school, dict(params), stamp(now))
    if not district.front_office_number:
        return _not_configured(db, call.sid, stamp(now))
    notice = district.recording_notice if current_app.config["ANNOUNCE_RECORDING"] else ""
    return twiml.answer_call(
        _routes(), call.sid, call.to_number, district.front_office_number, notice
    )


def new_call(params: Mapping[str, str]) -> calls.NewCall:
    """The call described by the incoming-call webhook; BadInput if a required field is wrong."""
    return calls.NewCall(
        sid=fields.sid(params, "CallSid"),
        account_sid=fields.sid(params, "AccountSid"),
        from_raw=params.get("From", "").strip(),
        to_number=fields.phone(params, "To"),
        status=params.get("CallStatus", "ringing").strip() or "ringing",
        direction=params.get("Direction", "inbound"),
        caller_city=params.get("FromCity", ""),
        caller_state=params.get("FromState", ""),
        caller_zip=params.get("FromZip", ""),
        caller_country=params.get("FromCountry", ""),
        stir_verstat=params.get("StirVerstat", ""),
        forwarded_from=params.get("ForwardedFrom", ""),
        caller_name=params.get("CallerName", ""),
    )


def _not_configured(db: Database, sid: str, at: str) -> str:
    log.error("No front-office number in district.toml: call %s was not forwarded", sid)
    append_event(
        db,
        sid,
        "config.error",
        {"problem": "no front_office_number in district.toml; the call was not forwarded"},
        at=at,
        dedupe_key=f"config:{sid}",
    )
    return twiml.not_configured()


def _routes() -> twiml.Routes:
    return twiml.Routes(current_app.config["PUBLIC_URL"])


def receive_status(db: Database, svc: Services, params: Mapping[str, str]) -> None:
    """Log a call-progress callback once; move the call forward, never back."""
    leg_sid = fields.sid(params, "CallSid")
    parent = fields.sid(params, "ParentCallSid", required=False)
    status = fields.choice(params, "CallStatus", fields.CALL_STATUSES)
    sequence = fields.number(params, "SequenceNumber", required=False)
    duration = fields.number(params, "CallDuration", required=False)
    call_sid, at = parent or leg_sid, stamp(svc.clock())
    kind = "front_office.status" if parent else "status"
    payload = {
        "status": status,
        "sequence": sequence,
        "duration_seconds": duration,
        "leg_sid": leg_sid,
        "timestamp": params.get("Timestamp", ""),
        "sip_response_code": params.get("SipResponseCode", ""),
    }
    with immediate(db):
        calls.ensure_call(db, call_sid, dict(params), at)
        key = f"status:{leg_sid}:{status}:{'' if sequence is None else sequence}"
        if append_event(db, call_sid, kind, payload, at=at, dedupe_key=key) and not parent:
            calls.advance_status(db, call_sid, status, at, duration)


def receive_recording(db: Database, svc: Services, params: Mapping[str, str]) -> bool:
    """Log a recording status callback; True when the recording is complete and new."""
    rec = {
        "sid": fields.sid(params, "RecordingSid"),
        "call_sid": fields.sid(params, "CallSid"),
        "url": fields.https_url(params, "RecordingUrl"),
        "status": fields.choice(params, "RecordingStatus", fields.RECORDING_STATUSES),
        "duration_seconds": fields.number(params, "RecordingDuration", required=False),
        "channels": fields.number(params, "RecordingChannels", required=False),
        "source": params.get("RecordingSource", ""),
        "start_time": params.get("RecordingStartTime", ""),
    }
    at = stamp(svc.clock())
    with immediate(db):
        calls.ensure_call(db, rec["call_sid"], dict(params), at)
        calls.upsert_recording(db, rec, at)
        event = append_event(
            db,
            rec["call_sid"],
            "recording",
            rec,
            at=at,
            dedupe_key=f"recording:{rec['sid']}:{rec['status']}",
        )
    return bool(event) and rec["status"] == "completed"


def receive_stream_status(db: Database, svc: Services, params: Mapping[str, str]) -> None:
    """Log a media-stream status callback (started, stopped, error) once."""
    call_sid = fields.sid(params, "CallSid")
    stream_sid = fields.sid(params, "StreamSid")
    event = fields.choice(params, "StreamEvent", fields.STREAM_EVENTS)
    payload = {
        "stream_sid": stream_sid,
        "event": event,
        "name": params.get("StreamName", ""),
        "error": params.get("StreamError", ""),
        "timestamp": params.get("Timestamp", ""),
    }
    at = stamp(svc.clock())
    with immediate(db):
        calls.ensure_call(db, call_sid, dict(params), at)
        append_event(
            db, call_sid, "stream.status", payload, at=at, dedupe_key=f"stream:{stream_sid}:{event}"
        )


def receive_dial_result(db: Database, svc: Services, params: Mapping[str, str]) -> str:
    """Log how the front-office leg ended and tell Twilio what to do next."""
    call_sid = fields.sid(params, "CallSid")
    status = fields.choice(params, "DialCallStatus", fields.DIAL_STATUSES)
    payload = {
        "dial_status": status,
        "duration_seconds": fields.number(params, "DialCallDuration", required=False),
        "dial_call_sid": fields.sid(params, "DialCallSid", required=False),
    }
    at = stamp(svc.clock())
    with immediate(db):
        calls.ensure_call(db, call_sid, dict(params), at)
        append_event(db, call_sid, "dial.finished", payload, at=at, dedupe_key=f"dial:{call_sid}")
    return twiml.dial_finished(_routes(), status)
