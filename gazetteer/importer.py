"""Import: build a district folder from a GeoJSON street layer (or OSM export) and a schools CSV."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .district import District, load_district
from .normalise import DIRECTIONS, STREET_TYPES
from .places import (
    LANDMARK_COLUMNS,
    LANDMARKS_FILE,
    ROOMS_FILE,
    SCHOOL_COLUMNS,
    SCHOOLS_FILE,
    STREET_COLUMNS,
    STREETS_FILE,
    GazetteerError,
    Row,
)

NAME_FIELDS = ("name", "Street", "STREET", "FULLNAME", "FULL_NAME", "ST_NAME", "street_name")
ALIAS_FIELDS = ("alt_name", "old_name", "short_name", "official_name", "loc_name", "Alias", "ALIAS")
ID_FIELDS = ("Street_ID", "STREET_ID", "@id", "osm_id", "id")
# OpenStreetMap highway values that carry a street address or a name people say.
OSM_ROADS = frozenset(
    "motorway trunk primary secondary tertiary unclassified residential living_street "
    "service pedestrian road motorway_link trunk_link primary_link secondary_link "
    "tertiary_link busway".split()
)
SCHOOL_NAME_FIELDS = ("name", "site_name", "school", "school_name")


def spell_out(name: str) -> str:
    """Spell out trailing types and directions: 'Sidney St Ext' -> 'Sidney Street Extension'."""
    words = name.split()
    out = list(words)
    for i in range(len(words) - 1, 0, -1):
        word = words[i].rstrip(".").lower()
        if word in DIRECTIONS:
            out[i] = DIRECTIONS[word].title()
        elif word in STREET_TYPES:
            out[i] = STREET_TYPES[word].title()
        else:
            break
    return " ".join(out)


def _type_split(full: str) -> tuple[str, str]:
    """(base name, spelled-out type) of a spelled-out street name."""
    words = full.split()
    if len(words) > 1 and words[-1].lower() in STREET_TYPES:
        return " ".join(words[:-1]), words[-1]
    return full, ""


def _feature_names(props: dict) -> tuple[str, list[str]] | None:
    """A feature's street name and other names, or None when it is not a named street."""
    if "highway" in props and props.get("highway") not in OSM_ROADS:
        return None
    name = next((str(props[f]).strip() for f in NAME_FIELDS if props.get(f)), "")
    if not name:
        return None
    aliases = []
    for field in ALIAS_FIELDS:
        for part in str(props.get(field) or "").replace(";", ",").split(","):
            if part.strip() and part.strip() != name:
                aliases.append(part.strip())
    return name, aliases


