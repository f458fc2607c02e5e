"""The district profile: who the district is, its numbers and contacts (district.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROFILE_FILE = "district.toml"


class ProfileError(ValueError):
    """A district folder or its district.toml is missing or malformed."""


@dataclass(frozen=True)
class SchoolLine:
    """A published phone number of one school of the district."""

    name: str
    number: str


@dataclass(frozen=True)
class Partner:
    """The district's law-enforcement partner."""

    name: str
    phone: str
    emergency: str = "9-1-1"


@dataclass(frozen=True)
class DistrictProfile:
    """What callscreen needs to know about the district it serves."""

    folder: Path
    name: str
    slug: str
    state: str
    country: str
    timezone: str
    local_area_codes: tuple[str, ...]
    front_office_number: str
    recording_notice: str
    retention_days: int
    law_enforcement: Partner
    school_lines: tuple[SchoolLine, ...]
    other_numbers: tuple[str, ...] = ()
    city: str = ""

    @property
    def own_numbers(self) -> dict[str, str]:
        """Every number of the district mapped to a label (school name or role)."""
        numbers = {n: "district number" for n in self.other_numbers}
        numbers.update({line.number: line.name for line in self.school_lines})
        if self.front_office_number:
            numbers[self.front_office_number] = "front office"
        return numbers

    def school_for(self, number: str) -> str | None:
        """The school whose line this is, if any."""
        return next((s.name for s in self.school_lines if s.number == number), None)


def load_profile(folder: str | Path) -> DistrictProfile:
    """Read `district.toml` from a district folder; raise ProfileError naming what is wrong."""
    folder = Path(folder)
    path = folder / PROFILE_FILE
    if not path.is_file():
        raise ProfileError(
            f"{path}: no district profile (expected {PROFILE_FILE} in the district folder)"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return _build(folder, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProfileError(f"{path}: {_describe(exc)}") from exc


def _build(folder: Path, data: dict) -> DistrictProfile:
    partner = data["law_enforcement"]
    timezone = str(data["timezone"])
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"timezone {timezone!r} is not a known IANA time zone") from exc
    return DistrictProfile(
        folder=folder,
        name=str(data["name"]),
        slug=str(data.get("slug") or folder.name),
        city=str(data.get("city", "")),
        state=str(data["state"]).upper(),
        country=str(data.get("country", "US")).upper(),
        timezone=timezone,
        local_area_codes=tuple(str(c) for c in data.get("local_area_codes", [])),
        front_office_number=str(data.get("front_office_number", "")).strip(),
        recording_notice=str(data.get("recording_notice", "")).strip(),
        retention_days=_positive_int(data.get("retention_days", 365), "retention_days"),
        law_enforcement=Partner(
            name=str(partner["name"]),
            phone=str(partner["phone"]),
            emergency=str(partner.get("emergency", "9-1-1")),
        ),
        school_lines=tuple(
            SchoolLine(name=str(s["name"]), number=str(s["number"]))
            for s in data.get("school_lines", [])
        ),
        other_numbers=tuple(str(n) for n in data.get("other_numbers", [])),
    )


def _positive_int(value, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{field} must be a whole number of days, at least 1 (got {value!r})")
    return value


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing required field {exc.args[0]!r}"
    return str(exc)
