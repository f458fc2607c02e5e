"""Places of a district and reading them from its CSV files, all-or-nothing."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

STREETS_FILE = "streets.csv"
SCHOOLS_FILE = "schools.csv"
LANDMARKS_FILE = "landmarks.csv"
ROOMS_FILE = "rooms.csv"

STREET_COLUMNS = (
    "name", "source_name", "name_kind", "alias_of", "base_name", "street_type_abbrev",
    "street_type", "feature_kind", "zip_codes", "segment_count", "major_road", "street_ids",
)  # fmt: skip
SCHOOL_COLUMNS = (
    "name", "address", "city", "state", "zip", "grades", "lat", "lon", "phone",
    "emergency_shelter", "district", "source_layer",
)  # fmt: skip
LANDMARK_COLUMNS = (
    "name", "category", "address", "city", "state", "lat", "lon", "phone", "attributes",
    "source_layer", "n_source_features",
)  # fmt: skip
ROOM_COLUMNS = ("school", "kind", "name", "aliases", "floor", "source")
ROOM_KINDS = ("room", "wing", "building", "floor", "area")

_REQUIRED = {
    STREETS_FILE: ("name", "name_kind"),
    SCHOOLS_FILE: ("name",),
    LANDMARKS_FILE: ("name", "category"),
    ROOMS_FILE: ("school", "kind", "name"),
}


class GazetteerError(ValueError):
    """A district folder cannot be loaded; names the file, line and column at fault."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None, column: str = ""):
        self.path, self.problem, self.line, self.column = Path(path), problem, line, column
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Place:
    """One named place of the district: a street, school, landmark or room."""

    kind: str
    name: str
    category: str = ""
    aliases: tuple[str, ...] = ()
    address: str = ""
    school: str = ""
    floor: int | None = None
    source: str = ""

    def to_dict(self) -> dict:
        """The place as plain JSON-ready data."""
        return {k: v for k, v in self.__dict__.items() if v not in ("", (), None)}


@dataclass(frozen=True)
class PlaceSet:
    """Every place read from a district folder."""

    streets: tuple[Place, ...]
    schools: tuple[Place, ...]
    landmarks: tuple[Place, ...]
    rooms: tuple[Place, ...] = field(default=())

    def all(self) -> tuple[Place, ...]:
        """Every place, streets first."""
        return self.streets + self.schools + self.landmarks + self.rooms


@dataclass(frozen=True)
class Row:
    """One CSV record with where it came from, so a check can point at it."""

    values: dict[str, str]
    path: Path
    line: int

    def get(self, column: str) -> str:
        """The stripped value of a column ('' when the column is absent)."""
        return (self.values.get(column) or "").strip()

    def fail(self, column: str, problem: str) -> GazetteerError:
        """An error pointing at this row and column."""
        return GazetteerError(self.path, problem, self.line, column)

    @property
    def where(self) -> str:
        """'streets.csv:12', kept on each place as its source."""
        return f"{self.path.name}:{self.line}"


