"""callscreen: screen threatening calls to a school's front office for swatting indicators."""

from __future__ import annotations

from typing import Any

from flask import Flask

from gazetteer import GazetteerError, load_district
from gazetteer.profile import ProfileError, load_profile
from web import STATIC, TEMPLATES

from . import config as _config
from .clock import Clock, utc_now
from .db import Pool, open_db
from .errors import register_error_handlers
from .indicators.refresh import refresh_in_app
from .recordingjob import start_jobs
from .services import Services
from .transcribe.engine import RecognizerFactory

__version__ = "0.1.0"


def create_app(
    test_config: dict[str, Any] | None = None,
    *,
    clock: Clock = utc_now,
    gateway: Any = None,
    recognizers: Any = None,
) -> Flask:
    """Build the Flask app: config, district profile, database, blueprints."""
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=str(STATIC))
    app.config.from_mapping(_config.DEFAULTS)
    app.config.from_prefixed_env("CALLSCREEN")
    if test_config:
        app.config.from_mapping(test_config)
    _config.finish(app.config)
    app.extensions["callscreen"] = Services(
        district=load_profile(app.config["DISTRICT"]),
        clock=clock,
        gazetteer=_load_gazetteer(app.config["DISTRICT"]),
        gateway=gateway,
        recognizers=recognizers or RecognizerFactory(config=app.config),
    )
    open_db(app.config["DATABASE"]).conn.close()
    app.extensions["callscreen_db"] = Pool(app.config["DATABASE"])
    start_jobs(app)
    app.extensions["callscreen"].extra["on_final_segment"] = lambda call_sid: refresh_in_app(
        app, call_sid
    )
    register_error_handlers(app)
    _register_blueprints(app)
    return app


def _load_gazetteer(folder: str):
    """The district gazetteer, once per process; a broken district folder is a profile error."""
    try:
        return load_district(folder)
    except GazetteerError as exc:
        raise ProfileError(str(exc)) from exc


def _register_blueprints(app: Flask) -> None:
    from .telephony.media import bp as media
    from .telephony.webhooks import bp as webhooks

    app.register_blueprint(webhooks)
    app.register_blueprint(media)
    from .webapp import init_web  # front-office pages: sessions, CSRF, login guard

    init_web(app)
