"""The statistics screen (`t` on the home screen): the last year as a calendar heatmap with the
study streaks, the 30-day due forecast and the reviews of the last 30 days as bar charts
(textual-plotext), counts by state, true retention young/mature by pack, tag and type, and the
weakest questions, which `w` studies now; and the mock interviews' scores over time.

Every number is `services.stats.collect_stats` over 365 days, which `quizapp stats --json
--days 365` prints too (a test compares them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual_plotext import PlotextPlot

from quizapp.i18n import N_, _
from quizapp.ui.plain import Static
from quizapp.ui.widgets.footer import Footer
from quizapp.ui.widgets.heatmap import heatmap

if TYPE_CHECKING:
    from quizapp.services.interview import PastInterview
    from quizapp.ui.app import QuizApp

YEAR = 365
COUNT_KEYS = ("new", "learning", "review", "suspended", "leeches", "due_today", "reviews_today")

HELP = N_("""\
# Statistics

- **Last year**: one cell per day, brighter for more reviews; the current streak counts the
  days in a row with reviews up to today (today without reviews yet does not break it).
- **Due in the next 30 days** and **reviews in the last 30 days**: bar charts, today at the
  right end of the reviews and the left end of the forecast.
- **True retention**: the share of answers to questions already in review that were not
  Again, for young (interval under 21 days) and mature questions, per pack, tag and type.
- **Weakest questions**: the most lapses, then the lowest chance of recall now; `w` studies
  them now (when none is due today, as a custom session: real reviews, early ones scheduled
  from the real time since the last).
- **Mock interviews**: every saved report, oldest first: when, which packs, the score and
  the time used of the time allowed (`quizapp interview --history`).

