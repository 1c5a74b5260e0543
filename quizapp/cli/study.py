"""`quizapp study` and `quizapp quiz`: the two ways into the app."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from quizapp.cli.options import Context, common_options, pack_refs_option, tag_option
from quizapp.errors import QuizappError
from quizapp.gc_pause import paused_for_startup
from quizapp.i18n import N_, _

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp


def require_terminal() -> None:
    """Refuse before opening the database when there is no terminal to draw on: without one the
    app would wait forever for keys (`quizapp study </dev/null >out`) or fail on a closed
    stdin. textual-serve's tabs (`quizapp serve`) set TEXTUAL_DRIVER and draw in a browser."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    for name, stream in ((N_("standard input"), sys.stdin), (N_("standard output"), sys.stdout)):
        try:
            ok = stream is not None and stream.isatty()
        except (ValueError, OSError):  # closed
            ok = False
        if not ok:
            raise QuizappError(
                _(
                    "the study app needs a terminal, and {stream} is not one; run it in a "
                    "terminal, or `quizapp serve` to use it in a web browser"
                ).format(stream=_(name))
            )


def run_app(app: QuizApp) -> None:
    """Run the app; a user error met inside it is printed as one line, and any failure exits
    non-zero (Textual itself returns normally after showing a crash)."""
    require_terminal()
    app.run()
    if app.error:
        raise QuizappError(app.error)
    if app.return_code:
        sys.exit(app.return_code)


@click.command("study")
@pack_refs_option
@tag_option
@click.option(
    "--home",
    is_flag=True,
    help=N_(
        "Open on the home screen (packs and counts) instead of "
        "the first question; bare `quizapp` does this."
    ),
)
@click.option(
    "--extra-new",
    type=click.IntRange(0, 10_000),
    default=0,
    metavar="N",
    help=N_("Study up to N more new questions than today's new_per_day limit."),
)
@common_options
@click.pass_obj
def study(
    obj: Context, pack_refs: tuple[str, ...], tag: str | None, home: bool, extra_new: int
) -> None:
    """Study what is due now, one question at a time (q goes back to the home screen)."""
    with paused_for_startup():
        from quizapp.ui.factory import create_app

        app = create_app(
            obj.db,
            obj.packs_dirs,
            pack_refs,
            tag=tag,
            lang=obj.lang,
            study_now=not home,
            extra_new=extra_new,
        )
        run_app(app)


# -- quiz --------------------------------------------------------------------------------
@click.command("quiz")
@pack_refs_option
@tag_option
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help=N_(
        "Only this question type (repeatable): flashcard, choice, typed, cloze, order, diagram."
    ),
)
@click.option(
    "-n",
    "--count",
    type=click.IntRange(min=1),
    default=None,
    help=N_("How many questions (default: 20; with --in-order, all of them)."),
)
@click.option(
    "--in-order",
    is_flag=True,
    help=N_("Ask in pack file order instead of at random (for pack authors)."),
)
@click.option("--seed", type=int, default=None, hidden=True)
@common_options
@click.pass_obj
def quiz(
    obj: Context,
    pack_refs: tuple[str, ...],
    tag: str | None,
    types: tuple[str, ...],
    count: int | None,
    in_order: bool,
    seed: int | None,
) -> None:
    """Practice questions now, whatever their due dates; the schedule is not touched.

    Random questions (or every one in file order with --in-order), scored as you go, with
    the misses listed at the end. Nothing is read from or written to the database, so
    suspended and buried questions are asked too.
    """
    with paused_for_startup():
        from quizapp.ui.factory import create_app
        from quizapp.ui.plans import QuizPlan

        plan = QuizPlan(types=types, count=count, in_order=in_order)
        app = create_app(
            obj.db, obj.packs_dirs, pack_refs, tag=tag, lang=obj.lang, seed=seed, quiz=plan
        )
        run_app(app)
    if app.quiz_now is not None and app.quiz_now.answered:  # the score stays in the terminal
        total = app.quiz_now.tally()
        click.echo(
            _(
                "Quiz: {score} ({right} right, {partly} partly, {wrong} wrong); your schedule "
                "was not changed."
            ).format(score=total.score, right=total.right, partly=total.partly, wrong=total.wrong)
        )
