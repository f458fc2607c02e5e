"""The `callscreen` command line: each command opens what it needs and calls the library."""

from __future__ import annotations

import json
from datetime import datetime

import click
from flask import Flask

from gazetteer.profile import ProfileError

from . import audit, calls, create_app
from .clock import stamp
from .config import ConfigError
from .db import DatabaseError, connect
from .events import events_since
from .telephony.callerid import CallerInput, analyse_caller, caller_e164


def load_app(**overrides) -> Flask:
    """Create the app from the environment, turning configuration errors into CLI messages."""
    try:
        return create_app({k: v for k, v in overrides.items() if v is not None} or None)
    except (ConfigError, ProfileError, DatabaseError) as exc:
        raise click.ClickException(str(exc)) from exc


def echo_json(data) -> None:
    """Print data as indented JSON."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


@click.group()
@click.version_option(package_name="callscreen")
def cli() -> None:
    """callscreen: screen threatening calls to a school's front office for swatting indicators."""


@cli.command("init-db")
def init_db() -> None:
    """Create the call log (or upgrade it in place) at the configured path."""
    app = load_app()
    click.echo(f"Call log ready: {app.config['DATABASE']}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--threads",
    default=64,
    show_default=True,
    type=click.IntRange(4, 1024),
    help="Concurrent requests and open streams per worker.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes; each loads its own speech model (memory).",
)
def serve(host: str, port: int, threads: int, workers: int) -> None:
    """Run the server on the configured database and district."""
    from .server import serve as run

    app = load_app()
    _print_setup(app)
    run(app, host, port, threads, workers)


def _print_setup(app: Flask) -> None:
    district = app.extensions["callscreen"].district
    base = app.config["PUBLIC_URL"]
    click.echo(f"District: {district.name} ({district.folder})")
    click.echo(f"Call log: {app.config['DATABASE']}")
    click.echo(f"Twilio number > Voice > 'A call comes in': POST {base}/twilio/voice")
    click.echo(f"Twilio number > 'Call status changes':     POST {base}/twilio/status")
    if not app.config["TWILIO_AUTH_TOKEN"]:
        click.echo(
            "WARNING: CALLSCREEN_TWILIO_AUTH_TOKEN is not set: webhooks answer 503.", err=True
        )
    if not base.startswith("https://"):
        click.echo("NOTE: Twilio needs a public https URL (set CALLSCREEN_PUBLIC_URL).", err=True)


@cli.command("caller-id")
@click.argument("number")
@click.option("--stir", "stir", default=None, help="Twilio StirVerstat value.")
@click.option("--from-state", default="", help="Twilio FromState (e.g. MA).")
@click.option("--from-country", default="", help="Twilio FromCountry (e.g. US).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def caller_id(
    number: str, stir: str | None, from_state: str, from_country: str, as_json: bool
) -> None:
    """Analyse a caller ID the way the incoming-call webhook does."""
    app = load_app()
    district = app.extensions["callscreen"].district
    history = _history(app, caller_e164(number, district.country))
    analysis = analyse_caller(
        CallerInput(number, stir, "", from_state, from_country), district, history
    )
    if as_json:
        echo_json(analysis.to_dict())
        return
    click.echo(f"Caller: {analysis.display}" + (f" ({analysis.place})" if analysis.place else ""))
    for f in analysis.findings:
        click.echo(f"  [{'X' if f.present else ' '}] {f.indicator:24} {f.summary}")


def _history(app: Flask, e164: str | None):
    svc = app.extensions["callscreen"]
    db = connect(app.config["DATABASE"])
    try:
        return calls.caller_history(
            db,
            e164,
            "",
            None,
            svc.clock(),
            svc.district.timezone,
            app.config["WAVE_WINDOW_MINUTES"],
        )
    finally:
        db.conn.close()


@cli.group("calls")
def calls_group() -> None:
    """The call log."""


