"""One line above the question: pack, tags, and how far through today's queue (or a quiz)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class ProgressHeader(Static):
    """`TCP handshake · handshake, states   ▰▰▰▱▱▱ 3 done, 5 to go`."""

    def __init__(self) -> None:
        super().__init__(id="progress-header")

    def show(
        self,
        pack: str,
        tags: tuple[str, ...],
        done: int,
        remaining: int,
        lang: str,
        caption: str | None = None,
    ) -> None:
        """Redraw for the current question; `caption` replaces `3 done, 5 to go`."""
        total = done + remaining
        width = 12
        filled = round(width * done / total) if total else width
        line = Text()
        line.append(pack, style="bold")
        if tags:
            line.append("  · " + ", ".join(tags), style="dim")
        line.append("   ")
        line.append("▰" * filled, style="green").append("▱" * (width - filled), style="dim")
        line.append(f" {caption or f'{done} done, {remaining} to go'}", style="")
        line.append(f"   [{lang}]", style="dim")
        self.update(line)
