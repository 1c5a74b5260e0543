"""One line above the question: pack, tags, and how far through today's queue (or a quiz)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from quizapp.i18n import _
from quizapp.ui.plain import Static

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

COUNT_NAMES = ("new", "learning", "review")
COUNT_STYLES = ("bold blue", "bold red", "bold green")
"""Anki's colours for the new, learning and review counts."""


class HeaderLine:
    """`where` at the left, cut with an ellipsis to leave room for `progress` at the right,
    three columns apart: what a two-column rich Table.grid drew, without measuring a table
    at each redraw (the header is redrawn with every question)."""

    GAP = 3

    def __init__(self, where: Text, progress: Text) -> None:
        self.where = where
        self.progress = progress

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(options.max_width - self.GAP - self.progress.cell_len, 0)
        left = self.where.copy()
        left.truncate(room, overflow="ellipsis", pad=True)
        line = Text(no_wrap=True, end="")
        line.append_text(left)
        line.append(" " * self.GAP)
        line.append_text(self.progress)
        line.truncate(options.max_width)
        yield line


class ProgressHeader(Static):
    """`TCP handshake · handshake, states   3 done · 5 new 2 learning 13 review   [en]` in
    study (Anki's three counts, coloured as Anki does: they are the progress, so no bar);
    `▰▰▰▱▱▱ question 3 of 10 · score 2` in a quiz."""

    def __init__(self) -> None:
        super().__init__(id="progress-header")
        self.text = ""
        """What the line says, as plain text (both sides, before any cut)."""

    def show(
        self,
        pack: str,
        tags: tuple[str, ...],
        done: int,
        remaining: int,
        lang: str,
        caption: str | None = None,
        counts: tuple[int, int, int] | None = None,
    ) -> None:
        """Redraw for the current question; `caption` replaces `3 done, 5 to go`, and
        `counts` (new, learning, review still to do today) follow `3 done · `.

        Progress and language sit at the right and always show; on a narrow terminal the pack
        title and tags on the left are cut short with an ellipsis instead.
        """
        total = done + remaining
        width = 12
        filled = round(width * done / total) if total else width
        where = Text(pack, style="bold", no_wrap=True, overflow="ellipsis")
        if tags:
            where.append("  · " + ", ".join(tags), style="dim")
        progress = Text(no_wrap=True)
        if counts is not None:
            from quizapp.ui.labels import label

            progress.append(label("done", lang, n=done))
            for n, name, style in zip(counts, COUNT_NAMES, COUNT_STYLES, strict=True):
                progress.append(str(n), style=style if n else "dim")
                progress.append(label(name, lang), style="dim")
        else:
            green, grey = "▰" * filled, "▱" * (width - filled)
            progress.append(green, style="green").append(grey, style="dim")
            counts_text = _("{done} done, {remaining} to go").format(done=done, remaining=remaining)
            progress.append(f" {caption or counts_text}")
        progress.append(f"   [{lang}]", style="dim")
        self.text = f"{where.plain}   {progress.plain}"
        self.update(HeaderLine(where, progress))