@calls_group.command("list")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--since", default=None, help="Only calls from this date (YYYY-MM-DD, UTC).")
@click.option("--school", default=None, help="Only calls to this school (name or number).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def calls_list(limit: int, since: str | None, school: str | None, as_json: bool) -> None:
    """List recent calls, newest first, with the indicators present on each."""
    app = load_app()
    db = connect(app.config["DATABASE"])
    rows = calls.list_calls(db, limit, _since(since), school)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No calls logged.")
    for r in rows:
        caller = "withheld" if r["caller_withheld"] else (r["caller_e164"] or r["from_raw"])
        click.echo(
            f"{r['created_at']}  {r['sid']}  {r['status']:11} {caller:16} "
            f"{r['school'] or r['to_number']}  {' '.join(r['indicators'])}"
        )


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return stamp(datetime.fromisoformat(value).replace(tzinfo=None).astimezone())
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-23") from exc


@calls_group.command("show")
@click.argument("sid")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def calls_show(sid: str, as_json: bool) -> None:
    """Show one call: caller, status, indicators and its event log."""
    app = load_app()
    db = connect(app.config["DATABASE"])
    call = calls.get_call(db, sid)
    if call is None:
        raise click.ClickException(f"no call {sid!r} in {app.config['DATABASE']}")
    audit.record(
        db,
        "cli",
        "call.viewed",
        sid,
        {"via": "calls show"},
        at=stamp(app.extensions["callscreen"].clock()),
    )
    call["events"] = events_since(db, sid)
    if as_json:
        echo_json(call)
        return
    _print_call(call)


def _print_call(call: dict) -> None:
    caller = "withheld" if call["caller_withheld"] else (call["caller_e164"] or call["from_raw"])
    click.echo(f"Call {call['sid']}  {call['status']}  started {call['started_at']}")
    click.echo(f"  caller {caller}  ->  {call['school'] or ''} {call['to_number']}")
    for item in call["indicators"]:
        click.echo(
            f"  [{'X' if item['present'] else ' '}] {item['indicator']:24} {item['summary']}"
        )
    click.echo(f"  {len(call['events'])} events, {len(call['recordings'])} recording(s)")


@cli.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
def audit_verify() -> None:
    """Check that no audit entry was edited or deleted."""
    app = load_app()
    db = connect(app.config["DATABASE"])
    problems = audit.verify(db)
    count = db["audit"].count
    if problems:
        raise click.ClickException(
            f"audit log BROKEN ({count} entries):\n  " + "\n  ".join(problems)
        )
    click.echo(f"audit log intact: {count} entries")


@cli.command()
@click.argument("caller_wav", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--staff",
    "staff_wav",
    type=click.Path(exists=True, dir_okay=False),
    help="WAV for the staff (outbound) track.",
)
@click.option(
    "--url",
    "base_url",
    envvar="CALLSCREEN_PUBLIC_URL",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="The server's public base URL (as configured there).",
)
@click.option(
    "--from",
    "from_number",
    default="+12125551234",
    show_default=True,
    help="Caller ID to present (a number, 'anonymous', '+266696687' …).",
)
@click.option(
    "--to", "to_number", default="+16173496567", show_default=True, help="The school line called."
)
@click.option("--stir", default=None, help="StirVerstat, e.g. TN-Validation-Passed-C.")
@click.option("--from-state", default="", help="FromState Twilio would report.")
@click.option("--from-country", default="US", show_default=True)
@click.option(
    "--speed",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.1, 1000),
    help="Playback speed: 1 = real time.",
)
@click.option(
    "--recording-port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Serve the recording on this local port (the server must allow "
    "http://127.0.0.1:PORT in CALLSCREEN_RECORDING_ORIGINS).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def simulate(
    caller_wav: str,
    staff_wav: str | None,
    base_url: str,
    from_number: str,
    to_number: str,
    stir: str | None,
    from_state: str,
    from_country: str,
    speed: float,
    recording_port: int | None,
    as_json: bool,
) -> None:
    """Play a call into a running server exactly as Twilio would (no Twilio account needed)."""
    import os

    from .telephony.callaudio import AudioFileError
    from .telephony.simulator import CallPlan, SimulationError, TwilioStandIn

    token = os.environ.get("CALLSCREEN_TWILIO_AUTH_TOKEN", "")
    if not token:
        raise click.ClickException(
            "set CALLSCREEN_TWILIO_AUTH_TOKEN to the server's token: "
            "the simulator signs every request with it"
        )
    plan = CallPlan(
        base_url.rstrip("/"),
        token,
        caller_wav,
        staff_wav,
        os.environ.get("CALLSCREEN_TWILIO_ACCOUNT_SID") or "AC" + "0" * 32,
        from_number,
        to_number,
        stir,
        from_state,
        from_country,
        speed,
        recording_port,
    )
    try:
        summary = TwilioStandIn(plan, echo=lambda line: click.echo(line, err=as_json)).run()
    except (AudioFileError, SimulationError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        echo_json(summary)


@cli.command()
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--delay",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0, 600),
    help="Seconds before the scripted call starts.",
)
@click.option("--speed", default=1.0, show_default=True, type=click.FloatRange(0.1, 100))
@click.option("--no-call", is_flag=True, help="Only start the server and the demo login.")
def demo(port: int, delay: float, speed: float, no_call: bool) -> None:
    """Start the server with the bundled district and play a scripted threat call into it."""
    from .demo import run_demo

    app = load_app()  # checks the configuration and creates or upgrades the call log
    try:
        run_demo(app.config["DATA_DIR"], port, delay, speed, not no_call)
    except (RuntimeError, OSError) as exc:
        raise click.ClickException(f"demo failed: {exc}") from exc


# Commands of other areas register here.
from gazetteer.cli import gazetteer as _gazetteer_commands  # noqa: E402

cli.add_command(_gazetteer_commands)
from .users_cli import users_group as _users_commands  # noqa: E402

cli.add_command(_users_commands)
from .transcribe.cli import model_commands, transcribe_command  # noqa: E402

cli.add_command(model_commands)
cli.add_command(transcribe_command)
from .indicators.cli import scripts as _scripts_commands  # noqa: E402

cli.add_command(_scripts_commands)
from . import packet_cli as _packet_cli  # noqa: E402, I001

for _packet_command in _packet_cli.COMMANDS:
    cli.add_command(_packet_command)
