"""Pack text is data: markup and action payloads in any shown field print as typed (issue 20).

A pack whose every shown field carries a payload is walked through the home screen, a study
session, a quiz and its summary; each payload must be found literally on screen (parsed, it would
lose its brackets, raise, or run an action) and the app must still be running.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable, Static

from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.plans import QuizPlan
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizScreen
from quizapp.ui.screens.summary import QuizSummaryScreen
from tests.ui.conftest import NOW

UI = Path(__file__).resolve().parents[2] / "quizapp" / "ui"

PAYLOADS = [
    "[@click=app.quit]x[/]",
    "[@click=app.screenshot('quizapp.db','.')]see RFC 9293[/]",
    "[/FIN]",
    "[TIME_WAIT]",
    "[ACK]",
    "[b]bold[/b]",
    "[link=https://example.com]x[/link]",
    "[on red]$x[/]",
]

FOLDER = "[TIME_WAIT] [b]pack"  # shown by the 'where' toast

# Every field the screens show, named so that a failure says which one leaked.
FIELDS = [
    "title",
    "prompt",
    "explanation",
    "source",
    "answer",
    "option",
    "feedback",
    "step",
    "distractor",
    "accept",
    "cloze",
    "participant",
    "start",
    "flags",
    "seq",
    "ack",
    "state",
    "note",
]


# The format caps these fields' length; a payload too long for them is swapped for a short one.
SHORT_FIELDS = {"seq": 20, "ack": 20, "flags": 40, "start": 40, "state": 40}


def tagged(field: str, payload: str) -> str:
    """What `field` holds for `payload`: the field's name then the payload, within its cap."""
    limit = SHORT_FIELDS.get(field)
    if limit is None:
        return f"{field}:{payload}"
    text = f"{field[0]}{payload}"
    return text if len(text) <= limit else f"{field[0]}[@click=app.quit]"


def q(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def write_pack(root: Path, payload: str) -> Path:
    """A pack with one question of each type, every shown field carrying `payload`."""
    t = {f: tagged(f, payload) for f in FIELDS}
    pack = root / FOLDER
    pack.mkdir(exist_ok=True)
    (pack / "pack.yaml").write_text(
        f"id: hostile\nversion: 1.0.0\ntitle: {q(t['title'])}\nlanguages: [en]\n"
        "license: CC0-1.0\ndescription: hostile\nauthors: [tests]\n",
        encoding="utf-8",
    )
    body = f"[en]\n{t['prompt']}\n\n[en.explanation]\n{t['explanation']}\n"

    def question(name: str, header: str, text: str = body) -> None:
        head = f"---\nid: {name}\ntype: {name}\nsource: {q(t['source'])}\n{header}---\n"
        (pack / f"{name}.md").write_text(head + text, encoding="utf-8")

    question("flashcard", "", body + f"\n[en.answer]\n{t['answer']}\n")
    question(
        "choice",
        f"options:\n  - text: {q(t['option'])}\n    correct: true\n"
        f"    feedback: {q(t['feedback'])}\n  - text: 'other'\n",
    )
    question(
        "order",
        f"steps: [{q(t['step'] + ' 1')}, {q(t['step'] + ' 2')}, {q(t['step'] + ' 3')}]\n"
        f"distractors: [{q(t['distractor'])}]\n",
    )
    question("typed", f"accept: [{q(t['accept'])}]\n")
    question("cloze", "", body.replace("\n\n", f" {{{{{t['cloze']}}}}}\n\n", 1))
    question(
        "diagram",
        f"participants: [{q(t['participant'] + ' L')}, {q(t['participant'] + ' R')}]\n"
        f"start: [{q(t['start'])}, {q(t['start'])}]\n"
        "rows:\n"
        f"  - {{dir: '->', flags: {q(t['flags'])}, seq: {q(t['seq'])}, ack: {q(t['ack'])},"
        f" left: {q(t['state'])}, note: {q(t['note'])}}}\n"
        "  - {dir: '<-', flags: ACK, right: OTHER}\n"
        "blanks: ['2.right']\n",
    )
    return pack


def shown(app: QuizApp) -> str:
    """Every piece of text the current screen and its toasts show, as plain text."""
    out: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static):
            visual = widget.visual
            if isinstance(visual, Content | Text):
                out.append(visual.plain)
            content = widget.content
            if isinstance(content, Text):
                out.append(content.plain)
        elif isinstance(widget, DataTable):
            for row in range(widget.row_count):
                out += [str(c) for c in widget.get_row_at(row)]
    for note in app._notifications:  # a toast draws Content(message) when markup is off
        assert not note.markup
        out += [note.title, note.message]
    return "\n".join(out)


