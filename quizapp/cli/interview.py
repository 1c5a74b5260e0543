"""`quizapp interview`: a timed mock interview, and `--history` of the saved reports."""

from __future__ import annotations

import json

import click

from quizapp.cli.options import Context, common_options, pack_refs_option, tag_option
from quizapp.gc_pause import paused_for_startup
from quizapp.i18n import N_, _


@click.command("interview")
@pack_refs_option
@tag_option
@click.option(
    "-n",
    "--count",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    help=N_("How many questions."),
)
@click.option(
    "--time",
    "time_text",
    default="20m",
    show_default=True,
    metavar="DURATION",
    help=N_("Time allowed, e.g. 20m, 90s, 1h30m; the interview ends when it is used."),
)
@click.option(
    "--history", is_flag=True, help=N_("List the saved reports with their scores instead.")
)
@click.option("--json", "as_json", is_flag=True, help=N_("With --history: print as JSON."))
@common_options
@click.pass_obj
def interview(
    obj: Context,
    pack_refs: tuple[str, ...],
    tag: str | None,
    count: int,
    time_text: str,
    history: bool,
    as_json: bool,
) -> None:
    """Rehearse an interview: a timed set across the pack's topics and types.

    No feedback until the end, as in an interview; then a report (score overall, by tag and
    by type, time per question, every miss with its answer and explanation) that is saved
    in the database. In the report, m sends the misses into study.
    """
    if history:
        _print_history(obj, as_json)
        return
    with paused_for_startup():
        from quizapp.cli.study import run_app
        from quizapp.services.interview import parse_duration
        from quizapp.ui.factory import create_app
        from quizapp.ui.plans import InterviewPlan

        plan = InterviewPlan(count=count, allowed=parse_duration(time_text))
        app = create_app(obj.db, obj.packs_dirs, pack_refs, tag=tag, lang=obj.lang, interview=plan)
        run_app(app)


def _print_history(obj: Context, as_json: bool) -> None:
    from quizapp.paths import default_db_path
    from quizapp.services.interview import interview_history, score_text

    past = interview_history(default_db_path(obj.db))
    if as_json:
        click.echo(json.dumps([p.to_json() for p in past], ensure_ascii=False))
        return
    if not past:
        click.echo(_("No interviews yet: `quizapp interview` starts one."))
        return
    for p in past:
        click.echo(
            _("{when}  {score} ({percent}%)  {answered} of {planned} answered in {time}  {scope}")
            .format(
                when=p.when_text(),
                score=score_text(p.points, p.planned),
                percent=p.percent,
                answered=p.answered,
                planned=p.planned,
                time=p.time_text(),
                scope=p.scope,
            )
            .rstrip()
        )
