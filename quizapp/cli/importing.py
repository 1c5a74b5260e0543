"""`quizapp import anki`: an Anki deck (.apkg) becomes a pack, optionally with its history."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from quizapp.cli.options import Context, common_options
from quizapp.i18n import N_, _, ngettext

_MAX_WARNINGS = 20


@click.group("import")
def import_group() -> None:
    """Turn other apps' decks into packs."""


@import_group.command("anki")
@click.argument("deck", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    default=None,
    help=N_(
        "Pack folder to write (default: your packs folder, <data dir>/packs/<pack id>). "
        "An earlier import of the same deck there is replaced."
    ),
)
@click.option(
    "--with-progress",
    is_flag=True,
    help=N_(
        "Also bring Anki's review history into the database (--db), so each card keeps "
        "its schedule. Default: every question starts new."
    ),
)
@functools.partial(common_options, lang_help=N_("Language of the deck's text (default: en)."))
@click.pass_obj
def import_anki(obj: Context, deck: str, output: str | None, with_progress: bool) -> None:
    """Import an Anki deck as a pack: Basic (and reversed), typed and Cloze notes become
    flashcards (reversible), typed and cloze questions; other note types become flashcards
    from their first two fields. Importing a newer version of the deck updates the pack.
    """
    from datetime import UTC, datetime

    from quizapp.errors import QuizappError
    from quizapp.importer.anki.deck import import_deck
    from quizapp.packs.loader import load_pack
    from quizapp.packs.text import LANG_RE
    from quizapp.paths import default_db_path, user_packs_dir

    lang = obj.lang or "en"
    if not LANG_RE.match(lang):
        raise QuizappError(
            _("--lang {lang!r} is not a language tag such as en or zh-CN").format(lang=lang)
        )
    now = datetime.now(UTC)
    result = import_deck(
        Path(deck),
        user_packs_dir(),
        now=now,
        output=Path(output) if output else None,
        lang=lang,
        with_progress=with_progress,
    )
    for warning in result.warnings[:_MAX_WARNINGS]:
        click.echo(_("warning: {warning}").format(warning=warning), err=True)
    if len(result.warnings) > _MAX_WARNINGS:
        more = len(result.warnings) - _MAX_WARNINGS
        click.echo(_("warning: ... and {n} more").format(n=more), err=True)
    pack = load_pack(result.path)
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(result.by_type.items()))
    if result.reversible:
        kinds += _(", {n} reversible").format(n=result.reversible)
    click.echo(
        _(
            "Wrote pack '{pack}': {questions} questions ({kinds}), {media} media file(s), "
            "{skipped} note(s) skipped, to {path}"
        ).format(
            pack=result.pack_id,
            questions=result.questions,
            kinds=kinds,
            media=result.media,
            skipped=result.skipped,
            path=result.path,
        )
    )
    if pack.problems:
        for problem in pack.problems[:_MAX_WARNINGS]:
            click.echo(f"{problem.file}:{problem.line}: {problem.message}", err=True)
        raise QuizappError(
            ngettext(
                "the imported pack has {n} problem",
                "the imported pack has {n} problems",
                len(pack.problems),
            ).format(n=len(pack.problems))
        )
    if with_progress and result.tables is not None:
        from quizapp.importer.anki.progress import carry_progress

        db_path = default_db_path(obj.db)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        reviews, cards, kept = carry_progress(
            result.drafts, result.tables, result.path, db_path, now
        )
        done = _("Progress: {reviews} review(s) logged, {cards} card(s) scheduled")
        if kept:
            done = _(
                "Progress: {reviews} review(s) logged, {cards} card(s) scheduled; {kept} "
                "studied in quizapp since, kept"
            )
        click.echo(done.format(reviews=reviews, cards=cards, kept=kept))
