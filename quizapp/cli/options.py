"""Options shared by the commands: `--db`, `--packs-dir`, `--lang`, `--pack`, `--tag`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from quizapp.i18n import N_

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options shared by every command (set on the group or on the command)."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.packs_dirs: list[str] = []
        self.lang: str | None = None


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    obj = ctx.ensure_object(Context)
    if param.name == "packs_dirs" and value:
        obj.packs_dirs.extend(v for v in value if v not in obj.packs_dirs)
    elif param.name == "db" and value is not None:  # '' too: default_db_path refuses it
        obj.db = value
    elif param.name == "lang" and value:
        obj.lang = value
    return value


LANG_HELP = N_(
    "Language of the interface and the packs, en or zh-CN (default: the language setting, "
    "then the system locale; a pack without it opens in its first language)."
)


def common_options(func: F, lang_help: str = LANG_HELP) -> F:
    """`--db`, `--packs-dir`, `--lang`: accepted on the group and on each command."""
    func = click.option(
        "--lang",
        default=None,
        expose_value=False,
        callback=_remember,
        help=lang_help,
    )(func)
    func = click.option(
        "--packs-dir",
        "packs_dirs",
        multiple=True,
        expose_value=False,
        callback=_remember,
        type=click.Path(file_okay=False),
        help=N_("Also look for packs here (repeatable)."),
    )(func)
    func = click.option(
        "--db",
        default=None,
        expose_value=False,
        callback=_remember,
        type=click.Path(dir_okay=False),
        help=N_("Database file (default: $QUIZAPP_DB or the user data dir)."),
    )(func)
    return func


pack_refs_option = click.option(
    "--pack",
    "pack_refs",
    multiple=True,
    metavar="PACK",
    help=N_("Only this pack: an id or a folder (repeatable). Default: every installed pack."),
)
"""`--pack` for the commands that load packs (study, quiz, export)."""
tag_option = click.option("--tag", default=None, help=N_("Only questions carrying this tag."))


def _to_pack_ids(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    from quizapp.packs.discovery import pack_ids_of

    return pack_ids_of(value)


def pack_ids_option(
    help: str = N_("Only this pack: an id or a folder (repeatable)."),
) -> Callable[[F], F]:
    """`--pack` for the commands that read the database (stats, suspended, unsuspend): a
    folder is turned into the id it holds, so each command gets ids."""
    return click.option("--pack", "pack_ids", multiple=True, callback=_to_pack_ids, help=help)
