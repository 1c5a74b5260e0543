"""`quizapp serve`: the study app in a web browser. textual-serve loads inside the command."""

from __future__ import annotations

import os
import sys

import click

from quizapp.cli.options import Context, common_options
from quizapp.i18n import N_, _


def _host(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.strip():
        raise click.BadParameter(_("give an address or a name, e.g. 127.0.0.1"))
    return value.strip()


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    callback=_host,
    help=N_(
        "Address to listen on. Any other than this machine's own (127.0.0.1, localhost) "
        "lets other machines use the app."
    ),
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help=N_("Port to listen on (0: any free port)."),
)
@common_options
@click.pass_obj
def serve(obj: Context, host: str, port: int) -> None:
    """Serve the study app to a web browser, on this machine only by default.

    Each browser tab runs its own session of the app, as `quizapp` would in a terminal,
    on the same database, packs and language (--db, --packs-dir, --lang). Everything the
    page needs comes from this server: no internet. Ctrl+C stops it.
    """
    from quizapp.paths import default_db_path
    from quizapp.services.study import check_database
    from quizapp.ui.web.address import is_loopback, resolve_host

    loopback = is_loopback(resolve_host(host, port))
    db_path = default_db_path(obj.db)
    check_database(db_path)
    if not loopback:
        click.echo(
            _(
                "warning: serving on {host}: anyone who can reach port {port} of this machine "
                "can use quizapp, and read and change its database ({path}). To keep it "
                "private, serve on 127.0.0.1 (the default) and reach it through an SSH tunnel."
            ).format(host=host, port=port, path=db_path),
            err=True,
        )
    from quizapp.ui.web.server import serve as run_server

    def ready(urls: list[str]) -> None:
        click.echo(
            _("quizapp: open {urls} in a web browser (Ctrl+C stops)").format(
                urls=_(" or ").join(urls)
            )
        )

    run_server(app_command(obj), host, port, loopback_only=loopback, on_ready=ready)


def app_command(obj: Context) -> str:
    """The shell command of the terminal app with this command's options, for each tab."""
    import shlex
    import subprocess

    args = [sys.executable, "-m", "quizapp"]
    if obj.db:
        args += ["--db", os.path.abspath(obj.db)]
    for folder in obj.packs_dirs:
        args += ["--packs-dir", os.path.abspath(folder)]
    if obj.lang:
        args += ["--lang", obj.lang]
    return subprocess.list2cmdline(args) if os.name == "nt" else shlex.join(args)
