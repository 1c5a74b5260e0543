"""Commands on your progress kept in the database: stats, settings, suspended, unsuspend,
unbury."""

from __future__ import annotations

import json
from typing import TypedDict

import click

from quizapp.cli.options import Context, common_options, pack_ids_option
from quizapp.i18n import N_, _, ngettext


@click.command("stats")
@pack_ids_option()
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3650))
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@common_options
@click.pass_obj
def stats(obj: Context, pack_ids: list[str], days: int, as_json: bool) -> None:
    """Counts, streaks, reviews per day, true retention, the due forecast, the weakest."""
    from quizapp.i18n import language
    from quizapp.packs.discovery import load_all
    from quizapp.paths import default_db_path
    from quizapp.services.stats import collect_stats, prompts_of, question_types
    from quizapp.services.stats_text import format_stats
    from quizapp.services.study import utc_now  # the app's clock, which tests set

    chosen = pack_ids or None
    packs = load_all(obj.packs_dirs)
    types = question_types(packs)  # true retention by type
    data = collect_stats(
        default_db_path(obj.db), utc_now(), pack_ids=chosen, days=days, types=types
    )
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    weakest = [row["key"] for row in data["weakest"]]
    click.echo(format_stats(data, prompts_of(packs, weakest, obj.lang or language())))


@click.command("settings")
@click.argument("assignments", nargs=-1, metavar="[KEY=VALUE]...")
@click.option("--reset", is_flag=True, help=N_("Restore every setting to its default first."))
@common_options
@click.pass_obj
def settings_cmd(obj: Context, assignments: tuple[str, ...], reset: bool) -> None:
    """Show or change the scheduling settings kept in the database.

    Example: `quizapp settings new_per_day=30 desired_retention=0.85`. See
    docs/scheduling.md for what each one does.
    """
    from quizapp.paths import default_db_path
    from quizapp.services.settings import format_settings, update_settings
    from quizapp.services.study import utc_now  # the app's clock, which tests set

    updated = update_settings(default_db_path(obj.db), list(assignments), utc_now(), reset=reset)
    click.echo(format_settings(updated))


# -- suspended questions -------------------------------------------------------------------
class SuspendedRow(TypedDict):
    """One line of `quizapp suspended` (and one object of its --json)."""

    key: str
    leech: bool
    lapses: int
    prompt: str


@click.command("suspended")
@pack_ids_option()
@click.option("--tag", default=None, help=N_("Only questions carrying this tag (leech: leeches)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@common_options
@click.pass_obj
def suspended_cmd(obj: Context, pack_ids: list[str], tag: str | None, as_json: bool) -> None:
    """List the questions taken out of study: suspended by you, or as leeches."""
    from quizapp.domain.text import prompt_line
    from quizapp.packs.directions import study_questions
    from quizapp.packs.discovery import load_all
    from quizapp.paths import default_db_path
    from quizapp.services.cards import list_suspended

    cards = list_suspended(default_db_path(obj.db), pack_ids=pack_ids, tag=tag)
    loaded = load_all(obj.packs_dirs) if cards else []
    questions = {q.key: q for p in loaded for q in study_questions(p.questions)}
    rows: list[SuspendedRow] = []
    for card in cards:
        question = questions.get(str(card.key))
        prompt = question.text(obj.lang or "", ("en",)).prompt if question else ""
        rows.append(
            {
                "key": str(card.key),
                "leech": card.leech,
                "lapses": card.state.lapses,
                "prompt": prompt_line(prompt),
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo(_("No suspended questions: everything is in study."))
        return
    width = max(len(r["key"]) for r in rows)
    for r in rows:
        if r["leech"]:
            why = ngettext("leech, {n} lapse", "leech, {n} lapses", r["lapses"])
        else:
            why = _("suspended")
        click.echo(f"{r['key']:<{width}}  {why.format(n=r['lapses']):<16}  {r['prompt']}")
    click.echo(
        ngettext(
            "{n} suspended. Put one back with `quizapp unsuspend PACK/ID`, or all of these "
            "with `quizapp unsuspend --all` (same --pack/--tag).",
            "{n} suspended. Put one back with `quizapp unsuspend PACK/ID`, or all of these "
            "with `quizapp unsuspend --all` (same --pack/--tag).",
            len(rows),
        ).format(n=len(rows))
    )


@click.command("unsuspend")
@click.argument("keys", nargs=-1, metavar="[PACK/ID]...")
@click.option("--all", "every", is_flag=True, help=N_("Every suspended question in scope."))
@pack_ids_option(N_("With --all: only this pack (an id or a folder)."))
@click.option("--tag", default=None, help=N_("With --all: only questions carrying this tag."))
@common_options
@click.pass_obj
def unsuspend_cmd(
    obj: Context, keys: tuple[str, ...], every: bool, pack_ids: list[str], tag: str | None
) -> None:
    """Put suspended questions back into study (their history and lapses are kept)."""
    from quizapp.paths import default_db_path
    from quizapp.services.cards import list_suspended, unsuspend
    from quizapp.services.study import utc_now  # the app's clock, which tests set

    if every == bool(keys):
        if every:
            raise click.UsageError(
                _("give PACK/ID keys (see `quizapp suspended`) or --all, not both")
            )
        raise click.UsageError(_("give PACK/ID keys (see `quizapp suspended`) or --all"))
    if (pack_ids or tag) and not every:
        raise click.UsageError(_("--pack and --tag go with --all"))
    db_path = default_db_path(obj.db)
    if every:
        chosen = list_suspended(db_path, pack_ids=pack_ids, tag=tag)
        keys = tuple(str(c.key) for c in chosen)
        if not keys:
            click.echo(_("No suspended questions: everything is in study."))
            return
    done = unsuspend(db_path, keys, utc_now())
    click.echo(
        ngettext("Back in study: {n} question.", "Back in study: {n} questions.", len(done)).format(
            n=len(done)
        )
    )


@click.command("unbury")
@click.argument("keys", nargs=-1, metavar="[PACK/ID]...")
@pack_ids_option(N_("Without keys: only this pack (an id or a folder)."))
@common_options
@click.pass_obj
def unbury_cmd(obj: Context, keys: tuple[str, ...], pack_ids: list[str]) -> None:
    """Show buried questions again today (all of them, or the PACK/ID keys given)."""
    from quizapp.paths import default_db_path
    from quizapp.services.cards import unbury
    from quizapp.services.study import utc_now  # the app's clock, which tests set

    if keys and pack_ids:
        raise click.UsageError(_("--pack goes without keys"))
    done = unbury(default_db_path(obj.db), utc_now(), keys, pack_ids=pack_ids)
    if not done:
        click.echo(_("No buried questions."))
        return
    click.echo(
        ngettext(
            "Back in today's study: {n} question.",
            "Back in today's study: {n} questions.",
            len(done),
        ).format(n=len(done))
    )
