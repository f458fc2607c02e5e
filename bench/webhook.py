"""Benchmark: /twilio/voice latency under 50 concurrent clients against the real server.

Run: .venv/bin/python -m bench.webhook [--clients 50] [--rate 100] [--seconds 20]

Each client keeps its own HTTP/1.1 connection and posts signed incoming-call webhooks, each a
new call (new CallSid) from one of `--callers` numbers (some callers call again, as in a wave).
Requests are built and signed before the clock starts, and one asyncio loop drives every
client, so the load generator spends little of the two cores the server also needs.

Open loop (`--rate R`, calls/s over all clients, Poisson arrivals): a request's latency runs
from when it was *due*, so a client still waiting for its previous answer is counted as delay
(no coordinated omission). Closed loop (`--rate 0`): the next request goes out as soon as the
answer is back; latency is then bounded by throughput (Little's law: 50 clients / throughput).
`--sweep` runs several rates, each line saying whether p99 stays within the 20 ms target.
`--burst` sends in waves instead: every second all clients post at the same instant, the
worst moment of a swatting wave (50 calls at once is far beyond one district's).
Prints p50/p95/p99/max latency, throughput and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from twilio.request_validator import RequestValidator

from bench.common import caller_numbers, incoming_call_params
from callscreen.devserver import BENCH_TOKEN, running_server

TARGET_P99_MS = 20.0
SWEEP_RATES = (25, 50, 100, 150, 200, 300)


@dataclass
class Results:
    """Latencies (seconds) and errors of one run."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def percentile(self, q: int) -> float:
        """The q-th percentile in milliseconds."""
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000

    def line(self, label: str) -> str:
        """One printed line of figures."""
        if not self.latencies:
            return f"{label}: no answers, errors={len(self.errors)}"
        p99 = self.percentile(99)
        verdict = "met" if p99 <= TARGET_P99_MS and not self.errors else "missed"
        return (
            f"{label}: requests={len(self.latencies)} errors={len(self.errors)} "
            f"throughput={len(self.latencies) / self.elapsed:.0f} req/s  latency ms: "
            f"p50={self.percentile(50):.1f} p95={self.percentile(95):.1f} p99={p99:.1f} "
            f"max={max(self.latencies) * 1000:.1f}  (target p99 <= {TARGET_P99_MS:.0f} ms: "
            f"{verdict})"
        )


def signed_requests(base: str, count: int, callers: list[tuple[str, str]]) -> list[bytes]:
    """`count` complete HTTP requests for new calls, each signed with Twilio's algorithm."""
    validator = RequestValidator(BENCH_TOKEN)
    host = urlsplit(base).netloc
    out = []
    for _ in range(count):
        caller, state = random.choice(callers)
        params = incoming_call_params(caller=caller, state=state)
        body = urlencode(params).encode()
        signature = validator.compute_signature(base + "/twilio/voice", params)
        head = (
            f"POST /twilio/voice HTTP/1.1\r\nHost: {host}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nX-Twilio-Signature: {signature}\r\n\r\n"
        )
        out.append(head.encode() + body)
    return out


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status code and body of one HTTP/1.1 response with a Content-Length."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (
            int(v)
            for k, _, v in (x.partition(":") for x in lines[1:])
            if k.lower() == "content-length"
        ),
        0,
    )
    return status, await reader.readexactly(length)


