"""Make the small GeoJSON street extracts used by the import tests from the bundled Cambridge CSVs.

Run from the project root: .venv/bin/python tests/data/gazetteer_make_extract.py
The Cambridge CSVs carry no street geometry, so every feature has "geometry": null (allowed
by RFC 7946). Both files hold the same 12 streets of the Peabody/Rindge Avenue and
Cambridgeport neighbourhoods, one feature per street:
- gazetteer_cambridge_centerlines.geojson: the city layer's own fields (Street, Street_Name,
  Street_Type, Alias, Street_ID) with values copied from streets.csv (source_name, base_name,
  street_type_abbrev, the aliases that name the street, street_ids);
- gazetteer_cambridge_osm.geojson: OpenStreetMap-style tags (name spelled out, highway,
  alt_name) plus one footway that an import must skip.
gazetteer_cambridge_schools.csv copies three rows of schools.csv.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = ROOT / "gazetteer" / "districts" / "cambridge-ma"
OUT = Path(__file__).parent
STREETS = [
    "Rindge Avenue", "Massachusetts Avenue", "Elm Street", "Broadway", "Mt Auburn Street",
    "Oxford Street", "Sidney Street Extension", "Monsignor OBrien Highway", "Fifth Street",
    "Putnam Avenue", "Granite Street", "Alewife Brook Parkway",
]  # fmt: skip
SCHOOLS = ["Peabody School", "Morse School", "Baldwin School"]


def main() -> None:
    """Write the two GeoJSON extracts and the schools CSV."""
    rows = list(csv.DictReader((DISTRICT / "streets.csv").open(encoding="utf-8")))
    primary = {r["name"]: r for r in rows if r["name_kind"] == "primary"}
    aliases = {n: [r["name"] for r in rows if n in r["alias_of"].split(" | ")] for n in STREETS}
    centerlines, osm = [], []
    for name in STREETS:
        row = primary[name]
        centerlines.append({"type": "Feature", "geometry": None, "properties": {
            "Street": row["source_name"], "Street_Name": row["base_name"],
            "Street_Type": row["street_type_abbrev"], "Alias": ", ".join(aliases[name]),
            "Street_ID": row["street_ids"].split()[0] if row["street_ids"] else "",
        }})  # fmt: skip
        tags = {"name": name, "highway": "residential"}
        if aliases[name]:
            tags["alt_name"] = ";".join(aliases[name])
        osm.append({"type": "Feature", "geometry": None, "properties": tags})
    osm.append({"type": "Feature", "geometry": None,
                "properties": {"name": "Linear Park Path", "highway": "footway"}})  # fmt: skip
    for fname, feats in (("centerlines", centerlines), ("osm", osm)):
        data = {"type": "FeatureCollection", "features": feats}
        (OUT / f"gazetteer_cambridge_{fname}.geojson").write_text(json.dumps(data, indent=1) + "\n")
    with (DISTRICT / "schools.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        keep = [r for r in reader if r["name"] in SCHOOLS]
    with (OUT / "gazetteer_cambridge_schools.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(keep)


if __name__ == "__main__":
    main()
