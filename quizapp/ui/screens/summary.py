"""End of a study session (what was done, what comes next) or of a quiz (the score)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from quizapp.i18n import N_, _
from quizapp.i18n.cells import pad
from quizapp.ui.commands import MORE_NEW
from quizapp.ui.labels import type_name
from quizapp.ui.plain import Static
from quizapp.ui.screens.timefmt import when
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.services.quiz import QuizSummary
    from quizapp.services.session_records import SessionSummary
    from quizapp.ui.app import QuizApp


def duration_text(seconds: float) -> str:
    """`4m 12s`, `45s`, `1h 3m`."""
    seconds = int(seconds)
    if seconds < 60:
        return _("{s}s").format(s=seconds)
    if seconds < 3600:
        return _("{m}m {s:02d}s").format(m=seconds // 60, s=seconds % 60)
    return _("{h}h {m}m").format(h=seconds // 3600, m=seconds % 3600 // 60)


def rows(pairs: list[tuple[str, str]], gap: int = 1) -> str:
    """`Label   value` lines, the values lined up whatever the labels' language (Chinese
    characters take two cells each)."""
    width = max(cell_len(name) for name, _value in pairs)
    return "".join(f"{pad(name, width + gap)}{value}\n" for name, value in pairs)


class SummaryScreen(Screen[None]):
    """Answered, correct, time, due tomorrow."""

    DEFAULT_CSS = """
    #summary {
        margin: 1 2;
        padding: 1 2;
        border: round $accent;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,q,escape", "home", N_("Home"), show=True),
        Binding("m", "mistakes", N_("Study mistakes"), show=True),
        Binding("n", "more_new", N_("More new"), show=True),
        Binding("ctrl+q", "app.quit", N_("Quit"), show=True),
    ]

    app: QuizApp

    def __init__(self, summary: SessionSummary, pack_ids: list[str] | None = None) -> None:
        super().__init__(id="summary-screen")
        self.summary = summary
        self.pack_ids = pack_ids
        """The packs the session studied (None: the command line's), for `n`."""

    def compose(self) -> Any:
        """One panel of numbers."""
        s = self.summary
        text = Text()
        if s.remaining:  # the learner stopped early: the day's queue is not done
            paused = _("Session paused: {n} still due today").format(n=s.remaining)
            text.append(paused + "\n\n", style="bold")
        else:
            text.append(_("Session done") + "\n\n", style="bold")
        rate = f" ({round(100 * s.correct / s.answered)}%)" if s.answered else ""
        table = [
            (_("Answered"), str(s.answered)),
            (_("Remembered"), f"{s.correct}{rate}"),
            (_("Time"), duration_text(s.elapsed.total_seconds())),
            (_("Due tomorrow"), str(s.due_tomorrow)),
            (_("Next review"), when(s.next_due, self.app.now())),
        ]
        if s.missed:
            missed = _("{n}: m studies them again").format(n=len(s.missed))
            table.append((_("Missed"), missed))
        text.append(rows(table) + "\n")
        if s.new_hidden:
            more = min(s.new_hidden, MORE_NEW)
            line = _("Today's new limit holds back {hidden} unseen: n studies {more} more now.")
            text.append(line.format(hidden=s.new_hidden, more=more) + "\n\n")
        leave = (
            _("Press Enter to go back to your packs (s there starts a fresh session).")
            if s.remaining
            else _("Press Enter to go back to your packs.")
        )
        text.append(leave, style="dim")
        yield Static(text, id="summary")
        yield Footer(compact=True)

    def action_home(self) -> None:
        """Back to the pack list."""
        self.app.pop_screen()

    def action_mistakes(self) -> None:
        """Study the questions just missed again (their learning steps are due soon)."""
        if not self.summary.missed:
            self.notify(_("No mistakes in this session."), timeout=3)
            return
        self.app.pop_screen()
        self.app.study_keys(self.summary.missed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`n` only when the new limit holds unseen questions back."""
        if action == "more_new":
            return self.summary.new_hidden > 0
        return True

    async def action_more_new(self) -> None:
        """Study up to MORE_NEW new questions past today's limit, in the same packs."""
        more = min(self.summary.new_hidden, MORE_NEW)
        await self.app.start_study(self.pack_ids, extra_new=more)


class QuizSummaryScreen(Screen[None]):
    """Score, time, per-type breakdown and the questions missed; nothing was scheduled."""

    DEFAULT_CSS = """
    #quiz-summary {  /* the missed list needs the room: tighter than the study summary */
        margin: 0 1;
        padding: 0 1;
        border: round $accent;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,q,escape", "home", N_("Done"), show=True),
        Binding("m", "mistakes", N_("Quiz mistakes"), show=True),
        Binding("ctrl+q", "app.quit", N_("Quit"), show=True),
    ]

    app: QuizApp

    def __init__(self, summary: QuizSummary) -> None:
        super().__init__(id="quiz-summary-screen")
        self.summary = summary

    def compose(self) -> Any:
        """The numbers, then the missed questions, scrolling if they do not fit."""
        yield VerticalScroll(Static(self.text(), id="quiz-summary"))
        yield Footer(compact=True)

    def text(self) -> Text:
        """The whole panel."""
        from quizapp.services.quiz import points_text

        s, t = self.summary, self.summary.total
        out = Text()
        out.append(_("Quiz done"), style="bold")
        out.append(_(" — your schedule was not changed") + "\n\n")
        answered = str(t.answered)
        if t.answered < s.planned:
            answered = _("{answered} of {planned}").format(answered=t.answered, planned=s.planned)
        pct = round(100 * t.points / t.answered) if t.answered else 0
        score = f"{points_text(t.points)} / {t.answered} ({pct}%)"
        first, second, third = rows(
            [
                (_("Answered"), answered),
                (_("Score"), score),
                (_("Time"), duration_text(s.elapsed.total_seconds())),
            ],
            gap=2,
        ).splitlines()
        out.append(first + "\n" + second + "   ")
        out.append(_("✓ {n} right").format(n=t.right), style="green").append("  ")
        out.append(_("◐ {n} partly").format(n=t.partly), style="yellow").append("  ")
        out.append(_("✗ {n} wrong").format(n=t.wrong), style="red").append("\n")
        out.append(third + "\n\n")
        out.append(_("By type") + "\n", style="bold")
        names = {kind: type_name(kind) for kind in s.by_type}
        width = max(cell_len(name) for name in names.values())
        for kind, tally in s.by_type.items():
            out.append(f"  {pad(names[kind], width)}  {tally.score:>7}   ")
            counts = _("{right} right, {partly} partly, {wrong} wrong").format(
                right=tally.right, partly=tally.partly, wrong=tally.wrong
            )
            out.append(counts + "\n")
        if s.missed:
            out.append("\n" + _("Missed ({n})").format(n=len(s.missed)) + "\n", style="bold")
            out.append_text(self.missed_lines())
            out.append("\n" + _("Read one with its answer: "), style="dim")
            out.append(f"quizapp pack show {s.missed[0].key}", style="bold")  # i18n: a command
            types = " ".join(f"--type {k}" for k in dict.fromkeys(q.type for q in s.missed))
            packs = " ".join(f"--pack {p}" for p in s.pack_ids)
            out.append("\n" + _("m quizzes the missed ones again now; or: "), style="dim")
            out.append(f"quizapp quiz {packs} {types}\n", style="bold")  # i18n: a command
        else:
            out.append("\n" + _("Nothing missed.") + "\n", style="green")
        leave = (
            _("Press Enter to finish.")
            if self.app.quiz_now is not None
            else _("Press Enter to go back to your packs.")
        )
        out.append("\n" + leave, style="dim")
        return out

    def missed_lines(self) -> Text:
        """`  pack/id  first line of the prompt`, in the question's language."""
        from quizapp.domain.text import prompt_line

        keys = [q.key for q in self.summary.missed]
        width = max(len(k) for k in keys)
        out = Text()
        for question, key in zip(self.summary.missed, keys, strict=True):
            lang = self.app.lang_for(self.app.pack(question.pack_id))
            room = max(20, self.app.size.width - 14 - width)  # border, padding, indent, bar
            prompt = Text(prompt_line(question.text(lang).prompt, room))  # cut by cells
            out.append(f"  {key:<{width}}  ", style="bold").append(prompt).append("\n")
        return out

    def action_home(self) -> None:
        """Back to the pack list (or out, for `quizapp quiz`: see QuizApp.go_home)."""
        self.app.go_home()

    def action_mistakes(self) -> None:
        """A quiz of the questions just missed (still outside the schedule)."""
        from quizapp.services.quiz import Quiz
        from quizapp.ui.screens.quiz import QuizScreen

        if not self.summary.missed:
            self.notify(_("Nothing missed."), timeout=3)
            return
        self.app.switch_screen(QuizScreen(Quiz(list(self.summary.missed), self.app.now)))