def due_times(count: int, clients: int, rate: float, start: float) -> list[list[float]]:
    """One Poisson stream of `count` arrivals at `rate`/s, dealt to the clients in turn; every
    due time is 0 (closed loop) when the rate is 0."""
    if not rate:
        return [[0.0] * (count // clients) for _ in range(clients)]
    times, at = [], start
    for _ in range(count):
        at += random.expovariate(rate)
        times.append(at)
    return [times[i::clients] for i in range(clients)]


async def exchange(port: int, conn: list, request: bytes) -> tuple[int, bytes]:
    """Send one request on the client's connection `conn` ([reader, writer]); if the server
    had closed it while idle (its keep-alive timeout), reconnect and send it again."""
    for attempt in (1, 2):
        if conn[0] is None or conn[0].at_eof():
            conn[:] = await asyncio.open_connection("127.0.0.1", port)
        try:
            conn[1].write(request)
            return await read_response(conn[0])
        except (OSError, asyncio.IncompleteReadError):
            conn[1].close()
            conn[:] = [None, None]
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def one_client(port: int, requests: list[bytes], due: list[float], out: Results) -> None:
    """Send `requests` over one connection, each when due (or at once, closed loop)."""
    loop = asyncio.get_running_loop()
    conn: list = [None, None]
    for request, at in zip(requests, due, strict=True):
        if at:
            await asyncio.sleep(max(0.0, at - loop.time()))
        sent = at or loop.time()
        try:
            status, body = await exchange(port, conn, request)
        except (OSError, asyncio.IncompleteReadError) as exc:
            out.errors.append(repr(exc))
            continue
        if status != 200 or b"<Dial" not in body:
            out.errors.append(f"HTTP {status}")
        out.latencies.append(loop.time() - sent)
    if conn[1] is not None:
        conn[1].close()


def wave_times(count: int, clients: int, start: float) -> list[list[float]]:
    """Every client due at the same instants, one second apart."""
    return [[start + k for k in range(count // clients)] for _ in range(clients)]


async def drive(
    port: int, requests: list[bytes], clients: int, rate: float, burst: bool = False
) -> Results:
    """Run every client at once; `rate` is calls/s over all clients (0 = closed loop)."""
    out = Results()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    if burst:
        due = wave_times(len(requests), clients, start)
    else:
        due = due_times(len(requests), clients, rate, start)
    began = time.perf_counter()
    await asyncio.gather(
        *(one_client(port, requests[i::clients], due[i], out) for i in range(clients))
    )
    out.elapsed = time.perf_counter() - began
    return out


def per_client(args: argparse.Namespace, rate: float) -> int:
    """How many calls each client makes in one run."""
    if args.requests:
        return args.requests
    if args.burst:
        return round(args.seconds)  # one wave a second
    return round(rate * args.seconds / args.clients) if rate else 40


def run(base: str, port: int, args: argparse.Namespace, rate: float) -> Results:
    """One measured run at `rate` (after building and signing every request)."""
    count = args.clients * per_client(args, rate)
    requests = signed_requests(base, count, caller_numbers(args.callers))
    return asyncio.run(drive(port, requests, args.clients, rate, args.burst))


def describe(args: argparse.Namespace, rate: float) -> str:
    """The label of one run's line."""
    if args.burst:
        mode = f"waves of {args.clients} calls at once, one a second"
    else:
        mode = f"open loop {rate:g} calls/s" if rate else "closed loop"
    return f"/twilio/voice {mode}, clients={args.clients}, workers={args.workers}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100, help="calls/s, all clients; 0 = closed")
    parser.add_argument("--seconds", type=float, default=20, help="length of an open-loop run")
    parser.add_argument("--requests", type=int, default=0, help="per client (overrides --seconds)")
    parser.add_argument("--callers", type=int, default=2000, help="distinct caller numbers")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--sweep", action="store_true", help=f"run at {SWEEP_RATES} calls/s")
    parser.add_argument("--burst", action="store_true", help="all clients at once, every second")
    args = parser.parse_args()
    rates = SWEEP_RATES if args.sweep and not args.burst else (args.rate,)
    with running_server(serve_args=("--workers", str(args.workers))) as server:
        warm = argparse.Namespace(**{**vars(args), "clients": 2, "requests": 50, "burst": False})
        run(server.base, server.port, warm, 0)  # imports, geocoder data, SQLite pages
        for rate in rates:
            print(run(server.base, server.port, args, rate).line(describe(args, rate)), flush=True)
        wal = Path(server.data_dir, "callscreen.db-wal")
        print(f"WAL file at the end: {wal.stat().st_size / 1e6:.1f} MB (checkpointed by a thread)")


if __name__ == "__main__":
    main()