def read_rows(path: Path) -> Iterator[Row]:
    """Rows of a CSV file, checking its header and required fields."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            _check_header(path, reader.fieldnames)
            for values in reader:
                row = Row(values, path, reader.line_num)
                _check_row(row, reader.fieldnames or [])
                yield row
    except FileNotFoundError as exc:
        raise GazetteerError(path, "file not found") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(path, f"not a readable UTF-8 CSV file: {exc}") from exc


def _check_header(path: Path, header: list[str] | None) -> None:
    if not header:
        raise GazetteerError(path, "empty file (expected a header line)", 1)
    for column in _REQUIRED[path.name]:
        if column not in header:
            raise GazetteerError(path, "required column missing from the header", 1, column)


def _check_row(row: Row, header: list[str]) -> None:
    if None in row.values:
        raise row.fail(header[-1], f"more fields than the {len(header)} columns of the header")
    for column in _REQUIRED[row.path.name]:
        if not row.get(column):
            raise row.fail(column, "empty, but every row needs it")


def read_streets(path: Path) -> tuple[Place, ...]:
    """Streets with their aliases folded in (alias rows name their primary in alias_of)."""
    primaries: dict[str, dict] = {}
    alias_rows: list[Row] = []
    for row in read_rows(path):
        kind = row.get("name_kind")
        if kind == "alias":
            alias_rows.append(row)
        elif kind == "primary":
            primaries[row.get("name")] = _street_fields(row)
        else:
            raise row.fail("name_kind", f"expected 'primary' or 'alias', got {kind!r}")
    for row in alias_rows:
        for target in _alias_targets(row, primaries):
            primaries[target]["aliases"].append(row.get("name"))
    return tuple(_street(fields) for fields in primaries.values())


def _street_fields(row: Row) -> dict:
    source = row.get("source_name")
    aliases = [source] if source and source != row.get("name") else []
    return {"row": row, "aliases": aliases}


def _alias_targets(row: Row, primaries: dict[str, dict]) -> list[str]:
    targets = [t.strip() for t in row.get("alias_of").split("|") if t.strip()]
    if not targets:
        raise row.fail("alias_of", "an alias row must name the street it is an alias of")
    for target in targets:
        if target not in primaries:
            raise row.fail("alias_of", f"{target!r} is not a primary street of this file")
    return targets


def _street(fields: dict) -> Place:
    row: Row = fields["row"]
    aliases = tuple(dict.fromkeys(fields["aliases"]))
    return Place("street", row.get("name"), row.get("street_type"), aliases, source=row.where)


def read_schools(path: Path) -> tuple[Place, ...]:
    """Schools of the district."""
    places = []
    for row in read_rows(path):
        _check_coordinates(row)
        name, address = row.get("name"), row.get("address")
        places.append(Place("school", name, "school", (), address, source=row.where))
    return tuple(places)


def read_landmarks(path: Path) -> tuple[Place, ...]:
    """Named landmarks (parks, halls, stations ...) with their category."""
    places = []
    for row in read_rows(path):
        _check_coordinates(row)
        name, category = row.get("name"), row.get("category")
        places.append(Place("landmark", name, category, (), row.get("address"), source=row.where))
    return tuple(places)


def read_rooms(path: Path, schools: tuple[Place, ...]) -> tuple[Place, ...]:
    """Rooms, wings, buildings and areas per school (optional rooms.csv)."""
    if not path.exists():
        return ()
    names = {s.name for s in schools}
    return tuple(_room(row, names) for row in read_rows(path))


def _room(row: Row, schools: set[str]) -> Place:
    if row.get("school") not in schools:
        raise row.fail("school", f"{row.get('school')!r} is not a school of schools.csv")
    kind = row.get("kind")
    if kind not in ROOM_KINDS:
        raise row.fail("kind", f"expected one of {', '.join(ROOM_KINDS)}, got {kind!r}")
    floor = _parse(row, "floor", int, "a whole number")
    aliases = tuple(a.strip() for a in row.get("aliases").split("|") if a.strip())
    return Place("room", row.get("name"), kind, aliases, school=row.get("school"),
                 floor=floor, source=row.where)  # fmt: skip


def _check_coordinates(row: Row) -> None:
    lat = _parse(row, "lat", float, "a number")
    lon = _parse(row, "lon", float, "a number")
    if lat is not None and not -90 <= lat <= 90:
        raise row.fail("lat", f"latitude {lat} is outside -90..90")
    if lon is not None and not -180 <= lon <= 180:
        raise row.fail("lon", f"longitude {lon} is outside -180..180")


def _parse(row: Row, column: str, kind: Callable[[str], float], what: str):
    text = row.get(column)
    if not text:
        return None
    try:
        return kind(text)
    except ValueError as exc:
        raise row.fail(column, f"expected {what}, got {text!r}") from exc


def read_places(folder: Path) -> PlaceSet:
    """Read every CSV of a district folder; raise GazetteerError on the first bad row."""
    streets = read_streets(folder / STREETS_FILE)
    schools = read_schools(folder / SCHOOLS_FILE)
    landmarks = read_landmarks(folder / LANDMARKS_FILE)
    rooms = read_rooms(folder / ROOMS_FILE, schools)
    return PlaceSet(streets, schools, landmarks, rooms)
