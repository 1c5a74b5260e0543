"""A reversible flashcard is studied both ways, each direction graded and scheduled on its own."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quizapp.ui.factory import create_app
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from quizapp.ui.widgets.recall_card import RecallCard
from tests.ui.conftest import NOW, card_flags, reviews

PACK = """\
---
id: greet
type: flashcard
reverse: true
---
[en]
hola

[en.answer]
hello

[en.explanation]
Spanish for hello.
"""


async def test_both_directions_are_studied_with_their_own_schedule(
    tmp_path: Path, db_path: Path
) -> None:
    pack = tmp_path / "rev"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: rev\nversion: 1.0.0\ntitle: Rev\ndescription: x\nlanguages: [en]\n"
        "license: CC0-1.0\nauthors: [me]\n"
    )
    (pack / "words.md").write_text(PACK)
    app = create_app(db_path, [], [str(pack)], clock=lambda: NOW, seed=7, study_now=True)
    shown = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for grade in ("4", "1"):
            screen = app.screen
            assert isinstance(screen, StudyScreen) and screen.question is not None
            hint = str(screen.query_one(RecallCard).query_one(".hint", Static).content)
            shown.append((screen.question.key, screen.question.texts["en"].prompt, hint))
            await pilot.press("space")
            await pilot.pause()
            await pilot.press(grade)
            await pilot.pause()
        while isinstance(app.screen, StudyScreen):  # Again brings the reverse back today
            await pilot.press("space", "4")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    assert shown[0][:2] == ("rev/greet", "hola") and shown[0][2].startswith("Recall the answer")
    assert shown[1][:2] == ("rev/greet~reverse", "hello")
    assert shown[1][2].startswith("Reverse card: recall the front")
    first = [(r["key"], r["grade"]) for r in reviews(db_path)][:2]
    assert first == [("rev/greet", 4), ("rev/greet~reverse", 1)]
    forward, back = card_flags(db_path, "rev/greet"), card_flags(db_path, "rev/greet~reverse")
    assert forward["lapses"] == 0 and forward["due_ms"] != back["due_ms"]
