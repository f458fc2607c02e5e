"""Running the app under gunicorn (threads, so WebSockets and SSE streams can stay open)."""

from __future__ import annotations

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, app: Flask, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, host: str, port: int, threads: int, workers: int = 1) -> None:
    """Serve until interrupted: `workers` processes (each loads its own speech model)."""
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            # Media streams and live pages hold connections open for a whole call.
            "timeout": 0,
            "graceful_timeout": 5,
            "accesslog": "-",
            "loglevel": "info",
        },
    ).run()
