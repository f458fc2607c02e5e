"""The law-enforcement packet: what it holds, for calls with and without a recording."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from packetdata import (
    add_recording,
    add_staff_events,
    add_transcript,
    export,
    members,
    wav_bytes,
)
from pypdf import PdfReader

from callscreen import __version__, audit
from callscreen.export import RecordingIntegrityError, UnknownCall
from callscreen.indicators.catalogue import RULE_VERSION
from callscreen.verify import verify_packet

CONTENT = {
    "summary.pdf",
    "call.json",
    "transcript.json",
    "transcript.txt",
    "events.jsonl",
    "custody.jsonl",
    "public_key.pem",
    "manifest.json",
    "manifest.sig",
}


def pdf_text(data: bytes) -> str:
    """The PDF's text with line breaks folded to spaces (wrapping is layout, not content)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def call(twilio, db):
    sid, response = twilio.call(StirVerstat="TN-Validation-Passed-C")
    assert response.status_code == 200
    add_transcript(db, sid, 4, "live")
    add_transcript(
        db, sid, 4, "batch", engine="vosk", model="vosk-model-en-us-0.22", lower_accuracy=False
    )
    add_staff_events(db, sid)
    return sid


def test_packet_without_recording_says_so_plainly(app, call):
    files = members(export(app, call).data)
    assert set(files) == CONTENT
    doc = json.loads(files["call.json"])
    assert doc["recordings"] == [] and doc["twilio"]["recording_sids"] == []
    assert "There is no recording of this call in this packet." in pdf_text(files["summary.pdf"])


def test_packet_with_recording_holds_the_original_bytes(app, db, call):
    original = wav_bytes(2.0)
    add_recording(app, db, call, original)
    files = members(export(app, call).data)
    assert set(files) == CONTENT | {"recording.wav"}
    assert files["recording.wav"] == original
    rec = json.loads(files["call.json"])["recordings"][0]
    assert rec["integrity"] == "verified"
    assert rec["sha256_at_capture"] == rec["sha256_now"] == hashlib.sha256(original).hexdigest()
    assert rec["sid"] in pdf_text(files["summary.pdf"])


def test_call_json_is_versioned_and_groups_indicators_without_a_verdict(app, call):
    doc = json.loads(members(export(app, call).data)["call.json"])
    assert doc["schema"] == "callscreen.packet/1"
    assert doc["rule_version"] == RULE_VERSION
    assert doc["packet"]["tool"] == {"name": "callscreen", "version": __version__}
    assert set(doc["indicators"]) == {"swatting", "danger", "context"}
    assert {i["id"] for i in doc["indicators"]["swatting"]} >= {
        "caller.withheld",
        "caller.far_away",
    }
    far = next(i for i in doc["indicators"]["swatting"] if i["id"] == "caller.far_away")
    assert far["present"] and far["evidence"]
    assert doc["call"]["stir_shaken"] == "TN-Validation-Passed-C"
    assert doc["call"]["times"]["started_at"]["local"].endswith("-05:00")
    assert "hoax" not in json.dumps(doc["indicators"]).lower()


def test_staff_checklist_and_actions_carry_who_and_when(app, call):
    staff = json.loads(members(export(app, call).data)["call.json"])["staff"]
    tick = staff["checklist"][0]
    assert (tick["item"], tick["value"], tick["by"]) == ("callback number", "refused", "M. Ortiz")
    assert tick["at"] == "2026-11-23T14:31:00.000Z"
    assert staff["actions"][0]["action"] == "9-1-1 called"


def test_summary_pdf_reads_as_the_call_at_a_glance(app, db, call):
    add_recording(app, db, call)
    text = pdf_text(members(export(app, call).data)["summary.pdf"])
    for expected in (
        "Amigos School",
        "+16173496567",
        "+12125551234",
        "TN-Validation-Passed-C",
        call,
        "UTC",
        "EST",
        "Swatting indicators present",
        "Danger and imminence indicators",
        "callback number: refused",
        "by M. Ortiz",
        "9-1-1 called",
        "Machine-generated transcript",
        "vosk-model-en-us-0.22",
        "Caller: there is a man with a gun",
        "Staff: where are you",
        "does not say whether the call was a hoax",
        "Chain of custody",
        "Event log",
    ):
        assert expected in text, expected


def test_transcripts_keep_both_versions_tracks_words_and_engines(app, call):
    files = members(export(app, call).data)
    doc = json.loads(files["transcript.json"])
    assert doc["machine_generated"] is True
    versions = {v["version"]: v for v in doc["versions"]}
    assert set(versions) == {"live", "batch"}
    assert versions["batch"]["engines"][0]["model"] == "vosk-model-en-us-0.22"
    first = versions["live"]["segments"][0]
    assert first["speaker"] == "Caller" and first["track"] == "caller"
    assert first["words"][0] == {"word": "there", "start": 0.0, "end": 0.3, "conf": 0.87}
    text = files["transcript.txt"].decode()
    assert "== live transcript" in text and "== batch transcript" in text
    assert "[00:04.0–" in text and "Staff: where are you right now" in text


