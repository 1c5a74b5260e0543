"""`quizapp paths`: where the database, backups and packs are, for backing up, resetting or
adding a pack without knowing platformdirs."""

from __future__ import annotations

import json

import click

from quizapp.cli.options import Context, common_options
from quizapp.i18n import N_, _
from quizapp.i18n.cells import pad

LABELS = {
    "database": N_("Database (progress and settings)"),
    "backups": N_("Backups (made before upgrades)"),
    "user_packs": N_("Your packs folder"),
    "shipped_packs": N_("Shipped packs"),
    "cache": N_("Pack cache (safe to delete)"),
}


@click.command("paths")
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@common_options
@click.pass_obj
def paths_cmd(obj: Context, as_json: bool) -> None:
    """Print where quizapp keeps your data: database, backups, packs folder, cache."""
    from rich.cells import cell_len

    from quizapp.paths import default_db_path, locations

    found = locations(default_db_path(obj.db))
    if as_json:
        data = {
            key: [str(p) for p in value] if isinstance(value, list) else value and str(value)
            for key, value in found.items()
        }
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    labels = {key: _(label) + ":" for key, label in LABELS.items()}
    width = max(cell_len(label) for label in labels.values())
    for key, value in found.items():
        if isinstance(value, list):
            shown = ", ".join(str(p) for p in value) or _("none yet")
        else:
            shown = str(value) if value is not None else _("none (not in this install)")
            if key in ("database", "user_packs") and value is not None and not value.exists():
                shown += "  " + _("(not created yet)")
        label = labels[key]
        click.echo(f"{pad(label, width)} {shown}")
