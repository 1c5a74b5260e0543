"""`quizapp export ...`: packs written for other apps (Anki)."""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path

import click

from quizapp.cli.options import Context, common_options, pack_refs_option, tag_option
from quizapp.i18n import N_, _


@click.group()
def export() -> None:
    """Export packs to other apps."""


@export.command("anki")
@pack_refs_option
@tag_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help=N_("The .apkg file to write (replaced if it exists)."),
)
@click.option(
    "--with-progress",
    is_flag=True,
    help=N_(
        "Carry your quizapp review state (from --db) so cards keep their intervals in Anki; "
        "tick 'Import any learning progress' when importing. Default: cards arrive as new."
    ),
)
@functools.partial(
    common_options,
    lang_help=N_("Card language: en, zh-CN or both (default: both, one above the other)."),
)
@click.pass_obj
def export_anki(
    obj: Context, pack_refs: tuple[str, ...], tag: str | None, output: str, with_progress: bool
) -> None:
    """Write packs as an Anki package: one deck per pack, sub-decks per topic.

    --lang both (the default) puts every language of the pack on each card (en then
    zh-CN); --lang en or --lang zh-CN shows one. Importing a newer export into Anki updates
    the notes it made before and keeps their review history.
    """
    from datetime import UTC, datetime

    from quizapp.export.anki import export_anki as write_apkg
    from quizapp.export.selection import check_output, select_packs

    target = check_output(Path(output))
    packs, warnings = select_packs(pack_refs, obj.packs_dirs)
    for warning in warnings:
        click.echo(_("warning: {warning}").format(warning=warning), err=True)
    from quizapp.export.identity import memory_beside
    from quizapp.paths import default_db_path

    schedules = settings = None
    if with_progress:
        from quizapp.export.schedule import schedules_from
        from quizapp.services.cards import stored_progress

        stored = stored_progress(default_db_path(obj.db), packs)
        settings = stored.settings
        schedules = schedules_from(stored.cards, settings, stored.answers)
    total = sum(len(p.questions) for p in packs)
    show_bar = sys.stderr.isatty() and total >= 500
    with click.progressbar(
        length=total, label="Exporting", file=sys.stderr if show_bar else _Null()
    ) as bar:
        result = write_apkg(
            packs,
            target,
            now=datetime.now(UTC),
            lang=obj.lang,
            tag=tag,
            schedules=schedules,
            progress=bar.update,
            settings=settings,
            note_types=memory_beside(default_db_path(obj.db)),
        )
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(result.by_type.items()))
    wrote = _("Wrote {notes} notes ({kinds}) in {decks} deck(s) to {path}")
    if with_progress:
        wrote = _(
            "Wrote {notes} notes ({kinds}) in {decks} deck(s), {cards} card(s) with review "
            "state, to {path}"
        )
    click.echo(
        wrote.format(
            notes=result.notes,
            kinds=kinds,
            decks=result.decks,
            cards=result.with_progress,
            path=target,
        )
    )


class _Null(io.StringIO):
    """A file that swallows output: the progress bar stays silent off a terminal."""

    def write(self, text: str) -> int:
        return len(text)
