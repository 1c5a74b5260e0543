"""The `quizapp` command line. Heavy modules load inside commands, so `--help` is instant.

The group and `main()` live here; each command group has its own module beside this one
(study.py, pack.py, export.py, importing.py, progress.py, serve.py, optimize.py, paths.py,
sync.py), imported only when its command runs (lazy.py lists them).
"""

from __future__ import annotations

import sys

import click

from quizapp import __version__
from quizapp.cli.options import Context, common_options
from quizapp.cli.translate import TranslatedGroup
from quizapp.errors import QuizappError
from quizapp.i18n import N_, _


@click.group(
    cls=TranslatedGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Interview-prep quizzes and flashcards in the terminal, scheduled with FSRS.\n\n"
        "Run without a command to open the study app."
    ),
)
@click.version_option(__version__, prog_name="quizapp")
@common_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """The `quizapp` group: opens the home screen when no command is given."""
    ctx.ensure_object(Context)
    if ctx.invoked_subcommand is None:
        study_cmd = cli.get_command(ctx, "study")
        if study_cmd is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(study_cmd, pack_refs=(), tag=None, home=True)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user errors become one-line messages, never tracebacks."""
    try:
        code = cli.main(args=argv, prog_name="quizapp", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(_("Aborted."), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except QuizappError as exc:
        click.echo(_("error: {message}").format(message=exc), err=True)
        sys.exit(1)
    except OSError as exc:  # a path the user gave: too long, through a file, unreadable, ...
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(_("error: {message}").format(message=f"{where}{exc.strerror or exc}"), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    if isinstance(code, int) and code:
        sys.exit(code)
