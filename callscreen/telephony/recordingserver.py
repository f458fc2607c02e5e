"""A local stand-in for Twilio's recording media URL: one WAV behind HTTP basic auth."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RecordingServer:
    """Serves one recording at Twilio's URL shape on 127.0.0.1 while in a `with` block."""

    def __init__(
        self, port: int, account_sid: str, auth_token: str, recording_sid: str, wav: bytes
    ) -> None:
        self.path = f"/2010-04-01/Accounts/{account_sid}/Recordings/{recording_sid}"
        expected = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.fetched = threading.Event()
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", port), _handler(self.path, "Basic " + expected, wav, self.fetched)
        )
        self.recording_url = f"http://127.0.0.1:{self.server.server_port}{self.path}"

    def __enter__(self) -> RecordingServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_until_fetched(self, timeout: float) -> bool:
        """True once the recording was downloaded with the right credentials."""
        return self.fetched.wait(timeout)


def _handler(path: str, authorization: str, wav: bytes, fetched: threading.Event):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.headers.get("Authorization") != authorization:
                self._answer(401, b"authentication required", "text/plain")
            elif self.path not in (path, path + ".wav"):
                self._answer(404, b"no such recording", "text/plain")
            else:
                self._answer(200, wav, "audio/x-wav")
                fetched.set()

        def _answer(self, code: int, body: bytes, kind: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass  # quiet: the simulator prints its own progress

    return Handler
