"""Live page latency: from a transcript segment being stored to the browser showing it.

Starts a real `callscreen serve`, signs in with Debian's chromium through Playwright, opens
the live page of a call created by a signed webhook, stores segments the way the live
pipeline does, and timestamps each one's arrival in the DOM with a MutationObserver.
Browser and benchmark share the machine's clock. Goal: p95 <= 300 ms.

    .venv/bin/python -m bench.live [--segments 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright
from twilio.request_validator import RequestValidator

from bench.common import incoming_call_params
from callscreen.db import connect
from callscreen.devserver import BENCH_TOKEN, running_server
from callscreen.transcripts import LIVE, store_segment

PASSWORD = "bench password not secret"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
OBSERVER = """() => {
  window.__seen = {};
  new MutationObserver((records) => {
    const now = performance.timeOrigin + performance.now();
    for (const r of records) for (const n of r.addedNodes) {
      const m = n.textContent && n.textContent.match(/bench-(\\d+)/);
      if (m && !(m[1] in window.__seen)) window.__seen[m[1]] = now;
    }
  }).observe(document.getElementById("segments"), {childList: true});
}"""


def incoming_call(base: str) -> str:
    """Create a call through the signed /twilio/voice webhook; return its SID."""
    params = incoming_call_params()
    url = base + "/twilio/voice"
    signature = RequestValidator(BENCH_TOKEN).compute_signature(url, params)
    data = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(url, data=data, headers={"X-Twilio-Signature": signature})
    urllib.request.urlopen(request, timeout=10).close()
    return params["CallSid"]


def add_user(env: dict) -> None:
    """Create the benchmark's staff account through the CLI."""
    exe = str(Path(sys.executable).with_name("callscreen"))
    subprocess.run(
        [exe, "users", "add", "bench", "--password-stdin"],
        input=PASSWORD,
        env=env,
        text=True,
        check=True,
        capture_output=True,
    )


def measure(base: str, database: str, count: int) -> list[float]:
    """Milliseconds from store to DOM for `count` segments."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "/login")
        page.fill("input[name=username]", "bench")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        sid = incoming_call(base)
        page.goto(f"{base}/calls/{sid}")
        expect(page.locator("#conn")).to_have_text("Live")
        page.evaluate(OBSERVER)
        stored = store_all(database, sid, count)
        page.wait_for_function(f"Object.keys(window.__seen).length >= {count}", timeout=30_000)
        seen = page.evaluate("window.__seen")
        browser.close()
    return [seen[str(i)] - stored[i] for i in range(count)]


def store_all(database: str, sid: str, count: int) -> list[float]:
    """Store segments at irregular intervals; return each one's commit time (epoch ms)."""
    db = connect(database)
    stamps = []
    try:
        for i in range(count):
            segment = {
                "track": "caller",
                "start": float(i),
                "end": i + 0.9,
                "text": f"bench-{i} there is someone in the building",
                "words": [],
                "engine": "vosk",
                "model": "bench",
                "lower_accuracy": False,
            }
            store_segment(db, sid, LIVE, segment, at="2026-11-23T14:30:00.000Z")
            stamps.append(time.time() * 1000)
            time.sleep(random.uniform(0.15, 0.45))
    finally:
        db.conn.close()
    return stamps


def main() -> None:
    """Run the benchmark and print p50/p95/max."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=40)
    args = parser.parse_args()
    with running_server() as server:
        add_user(server.env)
        database = str(Path(server.data_dir) / "callscreen.db")
        latencies = sorted(measure(server.base, database, args.segments))
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    print(f"live page: segment stored -> shown in browser, {len(latencies)} segments")
    print(
        f"  p50 {statistics.median(latencies):.0f} ms   p95 {p95:.0f} ms   "
        f"max {latencies[-1]:.0f} ms   (goal p95 <= 300 ms: {'met' if p95 <= 300 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
