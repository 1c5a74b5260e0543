"""The FSRS optimiser on the settings screen: which parameters are in use, a button that fits
them to the review log (in a thread, with the stage it is at), the figures before and after,
and undo. The work is `services.optimize`, the same as `quizapp optimize`'s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.containers import Horizontal, Vertical
from textual.widgets import LoadingIndicator
from textual.worker import Worker, WorkerState

from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.i18n.cells import pad
from quizapp.services.optimize import source_words
from quizapp.ui.plain import Button, Static

if TYPE_CHECKING:
    from quizapp.services.optimize import OptimizeReport


def report_text(report: OptimizeReport) -> str:
    """The held-out figures before and after, and what was done with the fit."""
    fit = report.fit
    kept = (
        _("Kept: used from the next answer (Undo brings back the previous ones).")
        if report.kept
        else _("Not kept: they do not predict your latest reviews better on both measures.")
    )
    before = _("before ({source})").format(source=source_words(report.before.source))
    after, log_loss, rmse = _("after"), _("log loss"), _("RMSE (bins)")
    return (
        _("Fitted to {reviews:,} reviews; the latest {held_out:,} held out.").format(
            reviews=fit.reviews, held_out=fit.held_out_items
        )
        + f"\n{'':<38}{log_loss}  {rmse}\n"
        f"{pad(before, 38)}{fit.current.log_loss:8.4f}  {fit.current.rmse_bins:11.2%}\n"
        f"{pad(after, 38)}{fit.fitted.log_loss:8.4f}  {fit.fitted.rmse_bins:11.2%}\n{kept}"
    )


class OptimiserPanel(Vertical):
    """Optimise / Undo / Retention advice buttons and what the last one did."""

    def __init__(self, db_path: Path, clock: Callable[[], datetime]) -> None:
        super().__init__(id="optimiser")
        self.db_path = db_path
        self.clock = clock
        self.border_title = _("FSRS parameters")

    def compose(self) -> Any:
        """Status line, buttons, a spinner while fitting."""
        yield Static(self._in_use(), id="optimiser-status")
        with Horizontal(id="optimiser-buttons"):
            yield Button(_("Optimise"), id="optimise", compact=True)
            yield Button(_("Undo fit"), id="undo-fit", compact=True)
            yield Button(_("Retention advice"), id="advice", compact=True)
        yield LoadingIndicator(id="optimiser-busy")

    def on_mount(self) -> None:
        """The spinner shows only while a fit runs."""
        self.query_one("#optimiser-busy").display = False

    def _in_use(self) -> str:
        from quizapp.services.optimize import describe_in_use

        return describe_in_use(self.db_path)

    def show(self, text: str) -> None:
        """Replace the status line."""
        self.query_one("#optimiser-status", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start a fit, undo the last one, or open the advice."""
        event.stop()
        if event.button.id == "optimise":
            self.start()
        elif event.button.id == "undo-fit":
            self.undo()
        elif event.button.id == "advice":
            self.app.call_later(self.screen.run_action, "advice")

    def start(self) -> None:
        """Fit in a thread (a few seconds for thousands of reviews); the UI stays live."""
        from quizapp.services.optimize import optimize

        self.query_one("#optimise", Button).disabled = True
        self.query_one("#optimiser-busy").display = True

        def stage(text: str) -> None:
            self.app.call_from_thread(self.show, text)

        self.run_worker(
            lambda: optimize(self.db_path, None, self.clock(), progress=stage),
            thread=True,
            exclusive=True,
            group="optimise",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show the figures (or why there is no fit) when the thread ends."""
        if event.worker.group != "optimise" or not event.worker.is_finished:
            return
        self.query_one("#optimise", Button).disabled = False
        self.query_one("#optimiser-busy").display = False
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and result is not None:
            self.show(report_text(result))
        elif isinstance(event.worker.error, QuizappError):
            self.show(_("No fit: {error}").format(error=event.worker.error))
        elif event.worker.error is not None:
            self.show(_("The optimiser failed: {error}").format(error=event.worker.error))

    def undo(self) -> None:
        """Remove the newest fit; the one before (or the defaults) is used again."""
        from quizapp.services.optimize import undo

        try:
            undone = undo(self.db_path, None)
        except QuizappError as exc:
            self.show(_("Nothing undone: {error}").format(error=exc))
            return
        now = source_words(undone.now.source)
        if undone.removed is None:
            self.show(_("Nothing to undo: {now} are in use.").format(now=now))
        else:
            fitted = f"{undone.removed.fitted_at:%Y-%m-%d}"
            self.show(
                _("Undone: the fit of {fitted} is gone; {now} are in use again.").format(
                    fitted=fitted, now=now
                )
            )
