"""`callscreen export`, `packet verify` and `keys show`: results, and clear errors on bad input."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from packetdata import add_recording, add_transcript, members, rezip

from callscreen import audit
from callscreen.cli import cli


@pytest.fixture
def env(app, monkeypatch):
    """The CLI pointed at the test app's data folder."""
    monkeypatch.setenv("CALLSCREEN_DATA_DIR", app.config["DATA_DIR"])
    monkeypatch.delenv("CALLSCREEN_SIGNING_KEY", raising=False)
    return Path(app.config["DATA_DIR"])


@pytest.fixture
def sid(twilio, db, app):
    sid, _ = twilio.call()
    add_transcript(db, sid, 2)
    add_recording(app, db, sid)
    return sid


def run(runner, *args):
    result = runner.invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def test_export_writes_a_packet_that_verifies(runner, env, sid, tmp_path, db):
    out = tmp_path / "packet.zip"
    result = run(runner, "export", sid, "-o", str(out), "--actor", "Det. Reyes")
    assert result.exit_code == 0, result.output
    assert "Packet written" in result.output and "recording.wav" in members(out.read_bytes())
    assert not list(tmp_path.glob(".*partial"))
    entry = audit.entries_for(db, sid)[-1]
    assert (entry["actor"], entry["action"]) == ("Det. Reyes", "packet.exported")
    verified = run(runner, "packet", "verify", str(out))
    assert verified.exit_code == 0, verified.output
    assert "packet VERIFIED" in verified.output
    assert "only caught with --public-key" in verified.output


def test_verify_with_the_district_key_printed_by_keys_show(runner, env, sid, tmp_path):
    out = tmp_path / "p.zip"
    run(runner, "export", sid, "-o", str(out))
    shown = run(runner, "keys", "show")
    assert shown.exit_code == 0 and "SHA-256 fingerprint:" in shown.output
    pem = tmp_path / "district.pem"
    pem.write_text(shown.output.split("SHA-256")[0])
    result = run(runner, "packet", "verify", str(out), "--public-key", str(pem))
    assert result.exit_code == 0, result.output
    assert "Checked against the given public key" in result.output


def test_signing_key_is_created_once_private_and_outside_the_packet(runner, env, sid, tmp_path):
    first = run(runner, "keys", "show")
    assert "Created a new signing key" in first.output
    key = env / "keys" / "packet-signing-ed25519.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "Created" not in run(runner, "keys", "show").output
    out = tmp_path / "p.zip"
    run(runner, "export", sid, "-o", str(out))
    assert all(b"PRIVATE KEY" not in data for data in members(out.read_bytes()).values())


def test_signing_key_path_comes_from_the_environment(runner, env, tmp_path, monkeypatch):
    path = tmp_path / "elsewhere" / "district.pem"
    monkeypatch.setenv("CALLSCREEN_SIGNING_KEY", str(path))
    assert run(runner, "keys", "show").exit_code == 0
    assert path.is_file()


def test_a_key_others_can_read_is_refused(runner, env):
    run(runner, "keys", "show")
    key = env / "keys" / "packet-signing-ed25519.pem"
    key.chmod(0o644)
    result = run(runner, "keys", "show")
    assert result.exit_code != 0 and "chmod 600" in result.output


def test_verify_names_the_altered_file_and_fails(runner, env, sid, tmp_path):
    out = tmp_path / "p.zip"
    run(runner, "export", sid, "-o", str(out))
    files = members(out.read_bytes())
    files["transcript.txt"] += b"\nCaller: an added line\n"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(rezip(files))
    result = run(runner, "packet", "verify", str(bad))
    assert result.exit_code != 0
    assert "FAILED verification (1 problem(s))" in result.output
    assert "ALTERED: transcript.txt: SHA-256 is" in result.output


def test_export_of_an_unknown_call_is_a_clear_message(runner, env, tmp_path):
    out = tmp_path / "p.zip"
    result = run(runner, "export", "CA" + "f" * 32, "-o", str(out))
    assert result.exit_code != 0 and "no call 'CAffff" in result.output
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("where", ["missing-folder/p.zip", "a-folder"])
def test_export_to_an_unwritable_path_is_a_clear_message(runner, env, sid, tmp_path, db, where):
    (tmp_path / "a-folder").mkdir()
    before = len(audit.entries_for(db, sid))
    result = run(runner, "export", sid, "-o", str(tmp_path / where))
    assert result.exit_code != 0
    assert "cannot write" in result.output or "is a directory" in result.output
    assert len(audit.entries_for(db, sid)) == before  # nothing exported, nothing audited


def test_verify_of_a_file_that_is_not_a_zip_is_a_clear_message(runner, env, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip at all")
    result = run(runner, "packet", "verify", str(junk))
    assert result.exit_code != 0 and "not a zip file" in result.output


def test_verify_of_a_missing_file_or_bad_key_is_a_clear_message(runner, env, sid, tmp_path):
    result = run(runner, "packet", "verify", str(tmp_path / "none.zip"))
    assert result.exit_code != 0 and "cannot read packet" in result.output
    out = tmp_path / "p.zip"
    run(runner, "export", sid, "-o", str(out))
    notkey = tmp_path / "notkey.pem"
    notkey.write_text("hello")
    result = run(runner, "packet", "verify", str(out), "--public-key", str(notkey))
    assert result.exit_code != 0 and "--public-key: not a PEM public key" in result.output
