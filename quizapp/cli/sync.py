"""Progress between machines: `quizapp progress export/import FILE`, `quizapp sync DIR` and
`quizapp device` (docs/sync.md)."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli.options import Context, common_options
from quizapp.i18n import _, ngettext


@click.group("progress")
def progress_group() -> None:
    """Carry your review history to another machine as a file (docs/sync.md)."""


@progress_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@common_options
@click.pass_obj
def export_cmd(obj: Context, file: Path) -> None:
    """Write the review log, suspensions, burials and settings to FILE (JSON lines)."""
    from datetime import UTC, datetime

    from quizapp.paths import default_db_path
    from quizapp.services.progress import export_progress

    done = export_progress(default_db_path(obj.db), file, datetime.now(UTC))
    reviews, cards = done.counts.get("review", 0), done.counts.get("card", 0)
    click.echo(
        ngettext(
            "Wrote {file}: {n} review of {cards} questions (device {device}).",
            "Wrote {file}: {n} reviews of {cards} questions (device {device}).",
            reviews,
        ).format(file=file, n=reviews, cards=cards, device=done.device)
    )


@progress_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@common_options
@click.pass_obj
def import_cmd(obj: Context, file: Path) -> None:
    """Merge FILE into this database; answers already here are skipped, so importing twice
    changes nothing."""
    from datetime import UTC, datetime

    from quizapp.paths import default_db_path
    from quizapp.services.progress import describe_merge, import_progress

    done = import_progress(default_db_path(obj.db), file, datetime.now(UTC))
    for line in describe_merge(done):
        click.echo(line)


@click.command("sync")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@common_options
@click.pass_obj
def sync_cmd(obj: Context, folder: Path) -> None:
    """Merge the other machines' progress files in FOLDER, then write this machine's own.

    FOLDER is one you already keep in step between machines (Syncthing, a cloud drive, a git
    repository); quizapp runs no server.
    """
    from datetime import UTC, datetime

    from quizapp.paths import default_db_path
    from quizapp.services.progress import describe_merge, sync_folder

    done = sync_folder(default_db_path(obj.db), folder, datetime.now(UTC))
    for imported in done.merged:
        for line in describe_merge(imported):
            click.echo(line)
    if done.unchanged:
        n = len(done.unchanged)
        click.echo(
            ngettext(
                "{n} file unchanged since it was last merged.",
                "{n} files unchanged since they were last merged.",
                n,
            ).format(n=n)
        )
    for message in done.refused:
        click.echo(_("skipped: {message}").format(message=message), err=True)
    reviews = done.written.counts.get("review", 0)
    click.echo(
        ngettext("Wrote {name}: {n} review.", "Wrote {name}: {n} reviews.", reviews).format(
            name=done.written.path.name, n=reviews
        )
    )
    if done.refused:
        raise SystemExit(1)


@click.command("device")
@common_options
@click.pass_obj
def device_cmd(obj: Context) -> None:
    """Show this machine's id (every answer given here carries it) and the machines merged
    from."""
    from quizapp.paths import default_db_path
    from quizapp.services.progress import device_lines

    for line in device_lines(default_db_path(obj.db)):
        click.echo(line)
