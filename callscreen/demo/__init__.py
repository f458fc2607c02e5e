"""`callscreen demo`: a local server, a demo login, and a scripted threat call played into it."""

from __future__ import annotations

import secrets
import signal
import time
from pathlib import Path

import click

from ..clock import stamp, utc_now
from ..db import open_db
from ..devserver import Server, free_port
from ..telephony.simulator import CallPlan, TwilioStandIn

HERE = Path(__file__).parent
CALLER_WAV = HERE / "caller.wav"
STAFF_WAV = HERE / "staff.wav"
DEMO_USER = "demo"


def demo_login(database: str) -> str:
    """Create (or reset) the demo account; return its new password."""
    from ..users import add_user, find_user, set_password

    db = open_db(database)
    password = secrets.token_urlsafe(9)
    try:
        if find_user(db, DEMO_USER):
            set_password(db, DEMO_USER, password, at=stamp(utc_now()))
        else:
            add_user(db, DEMO_USER, password, "admin", at=stamp(utc_now()))
    finally:
        db.conn.close()
    return password


def run_demo(data_dir: str, port: int, delay: float, speed: float, call: bool) -> None:
    """Start the server, print the login, play the call, then serve until interrupted."""
    token = secrets.token_urlsafe(24)  # this session's stand-in Twilio token
    rec_port = free_port()
    server = Server(
        data_dir,
        port,
        {
            "CALLSCREEN_TWILIO_AUTH_TOKEN": token,
            "CALLSCREEN_TWILIO_ACCOUNT_SID": "",
            "CALLSCREEN_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "CALLSCREEN_RECORDING_ORIGINS": f"http://127.0.0.1:{rec_port}",
        },
        64,
        None,
    )
    password = demo_login(str(Path(data_dir) / "callscreen.db"))
    signal.signal(signal.SIGTERM, _interrupt)  # stop the server on `kill` as on Ctrl-C
    server.start(seconds=120)
    click.echo(
        f"\ncallscreen demo: open {server.base}/ and sign in as "
        f"'{DEMO_USER}' with password '{password}'"
    )
    try:
        if call:
            click.echo(f"A scripted threat call starts in {delay:.0f} s …")
            time.sleep(delay)
            plan = CallPlan(
                server.base,
                token,
                str(CALLER_WAV),
                str(STAFF_WAV),
                from_number="anonymous",
                stir="TN-Validation-Failed",
                from_country="",
                speed=speed,
                recording_port=rec_port,
            )
            TwilioStandIn(plan, echo=click.echo).run()
            click.echo("The demo call has ended. The server keeps running: Ctrl-C to stop.")
        server.proc.wait()
    except KeyboardInterrupt:
        click.echo("\nStopping.")
    finally:
        server.stop()


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt
