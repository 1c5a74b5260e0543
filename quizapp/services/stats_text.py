"""`collect_stats` as words: plain `quizapp stats` (80 columns, the interface language), and
the rows the statistics screen puts in its tables, so both say the same numbers the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.i18n import _, ngettext

WIDTH = 80
"""Plain `quizapp stats` fits a terminal this wide."""
LABEL_CELLS = 24
"""Widest pack/tag/type label in the plain retention table (cut with an ellipsis)."""
BAR_CELLS = 60
"""Days per line of a plain sparkline."""
KEY_CELLS = 34
"""Widest question key in the plain list of the weakest questions."""


def percent(passed: int, total: int) -> str:
    """`91.2% of 34`, or a dash without reviews."""
    if not total:
        return "-"
    return _("{percent} of {total}").format(percent=f"{passed / total:.1%}", total=total)


def retention_rows(by: Mapping[str, Mapping[str, Mapping[str, int]]]) -> list[tuple[str, ...]]:
    """True retention as (label, young, mature, all), one row per pack, then tag, then type."""
    rows: list[tuple[str, ...]] = []
    for kind, title in (("pack", _("Pack")), ("tag", _("Tag")), ("type", _("Type"))):
        for name, row in by.get(kind, {}).items():
            passed = row["young_passed"] + row["mature_passed"]
            total = row["young_reviews"] + row["mature_reviews"]
            rows.append(
                (
                    f"{title} {name}",
                    percent(row["young_passed"], row["young_reviews"]),
                    percent(row["mature_passed"], row["mature_reviews"]),
                    percent(passed, total),
                )
            )
    return rows


def retention_headers() -> tuple[str, ...]:
    """The columns of `retention_rows`."""
    return ("", _("Young"), _("Mature"), _("All"))


def weakest_rows(
    weakest: Sequence[Mapping[str, Any]], prompts: Mapping[str, str]
) -> list[tuple[str, ...]]:
    """The weakest questions as (key, lapses, recall now, prompt); `prompts` by key."""
    rows: list[tuple[str, ...]] = []
    for row in weakest:
        recall = row["retrievability"]
        rows.append(
            (
                row["key"],
                str(row["lapses"]),
                f"{recall:.0%}" if recall is not None else "-",
                prompts.get(row["key"], ""),
            )
        )
    return rows


def weakest_headers() -> tuple[str, ...]:
    """The columns of `weakest_rows`."""
    return (_("Question"), _("Lapses"), _("Recall now"), _("Prompt"))


def format_stats(data: dict[str, Any], prompts: Mapping[str, str] | None = None) -> str:
    """Plain-text rendering for the terminal, each line at most 80 cells (a prompt is cut)."""
    retention = data["retention"]
    days = data["days"]
    reviews = data["retention_reviews"]
    if retention is not None:
        overall = ngettext("{percent} of {n} review", "{percent} of {n} reviews", reviews).format(
            percent=f"{retention:.1%}", n=reviews
        )
    else:
        overall = _("no reviews of mature questions yet")
    forecast = data["forecast"]
    lines = [
        *_count_line(data),
        _due_line(data),
        *_hidden_line(data),
        _streak_line(data["streak"], days),
        _("True retention (last {days} days): {overall}").format(days=days, overall=overall),
        *_retention_lines(data["true_retention"], days),
        _("Reviews per day (last {days} days, oldest first):").format(days=days),
        *_bars(list(data["reviews_by_day"].values())),
        _("Due in the next 30 days (today first):"),
        *_bars(forecast),
        "  "
        + _("total {total}, busiest day {busiest}").format(
            total=sum(forecast), busiest=max(forecast, default=0)
        ),
        *_weakest_lines(data["weakest"], prompts or {}),
        *_parameter_lines(data.get("parameters", {})),
    ]
    return "\n".join(lines)


def _count_line(data: dict[str, Any]) -> list[str]:
    leeches = ngettext("{n} leech", "{n} leeches", data["leeches"]).format(n=data["leeches"])
    line = _(
        "Questions: {new} new, {learning} learning, {review} review, "
        "{suspended} suspended ({leeches})"
    ).format(**{**data, "leeches": leeches})
    if not data["suspended"]:
        return [line]
    return [line, "  " + _("`quizapp suspended` lists the suspended ones")]


def _streak_line(streak: Mapping[str, int], days: int) -> str:
    """Days in a row with reviews, within the days the stats cover."""
    return _("Streak (days in a row, last {days} days): {current} now, longest {longest}").format(
        days=days, current=streak["current"], longest=streak["longest"]
    )


def _retention_lines(by: Mapping[str, Mapping[str, Mapping[str, int]]], days: int) -> list[str]:
    """The screen's young/mature table (young: interval under 21 days), as aligned text."""
    rows = retention_rows(by)
    if not rows:
        return []
    cut = [(_cut(label, LABEL_CELLS), *rest) for label, *rest in rows]
    title = _("  by pack, tag and type (young: interval under 21 days; mature: 21 or more):")
    return [title, *_aligned([retention_headers(), *cut], indent=4)]


def _weakest_lines(weakest: Sequence[Mapping[str, Any]], prompts: Mapping[str, str]) -> list[str]:
    """The weakest questions (most lapses, then lowest recall now), prompt cut to fit."""
    if not weakest:
        return []
    from quizapp.domain.text import prompt_line

    rows = [(_cut(k, KEY_CELLS), *rest) for k, *rest in weakest_rows(weakest, {})]
    widths = [max(_cells(row[i]) for row in [weakest_headers(), *rows]) for i in range(3)]
    room = max(10, WIDTH - 2 - sum(w + 2 for w in widths))
    full = weakest_rows(weakest, prompts)
    with_prompts = [(*row[:3], prompt_line(f[3], room)) for row, f in zip(rows, full, strict=True)]
    title = _("Weakest questions (most lapses, then lowest recall now):")
    return [title, *_aligned([weakest_headers(), *with_prompts], indent=2)]


def _aligned(rows: Sequence[Sequence[str]], indent: int) -> list[str]:
    """Columns padded to their widest cell (a Chinese character takes two), last one as is."""
    widths = [max(_cells(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (width - _cells(cell)) for cell, width in zip(row, widths, strict=False)
        ]
        lines.append((" " * indent + "  ".join([*cells, row[-1]])).rstrip())
    return lines


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _cut(text: str, cells: int) -> str:
    from quizapp.domain.text import prompt_line

    return prompt_line(text, cells)


def _parameter_lines(by_pack: dict[str, dict[str, Any]]) -> list[str]:
    """Which FSRS parameters each pack is scheduled with (`quizapp optimize` changes them)."""
    if not by_pack:
        return []
    lines = [_("FSRS parameters in use:")]
    for pack_id, used in by_pack.items():
        if used["source"] == "defaults":
            where = _("defaults (`quizapp optimize` fits them to your reviews)")
        else:
            fields = {"reviews": f"{used['reviews']:,}", "date": used["fitted"][:10]}
            if used["source"] == "pack":
                where = _("fitted to this pack's {reviews} reviews on {date}").format(**fields)
            else:
                where = _("fitted to all packs' {reviews} reviews on {date}").format(**fields)
        lines.append(f"  {pack_id}: {where}")
    return lines


def _bars(values: list[int]) -> list[str]:
    """A sparkline (plain block characters; every terminal font has them), indented, in
    lines of at most BAR_CELLS days so a year fits 80 columns."""
    blocks = " ▁▂▃▄▅▆▇█"
    top = max(values, default=0)
    if top == 0:
        line = "·" * len(values)
        tail = _("(none)")
    else:
        line = "".join(blocks[min(8, -(-v * 8 // top))] for v in values)
        tail = _("(max {top})").format(top=top)
    rows = [line[i : i + BAR_CELLS] for i in range(0, len(line), BAR_CELLS)] or [""]
    return ["  " + row for row in rows[:-1]] + [f"  {rows[-1]}  {tail}"]


def _due_line(data: dict[str, Any]) -> str:
    """Due now (what study shows, as the home screen counts it) and due today."""
    now = data.get("due_now") or {"new": 0, "learning": 0, "review": 0}
    return _(
        "Due now: {learning} learning, {review} review, {new} new    "
        "Due today: {due_today}    Reviews today: {reviews_today}"
    ).format(**now, due_today=data["due_today"], reviews_today=data["reviews_today"])


def _hidden_line(data: dict[str, Any]) -> list[str]:
    """Say so when the daily new limit holds unseen questions back, and how to get them."""
    hidden = (data.get("due_now") or {}).get("new_hidden", 0)
    if not hidden:
        return []
    return [
        ngettext(
            "{n} more new question waits beyond today's new limit:",
            "{n} more new questions wait beyond today's new limit:",
            hidden,
        ).format(n=hidden),
        "  "
        + _("`quizapp study --extra-new {extra}` studies more today").format(extra=min(hidden, 20)),
    ]
