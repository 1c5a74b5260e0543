"""Typed answers and cloze blanks: forgiving matching, and a diff to show what was off.

Matching ignores case, spaces and punctuation (ASCII and full-width alike, via NFKC), so
`SYN-SENT`, `syn_sent` and `SYN＿SENT` are one answer; a pack's synonym groups widen it more.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from quizapp.domain import Outcome, PartResult
from quizapp.domain.question import Question
from quizapp.domain.question_data import ClozeData, TypedData
from quizapp.domain.text import CLOZE_RE, normalise
from quizapp.exercises.base import Synonyms


def expand(
    accepted: Iterable[str], synonyms: Synonyms, *, case_sensitive: bool = False
) -> set[str]:
    """Normalised accepted answers plus every synonym grouped with one of them."""
    keys = {normalise(a, case_sensitive=case_sensitive) for a in accepted}
    for group in synonyms:
        normal = {normalise(s, case_sensitive=case_sensitive) for s in group}
        if keys & normal:
            keys |= normal
    keys.discard("")
    return keys


def matches(
    given: str, accepted: Sequence[str], synonyms: Synonyms = (), *, case_sensitive: bool = False
) -> bool:
    """True when `given` is one of `accepted` (or a synonym) once normalised."""
    key = normalise(given, case_sensitive=case_sensitive)
    return bool(key) and key in expand(accepted, synonyms, case_sensitive=case_sensitive)


def diff(given: str, expected: str) -> list[tuple[str, str]]:
    """Character diff as (op, text) runs: equal, extra (only typed), missing (only expected)."""
    runs: list[tuple[str, str]] = []
    # Compare per character so casefold (ß -> ss) cannot shift the indexes.
    matcher = difflib.SequenceMatcher(
        None, [c.casefold() for c in given], [c.casefold() for c in expected], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("equal", given[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("extra", given[i1:i2]))
        if j2 > j1:
            runs.append(("missing", expected[j1:j2]))
    return runs


def cloze_blanks(prompt: str) -> list[list[str]]:
    """The accepted answers of each `{{a|b}}` blank in a cloze prompt, in order."""
    return [[alt.strip() for alt in m.split("|") if alt.strip()] for m in CLOZE_RE.findall(prompt)]


def expected_blanks(question: Question, lang: str) -> list[list[str]]:
    """Accepted answers per blank: one blank for typed, one per `{{...}}` for cloze."""
    if question.type == "typed":
        return [list(question.data_as(TypedData).accepted(lang))]
    return cloze_blanks(question.text(lang).prompt)


class Fill:
    """`answer = {"blanks": [text per blank]}` for typed (one blank) and cloze questions."""

    auto = True

    def check(
        self,
        question: Question,
        answer: Mapping[str, Any],
        *,
        lang: str,
        synonyms: Synonyms = (),
    ) -> Outcome:
        """Each blank right or wrong; the score is the share of blanks right."""
        data: TypedData | ClozeData = (
            question.data_as(TypedData) if question.type == "typed" else question.data_as(ClozeData)
        )
        given = list(answer.get("blanks", ()))
        parts = []
        for i, accepted in enumerate(expected_blanks(question, lang)):
            text = str(given[i]) if i < len(given) else ""
            ok = matches(text, accepted, synonyms, case_sensitive=data.case_sensitive)
            parts.append(PartResult(f"blank {i + 1}", text, accepted[0] if accepted else "", ok))
        score = sum(p.correct for p in parts) / len(parts) if parts else 0.0
        return Outcome(score, tuple(parts))
