"""The `callscreen` command line: each command opens what it needs and calls one library function."""

from __future__ import annotations

import click

from . import create_app
from .config import ConfigError
from .db import DatabaseError
from gazetteer.profile import ProfileError


def load_app(**overrides):
    """Create the app from the environment, turning configuration errors into CLI messages."""
    try:
        return create_app({k: v for k, v in overrides.items() if v is not None} or None)
    except (ConfigError, ProfileError, DatabaseError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(package_name="callscreen")
def cli() -> None:
    """callscreen: screen threatening calls to a school's front office for swatting indicators."""


@cli.command("init-db")
def init_db() -> None:
    """Create the call log (or upgrade it in place) at the configured path."""
    app = load_app()
    click.echo(f"Call log ready: {app.config['DATABASE']}")


# Commands of other areas register here.
