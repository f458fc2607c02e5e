"""Start a real callscreen server on loopback for a benchmark, and stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BENCH_TOKEN = "bench-auth-token-not-a-secret"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(threads: int = 64, extra_env: dict | None = None):
    """Yield the base URL of a `callscreen serve` subprocess on a fresh data dir."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "CALLSCREEN_DATA_DIR": data, "CALLSCREEN_PUBLIC_URL": base,
               "CALLSCREEN_TWILIO_AUTH_TOKEN": BENCH_TOKEN, **(extra_env or {})}
        exe = Path(sys.executable).with_name("callscreen")
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--threads",
                                 str(threads)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            _wait_for(port, proc)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _wait_for(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited during start-up")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")
