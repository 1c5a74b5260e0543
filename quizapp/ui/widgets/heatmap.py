"""A calendar heatmap of reviews per day (weeks across, weekdays down, as GitHub's and Anki's).

Drawn by hand: textual-plotext (the charts library the other charts use) has bar, line and
scatter plots but no calendar grid, and no maintained Textual widget draws one. Each day is
one cell, shaded in five steps from the day's count relative to the busiest day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from rich.text import Text

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
    names = month_names or ("J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D")
    header = [" "] * weeks
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.day <= 7:  # the first week of a month
            header[week] = names[monday.month - 1][:1]
    out = Text("    " + "".join(header) + "\n", style="dim")
    for weekday, label in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        out.append(f"{label:<4}", style="dim")
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
