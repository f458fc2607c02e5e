"""Importing a district from GeoJSON street layers and a schools CSV (small Cambridge extracts)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gazetteer import GazetteerError
from gazetteer.importer import import_district, spell_out

DATA = Path(__file__).parent / "data"
SCHOOLS = DATA / "gazetteer_cambridge_schools.csv"


def _import(tmp_path: Path, layer: str, **extra):
    return import_district(
        tmp_path / "district", streets=DATA / layer, schools=SCHOOLS, name="Test District",
        state="MA", **extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    "layer", ["gazetteer_cambridge_centerlines.geojson", "gazetteer_cambridge_osm.geojson"]
)
def test_import_builds_a_folder_that_loads_and_checks(tmp_path, layer):
    district = _import(tmp_path, layer)
    assert len(district.places.streets) == 12
    assert len(district.places.schools) == 3
    (mention,) = district.check("i am on mass ave")
    assert (mention.verdict, mention.best.name) == ("known", "Massachusetts Avenue")


def test_centerline_abbreviations_are_spelled_out_and_kept_as_source_names(tmp_path):
    _import(tmp_path, "gazetteer_cambridge_centerlines.geojson")
    with (tmp_path / "district" / "streets.csv").open(encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    assert rows["Sidney Street Extension"]["source_name"] == "Sidney St Ext"
    assert rows["Mass Ave"]["alias_of"] == "Massachusetts Avenue"


def test_osm_footways_are_skipped(tmp_path):
    district = _import(tmp_path, "gazetteer_cambridge_osm.geojson")
    assert "Linear Park Path" not in {p.name for p in district.places.streets}


@pytest.mark.parametrize(
    ("name", "full"),
    [("Sidney St Ext", "Sidney Street Extension"), ("Alewife Brook Pkwy", "Alewife Brook Parkway"),
     ("Elm St N", "Elm Street North"), ("Broadway", "Broadway")],
)  # fmt: skip
def test_spell_out_expands_trailing_types(name, full):
    assert spell_out(name) == full


def test_import_refuses_to_overwrite_without_force(tmp_path):
    _import(tmp_path, "gazetteer_cambridge_osm.geojson")
    with pytest.raises(GazetteerError, match="already exists"):
        _import(tmp_path, "gazetteer_cambridge_osm.geojson")
    assert (
        len(_import(tmp_path, "gazetteer_cambridge_centerlines.geojson", force=True).places.streets)
        == 12
    )


def test_import_of_a_broken_layer_leaves_no_folder(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    with pytest.raises(GazetteerError, match="not a GeoJSON FeatureCollection"):
        import_district(tmp_path / "district", streets=bad, schools=SCHOOLS, name="T", state="MA")
    assert not (tmp_path / "district").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.geojson"]


def test_schools_without_a_name_column_are_refused(tmp_path):
    schools = tmp_path / "schools.csv"
    schools.write_text("title,address\nPeabody,70 Rindge Ave\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 1, column 'name'"):
        import_district(tmp_path / "district", streets=DATA / "gazetteer_cambridge_osm.geojson",
                        schools=schools, name="T", state="MA")  # fmt: skip
