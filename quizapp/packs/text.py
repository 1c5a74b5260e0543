"""The light half of the pack format: section markers, file limits, safe characters, ids.

No pydantic here: the parser and the loader's warm path from the cache import this, so
showing a cached question never pays for building the format models. Text the rest of the
app reads (LocalText, cloze blanks, `local`) is in `quizapp.domain.text`.
"""

from __future__ import annotations

import re

LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# Body sections: `[en]` prompt, `[en.answer]` flashcard back, `[en.explanation]` after answering.
SECTION_KINDS = ("prompt", "answer", "explanation")
SECTION_RE = re.compile(r"^\[(?P<lang>[A-Za-z][A-Za-z0-9-]*)(?:\.(?P<kind>[A-Za-z_]+))?\]\s*$")

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


def slug_id(name: str) -> str:
    """`name` as a pack or question id (lowercase, digits, '.', '_', '-'); may be empty."""
    return re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
