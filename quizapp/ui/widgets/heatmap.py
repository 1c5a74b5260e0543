"""A calendar heatmap of reviews per day (weeks across, weekdays down, as GitHub's and Anki's).

Drawn by hand: textual-plotext (the charts library the other charts use) has bar, line and
scatter plots but no calendar grid, and no maintained Textual widget draws one. Each day is
one cell, shaded in five steps from the day's count relative to the busiest day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text

from quizapp.i18n import _

SHADES = ("grey23", "dark_green", "green4", "green3", "bright_green")
"""No reviews, then four steps up to the busiest day."""
EMPTY = "·"
FULL = "■"


def shade(count: int, top: int) -> int:
    """0 for no reviews, else 1-4 by the count's share of the busiest day."""
    if count <= 0 or top <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


def heatmap(per_day: Mapping[str, int], *, month_names: tuple[str, ...] | None = None) -> Text:
    """Seven rows (Mon-Sun) of one cell per day, oldest week first, with month initials above.
    `per_day` maps ISO dates to counts (the `reviews_by_day` of `stats --json`)."""
    if not per_day:
        return Text("")
    days = sorted(date.fromisoformat(d) for d in per_day)
    first = days[0] - timedelta(days=days[0].weekday())  # the Monday of the first week
    weeks = (days[-1] - first).days // 7 + 1
    top = max(per_day.values(), default=0)
    # TRANSLATORS: January to December as short as they can be read (one or two narrow
    # characters each, space-separated), printed above the first week of each month
    names = month_names or tuple(_("J F M A M J J A S O N D").split())
    header = [" "] * weeks
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        label = names[monday.month - 1] if len(names) == 12 else ""
        free = all(c == " " for c in header[max(0, week - 1) : week + len(label)])
        if monday.day <= 7 and free and cell_len(label) == len(label):  # a month's first week
            header[week : week + len(label)] = list(label)
    out = Text("    " + "".join(header[:weeks]) + "\n", style="dim")
    labels = (_("Mon"), "", _("Wed"), "", _("Fri"), "", _("Sun"))
    for weekday, label in enumerate(labels):
        out.append(label + " " * max(0, 4 - cell_len(label)), style="dim")
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            key = day.isoformat()
            if key not in per_day:
                out.append(" ")
                continue
            level = shade(per_day[key], top)
            out.append(FULL if level else EMPTY, style=SHADES[level])
        if weekday < 6:
            out.append("\n")
    return out
