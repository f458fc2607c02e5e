"""The `callscreen gazetteer` commands through click's runner, including bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from callscreen.cli import cli
from gazetteer import DEFAULT_DISTRICT

DATA = Path(__file__).parent / "data"


@pytest.fixture
def run():
    """Invoke `callscreen` with arguments; return the result."""
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(cli, list(args), **kw)


def test_check_prints_verdicts_and_candidates(run):
    result = run("gazetteer", "check", "there is a bomb at the peabody school on mapel street")
    assert result.exit_code == 0, result.output
    assert "KNOWN" in result.output and "Peabody School" in result.output
    assert "NEAR" in result.output and "Maple Avenue" in result.output


def test_check_json_lists_mentions_with_evidence(run):
    result = run("gazetteer", "check", "i am at lincoln elementary", "--json")
    data = json.loads(result.output)
    (mention,) = data["mentions"]
    assert (mention["verdict"], mention["kind"], mention["heard"]) == (
        "unknown", "school", "lincoln elementary")  # fmt: skip


def test_check_says_when_no_place_is_named(run):
    result = run("gazetteer", "check", "i have a gun")
    assert result.exit_code == 0
    assert "No place mentioned" in result.output


def test_district_comes_from_the_environment(run, tmp_path):
    folder = shutil.copytree(DEFAULT_DISTRICT, tmp_path / "d")
    (Path(folder) / "streets.csv").unlink()
    result = run("gazetteer", "stats", env={"CALLSCREEN_DISTRICT": str(folder)})
    assert result.exit_code != 0
    assert "streets.csv: file not found" in result.output


def test_stats_reports_what_the_district_holds(run):
    result = run("gazetteer", "stats", "--json")
    data = json.loads(result.output)
    assert (data["streets"], data["schools"], data["landmarks"]) == (809, 18, 1225)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "   "), "TEXT is empty"),
        (("check", "--district", "/nonexistent/district", "elm street"), "directory not found"),
        (("stats", "--district", "/nonexistent/district"), "directory not found"),
    ],
)
def test_bad_input_is_a_clear_message_not_a_traceback(run, args, message):
    result = run("gazetteer", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_broken_csv_row_is_reported_with_its_line(run, tmp_path):
    folder = Path(shutil.copytree(DEFAULT_DISTRICT, tmp_path / "d"))
    text = (folder / "schools.csv").read_text(encoding="utf-8")
    (folder / "schools.csv").write_text(text.replace("42.3823413", "north"), encoding="utf-8")
    result = run("gazetteer", "check", "--district", str(folder), "elm street")
    assert result.exit_code != 0
    assert "schools.csv, line 3, column 'lat'" in result.output


def test_import_command_builds_a_district(run, tmp_path):
    out = tmp_path / "mine"
    result = run(
        "gazetteer", "import", "--streets", str(DATA / "gazetteer_cambridge_osm.geojson"),
        "--schools", str(DATA / "gazetteer_cambridge_schools.csv"), "--name", "Mine",
        "--state", "MA", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Imported 12 streets" in result.output
    checked = run("gazetteer", "check", "--district", str(out), "at the morse school", "--json")
    assert json.loads(checked.output)["mentions"][0]["verdict"] == "known"
