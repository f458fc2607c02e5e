"""`callscreen scripts`: keep the known-script list the recycled-script rule compares against."""

from __future__ import annotations

import getpass
from typing import IO

import click

from ..clock import stamp
from ..db import connect
from ..errors import BadInput, NotFound
from .knownscripts import add_known_script, list_known_scripts, remove_known_script

_PREVIEW = 70


def _who(by: str | None) -> str:
    """Who made the change: --by, else the operating-system user."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _open():
    from ..cli import load_app  # imported late: callscreen.cli registers this group

    app = load_app()
    return connect(app.config["DATABASE"]), stamp(app.extensions["callscreen"].clock())


@click.group("scripts")
def scripts() -> None:
    """Known threat-call scripts (compared with every call's transcript)."""


@scripts.command("add")
@click.argument("name")
@click.argument("text", required=False)
@click.option("--file", "file", type=click.File("r", encoding="utf-8"), help="Read the text here.")
@click.option("--by", default=None, help="Who adds it (default: your user name).")
def add(name: str, text: str | None, file: IO[str] | None, by: str | None) -> None:
    """Add a script NAME with its TEXT (or --file F; '-' reads standard input)."""
    if (text is None) == (file is None):
        raise click.UsageError("give the script text either as TEXT or with --file, not both")
    body = text if text is not None else file.read()
    db, at = _open()
    try:
        script = add_known_script(db, name, body, by=_who(by), at=at)
    except BadInput as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.conn.close()
    click.echo(f"Added known script {script['name']!r} ({len(script['text'].split())} words).")


@scripts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(as_json: bool) -> None:
    """List the known scripts."""
    from ..cli import echo_json

    db, _ = _open()
    try:
        rows = list_known_scripts(db)
    finally:
        db.conn.close()
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No known scripts.")
    for row in rows:
        preview = " ".join(row["text"].split())
        preview = preview if len(preview) <= _PREVIEW else preview[: _PREVIEW - 1] + "…"
        click.echo(f"{row['name']}  ({row['added_by']}, {row['added_at']})  {preview}")


@scripts.command("remove")
@click.argument("name")
@click.option("--by", default=None, help="Who removes it (default: your user name).")
def remove(name: str, by: str | None) -> None:
    """Take the script NAME off the list (kept in the log as retired)."""
    db, at = _open()
    try:
        script = remove_known_script(db, name, by=_who(by), at=at)
    except (BadInput, NotFound) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.conn.close()
    click.echo(f"Removed known script {script['name']!r}.")
