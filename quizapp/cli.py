"""The `quizapp` command line. Heavy modules load inside commands, so `--help` is instant."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from quizapp import __version__
from quizapp.errors import QuizappError

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options shared by every command (set on the group or on the command)."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.packs_dirs: list[str] = []
        self.lang: str | None = None


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    obj = ctx.ensure_object(Context)
    if param.name == "packs_dirs" and value:
        obj.packs_dirs.extend(v for v in value if v not in obj.packs_dirs)
    elif param.name in ("db", "lang") and value:
        setattr(obj, param.name, value)
    return value


LANG_HELP = "Language to show packs in, e.g. en or zh-CN (default: the pack's first)."


def common_options(func: F, lang_help: str = LANG_HELP) -> F:
    """`--db`, `--packs-dir`, `--lang`: accepted on the group and on each command."""
    func = click.option(
        "--lang",
        default=None,
        expose_value=False,
        callback=_remember,
        help=lang_help,
    )(func)
    func = click.option(
        "--packs-dir",
        "packs_dirs",
        multiple=True,
        expose_value=False,
        callback=_remember,
        type=click.Path(file_okay=False),
        help="Also look for packs here (repeatable).",
    )(func)
    func = click.option(
        "--db",
        default=None,
        expose_value=False,
        callback=_remember,
        type=click.Path(dir_okay=False),
        help="Database file (default: $QUIZAPP_DB or the user data dir).",
    )(func)
    return func


pack_refs_option = click.option(
    "--pack",
    "pack_refs",
    multiple=True,
    metavar="PACK",
    help="Only this pack: an id or a folder (repeatable). Default: every installed pack.",
)
"""`--pack` for the commands that load packs (study, quiz, export)."""
tag_option = click.option("--tag", default=None, help="Only questions carrying this tag.")


def _to_pack_ids(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    from quizapp.packs.loader import pack_ids_of

    return pack_ids_of(value)


def pack_ids_option(help: str = "Only this pack: an id or a folder (repeatable).") -> Any:
    """`--pack` for the commands that read the database (stats, suspended, unsuspend): a
    folder is turned into the id it holds, so each command gets ids."""
    return click.option("--pack", "pack_ids", multiple=True, callback=_to_pack_ids, help=help)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizapp")
@common_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Interview-prep quizzes and flashcards in the terminal, scheduled with FSRS.

    Run without a command to open the study app.
    """
    ctx.ensure_object(Context)
    if ctx.invoked_subcommand is None:
        study_cmd = cli.get_command(ctx, "study")
        if study_cmd is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(study_cmd, pack_refs=(), tag=None, home=True)


# -- study -------------------------------------------------------------------------------
@cli.command("study")
@pack_refs_option
@tag_option
@click.option(
    "--home",
    is_flag=True,
    help="Open on the home screen (packs and counts) instead of "
    "the first question; bare `quizapp` does this.",
)
@common_options
@click.pass_obj
def study(obj: Context, pack_refs: tuple[str, ...], tag: str | None, home: bool) -> None:
    """Study what is due now, one question at a time (q goes back to the home screen)."""
    from quizapp.ui.app import create_app

    app = create_app(obj.db, obj.packs_dirs, pack_refs, tag=tag, lang=obj.lang, study_now=not home)
    app.run()
    if app.error:
        raise QuizappError(app.error)


