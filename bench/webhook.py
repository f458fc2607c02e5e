"""Benchmark: /twilio/voice latency under 50 concurrent clients against the real server.

Run: .venv/bin/python -m bench.webhook [--clients 50] [--requests 40]
Each client keeps one HTTP/1.1 connection and posts signed incoming-call webhooks, each a new
call (new CallSid). Closed loop by default (next request as soon as the answer is back, so
latency is bounded by throughput: Little's law); `--interval S` paces each client to one
request every S seconds instead (open loop). Prints p50/p95/p99/max latency and errors.
"""

from __future__ import annotations

import argparse
import http.client
import secrets
import statistics
import threading
import time
from urllib.parse import urlencode, urlsplit

from twilio.request_validator import RequestValidator

from bench.common import incoming_call_params
from callscreen.devserver import BENCH_TOKEN, running_server


def one_client(base: str, count: int, latencies: list, errors: list, interval: float = 0.0) -> None:
    """Post `count` signed incoming calls over one keep-alive connection."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    validator = RequestValidator(BENCH_TOKEN)
    next_at = time.perf_counter() + interval * secrets.randbelow(1000) / 1000
    for _ in range(count):
        time.sleep(max(0.0, next_at - time.perf_counter()))
        next_at += interval
        params = incoming_call_params()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(base + "/twilio/voice", params),
        }
        start = time.perf_counter()
        try:
            conn.request("POST", "/twilio/voice", urlencode(params), headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except OSError as exc:
            errors.append(repr(exc))
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        latencies.append(time.perf_counter() - start)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) in milliseconds."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--interval",
        type=float,
        default=0.0,
        help="seconds between one client's requests (0 = closed loop)",
    )
    args = parser.parse_args()
    with running_server(serve_args=("--workers", str(args.workers))) as server:
        base = server.base
        one_client(base, 20, [], [])  # warm-up: imports, geocoder data, SQLite pages
        latencies, errors = [], []
        threads = [
            threading.Thread(
                target=one_client, args=(base, args.requests, latencies, errors, args.interval)
            )
            for _ in range(args.clients)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    mode = f"open loop, 1 req/{args.interval}s per client" if args.interval else "closed loop"
    print(
        f"/twilio/voice  {mode}  workers={args.workers}  clients={args.clients}  requests={len(latencies)}  "
        f"errors={len(errors)}  throughput={len(latencies) / elapsed:.0f} req/s"
    )
    print(
        f"latency ms: p50={percentile(latencies, 50):.1f}  p95={percentile(latencies, 95):.1f}"
        f"  p99={percentile(latencies, 99):.1f}  max={max(latencies) * 1000:.1f}"
        f"  (target p99 <= 20 ms)"
    )


if __name__ == "__main__":
    main()
