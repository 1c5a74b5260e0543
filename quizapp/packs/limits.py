"""Checks that keep a small pack file from costing a lot, or from being unanswerable.

A cloze with 2,000 blanks took 39 s to show and a 10,000-row table 1 GB without drawing, so
sections, blanks and table rows have caps. Cloze markers must pair up (a stray `{{` showed raw
braces beside the answers), and an accepted answer must not hold a character nobody can type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quizapp.domain.text import CLOZE_RE
from quizapp.errors import PackProblem
from quizapp.i18n import _
from quizapp.packs.parser import Section

MAX_SECTION_CHARS = 32 * 1024
"""A prompt, answer or explanation: a long article fits; a generated wall of text does not."""
MAX_BLANKS = 40
MAX_TABLE_ROWS = 100
MAX_ORDER_STEPS = 20
"""Steps of an order question, groups' steps counted one by one: the screen numbers them."""

_TABLE_ROW = re.compile(r"^[ \t]{0,3}\|", re.M)
_MARKER = re.compile(r"\{\{|\}\}")
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
"""Zero-width and other invisible characters a learner's keyboard cannot produce."""


def _line_of(section: Section, offset: int) -> int:
    return section.body_line + section.text.count("\n", 0, offset)


def section_problems(file: str, section: Section, cloze: bool) -> list[PackProblem]:
    """Size, table rows and (in cloze prompts) blank count and marker pairing of one section."""
    text = section.text
    where = f"[{section.lang}]" if section.kind == "prompt" else f"[{section.lang}.{section.kind}]"
    if len(text) > MAX_SECTION_CHARS:
        return [
            PackProblem(
                file,
                section.line,
                _(
                    "{where} is {size:,} characters; the limit is {limit:,}: split the question"
                ).format(where=where, size=len(text), limit=MAX_SECTION_CHARS),
            )
        ]
    problems = []
    rows = list(_TABLE_ROW.finditer(text))
    if len(rows) > MAX_TABLE_ROWS:
        problems.append(
            PackProblem(
                file,
                _line_of(section, rows[MAX_TABLE_ROWS].start()),
                _("{where} has a table of {rows} rows; the limit is {limit}").format(
                    where=where, rows=len(rows), limit=MAX_TABLE_ROWS
                ),
            )
        )
    if cloze and section.kind == "prompt":
        problems += _cloze_problems(file, section, where)
    return problems


def _cloze_problems(file: str, section: Section, where: str) -> list[PackProblem]:
    text = section.text
    blanks = list(CLOZE_RE.finditer(text))
    if len(blanks) > MAX_BLANKS:
        line = _line_of(section, blanks[MAX_BLANKS].start())
        return [
            PackProblem(
                file,
                line,
                _("cloze {where} has {count} blanks; the limit is {limit}").format(
                    where=where, count=len(blanks), limit=MAX_BLANKS
                ),
            )
        ]
    for blank in blanks:
        if "{{" in blank.group(1):
            return [
                PackProblem(
                    file,
                    _line_of(section, blank.start()),
                    _(
                        "cloze {where}: a '{{{{' inside a blank (nested or unclosed blank); "
                        "each blank is {{{{answer}}}} or {{{{answer|synonym}}}}"
                    ).format(where=where),
                )
            ]
    rest = CLOZE_RE.sub(lambda m: " " * len(m.group()), text)
    stray = _MARKER.search(rest)
    if stray is not None:
        return [
            PackProblem(
                file,
                _line_of(section, stray.start()),
                _(
                    "cloze {where}: a '{marker}' with no partner (unclosed or stray blank "
                    "marker); each blank is {{{{answer}}}} or {{{{answer|synonym}}}}"
                ).format(where=where, marker=stray.group()),
            )
        ]
    return []


def invisible_answer(answers: Iterable[str]) -> str | None:
    """The first accepted answer holding an invisible character, described for an author."""
    for answer in answers:
        found = _INVISIBLE.search(answer)
        if found is not None:
            code = f"U+{ord(found.group()):04X}"
            shown = _INVISIBLE.sub("·", answer)
            return _(
                "accepted answer '{answer}' holds an invisible character ({code}, shown as ·) "
                "that no one can type; remove it"
            ).format(answer=shown, code=code)
    return None
