"""Which hosts count as private, what a failed listen says, and which requests reach the app."""

from __future__ import annotations

import errno

import pytest

from quizapp.errors import QuizappError
from quizapp.ui.web.address import (
    host_name,
    is_loopback,
    listen_error,
    request_allowed,
    resolve_host,
)


@pytest.mark.parametrize(
    ("addresses", "private"),
    [
        (["127.0.0.1"], True),
        (["127.0.0.1", "::1"], True),
        (["0.0.0.0"], False),
        (["::"], False),
        (["127.0.0.1", "192.168.1.20"], False),
        ([], False),
    ],
)
def test_only_loopback_addresses_are_private(addresses: list[str], private: bool) -> None:
    assert is_loopback(addresses) is private


def test_localhost_resolves_to_loopback_only() -> None:
    assert is_loopback(resolve_host("localhost", 8000))
    assert resolve_host("127.0.0.1", 8000) == ["127.0.0.1"]


def test_an_unknown_host_is_a_message() -> None:
    with pytest.raises(QuizappError, match=r"^cannot serve on host 'no-such-host\.invalid': "):
        resolve_host("no-such-host.invalid", 8000)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EADDRINUSE, "port 8000 on 127.0.0.1 is already in use"),
        (errno.EACCES, "no permission to listen on port 8000"),
        (errno.EADDRNOTAVAIL, "it is not an address of this machine"),
        (errno.ENETUNREACH, "cannot serve on 127.0.0.1:8000: "),
    ],
)
def test_listen_errors_say_what_to_do(code: int, words: str) -> None:
    message = str(listen_error(OSError(code, "system words"), "127.0.0.1", 8000))
    assert words in message


@pytest.mark.parametrize(
    ("header", "name"),
    [("127.0.0.1:8000", "127.0.0.1"), ("[::1]:8000", "::1"), ("LocalHost", "localhost")],
)
def test_host_name_drops_the_port(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    ("host", "origin", "loopback_only", "allowed"),
    [
        ("127.0.0.1:8000", None, True, True),  # typed in the address bar
        ("localhost:8000", "http://localhost:8000", True, True),  # the page's own WebSocket
        ("[::1]:8000", "http://[::1]:8000", True, True),
        ("127.0.0.2:8000", None, True, True),
        ("127.0.0.1:8000", "https://evil.example", True, False),  # another site's page
        ("127.0.0.1:8000", "null", True, False),  # a sandboxed frame or a file:// page
        ("127.0.0.1:8000", "http://127.0.0.1:9999", True, False),  # another local port
        ("evil.example:8000", "http://evil.example:8000", True, False),  # DNS rebinding
        ("evil.example:8000", None, True, False),
        ("laptop.lan:8000", "http://laptop.lan:8000", False, True),  # --host 0.0.0.0
        ("laptop.lan:8000", "http://evil.example", False, False),
    ],
)
def test_requests_from_other_sites_are_refused(
    host: str, origin: str | None, loopback_only: bool, allowed: bool
) -> None:
    assert request_allowed(host, origin, loopback_only=loopback_only) is allowed
