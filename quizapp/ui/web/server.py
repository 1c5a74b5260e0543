"""The textual-serve server behind `quizapp serve`, made to work offline and stay private.

textual-serve runs one app process per browser tab. Its page fetches the Roboto Mono font
from Google Fonts and hard-codes the server's own address into the page; this server's
page (index.html beside this module) takes the font from the fonts textual-serve ships and
works out the WebSocket address in the browser, so it needs no internet and works through
any name or tunnel that reaches it. A guard refuses requests from other sites' pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from quizapp.ui.web.address import listen_error, request_allowed

TEMPLATES = Path(__file__).resolve().parent
SHUTDOWN_SECONDS = 3.0
"""How long open browser sessions get to close their app before the server stops."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class QuizServer(Server):
    """textual-serve's server with a local-only page, a request guard and no banner."""

    def __init__(self, command: str, host: str, port: int, *, loopback_only: bool) -> None:
        super().__init__(command, host=host, port=port, title="quizapp", templates_path=TEMPLATES)
        self.loopback_only = loopback_only
        self.sockets: set[web.WebSocketResponse] = set()
        """Open browser sessions, closed on shutdown so each app quits at once."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse pages of other sites (and DNS-rebound names) before they reach the app."""
        origin = request.headers.get("Origin")
        if not request_allowed(request.host, origin, loopback_only=self.loopback_only):
            logging.getLogger("quizapp.serve").warning(
                "refused a request for %s from origin %s", request.host, origin or "(none)"
            )
            raise web.HTTPForbidden(text="quizapp serve: this page may not use the app\n")
        return await handler(request)

    async def on_startup(self, app: web.Application) -> None:
        """The CLI prints its own line once the port is open (textual-serve prints a logo)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every browser session: its app gets a quit and exits before the server does."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser session: an app process fed by this WebSocket (textual-serve's own
        handler, plus the record of open sessions that shutdown needs)."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _cells(request.query.get("width"), 80)
        height = _cells(request.query.get("height"), 24)
        await websocket.prepare(request)
        self.sockets.add(websocket)

        async def close() -> None:
            await websocket.close()

        app_service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        try:
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        finally:
            self.sockets.discard(websocket)
            await app_service.stop()
            await websocket.close()
        return websocket

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page: every URL in it is relative to the server it came from."""
        font_size = request.query.get("fontsize", "16")
        return {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "static_url": str(request.app.router["static"].url_for(filename="/")),
            "websocket_path": str(request.app.router["websocket"].url_for()),
        }


def serve(
    command: str,
    host: str,
    port: int,
    *,
    loopback_only: bool,
    on_ready: Callable[[list[str]], None],
) -> None:
    """Serve `command` (the app's command line) until Ctrl+C or SIGTERM.

    `on_ready` gets the URLs once the port is open (with the real port when `port` is 0).
    A port that cannot be opened raises QuizappError with the reason in plain words.
    """
    server = QuizServer(command, host, port, loopback_only=loopback_only)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(server, on_ready))


async def _run(server: QuizServer, on_ready: Callable[[list[str]], None]) -> None:
    runner = web.AppRunner(
        await server._make_app(), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS
    )
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, server.host, server.port).start()
        except OSError as exc:
            raise listen_error(exc, server.host, server.port) from exc
        on_ready([_url(address) for address in runner.addresses])
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C raises instead
                loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


def _cells(value: str | None, default: int) -> int:
    """A terminal size from the page's query string (the page may send anything)."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 10_000 else default


def _url(address: Any) -> str:
    """'http://HOST:PORT/' for a bound socket address (IPv6 hosts in brackets)."""
    host, port = str(address[0]), int(address[1])
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