The same numbers: `quizapp stats --json --days 365`.
`↑`/`↓`/`PgUp`/`PgDn` scroll · `w` study the weakest · `r` refresh · `Esc`/`q` back ·
`F1`/`?` help.
""")


def retention_table(by: dict[str, dict[str, dict[str, int]]]) -> Table | Text:
    """Young / mature / all true retention, one row per pack, tag and type."""
    from quizapp.services.stats_text import retention_headers, retention_rows

    if not any(by.values()):
        return Text(_("No answers to questions in review in the last year yet."), style="dim")
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for name in retention_headers():
        table.add_column(name, justify="left" if not name else "right")
    for label, *cells in retention_rows(by):
        table.add_row(Text(label), *cells)
    return table


def count_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least `top`, at most `most` + 1 of them, evenly spaced
    (a chart of counts has no 0.17 or 0.33)."""
    step = max(1, -(-top // most))
    return list(range(0, top + step, step))


class StatsScreen(Screen[None]):
    """Charts and tables of the learner's progress."""

    DEFAULT_CSS = """
    .stats-heading {
        margin: 1 0 0 0;
        text-style: bold;
        color: $accent;
    }
    .stats-chart {
        height: 12;
        margin: 1 0 0 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", N_("Back"), show=True),
        Binding("w", "study_weakest", N_("Study weakest"), show=True),
        Binding("r", "refresh", N_("Refresh"), show=True),
        Binding("f1,question_mark", "help", N_("Help"), show=True),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__(id="stats")
        self.data: dict[str, Any] = {}
        self.interviews: list[PastInterview] = []
        """The saved mock interview reports, oldest first (`quizapp interview --history`)."""

    def compose(self) -> Any:
        """Sections top to bottom in one scrolling column."""
        yield Static(_("Statistics"), id="stats-title", classes="screen-title")
        with VerticalScroll(id="stats-body", classes="screen-body"):
            yield Static(id="stats-counts")
            yield Static(_("Last year"), classes="stats-heading")
            yield Static(id="stats-heatmap")
            yield Static(id="stats-streak")
            yield PlotextPlot(id="stats-forecast", classes="stats-chart")
            yield PlotextPlot(id="stats-reviews", classes="stats-chart")
            yield Static(_("True retention (last year)"), classes="stats-heading")
            yield Static(id="stats-retention")
            yield Static(_("Weakest questions (w studies them)"), classes="stats-heading")
            yield Static(id="stats-weakest")
            yield Static(_("Mock interviews"), classes="stats-heading")
            yield Static(id="stats-interviews")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Read the numbers and draw them; the column takes the scroll keys."""
        self.action_refresh()
        self.query_one("#stats-body").focus()

    def action_refresh(self) -> None:
        """Read everything again from the database."""
        from quizapp.services.interview import interview_history
        from quizapp.services.stats import collect_stats, question_types

        self.data = collect_stats(
            self.app.db_path,
            self.app.now(),
            pack_ids=self.app.pack_ids,
            days=YEAR,
            types=question_types(self.app.packs),
        )
        self.interviews = interview_history(self.app.db_path)
        self.draw()

    def draw(self) -> None:
        """Put the numbers in the widgets."""
        data = self.data
        self.query_one("#stats-counts", Static).update(
            _(
                "New {new} · Learning {learning} · Review {review} · Suspended {suspended} "
                "(leeches {leeches}) · Due today {due_today} · Reviews today {reviews_today}"
            ).format(**{key: data[key] for key in COUNT_KEYS})
        )
        per_day: dict[str, int] = data["reviews_by_day"]
        self.query_one("#stats-heatmap", Static).update(heatmap(per_day))
        streak = data["streak"]
        total = sum(per_day.values())
        self.query_one("#stats-streak", Static).update(
            _(
                "Streak (days in a row): {current} now, longest {longest} · "
                "reviews in the last year: {total}"
            ).format(current=streak["current"], longest=streak["longest"], total=total)
        )
        last_30 = list(per_day.values())[-30:]
        self._bars("#stats-forecast", _("Due in the next 30 days"), data["forecast"], 0)
        self._bars("#stats-reviews", _("Reviews in the last 30 days"), last_30, -29)
        self.query_one("#stats-retention", Static).update(retention_table(data["true_retention"]))
        self.query_one("#stats-weakest", Static).update(self._weakest())
        self.query_one("#stats-interviews", Static).update(self._interviews())

    def _bars(self, where: str, title: str, values: list[int], first_day: int) -> None:
        """A bar chart of one count per day, labelled by day offset from today."""
        widget = self.query_one(where, PlotextPlot)
        plt = widget.plt
        plt.clear_figure()
        plt.title(_("{title} (total {total})").format(title=title, total=sum(values)))
        days = list(range(first_day, first_day + len(values)))
        plt.bar(days, values, width=0.6, marker="sd")
        # counts: whole-number ticks only (plotext's own would say 0.17, 0.33 ...)
        ticks = count_ticks(max(1, max(values, default=0)))
        plt.ylim(0, ticks[-1])
        plt.yticks([float(tick) for tick in ticks], [str(tick) for tick in ticks])
        # ticks every 5 days, chosen here: plotext's own choice moved with the layout passes
        plt.xticks([day for day in days if day % 5 == 0])
        plt.xlabel(_("days from today"))
        widget.refresh()

    def _weakest(self) -> Table | Text:
        """Key, lapses, recall now and prompt of the weakest questions."""
        from quizapp.domain import CardKey
        from quizapp.domain.text import prompt_line
        from quizapp.services.stats import prompts_of
        from quizapp.services.stats_text import weakest_headers, weakest_rows

        rows = self.data.get("weakest", [])
        if not rows:
            return Text(_("No studied questions yet."), style="dim")
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
        *fixed, prompt = weakest_headers()
        for name in fixed:
            table.add_column(name, no_wrap=True)
        table.add_column(prompt, overflow="ellipsis")
        prompts = prompts_of(self.app.packs, [row["key"] for row in rows], self.app.lang or "")
        for key, lapses, recall, text in weakest_rows(rows, prompts):
            table.add_row(
                Text(key),
                lapses,
                recall,
                Text(prompt_line(text, 60)),
                style="" if self.app.pack(CardKey.parse(key).pack_id) else "dim",
            )
        return table

    def _interviews(self) -> Table | Text:
        """Date, pack, score and time of every saved mock interview, oldest first."""
        from quizapp.services.interview import score_text

        if not self.interviews:
            return Text(_("No mock interviews yet: i on the home screen starts one."), style="dim")
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
        for name in (_("Date"), _("Pack"), _("Score"), _("Time")):
            table.add_column(name, no_wrap=True)
        for past in self.interviews:
            allowed = f"{past.seconds_allowed // 60}:{past.seconds_allowed % 60:02d}"
            table.add_row(
                past.when_text(),
                Text(past.scope),
                _("{score} ({percent}%)").format(
                    score=score_text(past.points, past.planned), percent=past.percent
                ),
                _("{used} of {allowed}").format(used=past.time_text(), allowed=allowed),
            )
        return table

    def action_study_weakest(self) -> None:
        """Study the weakest questions now (a custom session when none is due)."""
        keys = [row["key"] for row in self.data.get("weakest", [])]
        if not keys:
            self.notify(_("No studied questions yet."), severity="warning", timeout=4)
            return
        self.app.study_keys(keys)

    def on_screen_resume(self) -> None:
        """Numbers change after studying."""
        if self.data:
            self.action_refresh()

    def action_back(self) -> None:
        """Back home."""
        self.app.pop_screen()

    def action_help(self) -> None:
        """This screen's help."""
        from quizapp.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(_(HELP)))
