"""The live call page and the staff changes made on it (ticks, actions, indicator reviews)."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlite_utils import Database

from . import auth, checklist, guidance
from .calls import get_call
from .db import get_db
from .errors import NotFound
from .events import events_since
from .export import RecordingIntegrityError, export_for_app
from .services import services
from .signing import SigningError
from .telephony.stir import describe, read_verstat

bp = Blueprint("callpage", __name__)


def call_page(db: Database, sid: str) -> dict:
    """Everything the call page renders before live events take over."""
    call = get_call(db, sid)
    if call is None:
        raise NotFound(f"no call {sid!r}")
    started = next(iter(events_since(db, sid, 0, limit=1)), None)
    caller = started["payload"].get("caller", {}) if started else {}
    return {
        "call": call,
        "caller": caller_panel(call, caller),
        "partner": services().district.law_enforcement,
        "tz": services().district.timezone,
        "questions": checklist.QUESTIONS,
        "bomb": checklist.BOMB,
        "device_item": checklist.DEVICE_CLAIMED,
        "observations": checklist.OBSERVATIONS,
        "actions": [(a, label, checklist.ACTION_KEYS[a]) for a, label in checklist.ACTIONS.items()],
        "summary": guidance.summary(db, sid, services().district.law_enforcement),
    }


def caller_panel(call: dict, caller: dict) -> dict:
    """Caller number (or withheld), region and STIR/SHAKEN in words."""
    if call.get("caller_withheld"):
        number = "withheld"
    else:
        number = caller.get("display") or call.get("caller_e164") or call.get("from_raw") or "?"
    region = caller.get("place") or ", ".join(
        p
        for p in (call.get("caller_city"), call.get("caller_state"), call.get("caller_country"))
        if p
    )
    return {
        "number": number,
        "withheld": bool(call.get("caller_withheld")),
        "region": region or "unknown",
        "stir": describe(read_verstat(call.get("stir_verstat"))),
        "school": call.get("school") or call.get("to_number"),
    }


@bp.get("/calls/<sid>")
def show(sid: str):
    """The live page of one call."""
    page = call_page(get_db(), sid)
    auth.record("call.viewed", sid, {"via": "web"})
    return render_template("call.html", **page)


@bp.get("/calls/<sid>/summary")
def summary(sid: str):
    """The indicator lists and next question as JSON (what the live stream also sends)."""
    db = get_db()
    if get_call(db, sid) is None:
        raise NotFound(f"no call {sid!r}")
    auth.record("call.viewed", sid, {"via": "summary"})
    return jsonify(guidance.summary(db, sid, services().district.law_enforcement))


@bp.post("/calls/<sid>/ticks")
def tick(sid: str):
    """Tick a checklist item (question asked/answered, observation, exact words)."""
    form = request.form
    event_id = checklist.tick(
        get_db(),
        sid,
        form.get("item", ""),
        form.get("value", ""),
        form.get("note", ""),
        by=auth.actor(),
        at=auth.now_stamp(),
    )
    auth.record(
        "checklist.tick",
        sid,
        {"item": form.get("item"), "value": form.get("value"), "event": event_id},
    )
    return _done(sid, event_id)


@bp.post("/calls/<sid>/actions")
def action(sid: str):
    """Log a timestamped action (9-1-1 called, partner contacted, lockdown …)."""
    form = request.form
    event_id = checklist.act(
        get_db(),
        sid,
        form.get("action", ""),
        form.get("note", ""),
        form.get("name", ""),
        by=auth.actor(),
        at=auth.now_stamp(),
    )
    auth.record("action", sid, {"action": form.get("action"), "event": event_id})
    return _done(sid, event_id)


@bp.post("/calls/<sid>/reviews")
def review(sid: str):
    """Confirm or dismiss an automatic indicator."""
    form = request.form
    event_id = checklist.review(
        get_db(),
        sid,
        form.get("indicator", ""),
        form.get("decision", ""),
        form.get("note", ""),
        by=auth.actor(),
        at=auth.now_stamp(),
    )
    auth.record(
        "indicator.review",
        sid,
        {"indicator": form.get("indicator"), "decision": form.get("decision"), "event": event_id},
    )
    return _done(sid, event_id)


def _done(sid: str, event_id: int):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(id=event_id), 201
    return redirect(url_for("callpage.show", sid=sid))


@bp.post("/calls/<sid>/packet")
def packet(sid: str):
    """Download the signed law-enforcement packet (the export is written to the audit log)."""
    try:
        export = export_for_app(
            current_app._get_current_object(), sid, actor=auth.actor(), via="web"
        )
    except RecordingIntegrityError as exc:
        return _problem(409, str(exc))
    except SigningError as exc:
        current_app.logger.error("packet signing key problem: %s", exc)
        return _problem(503, f"the district's signing key cannot be used: {exc}")
    return send_file(
        io.BytesIO(export.data),
        mimetype="application/zip",
        as_attachment=True,
        download_name=export.filename,
    )


def _problem(code: int, message: str):
    return message + "\n", code, {"Content-Type": "text/plain; charset=utf-8"}
