"""`quizapp pack ...`: create, validate, list and preview content packs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from quizapp.cli.options import Context, common_options
from quizapp.errors import QuizappError
from quizapp.i18n import N_, _, ngettext


@click.group()
def pack() -> None:
    """Create, validate, list and preview content packs."""


@pack.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help=N_("Print the report as JSON."))
@common_options
def pack_check(paths: tuple[str, ...], as_json: bool) -> None:
    """Validate packs; print each problem as file:line: message. Exit 1 on any error.

    Each PATH is a pack folder or a folder of packs.
    """
    from quizapp.packs.cache import default_cache
    from quizapp.packs.discovery import pack_dirs_in
    from quizapp.packs.report import pack_report

    missing = [p for p in paths if not pack_dirs_in(Path(p))]
    cache = default_cache()
    reports = []
    for path in paths:
        for pack_dir in pack_dirs_in(Path(path)):
            reports.append(pack_report(pack_dir, cache))
    for path in missing:
        reports.append(
            {
                "id": Path(path).name,
                "path": path,
                "questions": 0,
                "by_type": {},
                "by_language": {},
                "errors": [{"file": path, "line": 0, "message": _no_pack_here(Path(path))}],
            }
        )
    error_count = sum(len(r["errors"]) for r in reports)
    if as_json:
        click.echo(
            json.dumps({"packs": reports, "error_count": error_count}, ensure_ascii=False, indent=2)
        )
    else:
        for report in reports:
            for err in report["errors"]:
                click.echo(f"{err['file']}:{err['line']}: {err['message']}")
        for report in reports:
            types = ", ".join(f"{n} {t}" for t, n in sorted(report["by_type"].items()))
            errors = len(report["errors"])
            status = (
                ngettext("{n} error", "{n} errors", errors).format(n=errors) if errors else _("ok")
            )
            questions = ngettext(
                "{id}: {n} question ({types}): {status}",
                "{id}: {n} questions ({types}): {status}",
                report["questions"],
            )
            click.echo(
                questions.format(
                    id=report["id"], n=report["questions"], types=types or _("none"), status=status
                )
            )
        checked = ngettext("{n} pack checked", "{n} packs checked", len(reports))
        found = ngettext("{n} error", "{n} errors", error_count)
        click.echo(
            _("{checked}, {errors}").format(
                checked=checked.format(n=len(reports)), errors=found.format(n=error_count)
            )
        )
    if error_count:
        sys.exit(1)


def _no_pack_here(path: Path) -> str:
    """Why `pack check PATH` found nothing, and what to give it instead."""
    if not path.exists():
        return _("no such file or folder")
    if path.is_dir():
        return _("no pack.yaml here or in its subfolders")
    pack_dir = next((p for p in path.resolve().parents if (p / "pack.yaml").is_file()), None)
    if pack_dir is None:
        return _("this is a file; give the pack folder (the one holding pack.yaml)")
    return _("this is a file; check its whole pack: {command}").format(
        command=f"quizapp pack check {_shell(str(pack_dir))}"
    )


def _shell(word: str) -> str:
    """`word` as it must be typed in a shell (quoted when it holds spaces and the like)."""
    import shlex

    return shlex.quote(word)


@pack.command("list")
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@common_options
@click.pass_obj
def pack_list(obj: Context, as_json: bool) -> None:
    """List installed packs (shipped, user packs folder, --packs-dir) with counts."""
    from quizapp.packs.discovery import load_all
    from quizapp.packs.report import summarise

    packs = load_all(obj.packs_dirs)
    rows = [summarise(p) for p in packs]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(
            _("No packs found. Create one with `quizapp pack new NAME`, or pass --packs-dir DIR.")
        )
        return
    for pack_obj, row in zip(packs, rows, strict=True):
        lang = obj.lang or (pack_obj.languages[0] if pack_obj.languages else "en")
        title = pack_obj.title(lang)
        problems = len(row["errors"])
        status = (
            ngettext(
                "{n} problem: run `{command}`", "{n} problems: run `{command}`", problems
            ).format(n=problems, command=f"quizapp pack check {row['path']}")
            if problems
            else _("ok")
        )
        langs = ", ".join(row["languages"])
        count = ngettext("{n:>4} question", "{n:>4} questions", row["questions"])
        click.echo(
            f"{row['id']:<24} {count.format(n=row['questions'])}  [{langs}]  {title}  ({status})"
        )


@pack.command("show")
@click.argument("ref", metavar="PACK[/ID]")
@common_options
@click.pass_obj
def pack_show(obj: Context, ref: str) -> None:
    """Print a pack's questions (or one question) rendered in the terminal."""
    from quizapp.packs.discovery import resolve_pack
    from quizapp.packs.preview import print_pack

    pack_ref, question_id = ref.rstrip("/") or ref, ""  # `PACK/` is the whole pack
    if not Path(ref).is_dir() and "/" in pack_ref:
        pack_ref, question_id = pack_ref.rsplit("/", 1)
    loaded = resolve_pack(pack_ref, obj.packs_dirs)
    print_pack(loaded, question_id or None, obj.lang)


