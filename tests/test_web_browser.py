"""A real browser on the real server: the live page updates without reload, keys tick items,
and a reload brings everything back. Takes wide and narrow screenshots: into a temporary
folder, or into SCREENSHOTS_DIR when set (SCREENSHOTS_DIR=docs/screenshots refreshes the
committed ones)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from webfixtures import PASSWORD, LiveServer, launch_chromium

from callscreen.calls import store_findings
from callscreen.db import connect, immediate
from callscreen.events import append_event
from callscreen.indicators.finding import Finding
from callscreen.transcripts import LIVE, store_segment

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or tempfile.mkdtemp(prefix="callscreen-shots-"))
WIDE = {"width": 1366, "height": 1000}
NARROW = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("browser-data"))
    live.cli("users", "add", "tess", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def sign_in(page, server):
    page.goto(server.base + "/login")
    page.fill("input[name=username]", "tess")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("header .who")).to_have_text("tess")


def speak(db, sid, text, start, track="caller", lower=False):
    segment = {
        "track": track,
        "start": start,
        "end": start + 2.5,
        "text": text,
        "words": [],
        "confidence": 0.8,
        "engine": "vosk",
        "model": "test",
        "lower_accuracy": lower,
    }
    store_segment(db, sid, LIVE, segment, at=f"2026-11-23T14:30:{int(start):02d}.000Z")


def find(db, sid, *findings):
    with immediate(db):
        store_findings(db, sid, findings, "2026-11-23T14:30:30.000Z")


def test_live_page_updates_ticks_by_key_and_survives_reload(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    sign_in(page, server)
    sid = server.incoming_call(From="+15055550123", StirVerstat="TN-Validation-Passed-C")
    page.goto(f"{server.base}/calls/{sid}")
    expect(page.locator("#conn")).to_have_text("Live")
    db = connect(server.database)
    try:
        speak(db, sid, "Cambridge Public Schools, front office.", 0.5, track="staff")
        speak(db, sid, "there is a man with a rifle in the gym on Mapel Street", 3.0)
        expect(page.locator("#segments")).to_contain_text("a man with a rifle in the gym")
        expect(page.locator("#segments .seg.staff")).to_contain_text("front office")
        find(
            db,
            sid,
            Finding(
                "threat.weapon",
                True,
                "Weapon named: rifle",
                {"kinds": ["firearm"], "words": [{"word": "rifle", "start": 4.1}]},
            ),
            Finding(
                "place.unknown",
                True,
                "'Mapel Street' is not a street of the district",
                {"heard": "mapel street", "candidates": [["Maple Avenue", 86]]},
            ),
        )
        expect(page.locator("#list-danger")).to_contain_text("Weapon named: rifle")
        expect(page.locator("#list-swatting")).to_contain_text("Mapel Street")
        speak(db, sid, "you have ten minutes before I start shooting", 7.0, lower=True)
        expect(page.locator("#segments")).to_contain_text("ten minutes")
        expect(page.locator("#tx-lower")).to_be_visible()

        page.keyboard.press("5")  # where in the building: asked
        row = page.locator('.item[data-item="ask.where_building"] .state')
        expect(row).to_contain_text("asked · tess")
        page.keyboard.press("a")  # … and answered
        expect(row).to_contain_text("answered · tess")
        page.keyboard.press("s")  # observation: reads a script
        expect(page.locator('.item[data-item="obs.reads_script"] .state')).to_contain_text("yes")
        page.once("dialog", lambda dialog: dialog.accept("Officer Diaz"))
        page.keyboard.press("p")  # partner contacted, with a name
        expect(page.locator("#action-log")).to_contain_text("Officer Diaz")
        page.locator('#list-danger button:has-text("Confirm")').click()
        expect(page.locator("#list-danger")).to_contain_text("confirmed by tess")
        page.screenshot(path=str(SHOTS / "call-wide.png"), full_page=True)

        page.reload()
        expect(page.locator("#conn")).to_have_text("Live")
        expect(page.locator("#segments")).to_contain_text("a man with a rifle in the gym")
        expect(row).to_contain_text("answered · tess")
        expect(page.locator("#action-log")).to_contain_text("Officer Diaz")
        expect(page.locator("#list-danger")).to_contain_text("confirmed by tess")
        expect(page.locator("#list-swatting")).to_contain_text("Caller seems to read a script")

        page.set_viewport_size(NARROW)
        page.screenshot(path=str(SHOTS / "call-narrow.png"), full_page=True)
    finally:
        db.conn.close()
        context.close()


def test_bomb_questions_appear_when_a_device_is_claimed(server, browser):
    page = browser.new_page(viewport=WIDE)
    sign_in(page, server)
    sid = server.incoming_call(From="Anonymous")
    page.goto(f"{server.base}/calls/{sid}")
    expect(page.locator("#conn")).to_have_text("Live")
    expect(page.locator("#bomb")).to_be_hidden()
    db = connect(server.database)
    try:
        speak(db, sid, "there is a bomb in the school and it will go off at noon", 2.0)
        find(
            db, sid, Finding("threat.weapon", True, "Device named: bomb", {"kinds": ["explosive"]})
        )
        expect(page.locator("#bomb")).to_be_visible()
        expect(page.locator("#next-question")).to_have_text("When will it go off?")
        page.keyboard.press("q")
        expect(page.locator('.item[data-item="bomb.when"] .state')).to_contain_text("asked")
        expect(page.locator("#next-question")).to_have_text("Where is it right now?")
    finally:
        db.conn.close()
        page.close()


def test_partial_text_and_unavailable_transcription_are_shown_as_such(server, browser):
    page = browser.new_page(viewport=NARROW)
    sign_in(page, server)
    sid = server.incoming_call()
    page.goto(f"{server.base}/calls/{sid}")
    expect(page.locator("#conn")).to_have_text("Live")
    db = connect(server.database)
    try:
        with immediate(db):
            append_event(
                db,
                sid,
                "transcript.partial",
                {"track": "caller", "text": "there is a", "version": "live"},
                at="t",
            )
        partial = page.locator("#partial-caller")
        expect(partial).to_contain_text("there is a")
        expect(partial).to_contain_text("not final")
        speak(db, sid, "there is a fire in the library", 1.0)
        expect(partial).to_have_count(0)  # the final segment replaces the partial
        with immediate(db):
            append_event(
                db,
                sid,
                "transcription.state",
                {"state": "unavailable", "track": "caller", "detail": "no model", "engine": ""},
                at="t",
            )
        expect(page.locator("#tx-state")).to_contain_text("Transcription unavailable")
    finally:
        db.conn.close()
        page.close()


def test_dashboard_and_call_log_in_the_browser(server, browser):
    page = browser.new_page(viewport=WIDE)
    sign_in(page, server)
    page.goto(server.base + "/")
    expect(page.locator("h2").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "dashboard-wide.png"), full_page=True)
    page.goto(server.base + "/calls?q=rifle")
    expect(page.locator("tr.snippet mark")).to_have_text("rifle")
    page.screenshot(path=str(SHOTS / "calllog-wide.png"), full_page=True)
    page.set_viewport_size(NARROW)
    page.goto(server.base + "/")
    page.screenshot(path=str(SHOTS / "dashboard-narrow.png"), full_page=True)
    page.close()


def test_live_page_follows_a_call_the_simulator_plays_with_real_speech(server, browser):
    """The whole path: Twilio stand-in → webhook + media stream → recogniser → event log →
    SSE → the open page; then a key tick and a reload."""
    import threading

    from callscreen.demo import CALLER_WAV, STAFF_WAV
    from callscreen.telephony.simulator import CallPlan, TwilioStandIn

    plan = CallPlan(
        server.base,
        server.token,
        str(CALLER_WAV),
        str(STAFF_WAV),
        from_number="anonymous",
        stir="TN-Validation-Failed",
        speed=1.5,
    )
    player = threading.Thread(target=TwilioStandIn(plan).run, daemon=True)
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    try:
        sign_in(page, server)
        player.start()
        db = connect(server.database)
        deadline = time.monotonic() + 30
        while not db["calls"].exists() or not db["calls"].count_where("sid = ?", [plan.call_sid]):
            assert time.monotonic() < deadline, "the simulated call never reached the server"
            time.sleep(0.1)
        db.conn.close()
        page.goto(f"{server.base}/calls/{plan.call_sid}")
        expect(page.locator("#conn")).to_have_text("Live")
        expect(page.locator("#list-swatting")).to_contain_text("withheld", timeout=10_000)
        # Words of the scripted call arrive while it plays (pocketsphinx, lower accuracy).
        expect(page.locator("#segments .seg.caller").first).to_be_visible(timeout=40_000)
        expect(page.locator("#segments")).to_contain_text("street", timeout=40_000)
        expect(page.locator("#segments .seg.staff").first).to_be_visible(timeout=40_000)
        expect(page.locator("#list-danger")).to_contain_text("Weapon", timeout=40_000)
        page.keyboard.press("2")  # callback number: asked
        row = page.locator('.item[data-item="ask.callback"] .state')
        expect(row).to_contain_text("asked · tess")
        player.join(timeout=60)
        page.reload()
        expect(row).to_contain_text("asked · tess")
        expect(page.locator("#segments")).to_contain_text("street")
    finally:
        context.close()
