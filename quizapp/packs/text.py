"""The light half of the pack format: section markers, cloze blanks, language picking.

No pydantic here: the parser, the loader's warm path from the cache and the study screen
import this, so showing a cached flashcard never pays for building the format models.
`format.py` re-exports every name, so either import works.
"""

from __future__ import annotations

import re

LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# Body sections: `[en]` prompt, `[en.answer]` flashcard back, `[en.explanation]` after answering.
SECTION_KINDS = ("prompt", "answer", "explanation")
SECTION_RE = re.compile(r"^\[(?P<lang>[A-Za-z][A-Za-z0-9-]*)(?:\.(?P<kind>[A-Za-z_]+))?\]\s*$")
CLOZE_RE = re.compile(r"\{\{(.+?)\}\}")

MAX_FILE_BYTES = 1024 * 1024
"""Larger pack files are refused: no honest question file gets near this."""

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+241B SYMBOL FOR ESCAPE, ...
    return "\u2421" if code == 0x7F else "\ufffd"


def neutralise_controls(text: str) -> str:
    """Make terminal control characters visible symbols, so pack text cannot drive a terminal."""
    return _CONTROL_RE.sub(_visible, text)


def local(value: str | dict[str, str] | None, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
    """Pick `value` (a LocalText) in `lang`, else the first fallback that exists, else any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for candidate in (lang, *fallbacks):
        if candidate in value:
            return value[candidate]
    return next(iter(value.values()), "")


def local_langs(value: str | dict[str, str] | None) -> set[str] | None:
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


def slug_id(name: str) -> str:
    """`name` as a pack or question id (lowercase, digits, '.', '_', '-'); may be empty."""
    return re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