@pack.command("preview")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@common_options
@click.pass_obj
def pack_preview(obj: Context, path: str) -> None:
    """Open the pack folder PATH in the study widgets, reloading as its files change.

    Answer a question to see how it grades; n / p: next / previous question, r: reload now,
    l: language, q: quit. The problems `pack check` finds in the question's file are shown
    above it. No database is opened: nothing is saved.
    """
    from quizapp.ui.preview_app import create_preview_app

    create_preview_app(path, lang=obj.lang).run()


@pack.command("new")
@click.argument("name")
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False),
    default=".",
    help=N_("Folder to create the pack in (default: the current folder)."),
)
def pack_new(name: str, into: str) -> None:
    """Scaffold a pack NAME with one example of every question type."""
    from quizapp.packs.scaffold import scaffold

    target = scaffold(name, Path(into))
    click.echo(
        _("Created {path}/ — edit it, then run: {command}").format(
            path=target, command=f"quizapp pack check {_shell(str(target))}"
        )
    )


@pack.command("copy")
@click.argument("ref", metavar="PACK")
@click.argument("into", metavar="[DIR]", required=False, type=click.Path(file_okay=False))
@common_options
@click.pass_obj
def pack_copy(obj: Context, ref: str, into: str | None) -> None:
    """Make an editable copy of PACK (an id or a folder) in DIR/<id>/.

    DIR defaults to your packs folder, where the copy replaces the shipped pack of the same
    id: your progress is kept, as it belongs to the id.
    """
    from quizapp.packs.copying import copy_pack
    from quizapp.packs.discovery import resolve_pack
    from quizapp.paths import expand_user, user_packs_dir

    source = resolve_pack(ref, obj.packs_dirs)
    packs_folder = user_packs_dir()
    folder = expand_user(into) if into else packs_folder
    folder.mkdir(parents=True, exist_ok=True)
    target = copy_pack(source, folder)
    click.echo(_("Copied {id} to {folder}/").format(id=source.id, folder=target))
    searched = [packs_folder, *map(expand_user, obj.packs_dirs)]
    if any(folder.resolve() == d.resolve() for d in searched if d.exists()):
        message = _(
            "It replaces the pack '{id}' found before it (same id: your progress is kept). "
            "Edit its files, then run: quizapp pack check {folder}"
        )
        click.echo(message.format(id=source.id, folder=_shell(str(target))))
    else:
        message = _(
            "To study it in place of '{id}', pass --packs-dir {folder} (or copy it into "
            "{packs}, where it always replaces it)."
        )
        click.echo(message.format(id=source.id, folder=_shell(str(folder)), packs=packs_folder))


@pack.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=N_("Write to this file."))
def pack_schema(output: str | None) -> None:
    """Print the JSON Schema of question headers and pack.yaml (for editors)."""
    from quizapp.packs.format import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise QuizappError(
                _("cannot write {path}: {error}").format(path=output, error=exc.strerror or exc)
            ) from exc
    else:
        click.echo(text, nl=False)
