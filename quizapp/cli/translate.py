"""The command line in the interface language: ours and click's own strings.

click builds help texts when the commands are defined (at import, before any option is
read), so each command's and option's help is written in English with `N_()` and put into
the chosen language by `translate_tree` just before click parses and formats anything. The
group calls `choose_for_args` first: `--lang` anywhere on the line, else the `language`
setting in the database, else the system locale.

click translates its own words ("Usage:", "Error: ...") with gettext's module functions,
bound in each click module as `_` and `ngettext`; those are pointed at our catalog, which
lists the ones a user meets (CLICK_STRINGS, kept for the extraction; a test checks each is
still click's wording).
"""

from __future__ import annotations

import gettext
import inspect
import os
import sys
from collections.abc import Iterator, Sequence

import click

from quizapp import i18n
from quizapp.cli.lazy import LazyGroup
from quizapp.i18n import N_

CLICK_STRINGS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("file"),
    N_("directory"),
    N_("path"),
)


def click_plurals(n: int) -> list[str]:
    """click's messages with plural forms (written out so the extraction sees each pair)."""
    return [
        i18n.ngettext(
            "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n
        ),
        i18n.ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n),
        i18n.ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            n,
        ),
        i18n.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
    ]


def _args_value(args: Sequence[str], option: str) -> str | None:
    """The last value given to `option` (`--x V` or `--x=V`) before a lone `--`."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(option + "="):
            found = arg[len(option) + 1 :]
    return found


def choose_for_args(args: Sequence[str]) -> str:
    """Set the interface language for a command line; returns it."""
    lang = _args_value(args, "--lang")
    setting = None
    if i18n.normalise(lang) is None:
        from quizapp.paths import default_db_path
        from quizapp.store.peek import peek_setting

        value = peek_setting(default_db_path(_args_value(args, "--db")), "language")
        setting = value if isinstance(value, str) else None
    chosen = i18n.set_language(i18n.choose_language(lang, setting, os.environ))
    _point_click_at_catalog()
    return chosen


def _point_click_at_catalog() -> None:
    for name, module in list(sys.modules.items()):
        if not name.startswith("click") or module is None:
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = i18n._  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def _walk(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _walk(sub)


def translate_tree(root: click.Command) -> None:
    """Every command's and option's help in the current language (the English written in
    the code is kept aside, so a later language change starts from it again)."""
    for command in _walk(root):
        # click builds --help's option once, with its help already translated: build it anew
        command._help_option = None
        for holder in (command, *command.params):
            source = holder.__dict__.setdefault("_help_source", getattr(holder, "help", None))
            if isinstance(source, str) and source:
                # a docstring (its indentation removed, as click does) or an N_() text
                text = inspect.cleandoc(source).split("\f")[0].strip()
                setattr(holder, "help", i18n._(text))  # noqa: B010 (Parameter has no help)


class TranslatedGroup(LazyGroup):
    """The root group: chooses the language from the whole command line, then translates
    itself and each command as it is imported."""

    def loaded(self, command: click.Command) -> None:
        translate_tree(command)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: object,
    ) -> click.Context:
        if parent is None:
            choose_for_args(args)
            translate_tree(self)
        return super().make_context(info_name, args, parent, **extra)
