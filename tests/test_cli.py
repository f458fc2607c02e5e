"""The `callscreen` command line: output, --json, and clear errors on bad input."""

from __future__ import annotations

import json

import pytest

from callscreen.cli import cli


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DATA_DIR", str(tmp_path / "data"))
    for name in ("CALLSCREEN_DATABASE", "CALLSCREEN_DISTRICT", "CALLSCREEN_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_init_db_creates_the_call_log(runner, env):
    result = runner.invoke(cli, ["init-db"])
    assert result.exit_code == 0, result.output
    assert (env / "data" / "callscreen.db").is_file()


def test_caller_id_json_lists_every_caller_indicator(runner, env):
    result = runner.invoke(cli, ["caller-id", "+266696687", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["withheld"] is True
    ids = {f["indicator"]: f["present"] for f in data["findings"]}
    assert ids["caller.withheld"] is True and len(ids) == 6


def test_caller_id_text_output_marks_present_indicators(runner, env):
    result = runner.invoke(cli, ["caller-id", "+19999999999", "--stir", "TN-Validation-Failed-A"])
    assert result.exit_code == 0
    assert "[X] caller.implausible" in result.output
    assert "[X] caller.stir_unverified" in result.output


def test_bad_district_folder_is_a_clear_message(runner, env, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DISTRICT", str(env / "nowhere"))
    result = runner.invoke(cli, ["caller-id", "+16175551234"])
    assert result.exit_code != 0
    assert "no district profile" in result.output
    assert "Traceback" not in result.output


def test_bad_public_url_is_a_clear_message(runner, env, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_PUBLIC_URL", "callscreen.example.org")
    result = runner.invoke(cli, ["init-db"])
    assert result.exit_code != 0 and "CALLSCREEN_PUBLIC_URL" in result.output


def test_database_that_is_not_sqlite_is_a_clear_message(runner, env, monkeypatch):
    junk = env / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    monkeypatch.setenv("CALLSCREEN_DATABASE", str(junk))
    result = runner.invoke(cli, ["calls", "list"])
    assert result.exit_code != 0 and "junk.db" in result.output
    assert junk.read_bytes() == b"not a database" * 200


def test_calls_list_and_show_read_the_log(runner, env, monkeypatch):
    from callscreen import create_app
    from conftest import TOKEN, call_sid, incoming_call, sign

    app = create_app(
        {"DATA_DIR": str(env / "data"), "PUBLIC_URL": "https://cs.test", "TWILIO_AUTH_TOKEN": TOKEN}
    )
    sid = call_sid()
    params = incoming_call(sid, From="anonymous", AccountSid="AC" + "2" * 32)
    try:
        app.test_client().post(
            "/twilio/voice",
            data=params,
            headers={"X-Twilio-Signature": sign("https://cs.test/twilio/voice", params)},
        )
    finally:
        app.extensions["callscreen_db"].close_all()  # stops its checkpointer thread
    listed = runner.invoke(cli, ["calls", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert rows[0]["sid"] == sid and "caller.withheld" in rows[0]["indicators"]
    shown = runner.invoke(cli, ["calls", "show", sid, "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.output)["events"][0]["kind"] == "call.started"
    text = runner.invoke(cli, ["calls", "show", sid])
    assert "withheld" in text.output and "[X] caller.withheld" in text.output
    assert "intact: 2 entries" in runner.invoke(cli, ["audit", "verify"]).output


def test_calls_show_unknown_sid_is_a_clear_message(runner, env):
    result = runner.invoke(cli, ["calls", "show", "CA" + "0" * 32])
    assert result.exit_code != 0 and "no call" in result.output


@pytest.mark.parametrize(
    "args", [["calls", "list", "--since", "yesterday"], ["calls", "list", "--limit", "0"]]
)
def test_calls_list_bad_options_are_clear_messages(runner, env, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and "Error" in result.output


def test_empty_call_log_says_so(runner, env):
    assert "No calls logged." in runner.invoke(cli, ["calls", "list"]).output
