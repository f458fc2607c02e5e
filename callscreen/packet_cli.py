"""CLI for the law-enforcement packet, the signing key, retention purges and legal holds."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click
from flask import Flask

from .cli import load_app
from .clock import stamp
from .db import connect
from .export import PacketError, export_packet
from .retention import RetentionError, place_hold, purge, release_hold
from .signing import SigningError, fingerprint, key_path, load_public_key, load_signer
from .verify import PacketFormatError, Report, verify_packet


def default_actor() -> str:
    """Who runs the command: `cli:<login name>`, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _signer(app: Flask):
    try:
        return load_signer(key_path(app.config))
    except SigningError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("export")
@click.argument("sid")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The packet zip to write.",
)
@click.option("--actor", default=None, help="Who exports, for the audit log [cli:<login>].")
@click.option(
    "--allow-damaged-recording",
    is_flag=True,
    help="Export even if a recording no longer matches its captured hash "
    "(the packet then says so).",
)
def export_command(sid: str, output: str, actor: str | None, allow_damaged_recording: bool) -> None:
    """Write the law-enforcement packet for call SID to a zip file."""
    app = load_app()
    target = Path(output)
    partial = _open_partial(target)
    db = connect(app.config["DATABASE"])
    try:
        svc = app.extensions["callscreen"]
        export = export_packet(
            db,
            sid,
            district=svc.district,
            data_dir=Path(app.config["DATA_DIR"]),
            signer=_signer(app),
            actor=actor or default_actor(),
            via="cli export",
            now=svc.clock(),
            allow_damaged_recording=allow_damaged_recording,
        )
        partial.write(export.data)
        partial.close()
        os.replace(partial.name, target)
    except PacketError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        partial.close()
        Path(partial.name).unlink(missing_ok=True)
        db.conn.close()
    click.echo(f"Packet written: {target} ({len(export.data)} bytes)")
    click.echo(f"SHA-256 {export.sha256}  packet {export.packet_id}")


def _open_partial(target: Path):
    # Fail on an unwritable path before anything is exported or audited.
    if target.is_dir():
        raise click.ClickException(f"{target}: is a folder; give a file name such as packet.zip")
    try:
        return open(target.parent / f".{target.name}.partial", "wb")  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from exc


@click.group("packet")
def packet_group() -> None:
    """Law-enforcement packets."""


@packet_group.command("verify")
@click.argument("packet", type=click.Path(dir_okay=False))
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(dir_okay=False),
    default=None,
    help="The district's public key (PEM), obtained separately from the packet.",
)
def verify_command(packet: str, public_key: str | None) -> None:
    """Check every file's hash and the manifest's signature; exit non-zero on any problem."""
    data = _read(packet, "packet")
    given = _read(public_key, "public key") if public_key else None
    try:
        report = verify_packet(data, given)
    except PacketFormatError as exc:
        raise click.ClickException(f"{packet}: {exc}") from exc
    except SigningError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_report(packet, report)
    if not report.ok:
        lines = "\n  ".join(str(p) for p in report.problems)
        raise click.ClickException(
            f"packet FAILED verification ({len(report.problems)} problem(s)):\n  {lines}"
        )
    click.echo(f"packet VERIFIED: {len(report.checked)} files match the signed manifest")


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {what} {path}: {exc.strerror or exc}") from exc


def _print_report(path: str, report: Report) -> None:
    packet = (report.manifest or {}).get("packet") or {}
    click.echo(
        f"Packet {path}: call {packet.get('call_sid', '?')}, packet {packet.get('id', '?')}"
        f", created {packet.get('created_at', '?')}"
    )
    if report.key_source == "given":
        click.echo(f"Checked against the given public key {report.key_fingerprint}.")
    else:
        click.echo(
            f"Checked against the packet's own public_key.pem {report.key_fingerprint}. "
            "NOTE: this shows the files match what that key signed, not that the key is "
            "the district's: a packet re-signed with a swapped key is only caught with "
            "--public-key and the district's key."
        )
    for name in report.checked:
        click.echo(f"  ok  {name}")


@click.group("keys")
def keys_group() -> None:
    """The district's packet-signing key."""


@keys_group.command("show")
def keys_show() -> None:
    """Print the public key (PEM) and its fingerprint; creates the key pair on first use."""
    app = load_app()
    signer = _signer(app)
    if signer.created:
        click.echo(f"Created a new signing key: {signer.path} (mode 0600)", err=True)
    click.echo(signer.public_pem.decode(), nl=False)
    click.echo(f"SHA-256 fingerprint: {fingerprint(load_public_key(signer.public_pem, 'key'))}")


@click.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(1, None),
    default=None,
    help="Days to keep [district.toml retention_days].",
)
@click.option("--dry-run", is_flag=True, help="List what would be purged; change nothing.")
@click.option("--actor", default=None, help="Who purges, for the audit log [cli:<login>].")
def purge_command(days: int | None, dry_run: bool, actor: str | None) -> None:
    """Delete calls, audio and transcripts past retention, except calls on legal hold."""
    app = load_app()
    svc = app.extensions["callscreen"]
    days = days or svc.district.retention_days
    db = connect(app.config["DATABASE"])
    try:
        result = purge(
            db,
            Path(app.config["DATA_DIR"]),
            older_than_days=days,
            now=svc.clock(),
            actor=actor or default_actor(),
            dry_run=dry_run,
        )
    except RetentionError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.conn.close()
    verb = "would purge" if dry_run else "purged"
    click.echo(
        f"Calls logged before {result.cutoff} ({days} days): {verb} {len(result.purged)}, "
        f"kept on legal hold {len(result.held)}."
    )
    for call in result.purged:
        click.echo(f"  {verb} {call['sid']}  {call['created_at']}")
    for sid in result.held:
        click.echo(f"  kept  {sid}  (legal hold)")
    for problem in result.file_problems:
        click.echo(f"WARNING: {problem}", err=True)


@click.command("hold")
@click.argument("sid")
@click.option("--release", is_flag=True, help="Release the hold instead of placing it.")
@click.option("--reason", default="", help="Why the call is held (case number, request).")
@click.option("--actor", default=None, help="Who holds or releases, for the audit log.")
def hold_command(sid: str, release: bool, reason: str, actor: str | None) -> None:
    """Put call SID on legal hold (never purged), or release it with --release."""
    app = load_app()
    db = connect(app.config["DATABASE"])
    at, who = stamp(app.extensions["callscreen"].clock()), actor or default_actor()
    try:
        if release:
            changed = release_hold(db, sid, actor=who, at=at)
            click.echo(f"Legal hold on {sid} released." if changed else f"{sid} was not on hold.")
        else:
            changed = place_hold(db, sid, actor=who, reason=reason, at=at)
            click.echo(f"{sid} is on legal hold." if changed else f"{sid} was already on hold.")
    except RetentionError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.conn.close()


COMMANDS = (export_command, packet_group, keys_group, purge_command, hold_command)
