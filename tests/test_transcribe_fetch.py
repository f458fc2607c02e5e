"""`callscreen model fetch` against a local HTTP server: good, wrong sum, truncated, not a zip."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile

import pytest
from click.testing import CliRunner

from callscreen.transcribe.cli import model_commands
from callscreen.transcribe.errors import ModelFetchError
from callscreen.transcribe.modelfetch import ModelSource, fetch_model
from callscreen.transcribe.modelstore import missing_model_files

NAME = "vosk-model-tiny-test"


def model_zip(top: str = NAME, members: dict[str, bytes] | None = None) -> bytes:
    """A tiny zip laid out like an official Vosk model zip (one top folder)."""
    members = members or {"am/final.mdl": b"acoustic", "conf/model.conf": b"--beam=10\n"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(f"{top}/{name}" if top else name, data)
    return buffer.getvalue()


GOOD = model_zip()
ROUTES = {
    "/good.zip": (GOOD, len(GOOD)),
    "/other.zip": (model_zip(members={"am/final.mdl": b"other", "conf/model.conf": b"x"}), None),
    "/truncated.zip": (GOOD[: len(GOOD) // 2], len(GOOD)),  # claims the full length, then stops
    "/notzip.zip": (b"<html>this is an error page, not a zip</html>", None),
    "/nomodel.zip": (model_zip(members={"README": b"hello"}), None),
    "/escape.zip": (model_zip(top="", members={"../../evil": b"x", "am/final.mdl": b"m"}), None),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path not in ROUTES:
            self.send_error(404)
            return
        body, length = ROUTES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(length or len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def source_for(server: str, path: str, expected: bytes = GOOD) -> ModelSource:
    return ModelSource(f"{server}{path}", len(expected), hashlib.sha256(expected).hexdigest(), NAME)


def assert_nothing_installed(cache) -> None:
    assert not (cache / NAME).exists()
    assert list(cache.iterdir()) == []  # no temporary leftovers either


def test_a_good_download_is_verified_and_installed(server, tmp_path):
    seen = []
    path = fetch_model(tmp_path, source_for(server, "/good.zip"), progress=seen.append)
    assert path == tmp_path / NAME and not missing_model_files(path)
    assert (path / "am" / "final.mdl").read_bytes() == b"acoustic"
    assert sum(seen) == len(GOOD)
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/other.zip", "checksum mismatch|truncated or wrong"),
        ("/truncated.zip", "truncated|failed"),
        ("/notzip.zip", "truncated or wrong"),
        ("/missing.zip", "404"),
    ],
)
def test_a_bad_download_installs_nothing(server, tmp_path, path, message):
    with pytest.raises(ModelFetchError, match=message):
        fetch_model(tmp_path, source_for(server, path))
    assert_nothing_installed(tmp_path)


def test_a_wrong_checksum_of_the_right_size_is_refused(server, tmp_path):
    wrong = ModelSource(f"{server}/good.zip", len(GOOD), "0" * 64, NAME)
    with pytest.raises(ModelFetchError, match="checksum mismatch"):
        fetch_model(tmp_path, wrong)
    assert_nothing_installed(tmp_path)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/notzip.zip", "not a usable zip"),
        ("/nomodel.zip", "does not hold a Vosk model"),
        ("/escape.zip", "unsafe path"),
    ],
)
def test_a_verified_file_that_is_not_a_model_zip_installs_nothing(server, tmp_path, path, message):
    body = ROUTES[path][0]
    with pytest.raises(ModelFetchError, match=message):
        fetch_model(tmp_path, source_for(server, path, expected=body))
    assert_nothing_installed(tmp_path)


def test_a_failed_refetch_keeps_the_installed_model(server, tmp_path):
    fetch_model(tmp_path, source_for(server, "/good.zip"))
    with pytest.raises(ModelFetchError):
        fetch_model(tmp_path, source_for(server, "/truncated.zip"), force=True)
    assert (tmp_path / NAME / "am" / "final.mdl").read_bytes() == b"acoustic"
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def test_force_replaces_an_installed_model(server, tmp_path):
    fetch_model(tmp_path, source_for(server, "/good.zip"))
    other = ROUTES["/other.zip"][0]
    fetch_model(tmp_path, source_for(server, "/other.zip", expected=other), force=True)
    assert (tmp_path / NAME / "am" / "final.mdl").read_bytes() == b"other"
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]


def cli_fetch(server, cache, path, *extra, expected=GOOD):
    args = ["fetch", "--url", f"{server}{path}", "--size", str(len(expected))]
    args += ["--sha256", hashlib.sha256(expected).hexdigest(), "--name", NAME]
    return CliRunner().invoke(model_commands, [*args, "--cache-dir", str(cache), *extra])


def test_cli_fetch_installs_then_reports_already_installed(server, tmp_path):
    result = cli_fetch(server, tmp_path, "/good.zip")
    assert result.exit_code == 0, result.output
    assert f"Installed {NAME}" in result.stdout
    again = cli_fetch(server, tmp_path, "/good.zip")
    assert again.exit_code == 0 and "already installed" in again.stdout


def test_cli_fetch_failure_is_a_clear_message_and_non_zero_exit(server, tmp_path):
    result = cli_fetch(server, tmp_path, "/truncated.zip")
    assert result.exit_code == 1
    assert "Error:" in result.output and "nothing was installed" in result.output
    assert "Traceback" not in result.output
    assert_nothing_installed(tmp_path)


def test_cli_fetch_defaults_to_the_official_model():
    defaults = {p.name: p.default for p in model_commands.commands["fetch"].params}
    assert defaults["url"] == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert defaults["size"] == 41_205_931
    assert defaults["sha256"] == "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"
    assert defaults["name"] == "vosk-model-small-en-us-0.15"
