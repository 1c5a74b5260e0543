"""The interface's language (issue 17): catalogs complete, the language chosen in the
documented order, the CLI and its `--help` translated, the .mo files built into the wheel."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
from pathlib import Path

import click
import pytest

from quizapp import i18n
from quizapp.cli import cli
from quizapp.cli.translate import CLICK_STRINGS, click_plurals, translate_tree
from quizapp.i18n import catalog
from quizapp.i18n.extract import extract, read
from tests.cli_helpers import run

REPO = Path(__file__).resolve().parent.parent
ZH_PO = REPO / "quizapp" / "locale" / "zh_CN" / "LC_MESSAGES" / "quizapp.po"
FIELDS = re.compile(r"\{[^{}]*\}")


def _ids(message_id: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(message_id) if isinstance(message_id, tuple | list) else (message_id,)


def test_every_marked_string_has_a_chinese_translation() -> None:
    """A string the code shows through _(), ngettext() or N_() and the zh_CN catalog lacks
    (or has only as a fuzzy guess) fails here: run `python -m quizapp.i18n update` and
    translate it (docs/translating.md)."""
    translated = {m.id: m for m in read(ZH_PO) if m.id}
    missing = []
    for message in extract():
        if not message.id:
            continue
        found = translated.get(message.id)
        forms = _ids(found.string) if found and found.string else ()
        if not forms or not all(forms) or (found and found.fuzzy):
            missing.append(_ids(message.id)[0])
    assert missing == []


def test_translations_keep_their_placeholders() -> None:
    """'{count} due' translated without {count} would raise KeyError when shown."""
    wrong = []
    for message in read(ZH_PO):
        if not message.id or not message.string:
            continue
        wanted = {f for text in _ids(message.id) for f in FIELDS.findall(text)}
        for form in _ids(message.string):
            if set(FIELDS.findall(form)) - wanted or (
                len(_ids(message.id)) == 1 and set(FIELDS.findall(form)) != wanted
            ):
                wrong.append(_ids(message.id)[0])
    assert wrong == []


def test_the_language_is_chosen_in_order() -> None:
    chinese_desktop = {"LANG": "zh_CN.UTF-8"}
    assert i18n.choose_language("en", "zh-CN", chinese_desktop) == "en"
    assert i18n.choose_language(None, "en", chinese_desktop) == "en"
    assert i18n.choose_language(None, None, chinese_desktop) == "zh-CN"
    assert i18n.choose_language(None, None, {"LANGUAGE": "fr:zh_CN", "LANG": "C"}) == "zh-CN"
    assert i18n.choose_language(None, None, {"LC_ALL": "de_DE.UTF-8", "LANG": "zh_CN"}) == "en"
    assert i18n.choose_language(None, None, {}) == "en"
    assert i18n.choose_language("xx", None, {"LANG": "zh_CN.UTF-8"}) == "zh-CN"


def test_gettext_reads_the_chinese_catalog() -> None:
    assert i18n.set_language("zh_CN.UTF-8") == "zh-CN"
    assert i18n._("Show this message and exit.") == "显示此帮助并退出。"
    assert i18n.set_language("en") == "en"
    assert i18n._("Show this message and exit.") == "Show this message and exit."


def test_a_stale_or_missing_mo_is_compiled_again(tmp_path: Path) -> None:
    """A checkout has no .mo (they are not committed): the first use compiles one beside the
    .po; an edited .po is compiled again; where no .mo can be written, it stays in memory."""
    locale = tmp_path / "locale"
    shutil.copytree(REPO / "quizapp" / "locale", locale, ignore=shutil.ignore_patterns("*.mo"))
    po = catalog.po_path("zh-CN", locale)
    mo = po.with_suffix(".mo")
    assert catalog.load("zh-CN", locale).gettext("Usage:") == "用法:"
    assert mo.is_file()
    po.write_text(po.read_text(encoding="utf-8").replace('"用法:"', '"使用:"'), encoding="utf-8")
    assert catalog.load("zh-CN", locale).gettext("Usage:") == "使用:"
    # a .mo newer than its .po is taken as it is (a start does not read and hash the .po)
    po.write_text(po.read_text(encoding="utf-8").replace('"使用:"', '"用:"'), encoding="utf-8")
    os.utime(po, ns=(mo.stat().st_mtime_ns - 1,) * 2)
    assert catalog.load("zh-CN", locale).gettext("Usage:") == "使用:"
    os.utime(po, ns=(mo.stat().st_mtime_ns + 1,) * 2)  # changed after it: compiled again
    assert catalog.load("zh-CN", locale).gettext("Usage:") == "用:"
    mo.unlink()
    mo.mkdir()  # unwritable even for root, unlike a chmod 555 folder
    assert catalog.load("zh-CN", locale).gettext("Usage:") == "用:"
    assert mo.is_dir()


def test_our_mo_reads_as_msgfmt_would(tmp_path: Path) -> None:
    """Plural forms, contexts and escapes survive the stdlib-only compiler."""
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "one {n}"\nmsgid_plural "many {n}"\nmsgstr[0] "{n} 个"\n\n'
        'msgctxt "grade"\nmsgid "Good"\nmsgstr "良好"\n\n'
        '#, fuzzy\nmsgid "guess"\nmsgstr "猜的"\n\n'
        'msgid "a \\"quoted\\"\\n"\n"line"\nmsgstr "引号\\"\\n"\n"行"\n',
        encoding="utf-8",
    )
    mo = tmp_path / "x.mo"
    mo.write_bytes(catalog.compile_po(po))
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.ngettext("one {n}", "many {n}", 5) == "{n} 个"
    assert translations.pgettext("grade", "Good") == "良好"
    assert translations.gettext("guess") == "guess"
    assert translations.gettext('a "quoted"\nline') == '引号"\n行'


def test_help_follows_lang_and_the_locale(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--lang", "zh-CN", "--help"], capsys)
    assert code == 0
    assert "用法:" in out and "显示此帮助并退出。" in out and "Usage" not in out
    code, out, _ = run(["--help"], capsys)
    assert "Usage:" in out and "显示此帮助" not in out


def test_help_follows_the_system_locale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "用法:" in out
    _code, out, _ = run(["--lang", "en", "--help"], capsys)
    assert "Usage:" in out


def test_click_errors_are_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--lang", "zh-CN", "stats", "--days", "0"], capsys)
    assert code == 2
    assert "错误：" in err and "不在范围" in err


def test_the_click_strings_are_still_clicks() -> None:
    """CLICK_STRINGS translate click's own wording: a click release that rewords one would
    leave it English without this check."""
    source = "".join(
        p.read_text(encoding="utf-8") for p in Path(click.__file__).parent.glob("*.py")
    )
    gone = [s for s in (*CLICK_STRINGS, *click_plurals(1), *click_plurals(2)) if s not in source]
    assert gone == []


def test_every_command_help_is_translated() -> None:
    """Each command's and option's help text comes out Chinese (so `--help` of any command
    is), including commands added later: a docstring or help= that extraction missed fails."""
    cli.load_all()
    i18n.set_language("zh-CN")
    translate_tree(cli)
    untranslated = []
    stack: list[click.Command] = [cli]
    while stack:
        command = stack.pop()
        if isinstance(command, click.Group):
            stack.extend(command.commands.values())
        for holder in (command, *command.params):
            text = getattr(holder, "help", None)
            if text and not re.search("[\u4e00-\u9fff]", text):
                untranslated.append(f"{command.name}: {text[:50]}")
    i18n.set_language("en")
    translate_tree(cli)
    assert untranslated == []


UI = REPO / "quizapp" / "ui"
SHOWN_CALLS = {"Static", "Label", "Button", "notify", "Binding", "Option", "Text", "append"}
"""Calls whose first argument (or description=) a person reads; `Text` and `Text.append`
build the screens' longer text piece by piece."""


