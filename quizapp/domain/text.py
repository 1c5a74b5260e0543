"""Text as packs give it: one string for every language or one per language, and cloze blanks.

Here, not in packs/, because grading, the UI and export read these texts too; the packs layer
only validates them.
"""

from __future__ import annotations

import re
import unicodedata

LocalText = str | dict[str, str]
"""One string for every language, or a mapping language -> string."""

CLOZE_RE = re.compile(r"\{\{(.+?)\}\}")
"""A cloze blank, `{{answer}}` or `{{answer|synonym}}`, in a prompt."""


def local(value: LocalText | None, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
    """Pick `value` (a LocalText) in `lang`, else the first fallback that exists, else any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for candidate in (lang, *fallbacks):
        if candidate in value:
            return value[candidate]
    return next(iter(value.values()), "")


def local_langs(value: LocalText | None) -> set[str] | None:
    """Languages a LocalText has; None means 'every language' (a plain string)."""
    if value is None or isinstance(value, str):
        return None
    return set(value)


def prompt_line(prompt: str, width: int = 70) -> str:
    """A prompt on one line for lists (`quizapp suspended`, the quiz summary).

    Whitespace collapsed, cloze blanks shown as `___` (a list must not give the answer
    away), cut to `width` terminal cells with an ellipsis (a Chinese character takes two).
    """
    from rich.cells import cell_len, set_cell_size

    line = " ".join(CLOZE_RE.sub("___", prompt).split())
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 1).rstrip() + "…"


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """The comparable core of an answer: NFKC, no whitespace or punctuation, casefolded."""
    text = unicodedata.normalize("NFKC", text)
    if not case_sensitive:  # casefold can denormalise (e.g. combining marks): normalise again
        text = unicodedata.normalize("NFKC", text.casefold())
    kept = "".join(
        ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")
    )
    return unicodedata.normalize("NFKC", kept)  # dropping a mark can leave composable pairs
