"""`quizapp serve` from the shell: clear errors, the warning off localhost, a local-only page."""

from __future__ import annotations

import os
import re
import shlex
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.cli.options import Context
from quizapp.cli.serve import app_command
from tests.cli_helpers import run
from tests.web.served import served

TIMEOUT = 30


def test_a_port_in_use_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(["serve", "--port", str(port)], capsys)
    assert code == 1
    assert err == (
        f"error: port {port} on 127.0.0.1 is already in use (another quizapp serve?); "
        "choose another with --port\n"
    )
    assert out == ""


def test_an_unknown_host_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["serve", "--host", "no-such-host.invalid"], capsys)
    assert code == 1
    assert err.startswith("error: cannot serve on host 'no-such-host.invalid': ")
    assert err.count("\n") == 1 and "Traceback" not in out + err


def test_a_database_it_cannot_use_is_said_once_at_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n" * 20, encoding="utf-8")
    code, out, err = run(["serve", "--port", "0", "--db", str(notes)], capsys)
    assert code == 1
    assert err.startswith(f"error: {notes}: is not a quizapp database (not an SQLite file)")
    assert err.count("\n") == 1
    assert out == ""


def test_an_empty_host_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["serve", "--host", " "], capsys)
    assert code == 2
    assert "Invalid value for '--host'" in err


def test_any_other_host_warns_that_anyone_can_use_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "quiz.db"
    with socket.socket() as taken:  # bound, never listening: the server fails before it serves
        taken.bind(("0.0.0.0", 0))
        port = taken.getsockname()[1]
        code, _, err = run(
            ["serve", "--host", "0.0.0.0", "--port", str(port), "--db", str(db)], capsys
        )
    warning, error = err.splitlines()
    assert warning.startswith(f"warning: serving on 0.0.0.0: anyone who can reach port {port} ")
    assert str(db) in warning and "database" in warning
    assert error.startswith(f"error: port {port} on 0.0.0.0 is already in use")
    assert code == 1


def test_localhost_serves_without_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _, _, err = run(["serve", "--host", "localhost", "--port", str(port)], capsys)
    assert "warning" not in err


def test_each_tab_runs_the_terminal_app_with_the_same_options() -> None:
    context = Context()
    context.db = "my quiz.db"
    context.packs_dirs = ["packs"]
    context.lang = "zh-CN"
    assert shlex.split(app_command(context)) == [
        sys.executable,
        "-m",
        "quizapp",
        "--db",
        os.path.abspath("my quiz.db"),
        "--packs-dir",
        os.path.abspath("packs"),
        "--lang",
        "zh-CN",
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for the page checks (no browser tab opens, so no app process starts)."""
    data = tmp_path_factory.mktemp("serve-data")
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(data)}
    env.pop("QUIZAPP_DB", None)
    with served(["--db", str(data / "quiz.db")], env) as url:
        yield url


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_page_loads_everything_from_the_server(server: str) -> None:
    status, body = fetch(server)
    page = body.decode("utf-8")
    assert status == 200
    links = re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', page)
    urls = [a or b for a, b in links]
    assert {u.rsplit("/", 1)[-1] for u in urls} >= {
        "xterm.css",
        "textual.js",
        "RobotoMono-VariableFont_wght.ttf",
        "RobotoMono-Italic-VariableFont_wght.ttf",
    }
    for url in urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/"), f"{url} does not come from this server"
        status, content = fetch(server.rstrip("/") + url)
        assert (status, len(content) > 1000) == (200, True), url
    assert not re.search(r"https?://", page)  # no font, script or style from elsewhere


def test_other_sites_pages_are_refused(server: str) -> None:
    port = server.rstrip("/").rsplit(":", 1)[1]
    websocket = server + "ws"
    assert fetch(server, {"Host": f"evil.example:{port}"})[0] == 403
    assert fetch(websocket, {"Origin": "https://evil.example"})[0] == 403
    assert fetch(server, {"Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert fetch(websocket, {"Origin": f"http://127.0.0.1:{port}"})[0] == 400  # not an upgrade
