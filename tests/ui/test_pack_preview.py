"""`quizapp pack preview`: the pack's questions in the study widgets, reloaded when a file
changes (watchfiles), with the check's problems at file:line in place; no database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizapp.ui.plain import Static
from quizapp.ui.preview_app import PreviewApp, create_preview_app
from quizapp.ui.screens.preview import PreviewScreen
from quizapp.ui.widgets.fill_input import FillIn
from quizapp.ui.widgets.progress_header import ProgressHeader
from tests.cli_helpers import run
from tests.packs.helpers import question, write_pack

TYPED = question("id: state\ntype: typed\naccept: [SYN_SENT]", prompt="After connect()?")
FLASH = question(
    "id: card\ntype: flashcard",
    body="[en]\nFront?\n\n[en.answer]\nBack.\n\n[en.explanation]\nWhy.\n\n"
    "[zh-CN]\n正面？\n\n[zh-CN.answer]\n背面。\n\n[zh-CN.explanation]\n原因。\n",
)


def shown(app: PreviewApp) -> str:
    """The progress line and every Static on the preview screen, as plain text."""
    header = app.screen.query_one(ProgressHeader).text
    return "\n".join([header, *(str(s.content) for s in app.screen.query(Static))])


async def until_reloaded(app: PreviewApp, pilot: Pilot[int], reloads: int) -> None:
    """Let the watcher see the change: it reloads on its own, the test only waits for it."""
    for _ in range(600):  # a bound so a broken watcher fails the test instead of hanging it
        if app.preview.reloads >= reloads:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    pytest.fail(f"no reload {reloads} after the file changed")


async def test_edit_break_and_fix_a_file_during_preview(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    pack = write_pack(tmp_path, {"a.md": FLASH + TYPED})
    app = create_preview_app(pack, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert "Front?" in shown(app) and "preview · 1 of 2 · reloaded 0×" in shown(app)
        await pilot.press("space")  # the flashcard turned over: no grade to give
        await pilot.pause()
        assert "The back of the card (a preview grades nothing):" in shown(app)
        await pilot.press("n")  # the typed question, answered as in study
        await pilot.pause()
        assert "After connect()?" in shown(app)
        await pilot.press(*"syn-sent", "enter")
        await pilot.pause()
        assert "✓" in shown(app) and "preview: nothing is saved" in shown(app)

        # An edit reloads the question on screen, unanswered, in its new words.
        text = (pack / "a.md").read_text(encoding="utf-8")
        (pack / "a.md").write_text(text.replace("After connect()?", "Once connect() ran?"))
        await until_reloaded(app, pilot, 1)
        assert "Once connect() ran?" in shown(app) and "After connect()?" not in shown(app)
        assert app.screen.query_one(FillIn) is not None and not app.screen.answered

        # Broken: the problem at its file:line, where the question was.
        broken = text.replace("type: typed", "type: typd")
        (pack / "a.md").write_text(broken)
        await until_reloaded(app, pilot, 2)
        line = broken.splitlines().index("type: typd") + 1
        assert f"{pack}/a.md:{line}: unknown type 'typd'" in shown(app)
        assert "'state' in a.md does not load" in shown(app)

        # Fixed: the question is back, and the problems are gone.
        (pack / "a.md").write_text(text)
        await until_reloaded(app, pilot, 3)
        assert "After connect()?" in shown(app) and "unknown type" not in shown(app)
        assert "preview · 2 of 2 · reloaded 3×" in shown(app)
        await pilot.press("q")
    assert list(isolated_data_dir.glob("*.db*")) == []  # no study database, ever


async def test_problems_of_the_file_show_above_a_sound_question(tmp_path: Path) -> None:
    dup = FLASH + question("id: card\ntype: typed\naccept: [x]")  # a duplicate id
    pack = write_pack(tmp_path, {"a.md": dup})
    app = create_preview_app(pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problems = str(app.screen.query_one("#preview-problems", Static).content)
        second = dup.splitlines().index("id: card", 3)  # its opening --- is the line before
        assert problems == f"{pack}/a.md:{second}: duplicate id 'card' (first at a.md:1)"
        await pilot.press("r")  # reload by hand: same question, same problem
        await pilot.pause()
        assert "Front?" in shown(app) and app.preview.reloads == 1


def test_preview_needs_a_pack_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["pack", "preview", str(tmp_path)], capsys)
    assert code == 1 and err == f"error: {tmp_path} is not a pack folder (no pack.yaml in it)\n"
    code, _, err = run(["pack", "preview", str(tmp_path / "nope")], capsys)
    assert code == 2 and "does not exist" in err
