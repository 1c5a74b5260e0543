"""Where the web server listens, and which browser requests it answers.

Plain socket and URL logic, no web framework: the CLI checks the host before anything
heavy loads, and the rules are tested without a server.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from quizapp.errors import QuizappError
from quizapp.i18n import _

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names a browser on this machine uses for a loopback server."""


def resolve_host(host: str, port: int) -> list[str]:
    """The IP addresses `host` names, or a one-line error when it names none."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        why = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
        raise QuizappError(
            _("cannot serve on host {host!r}: {why}").format(host=host, why=why)
        ) from exc
    return sorted({str(info[4][0]) for info in infos})


def is_loopback(addresses: list[str]) -> bool:
    """True when every address is reachable from this machine only."""
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def listen_error(exc: OSError, host: str, port: int) -> QuizappError:
    """Why the server could not listen on host:port, in the user's words."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        return QuizappError(
            _(
                "port {port} on {host} is already in use (another quizapp serve?); choose "
                "another with --port"
            ).format(port=port, host=host)
        )
    if exc.errno == errno.EACCES:
        return QuizappError(
            _("no permission to listen on port {port}; use a port above 1023").format(port=port)
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return QuizappError(
            _("cannot serve on host {host!r}: it is not an address of this machine").format(
                host=host
            )
        )
    return QuizappError(
        _("cannot serve on {host}:{port}: {error}").format(
            host=host, port=port, error=exc.strerror or exc
        )
    )


def host_name(host_header: str) -> str:
    """The name part of an HTTP Host header ('[::1]:8000' -> '::1', 'a.b:80' -> 'a.b')."""
    return (urlsplit(f"//{host_header}").hostname or "").lower()


def request_allowed(host_header: str, origin: str | None, *, loopback_only: bool) -> bool:
    """Whether a request may reach the app (and so the database).

    A page on another site can open a WebSocket to a local port; browsers always send its
    Origin, so the origin must be this server's own. A loopback server also answers only
    loopback names, so a site whose DNS name is rebound to 127.0.0.1 is refused too.
    """
    if loopback_only and not _is_loopback_name(host_name(host_header)):
        return False
    if origin is None:  # typed in the address bar, or not a browser
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()


def _is_loopback_name(name: str) -> bool:
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