def _is_text(node: ast.AST) -> bool:
    """A string literal with a word in it (an f-string: in its literal parts); a lone letter
    is a key's name (`y`, `n`), the same in every language."""
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and sum(c.isalpha() for c in node.value) > 1
    )


def test_ui_widgets_show_no_literal_english() -> None:
    """A literal string handed to a widget, a toast or a key binding in ui/ must go through
    _() (or N_() for class-level bindings): otherwise the Chinese interface shows English.
    A line marked `# i18n: <why>` is left as it is (a protocol's field name, say)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in SHOWN_CALLS:
                continue
            shown = list(node.args[2:3] if name == "Binding" else node.args[:1])
            shown += [k.value for k in node.keywords if k.arg in ("description", "title")]
            found += [
                f"{path.relative_to(REPO)}:{arg.lineno}"
                for arg in shown
                if _is_text(arg) and "# i18n: " not in lines[arg.lineno - 1]
            ]
    assert found == []


ERRORS = {"QuizappError", "PackError", "StoreError", "PackProblem", "SettingsError"}
"""What carries a message to a person: the errors a user can cause (quizapp/errors.py and
their subclasses, found below) and a pack problem."""


def _user_errors() -> set[str]:
    """ERRORS and every class in quizapp/ that derives from one of them."""
    found = set(ERRORS)
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (REPO / "quizapp").rglob("*.py")]
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in found:
                    bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                    if bases & found:
                        found.add(node.name)
                        grew = True
    return found


def _in_error(call: ast.Call, errors: set[str]) -> bool:
    """`super().__init__(...)` inside a user error's class: its message is the error's."""
    node: ast.AST | None = getattr(call, "parent", None)
    while node is not None and not isinstance(node, ast.ClassDef):
        node = getattr(node, "parent", None)
    return node is not None and node.name in errors


def test_errors_a_user_reads_are_translated() -> None:
    """An error a user can cause, or a pack problem, built with a literal English message
    anywhere in quizapp/ stays English in the Chinese interface: wrap it in _().
    Programming errors (ValueError, TypeError) are not shown to users and are not checked."""
    errors = _user_errors()
    found = []
    for path in sorted((REPO / "quizapp").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                child.parent = parent  # type: ignore[attr-defined]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in errors and not (name == "__init__" and _in_error(node, errors)):
                continue
            shown = [a for a in node.args if _is_text(a)]
            found += [
                f"{path.relative_to(REPO)}:{arg.lineno}"
                for arg in shown
                if "# i18n: " not in lines[arg.lineno - 1]
            ]
    assert found == []


def test_no_translation_inside_an_f_string() -> None:
    """Babel does not read calls inside an f-string's braces: `f"{_('after')}"` never reaches
    the catalog and stays English. Translate into a name first, then put the name in."""
    found = []
    for path in sorted((REPO / "quizapp").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FormattedValue):
                continue
            for inner in ast.walk(node.value):
                if (
                    isinstance(inner, ast.Call)
                    and getattr(inner.func, "id", "") in ("_", "ngettext", "N_")
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)  # a constant marked elsewhere
                ):  # is extracted where it is marked
                    found.append(f"{path.relative_to(REPO)}:{inner.lineno}")
    assert found == []
