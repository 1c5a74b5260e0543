"""Ladder diagrams: each blank (a row's flags, seq, ack or a side's state) judged on its own.

Flags are a set (`SYN+ACK` == `ack, syn`); seq/ack ignore spaces and case (`X + 1` == `x+1`);
states go through the fill normaliser (so `-`/`_`/spaces do not matter) and the pack synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from quizapp import protocols
from quizapp.domain import Outcome, PartResult
from quizapp.domain.question import Question
from quizapp.domain.question_data import DiagramData
from quizapp.exercises.base import Synonyms
from quizapp.exercises.fill import matches

STATE_FIELDS = ("left", "right")
COMMON_FLAGS = ("SYN", "ACK", "FIN", "RST", "SYN+ACK", "FIN+ACK", "RST+ACK")


def split_blank(key: str) -> tuple[int, str]:
    """`"2.ack"` -> (1, "ack"): the row index from 0 and the field."""
    row, _, field = key.partition(".")
    return int(row) - 1, field


def expected(question: Question, key: str) -> str:
    """The value a blank stands for, as text."""
    data = question.data_as(DiagramData)
    row, field = split_blank(key)
    value = getattr(data.rows[row], field)
    return "" if value is None else str(value)


def flag_set(text: str) -> frozenset[str]:
    """`'SYN+ACK'`, `'ack, syn'`, `'SYN ACK'` -> {'SYN', 'ACK'}."""
    return frozenset(f for f in re.split(r"[\s+,/|&＋，、]+", text.upper()) if f)


def number_key(text: str) -> str:
    """seq/ack compared without spaces or case: `X + 1` == `x+1`."""
    return re.sub(r"\s+", "", text).casefold()


def blank_ok(question: Question, key: str, given: str, synonyms: Synonyms = ()) -> bool:
    """Whether `given` fills blank `key` correctly."""
    want = expected(question, key)
    _, field = split_blank(key)
    if field == "flags":
        return bool(given.strip()) and flag_set(given) == flag_set(want)
    if field in ("seq", "ack"):
        return bool(given.strip()) and number_key(given) == number_key(want)
    return matches(given, [want], synonyms)


def choices(question: Question, key: str) -> list[str]:
    """Plausible values to pick from for a blank: the answer among its look-alikes."""
    data = question.data_as(DiagramData)
    _, field = split_blank(key)
    seen: list[str] = []

    def add(value: object) -> None:
        text = "" if value is None else str(value)
        if text and text not in seen:
            seen.append(text)

    if field == "flags":
        for row in data.rows:
            add(row.flags)
        for flag in COMMON_FLAGS:
            add(flag)
    elif field in ("seq", "ack"):
        for row in data.rows:
            add(row.seq)
            add(row.ack)
    else:
        for state in data.start or ():
            add(state)
        for row in data.rows:
            add(row.left)
            add(row.right)
        protocol = protocols.get(data.protocol) if data.protocol else None
        if protocol is not None:
            for state in protocol.states:
                if not any(matches(state, [s]) for s in seen):
                    add(state)
    return sorted(seen, key=str.casefold) if field != "flags" else seen


class Diagram:
    """`answer = {"blanks": {"2.ack": "x+1", ...}}`."""

    auto = True

    def check(
        self,
        question: Question,
        answer: Mapping[str, Any],
        *,
        lang: str,
        synonyms: Synonyms = (),
    ) -> Outcome:
        """One part per blank; the score is the share right."""
        data = question.data_as(DiagramData)
        given: Mapping[str, Any] = answer.get("blanks", {})
        parts = []
        for key in data.blanks:
            text = str(given.get(key, "") or "")
            ok = blank_ok(question, key, text, synonyms)
            parts.append(PartResult(key, text, expected(question, key), ok))
        score = sum(p.correct for p in parts) / len(parts) if parts else 0.0
        return Outcome(score, tuple(parts))
