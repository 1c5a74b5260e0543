"""Columns of translated text: a Chinese character takes two terminal cells, so `{:<34}`
(which counts characters) misaligns a table once its labels are translated."""

from __future__ import annotations


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal cells (never cut)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))