def read_street_layer(path: Path) -> tuple[dict[str, dict], dict[str, set[str]]]:
    """Streets grouped by name from a GeoJSON FeatureCollection, and their other names."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GazetteerError(path, f"not a GeoJSON FeatureCollection: {exc}") from exc
    streets: dict[str, dict] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise GazetteerError(path, f"feature {number} has no properties object")
        names = _feature_names(props)
        if names is None:
            continue
        group = streets.setdefault(names[0], {"segments": 0, "ids": []})
        group["segments"] += 1
        group["ids"] += [str(props[f]) for f in ID_FIELDS if props.get(f) not in (None, "")][:1]
        for alias in names[1]:
            aliases[alias].add(names[0])
    return streets, aliases


def street_rows(streets: dict[str, dict], aliases: dict[str, set[str]]) -> list[dict]:
    """streets.csv rows: one per primary name, then one per other name."""
    rows, primaries = [], {}
    for source, group in sorted(streets.items()):
        full = spell_out(source)
        if full in primaries:
            continue
        primaries[source] = primaries[full] = full
        base, kind = _type_split(full)
        abbrev = source.split()[-1] if kind and source.split()[-1] != kind else kind
        rows.append({
            "name": full, "source_name": source, "name_kind": "primary", "base_name": base,
            "street_type_abbrev": abbrev, "street_type": kind, "feature_kind": _feature(full),
            "segment_count": group["segments"], "street_ids": " ".join(dict.fromkeys(group["ids"])),
        })  # fmt: skip
    known = {r["name"] for r in rows}
    for alias, targets in sorted(aliases.items()):
        if alias in known or spell_out(alias) in known:
            continue
        alias_of = " | ".join(sorted({primaries[t] for t in targets}))
        rows.append({"name": alias, "source_name": alias, "name_kind": "alias",
                     "alias_of": alias_of, "feature_kind": "street"})  # fmt: skip
    return rows


def _feature(name: str) -> str:
    return "bridge" if name.endswith(("Bridge", "Footbridge")) else "street"


def table_rows(path: Path, name_fields: tuple[str, ...]) -> list[dict]:
    """Rows of a CSV with the name column found case-insensitively and renamed 'name'."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    lower = {h.lower(): h for h in header}
    name_col = next((lower[f] for f in name_fields if f in lower), None)
    if name_col is None:
        raise GazetteerError(path, f"no name column (one of {', '.join(name_fields)})", 1, "name")
    rows = []
    for row in _read_any(path):
        values = {k.lower(): (v or "").strip() for k, v in row.values.items() if k}
        values["name"] = row.get(name_col)
        if not values["name"]:
            raise row.fail(name_col, "empty, but every row needs a name")
        rows.append(values)
    return rows


def _read_any(path: Path) -> Iterator[Row]:
    """CSV rows of a source file, whatever its name (district files use read_rows)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for values in reader:
            yield Row(values, path, reader.line_num)


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Write rows with exactly the given columns (missing values blank)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in columns} for row in rows)


def profile_text(name: str, slug: str, state: str, timezone: str, city: str) -> str:
    """A district.toml to edit before going live (numbers and contacts left blank)."""
    q = json.dumps  # TOML basic strings accept JSON string escapes
    return (
        "# District profile written by `callscreen gazetteer import`: fill in the numbers\n"
        "# and the law-enforcement contact before going live.\n"
        f"name = {q(name)}\nslug = {q(slug)}\ncity = {q(city)}\nstate = {q(state)}\n"
        f'country = "US"\ntimezone = {q(timezone)}\nlocal_area_codes = []\n'
        'front_office_number = ""\nrecording_notice = ""\nretention_days = 365\n'
        "other_numbers = []\nschool_lines = []\n\n"
        '[law_enforcement]\nname = ""\nphone = ""\nemergency = "9-1-1"\n'
    )


def import_district(out: Path, *, streets: Path, schools: Path, name: str, state: str,
                    timezone: str = "America/New_York", city: str = "",
                    landmarks: Path | None = None, rooms: Path | None = None,
                    force: bool = False) -> District:  # fmt: skip
    """Build a district folder at `out`, check it loads, and only then put it in place."""
    out = Path(out)
    if out.exists() and not force:
        raise GazetteerError(out, "already exists (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=out.parent))
    try:
        _write_folder(tmp, streets, schools, landmarks, rooms)
        (tmp / "district.toml").write_text(
            profile_text(name, out.name, state, timezone, city), encoding="utf-8"
        )
        load_district(tmp)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return load_district(out)


def _write_folder(tmp: Path, streets: Path, schools: Path, landmarks, rooms) -> None:
    write_csv(tmp / STREETS_FILE, STREET_COLUMNS, street_rows(*read_street_layer(streets)))
    write_csv(tmp / SCHOOLS_FILE, SCHOOL_COLUMNS, table_rows(schools, SCHOOL_NAME_FIELDS))
    marks = table_rows(landmarks, ("name",)) if landmarks else []
    for row in marks:
        row.setdefault("category", "landmark")
    write_csv(tmp / LANDMARKS_FILE, LANDMARK_COLUMNS, marks)
    if rooms is not None:  # checked, with its schools, when the new folder is loaded
        shutil.copyfile(rooms, tmp / ROOMS_FILE)