# -- quiz --------------------------------------------------------------------------------
@cli.command("quiz")
@pack_refs_option
@tag_option
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Only this question type (repeatable): flashcard, choice, typed, cloze, order, diagram.",
)
@click.option(
    "-n",
    "--count",
    type=click.IntRange(min=1),
    default=None,
    help="How many questions (default: 20; with --in-order, all of them).",
)
@click.option(
    "--in-order",
    is_flag=True,
    help="Ask in pack file order instead of at random (for pack authors).",
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
    from quizapp.ui.app import QuizPlan, create_app

    plan = QuizPlan(types=types, count=count, in_order=in_order)
    app = create_app(
        obj.db, obj.packs_dirs, pack_refs, tag=tag, lang=obj.lang, seed=seed, quiz=plan
    )
    app.run()
    if app.quiz_now is not None and app.quiz_now.answered:  # the score stays in the terminal
        total = app.quiz_now.tally()
        click.echo(
            f"Quiz: {total.score} ({total.right} right, {total.partly} partly, "
            f"{total.wrong} wrong); your schedule was not changed."
        )


# -- pack --------------------------------------------------------------------------------
@cli.group()
def pack() -> None:
    """Create, validate, list and preview content packs."""


@pack.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@common_options
def pack_check(paths: tuple[str, ...], as_json: bool) -> None:
    """Validate packs; print each problem as file:line: message. Exit 1 on any error.

    Each PATH is a pack folder or a folder of packs.
    """
    from quizapp.packs.loader import default_cache, pack_dirs_in
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
            status = "ok" if not report["errors"] else f"{len(report['errors'])} error(s)"
            click.echo(
                f"{report['id']}: {report['questions']} questions ({types or 'none'}): {status}"
            )
        click.echo(f"{len(reports)} pack(s) checked, {error_count} error(s)")
    if error_count:
        sys.exit(1)


def _no_pack_here(path: Path) -> str:
    """Why `pack check PATH` found nothing, and what to give it instead."""
    if not path.exists():
        return "no such file or folder"
    if path.is_dir():
        return "no pack.yaml here or in its subfolders"
    pack_dir = next((p for p in path.resolve().parents if (p / "pack.yaml").is_file()), None)
    if pack_dir is None:
        return "this is a file; give the pack folder (the one holding pack.yaml)"
    return f"this is a file; check its whole pack: quizapp pack check {_shell(str(pack_dir))}"


def _shell(word: str) -> str:
    """`word` as it must be typed in a shell (quoted when it holds spaces and the like)."""
    import shlex

    return shlex.quote(word)


@pack.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@common_options
@click.pass_obj
def pack_list(obj: Context, as_json: bool) -> None:
    """List installed packs (shipped, user packs folder, --packs-dir) with counts."""
    from quizapp.packs.loader import load_all
    from quizapp.packs.report import summarise

    packs = load_all(obj.packs_dirs)
    rows = [summarise(p) for p in packs]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(
            "No packs found. Create one with `quizapp pack new NAME`, or pass --packs-dir DIR."
        )
        return
    for pack_obj, row in zip(packs, rows, strict=True):
        lang = obj.lang or (pack_obj.languages[0] if pack_obj.languages else "en")
        title = pack_obj.title(lang)
        status = (
            "ok"
            if not row["errors"]
            else f"{len(row['errors'])} problem(s): run `quizapp pack check {row['path']}`"
        )
        langs = ", ".join(row["languages"])
        click.echo(
            f"{row['id']:<24} {row['questions']:>4} questions  [{langs}]  {title}  ({status})"
        )


@pack.command("show")
@click.argument("ref", metavar="PACK[/ID]")
@common_options
@click.pass_obj
def pack_show(obj: Context, ref: str) -> None:
    """Print a pack's questions (or one question) rendered in the terminal."""
    from quizapp.packs.loader import resolve_pack
    from quizapp.packs.preview import print_pack

    pack_ref, question_id = ref.rstrip("/") or ref, ""  # `PACK/` is the whole pack
    if not Path(ref).is_dir() and "/" in pack_ref:
        pack_ref, question_id = pack_ref.rsplit("/", 1)
    loaded = resolve_pack(pack_ref, obj.packs_dirs)
    print_pack(loaded, question_id or None, obj.lang)


@pack.command("new")
@click.argument("name")
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False),
    default=".",
    help="Folder to create the pack in (default: the current folder).",
)
def pack_new(name: str, into: str) -> None:
    """Scaffold a pack NAME with one example of every question type."""
    from quizapp.packs.scaffold import scaffold

    target = scaffold(name, Path(into))
    click.echo(f"Created {target}/ — edit it, then run: quizapp pack check {_shell(str(target))}")


@pack.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def pack_schema(output: str | None) -> None:
    """Print the JSON Schema of question headers and pack.yaml (for editors)."""
    from quizapp.packs.format import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise QuizappError(f"cannot write {output}: {exc.strerror or exc}") from exc
    else:
        click.echo(text, nl=False)


# -- export ------------------------------------------------------------------------------
@cli.group()
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
    help="The .apkg file to write (replaced if it exists).",
)
@click.option(
    "--with-progress",
    is_flag=True,
    help="Carry your quizapp review state (from --db) so cards keep their intervals in Anki; "
    "tick 'Import any learning progress' when importing. Default: cards arrive as new.",
)
@functools.partial(
    common_options,
    lang_help="Card language: en, zh-CN or both (default: both, one above the other).",
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
        click.echo(f"warning: {warning}", err=True)
    schedules = None
    if with_progress:
        from quizapp.export.schedule import load_schedules

        schedules = load_schedules(obj.db, packs)
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
        )
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(result.by_type.items()))
    extra = f", {result.with_progress} card(s) with review state" if with_progress else ""
    click.echo(f"Wrote {result.notes} notes ({kinds}) in {result.decks} deck(s){extra} to {target}")


