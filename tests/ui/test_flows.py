"""Drive every exercise type with the keyboard, from question to committed review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.cli import main
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from quizapp.ui.widgets.choice_list import ChoiceList, OptionRow
from quizapp.ui.widgets.fill_input import FillIn
from quizapp.ui.widgets.ladder import BlankInput, LadderDiagram
from quizapp.ui.widgets.order_list import OrderList, StepRow
from quizapp.ui.widgets.rating_bar import RatingBar
from quizapp.ui.widgets.recall_card import RecallCard
from tests.ui.conftest import SAMPLE, card_flags, reviews, still_on

SIZE = (100, 40)


def plain(widget: Static) -> str:
    """The text a Static shows, without styles."""
    return str(widget.content)


async def start(app: QuizApp, pilot: Pilot[int]) -> StudyScreen:
    """From the home screen, `s` starts studying what is due."""
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, StudyScreen)
    return app.screen


async def test_flashcard_reveal_then_self_grade(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="flashcard")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert screen.question is not None and screen.question.key == "ui-sample/flashcard"
        assert not screen.query(".back")
        await pilot.press("space")
        await pilot.pause()
        card = screen.query_one(RecallCard)
        assert card.checked and card.query(".back")
        assert screen.query_one(RatingBar).suggested.name == "GOOD"
        await pilot.press("4")  # Easy: days away, beyond today's learn-ahead window
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # the queue held one card
        assert "Answered     1" in plain(app.screen.query_one("#summary", Static))
    [row] = reviews(db_path)
    assert (row["key"], row["grade"], row["score"]) == ("ui-sample/flashcard", 4, 1.0)


async def test_choice_right_answer_then_override_grade(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="choice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(ChoiceList)
        right = next(
            n for n, index in enumerate(widget.order, 1) if widget.data.options[index].correct
        )
        await pilot.press(str(right), "enter")
        await pilot.pause()
        assert plain(screen.query_one("#verdict", Static)) == "✓ Right"
        rows = [plain(r) for r in screen.query(OptionRow)]
        assert any(r.startswith("✓") and "(correct)" in r for r in rows)
        assert "A SYN occupies one sequence number." in "\n".join(rows)
        assert "Source: RFC 9293 §3.4" in plain(screen.query_one("#source", Static))
        await pilot.press("1")  # the learner overrides: Again
        await pilot.pause()
    [row] = reviews(db_path)
    assert row["grade"] == 1 and row["score"] == 1.0 and row["suggested"] >= 3
    assert json.loads(row["answer"]) == {"selected": [0]}


async def test_typed_wrong_answer_shows_diff_and_suggests_again(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="typed")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press(*"syn snt", "enter")
        await pilot.pause()
        widget = screen.query_one(FillIn)
        assert widget.checked and widget.outcome is not None and widget.outcome.score == 0.0
        result = plain(widget.query_one("#fill-result-0", Static))
        assert result.startswith("✗ syn _sEnt") and "answer: SYN_SENT" in result  # diff merged
        assert plain(screen.query_one("#verdict", Static)) == "✗ Wrong"
        assert screen.suggested.name == "AGAIN"
        await pilot.press("enter")  # Enter takes the suggestion
        await pilot.pause()
    [row] = reviews(db_path)
    assert (row["grade"], row["score"], json.loads(row["answer"])) == (
        1,
        0.0,
        {"blanks": ["syn snt"]},
    )


async def test_cloze_blanks_one_input_each(make_app: Callable[..., QuizApp], db_path: Path) -> None:
    app = make_app(tag="cloze")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert len(screen.query(Input)) == 2
        await pilot.press(*"time-wait", "enter")
        await pilot.press(*"2 msl", "enter")
        await pilot.pause()
        widget = screen.query_one(FillIn)
        assert widget.outcome is not None and widget.outcome.correct
        await pilot.press("3")
        await pilot.pause()
    [row] = reviews(db_path)
    assert json.loads(row["answer"]) == {"blanks": ["time-wait", "2 msl"]} and row["grade"] == 3


async def test_order_by_keys_with_distractor_discarded(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="order")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(OrderList)
        for target, step_id in enumerate(["s0", "s1", "s2"]):
            at = [i.id for i in widget.items].index(step_id)
            while widget.cursor != at:
                await pilot.press("down")
            await pilot.press(str(target + 1))  # type its position
        assert [i.id for i in widget.items] == ["s0", "s1", "s2", "d0"]
        await pilot.press("k", "j")  # move up then back down: order unchanged
        assert [i.id for i in widget.items] == ["s0", "s1", "s2", "d0"]
        await pilot.press("down", "x")  # discard the distractor
        assert widget.discarded == {"d0"}
        await pilot.press("enter")
        await pilot.pause()
        assert widget.outcome is not None and widget.outcome.correct
        marks = [plain(r)[0] for r in widget.query(StepRow)]
        assert marks == ["✓"] * 4
        await pilot.press("enter")
        await pilot.pause()
    [row] = reviews(db_path)
    assert json.loads(row["answer"])["discarded"] == ["d0"] and row["score"] == 1.0


@pytest.mark.parametrize(
    ("lang", "first_mark", "last_mark", "not_part"),
    [
        (None, "← is step 3", "← does not belong", "Does not belong: Server sends FIN"),
        ("zh-CN", "← 应是第 3 步", "← 不属于此过程", "不属于此过程：服务器发送 FIN"),
    ],
)
async def test_order_wrong_marks_in_place_and_shows_correct_order(
    make_app: Callable[..., QuizApp],
    db_path: Path,
    lang: str | None,
    first_mark: str,
    last_mark: str,
    not_part: str,
) -> None:
    """Marks and the correct order follow the question's language."""
    app = make_app(tag="order", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(OrderList)
        widget.items.sort(key=lambda i: i.id, reverse=True)  # s2 s1 s0 d0: reversed
        await pilot.press("enter")
        await pilot.pause()
        assert widget.outcome is not None and 0 < widget.outcome.score < 1
        rows = [plain(r) for r in widget.query(StepRow)]
        assert rows[0].endswith(first_mark) and rows[-1].endswith(last_mark), rows
        assert not_part in plain(widget.query_one("#order-answer", Static))
        await pilot.press("1")
        await pilot.pause()
    assert reviews(db_path)[0]["grade"] == 1


async def test_diagram_tab_between_blanks_and_check(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="diagram")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        blanks = list(screen.query(BlankInput))
        assert [b.key for b in blanks] == ["1.left", "2.ack", "3.ack"]  # reading order
        assert app.focused is blanks[0]
        await pilot.press(*"syn-sent", "tab", *"X + 1", "tab")
        await pilot.press("down")  # pick from the list instead of typing
        picked = blanks[2].value
        await pilot.press("enter")
        await pilot.pause()
        widget = screen.query_one(LadderDiagram)
        assert widget.outcome is not None
        marks = {p.label: p.correct for p in widget.outcome.parts}
        assert marks["1.left"] and marks["2.ack"]
        assert marks["3.ack"] == (picked == "y+1")
        shown = plain(widget.query_one("#diagram-results", Static))
        assert "✓ Row 1, Client state: syn-sent" in shown
        await pilot.press("3")
        await pilot.pause()
    [row] = reviews(db_path)
    assert json.loads(row["answer"])["blanks"]["2.ack"] == "X + 1"


async def test_undo_suspend_bury_and_where(make_app: Callable[..., QuizApp], db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        first = screen.question
        assert first is not None
        if isinstance(app.focused, Input):
            await pilot.press("escape")
        await pilot.press("s")  # suspend
        await pilot.pause()
        second = screen.question
        assert second is not None and second.key != first.key
        assert card_flags(db_path, first.key)["suspended"] == 1
        if isinstance(app.focused, Input):
            await pilot.press("escape")  # leave the blank first; the session stays open
            assert isinstance(app.screen, StudyScreen)
        await pilot.press("b")
        await pilot.pause()
        assert card_flags(db_path, second.key)["buried_until_ms"] is not None
        third = screen.question
        assert third is not None
        if isinstance(app.focused, Input):
            await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        assert any(f"{third.file}:{third.line}" in str(n.message) for n in app._notifications)
        # answer the third, then undo it
        widget = screen.widget
        assert widget is not None
        widget.check() if third.type != "flashcard" else await pilot.press("space")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert len(reviews(db_path)) == 1
        await pilot.press("u")
        await pilot.pause()
        assert reviews(db_path) == []
        assert screen.question is not None and screen.question.key == third.key


async def test_language_toggle_and_lang_option(make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="flashcard", lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert screen.lang == "zh-CN"
        await pilot.press("l")
        await pilot.pause()
        assert screen.lang == "en"


async def test_home_empty_states(
    make_app: Callable[..., QuizApp], db_path: Path, tmp_path: Path
) -> None:
    from quizapp.ui.app import QuizApp as App

    empty = App(db_path, [], clock=make_app().clock)
    async with empty.run_test(size=SIZE) as pilot:
        await pilot.pause()
        hint = plain(empty.screen.query_one("#home-hint", Static))
        assert "No packs yet" in hint and "quizapp pack new" in hint
    app = make_app(tag="flashcard")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("space", "4")
        await pilot.pause()
        await pilot.press("enter")  # summary -> home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        hint = plain(app.screen.query_one("#home-hint", Static))
        assert "Nothing due" in hint or "to study" in hint


async def test_refused_database_ends_with_a_message(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    db_path.write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 1 and app.error
    assert db_path.read_bytes().startswith(b"this is not a database")


async def test_command_palette_lists_the_screen_keys(make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="flashcard")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        for name in ("Suspend", "Bury", "Where", "Help", "Back"):
            assert any(t.startswith(name) for t in titles), titles
        await pilot.press("space")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(screen)]
        assert any(t.startswith("Again") for t in titles)  # grades once answered
        assert any(t.startswith("Easy") for t in titles)


async def test_study_now_opens_on_the_first_question_and_q_goes_home(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="flashcard", study_now=True)  # what `quizapp study` builds
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.question is not None
        assert app.screen.question.key == "ui-sample/flashcard"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [s.id for s in app.screen.summaries] == ["ui-sample"]  # the pack table
    assert reviews(db_path) == []  # leaving without answering records nothing


async def test_study_now_summary_then_enter_goes_home(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    """Home is only built when the session is left; the summary path leads there too."""
    app = make_app(tag="flashcard", study_now=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("space")  # reveal
        await pilot.press("4")  # Easy: days away, the queue is empty
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2  # the default screen and home: nothing left over
        assert [s.id for s in app.screen.summaries] == ["ui-sample"]
    assert [r["grade"] for r in reviews(db_path)] == [4]


async def test_an_answer_that_cannot_be_saved_says_so_and_stays(
    make_app: Callable[..., QuizApp], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the write lock past the busy timeout: no pretending it saved."""
    import sqlite3

    import quizapp.store.db

    monkeypatch.setattr(quizapp.store.db, "BUSY_TIMEOUT_MS", 200)
    app = make_app(tag="flashcard")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # e.g. a second terminal stuck mid-write
        try:
            await pilot.press("4")
            await pilot.pause()
            assert still_on(app, screen) and screen.question is not None  # still this question
            assert screen.question.key == "ui-sample/flashcard"
            shown = [n.message for n in app._notifications]
            assert any("database is locked" in m for m in shown), shown
            assert reviews(db_path) == []
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        await pilot.press("4")  # the lock is gone: the same grade now saves
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    assert [r["grade"] for r in reviews(db_path)] == [4]


async def test_hints_follow_the_question_language(make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="choice", lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        hint = plain(screen.query_one(ChoiceList).query_one(".hint", Static))
        assert hint.startswith(("单选", "多选")), hint
        await pilot.press("l")  # back to English: the hint follows the question
        await pilot.pause()
        hint = plain(screen.query_one(ChoiceList).query_one(".hint", Static))
        assert hint.startswith("Pick"), hint


async def test_diagram_results_name_each_blank_in_the_question_language(
    make_app: Callable[..., QuizApp],
) -> None:
    app = make_app(tag="diagram", lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press(*"zz", "tab", *"x+1", "tab", *"zz", "enter")
        await pilot.pause()
        shown = plain(screen.query_one(LadderDiagram).query_one("#diagram-results", Static))
        assert "✗ 第 1 行 客户端状态：zz" in shown, shown
        assert "✓ 第 2 行 ack：x+1" in shown, shown


def test_a_tag_no_question_carries_is_an_error_not_an_empty_session(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["study", "--pack", str(SAMPLE), "--tag", "diagrams", "--db", str(db_path)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no question in ui-sample has the tag 'diagrams'"), err
    assert "diagram" in err.split("tags there:")[1] and "Traceback" not in err
    assert not db_path.exists()  # refused before anything was opened


async def test_esc_in_a_blank_says_it_leaves_the_blank_then_q_leaves(
    make_app: Callable[..., QuizApp],
) -> None:
    app = make_app(tag="diagram")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert isinstance(app.focused, BlankInput)
        assert app.active_bindings["escape"].binding.description == "Leave blank"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is None and still_on(app, screen)  # still on the question
        assert app.active_bindings["escape"].binding.description == "Back"
        assert app.active_bindings["enter"].binding.description == "Answer"
        await pilot.press("enter")  # back into the first blank
        await pilot.pause()
        assert isinstance(app.focused, BlankInput)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, StudyScreen)


async def test_chinese_text_wraps_at_the_line_end(make_app: Callable[..., QuizApp]) -> None:
    """The app installs CJK line breaking; Textual's own wrapping lays out prompts with it."""
    from rich.cells import cell_len
    from textual.content import Content

    text = "服务器不会单独发一个 ACK：对客户端 SYN 的确认和它自己的 SYN 合在同一个报文段里。"
    app = make_app(tag="choice", lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        first = Content(text).wrap(41)[0].plain
        assert first == "服务器不会单独发一个 ACK：对客户端 SYN 的"  # not cut after "SYN"
        assert cell_len(first) == 41


def test_progress_header_cuts_the_title_not_the_progress() -> None:
    from rich.console import Console

    from quizapp.ui.widgets.progress_header import ProgressHeader

    header = ProgressHeader()
    header.show("TCP 三次握手与四次挥手", ("handshake", "states", "failures"), 2, 20, "zh-CN")
    for width, shown in ((80, "TCP 三次握手与四次挥手  · handshake, …"), (60, "TCP 三次握手")):
        console = Console(width=width, record=True, color_system=None)
        console.print(header.content)
        [line] = console.export_text().splitlines()
        assert line.rstrip().endswith("2 done, 20 to go   [zh-CN]"), line
        assert line.startswith(shown) and "…" in line, line
