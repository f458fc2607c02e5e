"""A real `callscreen serve` subprocess on loopback, for the demo, tests and benchmarks."""

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


class Server:
    """A started server: its base URL, data directory, environment and process."""

    def __init__(
        self,
        data_dir: str,
        port: int,
        env: dict,
        threads: int,
        log,
        serve_args: tuple[str, ...] = (),
    ) -> None:
        self.data_dir, self.port = data_dir, port
        self.base = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "CALLSCREEN_DATA_DIR": data_dir,
            "CALLSCREEN_PUBLIC_URL": self.base,
            "CALLSCREEN_TWILIO_AUTH_TOKEN": BENCH_TOKEN,
            **env,
        }
        self.threads, self.log, self.serve_args = threads, log, serve_args
        self.proc: subprocess.Popen | None = None

    def start(self, seconds: float = 60) -> Server:
        """Start (or restart) the process and wait until it accepts connections."""
        exe = Path(sys.executable).with_name("callscreen")
        self.proc = subprocess.Popen(
            [
                str(exe),
                "serve",
                "--port",
                str(self.port),
                "--threads",
                str(self.threads),
                *self.serve_args,
            ],
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        _wait_for(self.port, self.proc, seconds)
        return self

    def stop(self, kill: bool = False) -> None:
        """Stop the process: politely (killed if it lingers), or with SIGKILL as a crash would."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.kill() if kill else self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@contextmanager
def running_server(
    threads: int = 64,
    extra_env: dict | None = None,
    data_dir: str | None = None,
    log=subprocess.DEVNULL,
    serve_args: tuple[str, ...] = (),
):
    """Yield a started Server on a fresh (or given) data dir; stop it afterwards."""
    with tempfile.TemporaryDirectory() as scratch:
        server = Server(data_dir or scratch, free_port(), extra_env or {}, threads, log, serve_args)
        try:
            yield server.start()
        finally:
            server.stop()


def _wait_for(port: int, proc: subprocess.Popen, seconds: float) -> None:
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
