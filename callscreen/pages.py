"""The dashboard and the searchable call log."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from . import auth, calllog
from .db import get_db
from .indicators.catalogue import CATALOGUE
from .services import services

bp = Blueprint("pages", __name__)


@bp.get("/")
def dashboard():
    """Calls in progress, recent calls and wave alerts."""
    db, now = get_db(), services().clock()
    return render_template(
        "dashboard.html",
        live=calllog.live_calls(db, now),
        recent=calllog.recent_calls(db),
        waves=calllog.wave_alerts(db, now, current_app.config["WAVE_WINDOW_MINUTES"]),
    )


@bp.get("/calls")
def call_log():
    """Search transcripts and filter calls by date, school line and indicator."""
    district = services().district
    schools = [line.name for line in district.school_lines]
    filters = calllog.parse_filters(request.args, schools)
    rows = calllog.search_calls(get_db(), filters, district.timezone)
    auth.record("calls.searched", None, {"query": dict(request.args), "results": len(rows)})
    return render_template(
        "calls.html", rows=rows, filters=filters, schools=schools, catalogue=CATALOGUE
    )
