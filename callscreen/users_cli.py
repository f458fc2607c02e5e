"""The `callscreen users` commands: add, list, disable, enable and re-password staff accounts."""

from __future__ import annotations

import sys

import click

from . import audit, users
from .clock import stamp
from .db import connect
from .errors import BadInput, NotFound


def _open():
    from .cli import load_app

    app = load_app()
    return connect(app.config["DATABASE"]), stamp(app.extensions["callscreen"].clock())


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(action):
    try:
        return action()
    except (BadInput, NotFound) as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("users")
def users_group() -> None:
    """Staff accounts for the front-office web pages."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(users.ROLES), default="staff", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_add(username: str, role: str, password_stdin: bool) -> None:
    """Create an account (the password is prompted twice unless --password-stdin)."""
    db, at = _open()
    _run(lambda: users.check_username(username))
    password = _read_password(password_stdin)
    user = _run(lambda: users.add_user(db, username, password, role, at=at))
    audit.record(db, "cli", "user.added", None, {"username": user.username, "role": role}, at=at)
    click.echo(f"Added {user.role} {user.username}")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def users_list(as_json: bool) -> None:
    """List the accounts."""
    from .cli import echo_json

    db, _ = _open()
    accounts = users.list_users(db)
    if as_json:
        echo_json([u.to_dict() for u in accounts])
        return
    if not accounts:
        click.echo("No accounts. Add one: callscreen users add NAME --role admin")
    for u in accounts:
        state = "disabled" if u.disabled else "active"
        click.echo(f"{u.username:24} {u.role:6} {state:8} created {u.created_at}")


@users_group.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    """Disable an account; its open sessions end at their next request."""
    db, at = _open()
    user = _run(lambda: users.disable_user(db, username, at=at))
    audit.record(db, "cli", "user.disabled", None, {"username": user.username}, at=at)
    click.echo(f"Disabled {user.username}")


@users_group.command("enable")
@click.argument("username")
def users_enable(username: str) -> None:
    """Enable a disabled account."""
    db, at = _open()
    user = _run(lambda: users.enable_user(db, username, at=at))
    audit.record(db, "cli", "user.enabled", None, {"username": user.username}, at=at)
    click.echo(f"Enabled {user.username}")


@users_group.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_passwd(username: str, password_stdin: bool) -> None:
    """Set a new password; the account's open sessions end."""
    db, at = _open()
    if users.find_user(db, username) is None:
        raise click.ClickException(f"no user {username!r}")
    password = _read_password(password_stdin)
    user = _run(lambda: users.set_password(db, username, password, at=at))
    audit.record(db, "cli", "user.password_set", None, {"username": user.username}, at=at)
    click.echo(f"Password changed for {user.username}")
