"""The known-script list: add, list, remove by name, and the `callscreen scripts` CLI."""

from __future__ import annotations

import json

import pytest

from callscreen.cli import cli
from callscreen.indicators.knownscripts import (
    ScriptNameTaken,
    ScriptNotFound,
    add_known_script,
    list_known_scripts,
    remove_known_script,
)

AT = "2026-11-23T14:30:00.000Z"
TEXT = "there is a man in the building with an ar fifteen and he is going to shoot everyone"


@pytest.fixture
def env(app, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DATABASE", app.config["DATABASE"])
    return app


def test_scripts_are_added_listed_and_removed_by_name(db):
    added = add_known_script(db, "AR wave 2023", TEXT, by="admin", at=AT)
    assert (added["name"], added["added_by"], added["added_at"]) == ("AR wave 2023", "admin", AT)
    assert [s["name"] for s in list_known_scripts(db)] == ["AR wave 2023"]
    removed = remove_known_script(db, "ar  WAVE 2023", by="admin", at=AT)
    assert removed["id"] == added["id"]
    assert list_known_scripts(db) == []


def test_every_change_is_audited(db):
    add_known_script(db, "one", TEXT, by="alice", at=AT)
    remove_known_script(db, "one", by="bob", at=AT)
    rows = db.execute("SELECT actor, action FROM audit ORDER BY id").fetchall()
    assert rows[-2:] == [("alice", "script.added"), ("bob", "script.retired")]


def test_a_taken_name_and_an_unknown_name_are_named_errors(db):
    add_known_script(db, "one", TEXT, by="admin", at=AT)
    with pytest.raises(ScriptNameTaken, match="already exists"):
        add_known_script(db, "ONE", TEXT, by="admin", at=AT)
    with pytest.raises(ScriptNotFound, match="no known script named 'two'"):
        remove_known_script(db, "two", by="admin", at=AT)


def test_cli_adds_lists_and_removes(env, runner, tmp_path):
    result = runner.invoke(cli, ["scripts", "add", "wave", TEXT, "--by", "admin"])
    assert result.exit_code == 0, result.output
    assert "Added known script 'wave'" in result.output
    script = tmp_path / "s.txt"
    script.write_text("  a bomb is in the gym and it will go off at noon today  \n", "utf-8")
    result = runner.invoke(cli, ["scripts", "add", "gym bomb", "--file", str(script)])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(cli, ["scripts", "list", "--json"]).output)
    assert [(s["name"], s["added_by"]) for s in listed][0] == ("wave", "admin")
    assert listed[1]["text"] == "a bomb is in the gym and it will go off at noon today"
    assert "gym bomb" in runner.invoke(cli, ["scripts", "list"]).output
    result = runner.invoke(cli, ["scripts", "remove", "wave"])
    assert result.exit_code == 0 and "Removed known script 'wave'" in result.output
    assert [
        s["name"] for s in json.loads(runner.invoke(cli, ["scripts", "list", "--json"]).output)
    ] == ["gym bomb"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scripts", "add", "x"], "either as TEXT or with --file"),
        (["scripts", "add", "x", "text", "--file", "-"], "either as TEXT or with --file"),
        (["scripts", "add", "  ", "some text"], "needs a name"),
        (["scripts", "add", "x", "   "], "has no text"),
        (["scripts", "remove", "nothing"], "no known script named 'nothing'"),
        (["scripts", "add", "x", "--file", "/no/such/file"], "No such file"),
    ],
)
def test_cli_bad_input_is_a_clear_message_and_nonzero_exit(env, runner, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_a_taken_name(env, runner):
    assert runner.invoke(cli, ["scripts", "add", "dup", TEXT]).exit_code == 0
    result = runner.invoke(cli, ["scripts", "add", "dup", TEXT])
    assert result.exit_code == 1
    assert "already exists" in result.output