def hostile_app(tmp_path: Path, payload: str, **kw: Any) -> QuizApp:
    pack = write_pack(tmp_path, payload)
    return create_app(tmp_path / "quiz.db", [], [str(pack)], clock=lambda: NOW, seed=7, **kw)


def still_running(app: QuizApp) -> None:
    assert app.is_running and app.return_code is None and not app._exit_renderables


@pytest.mark.parametrize("payload", PAYLOADS)
async def test_every_shown_field_prints_payloads_literally(tmp_path: Path, payload: str) -> None:
    """Home screen, then a quiz of every question type, answered and 'where'd, then its summary."""
    seen: list[str] = []
    home = hostile_app(tmp_path, payload)
    async with home.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert isinstance(home.screen, HomeScreen)
        seen.append(shown(home))
        still_running(home)
    assert tagged("title", payload) in seen[0]

    quiz = hostile_app(tmp_path, payload, quiz=QuizPlan(in_order=True))
    async with quiz.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = quiz.screen
        assert isinstance(screen, QuizScreen)
        for _ in range(6):
            assert screen.question is not None and screen.widget is not None
            seen.append(shown(quiz))
            flashcard = screen.question.type == "flashcard"
            if flashcard:
                await pilot.press("space")  # reveal the back
            else:
                screen.widget.check()
            await pilot.pause()
            quiz.screen.set_focus(None)
            await pilot.press("e")  # the 'where' toast: folder, file, line, key
            await pilot.pause()
            await pilot.pause()  # Markdown mounts its blocks a frame later
            seen.append(shown(quiz))
            still_running(quiz)
            await pilot.press("n" if flashcard else "enter")  # 'did you know it?' goes on
            await pilot.pause()
        assert isinstance(quiz.screen, QuizSummaryScreen)
        seen.append(shown(quiz))
        still_running(quiz)

    everything = "\n".join(seen)
    assert FOLDER in everything
    for field in FIELDS:
        assert tagged(field, payload) in everything, f"{field} did not print {payload!r}"
    summary = seen[-1]
    assert tagged("prompt", payload) in summary  # missed questions list their prompts


def ui_modules() -> list[Path]:
    return [p for p in UI.rglob("*.py") if p.name != "plain.py" and "web" not in p.parts]


def is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def unsafe(source: str, name: str) -> list[str]:
    """Each place in `source` that would let text be read as markup."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            for alias in node.names:
                if alias.name in ("Static", "Label", "Button", "Toast", "Pretty", "Log"):
                    found.append(f"{where} imports textual's {alias.name}")
        if isinstance(node, ast.keyword) and node.arg == "markup" and not is_false(node.value):
            found.append(f"{where} passes markup= other than False")
        if isinstance(node, ast.Attribute) and node.attr in ("from_markup", "render_markup"):
            found.append(f"{where} parses markup ({node.attr})")
    return found


def test_ui_code_shows_text_only_through_the_plain_widgets() -> None:
    """The one door: no Textual Static/Label imported past quizapp/ui/plain.py, no markup on."""
    modules = ui_modules()
    assert len(modules) > 15  # the scan sees the ui package
    found = [hit for p in modules for hit in unsafe(p.read_text("utf-8"), str(p.relative_to(UI)))]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from textual.widgets import Static\n",
        "from textual.widgets import Input, Label\n",
        "x = Static('a', markup=True)\n",
        "self.notify(message, markup=flag)\n",
        "x = Content.from_markup(s)\n",
    ],
)
def test_the_scan_catches_each_unsafe_pattern(source: str) -> None:
    assert unsafe(source, "x.py")
    assert not unsafe("from quizapp.ui.plain import Static\nStatic(t, markup=False)\n", "x.py")


async def test_escape_codes_from_yaml_reach_no_widget(tmp_path: Path) -> None:
    """YAML escapes in a source and options, a raw ESC in a prompt: visible symbols (issue 20)."""
    from tests.packs.helpers import question, write_pack

    header = (
        'id: a\ntype: choice\nsource: "\\e]52;c;eA==\\a"\noptions:\n'
        '  - {text: "\\x1b[2Jyes", correct: true}\n  - {text: "\\u202eno"}'
    )
    pack = write_pack(tmp_path, {"q.md": question(header, prompt="Hi \x1b]0;pwned\x07")})
    app = create_app(
        tmp_path / "quiz.db", [], [str(pack)], clock=lambda: NOW, seed=7, quiz=QuizPlan()
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.widget is not None
        app.screen.widget.check()
        await pilot.pause()
        text = shown(app)
    assert "␛[2Jyes" in text and "␛]52;c;eA==␇" in text and "Hi ␛]0;pwned␇" in text
    assert not any(c in text for c in "\x1b\x07\u202e")
