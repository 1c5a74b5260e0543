"""The report of a mock interview: the score overall, by tag and by type, the time of each
question, and every miss with its right answer and explanation; `m` sends the misses into
study (due now, their history kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from quizapp.i18n import N_, _, ngettext
from quizapp.i18n.cells import pad
from quizapp.ui.labels import type_name
from quizapp.ui.plain import Static
from quizapp.ui.screens.summary import duration_text, rows
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.services.interview import InterviewReport
    from quizapp.services.quiz import Tally
    from quizapp.ui.app import QuizApp


def mark(score: float, answered: bool) -> tuple[str, str]:
    """✓ / ◐ / ✗ / – (not reached) and its colour."""
    if not answered:
        return "–", "dim"
    if score >= 1:
        return "✓", "green"
    return ("◐", "yellow") if score > 0 else ("✗", "red")


class InterviewReportScreen(Screen[None]):
    """Everything the interview held back, at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "study_misses", N_("Study the misses"), show=True),
        Binding("enter,q,escape", "home", N_("Done"), show=True),
        Binding("ctrl+q", "app.quit", N_("Quit"), show=True),
    ]

    app: QuizApp

    def __init__(self, report: InterviewReport, saved_id: int) -> None:
        super().__init__(id="interview-report-screen")
        self.report = report
        self.saved_id = saved_id
        self.sent = False

    def compose(self) -> Any:
        """The report, scrolling; the footer."""
        yield VerticalScroll(Static(self.text(), id="interview-report"))
        yield Footer(compact=True)

    def text(self) -> Text:
        """The whole report."""
        from quizapp.services.interview import score_text

        r = self.report
        out = Text()
        out.append(_("Mock interview done"), style="bold")
        out.append(_(" — report #{id} saved").format(id=self.saved_id) + "\n\n")
        out.append(
            rows(
                [
                    (_("Score"), f"{score_text(r.points, r.planned)} ({r.percent}%)"),
                    (
                        _("Answered"),
                        _("{answered} of {planned}").format(answered=r.answered, planned=r.planned),
                    ),
                    (
                        _("Time"),
                        _("{used} of {allowed}").format(
                            used=duration_text(r.used.total_seconds()),
                            allowed=duration_text(r.allowed.total_seconds()),
                        ),
                    ),
                ],
                gap=2,
            )
            + "\n"
        )
        self._tallies(out, _("By tag"), r.by("tag"), names=None)
        self._tallies(out, _("By type"), r.by("type"), names=type_name)
        out.append(_("Time per question") + "\n", style="bold")
        width = max(cell_len(item.key) for item in r.items)
        for n, item in enumerate(r.items, 1):
            sign, style = mark(item.score, item.answered)
            seconds = duration_text(item.seconds) if item.answered else _("not reached")
            out.append(f"  {n:>2}. ").append(sign, style=style)
            out.append(f" {pad(item.key, width)}  {seconds}\n")
        misses = r.misses
        out.append("\n" + _("Misses ({n})").format(n=len(misses)) + "\n", style="bold")
        if not misses:
            out.append(_("None: every answer was right.") + "\n", style="green")
        for item in misses:
            sign, style = mark(item.score, item.answered)
            out.append("\n").append(sign, style=style).append(f" {item.key}\n", style="bold")
            out.append(item.prompt.strip() + "\n")
            if item.answer:
                out.append(_("Answer: "), style="green").append(item.answer.strip() + "\n")
            if item.explanation:
                out.append(item.explanation.strip() + "\n", style="dim")
        if misses:
            out.append(
                "\n" + _("Press m to study the misses (due now, history kept)."), style="dim"
            )
        return out

    def _tallies(self, out: Text, title: str, tallies: dict[str, Tally], names: Any) -> None:
        if not tallies:
            return
        out.append(title + "\n", style="bold")
        shown = {key: names(key) if names else key for key in tallies}
        width = max(cell_len(name) for name in shown.values())
        for key, tally in tallies.items():
            pct = round(100 * tally.points / tally.answered) if tally.answered else 0
            out.append(f"  {pad(shown[key], width)}  {tally.score:>7}  {pct:>3}%\n")
        out.append("\n")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`m` only while there are misses not yet sent."""
        if action == "study_misses":
            return bool(self.report.misses) and not self.sent
        return True

    def action_study_misses(self) -> None:
        """The misses become due now; new ones come with today's new questions."""
        from quizapp.services.interview import send_misses_to_study

        moved, new = send_misses_to_study(self.app.db_path, self.report, self.app.now())
        self.sent = True
        self.refresh_bindings()
        message = ngettext("{n} question is due now", "{n} questions are due now", moved).format(
            n=moved
        )
        if new:
            message += "; " + ngettext(
                "{n} new one comes with today's new questions",
                "{n} new ones come with today's new questions",
                new,
            ).format(n=new)
        self.notify(message + ".", timeout=6)

    def action_home(self) -> None:
        """Back to the pack list (or out, for `quizapp interview`)."""
        self.app.go_home()
