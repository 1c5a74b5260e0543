"""The light half of the pack format: section markers, file limits, safe characters, ids.

No pydantic here: the parser and the loader's warm path from the cache import this, so
showing a cached question never pays for building the format models. Text the rest of the
app reads (LocalText, cloze blanks, `local`) is in `quizapp.domain.text`.
"""

from __future__ import annotations

import re

from quizapp.i18n import _

LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# Body sections: `[en]` prompt, `[en.answer]` flashcard back, `[en.explanation]` after answering.
SECTION_KINDS = ("prompt", "answer", "explanation")
SECTION_RE = re.compile(r"^\[(?P<lang>[A-Za-z][A-Za-z0-9-]*)(?:\.(?P<kind>[A-Za-z_]+))?\]\s*$")
_NOT_IN_ID = re.compile(r"[^a-z0-9._-]+")

MAX_FILE_BYTES = 1024 * 1024
"""Larger pack files are refused: no honest question file gets near this."""

# C0 controls but tab, newline and carriage return (CRLF files), DEL, C1, and the bidi
# overrides and isolates, which make a line read differently from what it holds.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+241B SYMBOL FOR ESCAPE, ...
    return "\u2421" if code == 0x7F else "\ufffd"


def neutralise_controls(text: str) -> str:
    """Make terminal control characters visible symbols, so pack text cannot drive a terminal."""
    return _CONTROL_RE.sub(_visible, text)


def first_control(text: str) -> str | None:
    """The first control or bidi-override character in `text`, as `U+001B`, if any."""
    match = _CONTROL_RE.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def control_lines(text: str) -> list[tuple[int, str]]:
    """(line from 1, `U+001B`) for each line of `text` holding a control character."""
    return [
        (number, code)
        for number, line in enumerate(text.split("\n"), 1)
        if (code := first_control(line)) is not None
    ]


def slug_id(name: str) -> str:
    """`name` as a pack or question id (lowercase, digits, '.', '_', '-'); may be empty."""
    return _NOT_IN_ID.sub("-", name.lower()).strip("-._")


def did_you_mean(name: str | None) -> str:
    """ "; did you mean 'x'?" after a problem, or nothing when no close name was found."""
    return _("; did you mean '{name}'?").format(name=name) if name else ""
