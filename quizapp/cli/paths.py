"""`quizapp paths`: where the database, backups and packs are, for backing up, resetting or
adding a pack without knowing platformdirs."""

from __future__ import annotations

import json

import click

from quizapp.cli.options import Context, common_options

LABELS = {
    "database": "Database (progress and settings)",
    "backups": "Backups (made before upgrades)",
    "user_packs": "Your packs folder",
    "shipped_packs": "Shipped packs",
    "cache": "Pack cache (safe to delete)",
}


@click.command("paths")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@common_options
@click.pass_obj
def paths_cmd(obj: Context, as_json: bool) -> None:
    """Print where quizapp keeps your data: database, backups, packs folder, cache."""
    from quizapp.paths import default_db_path, locations

    found = locations(default_db_path(obj.db))
    if as_json:
        data = {
            key: [str(p) for p in value] if isinstance(value, list) else value and str(value)
            for key, value in found.items()
        }
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    width = max(len(label) for label in LABELS.values())
    for key, value in found.items():
        if isinstance(value, list):
            shown = ", ".join(str(p) for p in value) or "none yet"
        else:
            shown = str(value) if value is not None else "none (not in this install)"
            if key in ("database", "user_packs") and value is not None and not value.exists():
                shown += "  (not created yet)"
        click.echo(f"{LABELS[key] + ':':<{width + 1}} {shown}")
