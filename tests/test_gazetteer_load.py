"""Loading district folders: the bundled one, broken rows, nothing half-loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gazetteer import DEFAULT_DISTRICT, GazetteerError, load_district


@pytest.fixture
def district_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled Cambridge district."""
    return Path(shutil.copytree(DEFAULT_DISTRICT, tmp_path / "cambridge-ma"))


def test_bundled_district_loads_every_row():
    district = load_district(DEFAULT_DISTRICT)
    assert len(district.places.streets) == 809
    assert len(district.places.schools) == 18
    assert len(district.places.landmarks) == 1225
    assert district.profile.name == "Cambridge Public Schools"


def test_street_aliases_fold_into_their_primary_street():
    streets = {p.name: p for p in load_district(DEFAULT_DISTRICT).places.streets}
    assert "Mass Ave" in streets["Massachusetts Avenue"].aliases
    assert "Msr OBrien Hwy" in streets["Monsignor OBrien Highway"].aliases


def test_sample_rooms_belong_to_listed_schools_and_say_they_are_illustrative():
    rooms = load_district(DEFAULT_DISTRICT).places.rooms
    assert {r.school for r in rooms} == {"Peabody School", "Baldwin School", "Morse School"}
    text = (DEFAULT_DISTRICT / "rooms.csv").read_text(encoding="utf-8")
    assert all("illustrative" in line for line in text.splitlines()[1:])


def _replace(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "column"),
    [
        ("streets.csv", "Acacia Street,Acacia St,primary", "Acacia Street,Acacia St,primery", 5,
         "name_kind"),
        ("streets.csv", "Mass Ave,Mass Ave,alias,Massachusetts Avenue",
         "Mass Ave,Mass Ave,alias,Massachusets Avenue", None, "alias_of"),
        ("schools.csv", "42.3823413", "north", 3, "lat"),
        ("schools.csv", "Baldwin School,85 Oxford St", ",85 Oxford St", 3, "name"),
        ("landmarks.csv", "Farr Academy,private_school", "Farr Academy,", 2, "category"),
        ("rooms.csv", "Peabody School,room,101", "Peabodie School,room,101", 2, "school"),
        ("rooms.csv", "Peabody School,room,101,,1", "Peabody School,room,101,,first", 2, "floor"),
        ("rooms.csv", "Peabody School,room,101", "Peabody School,closet,101", 2, "kind"),
    ],
)  # fmt: skip
def test_broken_row_names_file_line_and_column(district_copy, file, old, new, line, column):
    _replace(district_copy / file, old, new)
    with pytest.raises(GazetteerError) as info:
        load_district(district_copy)
    assert info.value.path.name == file
    assert info.value.column == column
    if line is not None:
        assert info.value.line == line
        assert f"line {line}" in str(info.value)


def test_missing_required_column_is_reported_on_the_header_line(district_copy):
    _replace(district_copy / "schools.csv", "name,address", "title,address")
    with pytest.raises(GazetteerError, match=r"schools.csv, line 1, column 'name'"):
        load_district(district_copy)


def test_missing_csv_file_is_named(district_copy):
    (district_copy / "landmarks.csv").unlink()
    with pytest.raises(GazetteerError, match="landmarks.csv: file not found"):
        load_district(district_copy)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(GazetteerError, match="directory not found"):
        load_district(tmp_path / "nowhere")


def test_broken_profile_is_a_gazetteer_error(district_copy):
    _replace(district_copy / "district.toml", 'timezone = "America/New_York"', 'timezone = "Mars"')
    with pytest.raises(GazetteerError, match="district.toml"):
        load_district(district_copy)


def test_a_broken_last_row_loads_nothing(district_copy):
    with (district_copy / "landmarks.csv").open("a", encoding="utf-8") as fh:
        fh.write("Broken Place,park,,Cambridge,MA,not-a-latitude,-71.1,,,,1\n")
    with pytest.raises(GazetteerError, match="column 'lat'"):
        load_district(district_copy)


def test_rooms_file_is_optional(district_copy):
    (district_copy / "rooms.csv").unlink()
    assert load_district(district_copy).places.rooms == ()