class _Null:
    """A file that swallows output: the progress bar stays silent off a terminal."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


# -- stats -------------------------------------------------------------------------------
@cli.command("stats")
@pack_ids_option()
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3650))
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@common_options
@click.pass_obj
def stats(obj: Context, pack_ids: list[str], days: int, as_json: bool) -> None:
    """Counts, reviews per day, true retention and the 30-day due forecast."""
    from datetime import UTC, datetime

    from quizapp.paths import default_db_path
    from quizapp.services.stats import collect_stats, format_stats

    chosen = pack_ids or None
    data = collect_stats(default_db_path(obj.db), datetime.now(UTC), pack_ids=chosen, days=days)
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else format_stats(data))


@cli.command("settings")
@click.argument("assignments", nargs=-1, metavar="[KEY=VALUE]...")
@click.option("--reset", is_flag=True, help="Restore every setting to its default first.")
@common_options
@click.pass_obj
def settings_cmd(obj: Context, assignments: tuple[str, ...], reset: bool) -> None:
    """Show or change the scheduling settings kept in the database.

    Example: `quizapp settings new_per_day=30 desired_retention=0.85`. See
    docs/scheduling.md for what each one does.
    """
    from quizapp.paths import default_db_path
    from quizapp.services.settings import format_settings, update_settings

    updated = update_settings(default_db_path(obj.db), list(assignments), reset=reset)
    click.echo(format_settings(updated))


# -- suspended questions -------------------------------------------------------------------
@cli.command("suspended")
@pack_ids_option()
@click.option("--tag", default=None, help="Only questions carrying this tag (leech: leeches).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@common_options
@click.pass_obj
def suspended_cmd(obj: Context, pack_ids: list[str], tag: str | None, as_json: bool) -> None:
    """List the questions taken out of study: suspended by you, or as leeches."""
    from quizapp.packs.loader import load_all
    from quizapp.packs.text import prompt_line
    from quizapp.paths import default_db_path
    from quizapp.services.cards import list_suspended

    cards = list_suspended(default_db_path(obj.db), pack_ids=pack_ids, tag=tag)
    questions = {q.key: q for p in (load_all(obj.packs_dirs) if cards else []) for q in p.questions}
    rows = []
    for card in cards:
        question = questions.get(card.key)
        prompt = question.text(obj.lang or "", ("en",)).prompt if question else ""
        rows.append(
            {
                "key": card.key,
                "leech": card.leech,
                "lapses": card.state.lapses,
                "prompt": prompt_line(prompt),
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("No suspended questions: everything is in study.")
        return
    width = max(len(r["key"]) for r in rows)
    for r in rows:
        why = f"leech, {r['lapses']} lapses" if r["leech"] else "suspended"
        click.echo(f"{r['key']:<{width}}  {why:<16}  {r['prompt']}")
    click.echo(
        f"{len(rows)} suspended. Put one back with `quizapp unsuspend PACK/ID`, "
        "or all of these with `quizapp unsuspend --all` (same --pack/--tag)."
    )


@cli.command("unsuspend")
@click.argument("keys", nargs=-1, metavar="[PACK/ID]...")
@click.option("--all", "every", is_flag=True, help="Every suspended question in scope.")
@pack_ids_option("With --all: only this pack (an id or a folder).")
@click.option("--tag", default=None, help="With --all: only questions carrying this tag.")
@common_options
@click.pass_obj
def unsuspend_cmd(
    obj: Context, keys: tuple[str, ...], every: bool, pack_ids: list[str], tag: str | None
) -> None:
    """Put suspended questions back into study (their history and lapses are kept)."""
    from quizapp.paths import default_db_path
    from quizapp.services.cards import list_suspended, unsuspend

    if every == bool(keys):
        both = ", not both" if every else ""
        raise click.UsageError(f"give PACK/ID keys (see `quizapp suspended`) or --all{both}")
    if (pack_ids or tag) and not every:
        raise click.UsageError("--pack and --tag go with --all")
    db_path = default_db_path(obj.db)
    if every:
        chosen = list_suspended(db_path, pack_ids=pack_ids, tag=tag)
        keys = tuple(c.key for c in chosen)
        if not keys:
            click.echo("No suspended questions: everything is in study.")
            return
    done = unsuspend(db_path, keys)
    click.echo(f"Back in study: {len(done)} question{'s' if len(done) != 1 else ''}.")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user errors become one-line messages, never tracebacks."""
    try:
        code = cli.main(args=argv, prog_name="quizapp", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except QuizappError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a path the user gave: too long, through a file, unreadable, ...
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    if isinstance(code, int) and code:
        sys.exit(code)