def test_lower_accuracy_engine_is_named_in_the_summary(app, twilio, db):
    sid, _ = twilio.call()
    add_transcript(db, sid, 2, engine="pocketsphinx", model="en-us", lower_accuracy=True)
    text = pdf_text(members(export(app, sid).data)["summary.pdf"])
    assert "pocketsphinx, model en-us (lower-accuracy fallback engine)" in text


def test_events_and_custody_logs_include_this_export(app, db, call):
    first = export(app, call)
    files = members(export(app, call, actor="Det. Reyes").data)
    kinds = [json.loads(line)["kind"] for line in files["events.jsonl"].splitlines()]
    assert kinds[0] == "call.started" and "segment" in kinds and "checklist.tick" in kinds
    custody = [json.loads(line) for line in files["custody.jsonl"].splitlines()]
    actions = [(c["actor"], c["action"]) for c in custody]
    assert ("test:officer", "packet.exported") in actions
    assert actions[-1] == ("Det. Reyes", "packet.export")
    assert any(c["detail"].get("sha256") == first.sha256 for c in custody)


def test_every_export_is_audited_with_actor_and_file_hash(app, db, call):
    result = export(app, call)
    entry = audit.entries_for(db, call)[-1]
    assert entry["id"] == result.audit_id and entry["action"] == "packet.exported"
    assert entry["actor"] == "test:officer"
    assert entry["detail"]["sha256"] == hashlib.sha256(result.data).hexdigest()
    assert entry["detail"]["packet_id"] == result.packet_id
    assert audit.verify(db) == []


def test_unknown_call_is_a_named_error(app):
    with pytest.raises(UnknownCall, match="no call 'CAnope'"):
        export(app, "CAnope")


def test_recording_that_changed_on_disk_is_refused_and_audited(app, db, call):
    path = add_recording(app, db, call)
    path.write_bytes(path.read_bytes()[:-1] + b"\x01")
    with pytest.raises(RecordingIntegrityError, match="does not match the hash"):
        export(app, call)
    assert audit.entries_for(db, call)[-1]["action"] == "packet.export_refused"


def test_damaged_recording_can_be_exported_with_the_damage_stated(app, db, call):
    path = add_recording(app, db, call)
    path.unlink()
    files = members(export(app, call, allow_damaged_recording=True).data)
    assert "recording.wav" not in files
    assert json.loads(files["call.json"])["recordings"][0]["integrity"] == "missing"
    assert "WARNING" in pdf_text(files["summary.pdf"])


def test_unicode_school_and_cjk_caller_names_render(app, twilio, db):
    sid, _ = twilio.call(CallerName="山田 太郎")
    db.execute("UPDATE calls SET school = ? WHERE sid = ?", ["Escuela Niño", sid])
    add_transcript(db, sid, 1)
    files = members(export(app, sid).data)
    text = pdf_text(files["summary.pdf"])
    assert "Escuela Niño" in text and "山田 太郎" in text
    assert json.loads(files["call.json"])["call"]["caller"]["name"] == "山田 太郎"


def test_characters_no_font_has_are_shown_as_code_points(app, twilio, db):
    sid, _ = twilio.call(CallerName="Bob \U00013000")
    text = pdf_text(members(export(app, sid).data)["summary.pdf"])
    assert "Bob [U+13000]" in text


def test_withheld_caller_is_shown_as_withheld(app, twilio):
    sid, _ = twilio.call(From="+266696687", Caller="+266696687")
    files = members(export(app, sid).data)
    assert json.loads(files["call.json"])["call"]["caller"]["number"] is None
    assert "withheld (caller ID sent: +266696687)" in pdf_text(files["summary.pdf"])


def test_huge_transcript_exports_and_verifies(app, twilio, db):
    sid, _ = twilio.call()
    add_transcript(db, sid, 5000)
    result = export(app, sid)
    files = members(result.data)
    segments = json.loads(files["transcript.json"])["versions"][0]["segments"]
    assert len(segments) == 5000
    assert files["transcript.txt"].decode().count("\n[") == 5000
    assert verify_packet(result.data).ok
    assert len(PdfReader(io.BytesIO(files["summary.pdf"])).pages) > 50


def test_same_call_gives_a_fresh_signed_packet_each_time(app, call):
    a, b = export(app, call), export(app, call)
    assert a.packet_id != b.packet_id
    assert verify_packet(a.data).ok and verify_packet(b.data).ok
