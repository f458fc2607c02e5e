"""Dashboard and call log: live calls, wave alerts, transcript search, filters, bad input."""

from __future__ import annotations

import pytest
import webfixtures

from callscreen.calls import store_findings
from callscreen.db import immediate
from callscreen.indicators.finding import Finding
from callscreen.transcripts import LIVE, store_segment

staff = webfixtures.staff
staff_client = webfixtures.staff_client


def say(db, sid, text, start=0.0):
    seg = {
        "track": "caller",
        "start": start,
        "end": start + 1,
        "text": text,
        "words": [],
        "engine": "vosk",
        "model": "test",
        "lower_accuracy": False,
    }
    store_segment(db, sid, LIVE, seg, at="2026-11-23T14:30:05.000Z")


def flag(db, sid, indicator, summary="flagged"):
    with immediate(db):
        store_findings(db, sid, [Finding(indicator, True, summary)], "2026-11-23T14:30:06.000Z")


def sids(response) -> set[str]:
    html = response.get_data(as_text=True)
    return {part.split('"')[0] for part in html.split('href="/calls/')[1:]}


def test_dashboard_lists_calls_in_progress_and_recent(staff_client, twilio):
    sid, _ = twilio.call()
    page = staff_client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Calls in progress" in html and sid in html


def test_dashboard_shows_wave_alerts(staff_client, twilio, db):
    sid, _ = twilio.call()
    flag(db, sid, "wave.district", "3 calls to district schools in 2 hours")
    html = staff_client.get("/").get_data(as_text=True)
    assert "Wave alert" in html and "3 calls to district schools" in html


def test_search_finds_words_in_transcripts_with_highlight(staff_client, twilio, db):
    hit, _ = twilio.call()
    miss, _ = twilio.call()
    say(db, hit, "there is a pipe bomb in the cafeteria")
    say(db, miss, "hello I would like to speak to the principal")
    response = staff_client.get("/calls?q=cafeteria")
    assert response.status_code == 200
    assert sids(response) == {hit}
    assert "<mark>cafeteria</mark>" in response.get_data(as_text=True)


def test_search_matches_prefixes_and_needs_every_word(staff_client, twilio, db):
    sid, _ = twilio.call()
    say(db, sid, "the shooter is in the gymnasium")
    assert sids(staff_client.get("/calls?q=gym shoot")) == {sid}
    assert sids(staff_client.get("/calls?q=gym library")) == set()


def test_search_text_with_fts_syntax_is_taken_literally(staff_client, twilio, db):
    sid, _ = twilio.call()
    say(db, sid, "room NEAR the stairs")
    for q in ['"unbalanced', "NEAR(", "a OR", "*", "stairs)"]:
        assert staff_client.get("/calls", query_string={"q": q}).status_code in (200, 400)
    assert sids(staff_client.get("/calls", query_string={"q": 'stairs"'})) == {sid}


def test_filter_by_indicator_and_school(staff_client, twilio, db):
    flagged, _ = twilio.call()
    other, _ = twilio.call(To="+16173496525")  # Baldwin School
    flag(db, flagged, "threat.weapon")
    assert sids(staff_client.get("/calls?indicator=threat.weapon")) == {flagged}
    assert sids(staff_client.get("/calls?school=Baldwin School")) == {other}


def test_filter_by_date_uses_the_district_day(staff_client, twilio):
    sid, _ = twilio.call()  # 14:30 UTC = 09:30 in Cambridge, 2026-11-23
    assert sids(staff_client.get("/calls?from=2026-11-23&to=2026-11-23")) == {sid}
    assert sids(staff_client.get("/calls?from=2026-11-24")) == set()
    assert sids(staff_client.get("/calls?to=2026-11-22")) == set()


def test_search_is_audited(staff_client, db):
    staff_client.get("/calls?q=gun")
    row = db.execute("SELECT actor, action, detail FROM audit ORDER BY id DESC").fetchone()
    assert row[:2] == ("sam", "calls.searched") and '"gun"' in row[2]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=yesterday", b"'from' must be a date"),
        ("to=2026-13-40", b"'to' must be a date"),
        ("from=2026-11-24&to=2026-11-23", b"after the 'to' date"),
        ("school=Hogwarts", b"unknown school line"),
        ("indicator=caller.nonsense", b"unknown indicator"),
        ("q=" + "x" * 201, b"at most 200"),
        ("q=%21%21%21", b"at least one letter"),
    ],
)
def test_bad_filters_get_400_with_reason(staff_client, query, message):
    response = staff_client.get("/calls?" + query)
    assert response.status_code == 400
    assert message in response.data


def test_fts_index_follows_segment_inserts(twilio, db):
    sid, _ = twilio.call()
    say(db, sid, "lockdown now")
    rows = db.execute("SELECT rowid FROM segments_fts WHERE segments_fts MATCH 'lockdown'")
    assert len(rows.fetchall()) == 1
