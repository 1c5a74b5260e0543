"""Retention advice: the workload curve (reviews per day against desired retention) simulated
from the learner's own parameters, with the retention that costs least study time per question
remembered. The numbers are `services.optimize.advise`'s (as `quizapp optimize --advise`); the
chart is textual-plotext's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import LoadingIndicator
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from quizapp.i18n import N_, _
from quizapp.ui.plain import Button, Static
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.services.optimize import Advice
    from quizapp.ui.app import QuizApp


def advice_text(curve: Advice, retention: float) -> str:
    """The advice in words, under the chart."""
    best = curve.best
    lowest = min(point.retention for point in curve.points)
    edge = _(" (or lower: the lowest simulated)") if best.retention == lowest else ""
    return _(
        "{questions:,} questions studied for {days} days under your limits. Least study time "
        "per question remembered: desired retention {best:.2f}{edge}, {reviews:.0f} reviews a "
        "day; yours is {yours:.2f}."
    ).format(
        questions=curve.questions,
        days=curve.days,
        best=best.retention,
        edge=edge,
        reviews=best.reviews_per_day,
        yours=retention,
    )


class AdviceScreen(Screen[float | None]):
    """The curve and a button to use the advised retention (dismissed with it, or None)."""

    DEFAULT_CSS = """
    #advice-buttons {
        height: 1;
    }
    #advice-buttons Button {
        margin: 0 2 0 0;
    }
    #advice-busy {
        height: 1;
    }
    #advice-plot {
        height: 1fr;
    }
    #advice-text {
        padding: 0 1;
        height: auto;
    }
    #advice-buttons {
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", N_("Back"), show=True),
        Binding("u", "use", N_("Use advised"), show=True),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__(id="advice-screen")
        self.curve: Advice | None = None
        self.retention: float | None = None

    def compose(self) -> Any:
        """Title, chart, the advice in words, the Use button."""
        yield Static(
            _("Retention advice: reviews per day by desired retention"),
            id="advice-title",
            classes="screen-title",
        )
        yield LoadingIndicator(id="advice-busy")
        yield PlotextPlot(id="advice-plot")
        yield Static(_("Simulating a year of study at 14 desired retentions…"), id="advice-text")
        with Horizontal(id="advice-buttons"):
            yield Button(_("Use advised retention"), id="use-advice", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Simulate in a thread: 14 years of study take a few seconds."""
        from quizapp.services.optimize import advise

        self.query_one("#advice-plot").display = False
        self.query_one("#use-advice").focus()  # a focused widget: the footer draws its keys
        self.run_worker(
            lambda: advise(self.app.db_path, None),
            thread=True,
            group="advise",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Draw the curve, or say why there is none."""
        if event.worker.group != "advise" or not event.worker.is_finished:
            return
        self.query_one("#advice-busy").display = False
        text = self.query_one("#advice-text", Static)
        if event.state != WorkerState.SUCCESS or event.worker.result is None:
            error = event.worker.error
            text.update(_("No advice: {error}").format(error=error))
            return
        self.curve, _used, self.retention = event.worker.result
        self.draw(self.curve, self.retention)
        text.update(advice_text(self.curve, self.retention))

    def draw(self, curve: Advice, retention: float) -> None:
        """Reviews per day against retention; the advised and the current retention marked."""
        widget = self.query_one("#advice-plot", PlotextPlot)
        widget.display = True
        plt = widget.plt
        plt.clear_figure()
        xs = [point.retention for point in curve.points]
        ys = [point.reviews_per_day for point in curve.points]
        plt.plot(xs, ys, marker="braille", label=_("reviews/day"))
        plt.vertical_line(curve.best.retention, color="green")
        plt.vertical_line(retention, color="red")
        plt.xlabel(
            _("desired retention (green: advised {best:.2f}, red: yours)").format(
                best=curve.best.retention
            )
        )
        plt.ylabel(_("reviews/day"))
        widget.refresh()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """`Use advised retention`."""
        event.stop()
        self.action_use()

    def action_use(self) -> None:
        """Back to settings with the advised retention (the settings screen saves it)."""
        if self.curve is not None:
            self.dismiss(self.curve.best.retention)
        else:
            self.notify(_("No advice to use yet."), timeout=3)

    def action_back(self) -> None:
        """Back without changing anything."""
        self.dismiss(None)
