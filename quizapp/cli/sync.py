"""Progress between machines: `quizapp progress export/import FILE`, `quizapp sync DIR` and
`quizapp device` (docs/sync.md)."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli.options import Context, common_options


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
    click.echo(f"Wrote {file}: {reviews} reviews of {cards} questions (device {done.device}).")


@progress_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@common_options
@click.pass_obj
def import_cmd(obj: Context, file: Path) -> None:
    """Merge FILE into this database: reviews already here are skipped, so importing twice
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
    """Merge every other device's progress file in FOLDER and write this device's own.

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
        click.echo(f"{len(done.unchanged)} file(s) unchanged since the last merge.")
    for message in done.refused:
        click.echo(f"skipped: {message}", err=True)
    reviews = done.written.counts.get("review", 0)
    click.echo(f"Wrote {done.written.path.name}: {reviews} reviews.")
    if done.refused:
        raise SystemExit(1)


@click.command("device")
@common_options
@click.pass_obj
def device_cmd(obj: Context) -> None:
    """This device's id (carried by every answer given here) and the devices merged from."""
    from quizapp.paths import default_db_path
    from quizapp.services.progress import device_lines

    for line in device_lines(default_db_path(obj.db)):
        click.echo(line)
