"""A click group whose commands are imported when first asked for.

`quizapp study` is the command a learner runs most, and the start-up time to the first
question is a feature: importing every command module (their options, their services)
before parsing cost more than the study command's own imports. `--help` and the
completion list still see every command, by name, from `LAZY_COMMANDS`.
"""

from __future__ import annotations

import importlib

import click

LAZY_COMMANDS = {
    "study": "study:study",
    "quiz": "study:quiz",
    "interview": "interview:interview",
    "pack": "pack:pack",
    "export": "export:export",
    "import": "importing:import_group",
    "stats": "progress:stats",
    "settings": "progress:settings_cmd",
    "suspended": "progress:suspended_cmd",
    "unsuspend": "progress:unsuspend_cmd",
    "unbury": "progress:unbury_cmd",
    "serve": "serve:serve",
    "optimize": "optimize:optimize",
    "paths": "paths:paths_cmd",
    "progress": "sync:progress_group",
    "sync": "sync:sync_cmd",
    "device": "sync:device_cmd",
}
"""Command name -> `module:attribute` in quizapp.cli."""


class LazyGroup(click.Group):
    """Looks commands up in LAZY_COMMANDS, imports each once and keeps it in `commands`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            module = importlib.import_module(f"quizapp.cli.{module_name}")
            found = getattr(module, attribute)
            assert isinstance(found, click.Command) and found.name == cmd_name
            self.add_command(found)
            self.loaded(found)
        return found

    def loaded(self, command: click.Command) -> None:
        """Called once for each command as it is imported (the root translates it)."""

    def load_all(self) -> list[click.Command]:
        """Every command, imported (for walks over the whole tree, such as tests)."""
        with click.Context(self) as ctx:
            found = (self.get_command(ctx, name) for name in self.list_commands(ctx))
            return [command for command in found if command is not None]
