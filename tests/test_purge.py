"""Retention: purging calls past the period, legal holds, and the audit trail of both."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from packetdata import add_recording, add_staff_events, add_transcript

from callscreen import audit
from callscreen.cli import cli
from callscreen.clock import stamp
from callscreen.retention import NoSuchCall, place_hold, purge, release_hold

CHILD_TABLES = ("events", "indicators", "segments", "recordings")


def count(db, table: str, sid: str) -> int:
    column = "sid" if table == "calls" else "call_sid"
    return db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [sid]).fetchone()[0]


@pytest.fixture
def old_and_new(app, twilio, db, clock):
    """A call with everything (transcript, recording file, staff events), and one 200 days later."""
    old, _ = twilio.call()
    add_transcript(db, old, 3)
    add_staff_events(db, old)
    file = add_recording(app, db, old)
    audit.record(db, "staff:a", "call.viewed", old, {"via": "test"}, at=stamp(clock()))
    clock.advance(days=200)
    new, _ = twilio.call()
    add_recording(app, db, new)
    return old, new, file


def run_purge(app, db, clock, **kw):
    return purge(
        db,
        Path(app.config["DATA_DIR"]),
        older_than_days=365,
        now=clock() + timedelta(days=200),
        actor="test:clerk",
        **kw,
    )


def test_purge_removes_an_old_call_with_every_row_and_file(app, db, clock, old_and_new):
    old, new, file = old_and_new
    result = run_purge(app, db, clock)
    assert [c["sid"] for c in result.purged] == [old]
    for table in ("calls", *CHILD_TABLES):
        assert count(db, table, old) == 0, table
        assert count(db, table, new) >= (0 if table in ("segments", "events") else 1)
    assert not file.exists()
    assert result.purged[0]["recordings"][0]["file_removed"] is True


def test_purge_keeps_the_audit_trail_and_audits_each_call(app, db, clock, old_and_new):
    old, _, _ = old_and_new
    run_purge(app, db, clock)
    actions = [e["action"] for e in audit.entries_for(db, old)]
    assert "call.viewed" in actions and actions[-1] == "retention.purged"
    detail = audit.entries_for(db, old)[-1]["detail"]
    assert detail["rows"]["segments"] == 3 and detail["recordings"][0]["sha256"]
    summary = db.execute("SELECT detail FROM audit WHERE action = 'retention.purge'").fetchone()
    assert '"purged": 1' in summary[0]
    assert audit.verify(db) == []


def test_a_call_on_legal_hold_is_kept_until_released(app, db, clock, old_and_new):
    old, _, file = old_and_new
    assert place_hold(db, old, actor="test:counsel", reason="case 26-1123", at=stamp(clock()))
    result = run_purge(app, db, clock)
    assert result.purged == [] and result.held == [old]
    assert count(db, "calls", old) == 1 and file.exists()
    assert release_hold(db, old, actor="test:counsel", at=stamp(clock()))
    assert [c["sid"] for c in run_purge(app, db, clock).purged] == [old]
    actions = [e["action"] for e in audit.entries_for(db, old)]
    assert actions.index("legal_hold.placed") < actions.index("legal_hold.released")


def test_hold_twice_and_release_without_hold_report_no_change(db, clock, old_and_new):
    old, _, _ = old_and_new
    at = stamp(clock())
    assert place_hold(db, old, actor="a", reason="", at=at) is True
    assert place_hold(db, old, actor="a", reason="", at=at) is False
    assert release_hold(db, old, actor="a", at=at) is True
    assert release_hold(db, old, actor="a", at=at) is False
    with pytest.raises(NoSuchCall):
        place_hold(db, "CA" + "0" * 32, actor="a", reason="", at=at)


def test_dry_run_changes_nothing(app, db, clock, old_and_new):
    old, _, file = old_and_new
    entries = db["audit"].count
    result = run_purge(app, db, clock, dry_run=True)
    assert [c["sid"] for c in result.purged] == [old]
    assert count(db, "calls", old) == 1 and file.exists() and db["audit"].count == entries


def test_tables_of_other_areas_that_refer_to_calls_are_purged_too(app, db, clock, old_and_new):
    old, _, _ = old_and_new
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, call_sid TEXT REFERENCES calls(sid))")
    db.execute("INSERT INTO notes (call_sid) VALUES (?)", [old])
    run_purge(app, db, clock)
    assert count(db, "notes", old) == 0


def test_a_recording_path_outside_the_data_folder_is_left_alone(
    app, db, clock, old_and_new, tmp_path
):
    old, _, _ = old_and_new
    outside = tmp_path / "outside.wav"
    outside.write_bytes(b"RIFF")
    db.execute("UPDATE recordings SET path = ? WHERE call_sid = ?", ["../outside.wav", old])
    result = run_purge(app, db, clock)
    assert outside.exists() and "outside the data folder" in result.file_problems[0]


@pytest.fixture
def env(app, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DATA_DIR", app.config["DATA_DIR"])
    return app


def test_purge_command_defaults_to_the_district_retention(runner, env, db, old_and_new):
    old, new, _ = old_and_new
    db.execute("UPDATE calls SET created_at = '2020-01-01T00:00:00.000Z' WHERE sid = ?", [old])
    result = runner.invoke(cli, ["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "(365 days): would purge 1" in result.output and old in result.output
    result = runner.invoke(cli, ["purge"])
    assert result.exit_code == 0 and f"purged {old}" in result.output
    assert count(db, "calls", old) == 0 and count(db, "calls", new) == 1


def test_hold_command_places_and_releases(runner, env, db, old_and_new):
    old, _, _ = old_and_new
    db.execute("UPDATE calls SET created_at = '2020-01-01T00:00:00.000Z' WHERE sid = ?", [old])
    assert "is on legal hold" in runner.invoke(cli, ["hold", old, "--reason", "subpoena"]).output
    result = runner.invoke(cli, ["purge", "--older-than", "30"])
    assert "kept on legal hold 1" in result.output and count(db, "calls", old) == 1
    assert "released" in runner.invoke(cli, ["hold", old, "--release"]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hold", "CAnope"], "no call 'CAnope'"),
        (["hold", "CAnope", "--release"], "no call 'CAnope'"),
        (["purge", "--older-than", "0"], "0 is not in the range x>=1"),
        (["purge", "--older-than", "soon"], "'soon' is not a valid integer"),
    ],
)
def test_bad_input_is_a_clear_message(runner, env, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output
