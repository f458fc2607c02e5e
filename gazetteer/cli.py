"""The `gazetteer` command group: check an utterance, describe a district, import one."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import click

from . import DEFAULT_DISTRICT
from .district import District, load_district
from .importer import import_district
from .mentions import Mention
from .places import GazetteerError

ENV_DISTRICT = "CALLSCREEN_DISTRICT"


def _district_option(func):
    return click.option(
        "--district",
        "folder",
        type=click.Path(path_type=Path),
        default=None,
        help=f"District folder (default: ${ENV_DISTRICT}, else the bundled Cambridge district).",
    )(func)


def open_district(folder: Path | None) -> District:
    """Load the chosen district, turning load errors into CLI messages."""
    folder = folder or Path(os.environ.get(ENV_DISTRICT) or DEFAULT_DISTRICT)
    try:
        return load_district(folder)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("gazetteer")
def gazetteer() -> None:
    """The district gazetteer: which places a caller names, and whether they exist."""


@gazetteer.command("check")
@_district_option
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the mentions as JSON.")
def check(folder: Path | None, text: str, as_json: bool) -> None:
    """Find the place mentions in TEXT (recognizer output) and say if the district has them."""
    if not text.strip():
        raise click.ClickException("TEXT is empty: give the words of the call to check")
    district = open_district(folder)
    mentions = district.check(text)
    if as_json:
        data = {"district": district.profile.name, "text": text}
        click.echo(json.dumps(data | {"mentions": [m.to_dict() for m in mentions]}, indent=2))
        return
    if not mentions:
        click.echo("No place mentioned (place.none).")
    for mention in mentions:
        click.echo(describe(mention))


def describe(mention: Mention) -> str:
    """One mention as readable lines: verdict, words, position, candidates."""
    number = f" (house number {mention.house_number})" if mention.house_number else ""
    head = (
        f'{mention.verdict.upper():<10} {mention.kind:<8} "{mention.heard}"{number}  '
        f"[tokens {mention.token_start}-{mention.token_end}, "
        f"chars {mention.char_start}-{mention.char_end}]"
    )
    lines = [head]
    for c in mention.candidates:
        lines.append(f"           {c.score:5.1f} {c.method:<8} {c.name}  ({c.source})")
    if mention.note:
        lines.append(f"           note: {mention.note}")
    return "\n".join(lines)


@gazetteer.command("stats")
@_district_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(folder: Path | None, as_json: bool) -> None:
    """Say what a district folder holds."""
    district = open_district(folder)
    figures = district_stats(district)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"{figures['district']} ({figures['folder']})")
    for key in ("streets", "street_aliases", "schools", "landmarks", "rooms", "spellings"):
        click.echo(f"  {key.replace('_', ' '):<15} {figures[key]}")
    for school, n in figures["rooms_by_school"].items():
        click.echo(f"    rooms of {school}: {n}")


def district_stats(district: District) -> dict:
    """Counts of what the district holds, for `stats`."""
    places = district.places
    return {
        "district": district.profile.name,
        "folder": str(district.folder),
        "streets": len(places.streets),
        "street_aliases": sum(len(p.aliases) for p in places.streets),
        "schools": len(places.schools),
        "landmarks": len(places.landmarks),
        "landmark_categories": dict(Counter(p.category for p in places.landmarks).most_common()),
        "rooms": len(places.rooms),
        "rooms_by_school": dict(Counter(p.school for p in places.rooms)),
        "spellings": len(district.index.entries),
    }


@gazetteer.command("import")
@click.option(
    "--streets",
    "streets",
    type=click.Path(path_type=Path, exists=True),
    required=True,
    help="GeoJSON street centerlines or an OpenStreetMap export.",
)
@click.option(
    "--schools",
    "schools",
    type=click.Path(path_type=Path, exists=True),
    required=True,
    help="CSV of the district's schools (a 'name' column at least).",
)
@click.option(
    "--landmarks",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="Optional landmarks CSV (name, category ...).",
)
@click.option(
    "--rooms",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="Optional rooms.csv (school, kind, name, aliases, floor, source).",
)
@click.option("--name", required=True, help="District name, e.g. 'Springfield Public Schools'.")
@click.option("--state", required=True, help="Two-letter state code.")
@click.option("--timezone", default="America/New_York", show_default=True)
@click.option("--city", default="")
@click.option("--force", is_flag=True, help="Replace an existing district folder.")
@click.argument("out", type=click.Path(path_type=Path))
def import_command(out: Path, force: bool, **options) -> None:
    """Build the district folder OUT from your own street and school data."""
    try:
        district = import_district(out, force=force, **options)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc
    figures = district_stats(district)
    click.echo(
        f"Imported {figures['streets']} streets ({figures['street_aliases']} other names), "
        f"{figures['schools']} schools, {figures['landmarks']} landmarks, "
        f"{figures['rooms']} rooms into {out}"
    )
