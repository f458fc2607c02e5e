"""Benchmark: what one indicator refresh costs as a live call grows.

Run: .venv/bin/python -m bench.refresh [--earlier 0] [--segments 120]

The live transcription worker re-runs every indicator rule after each final caller segment,
inside the call log's write transaction (webhooks of the same process wait meanwhile). This
logs `--earlier` calls of 20 caller segments each (the recycled-script and wave rules compare
against them), then one call whose caller speaks `--segments` segments of 12 words drawn from
threat, weapon, deadline and place words, and prints the refresh time after segment n.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

from bench.common import incoming_call_params
from callscreen import calls, create_app
from callscreen.clock import stamp
from callscreen.indicators.refresh import refresh_in_app
from callscreen.telephony.callbacks import new_call
from callscreen.telephony.callerid import CallerInput, analyse_caller
from callscreen.transcripts import LIVE, store_segment

WORDS = (
    "there is a bomb in the school on maple street near lincoln elementary i have a rifle "
    "you have thirty minutes this is your last resort the gym room 204 jefferson park "
    "cambridge street harvard square i will shoot everyone"
).split()
REPORTED = (1, 10, 30, 60, 120, 240)


class CallMaker:
    """Logs calls and caller segments straight into the app's call log."""

    def __init__(self, app, rng: random.Random) -> None:
        self.app, self.rng = app, rng
        self.svc = app.extensions["callscreen"]
        self.db = app.extensions["callscreen_db"].get()

    def call(self) -> str:
        call = new_call(incoming_call_params())
        caller = CallerInput(call.from_raw, call.stir_verstat, "", "NY", "US")
        analysis = analyse_caller(caller, self.svc.district)
        calls.start_call(self.db, call, analysis, "Amigos School", {}, stamp(self.svc.clock()))
        return call.sid

    def segment(self, sid: str, n: int) -> None:
        text = " ".join(self.rng.choice(WORDS) for _ in range(12))
        segment = {"track": "caller", "start": n * 5.0, "end": n * 5.0 + 4, "text": text}
        segment |= {"words": [], "confidence": 0.8, "engine": "bench", "model": "bench"}
        store_segment(self.db, sid, LIVE, segment, at=stamp(self.svc.clock()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--earlier", type=int, default=0, help="earlier calls with transcripts")
    parser.add_argument("--segments", type=int, default=120, help="caller segments of the call")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        app = create_app({"DATA_DIR": data, "PUBLIC_URL": "https://bench.test"})
        maker = CallMaker(app, random.Random(1))
        for _ in range(args.earlier):
            sid = maker.call()
            for n in range(20):
                maker.segment(sid, n)
        sid, figures = maker.call(), {}
        for n in range(1, args.segments + 1):
            maker.segment(sid, n)
            started = time.perf_counter()
            refresh_in_app(app, sid)
            if n in REPORTED:
                figures[n] = f"{(time.perf_counter() - started) * 1000:.1f} ms"
        app.extensions["callscreen_db"].close_all()
    print(f"refresh with {args.earlier} earlier calls, after caller segment n: {figures}")


if __name__ == "__main__":
    main()
