"""Checks that a typed or cloze question can be answered only by knowing the answer.

`st-netstat-names` accepted `SYN_RECV`, which its own prompt printed: an answer or one of its
synonyms that stands in the prompt can be copied, so `pack check` points at where it stands
(words only: numbers and one-letter variables are a calculation's inputs).
A cloze whose languages have different numbers of blanks grades one language against blanks
the other does not have, so the counts must agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from quizapp.domain.text import CLOZE_RE, normalise
from quizapp.errors import PackProblem
from quizapp.i18n import _
from quizapp.packs.parser import RawQuestion, Section

_RUN = re.compile(r"[A-Za-z0-9]+|[^\W_A-Za-z0-9]+")
"""Runs of Latin letters and digits, or of other word characters (CJK): a script change is
a word boundary, so `处于SYN_RECV状态` holds `SYN_RECV`."""
_GAP = r"[\W_]{0,3}"
"""What may stand between the runs of an answer in the prompt: `SYN-RECV` shows `SYN_RECV`."""


@functools.lru_cache(maxsize=4096)
def _pattern(candidate: str, case_sensitive: bool) -> re.Pattern[str] | None:
    """A regex finding `candidate` as a whole word or phrase, forgiving separators."""
    runs = _RUN.findall(unicodedata.normalize("NFKC", candidate))
    if not runs:
        return None
    body = _GAP.join(map(re.escape, runs))
    before = r"(?<![A-Za-z0-9])" if runs[0][0].isascii() else ""
    after = r"(?![A-Za-z0-9])" if runs[-1][-1].isascii() else ""
    return re.compile(before + body + after, 0 if case_sensitive else re.IGNORECASE)


def with_synonyms(accepted: Iterable[str], synonyms: Sequence[Sequence[str]]) -> list[str]:
    """The accepted answers, then every word grouped with one of them in the pack's synonyms."""
    words = list(dict.fromkeys(accepted))
    keys = {normalise(w) for w in words}
    for group in synonyms:
        if keys & {normalise(w) for w in group}:
            words += [w for w in group if w not in words]
    return words


def _is_word(candidate: str) -> bool:
    """Two letters or more: a number or a one-letter variable (`101`, `v`, `x+1`) is what a
    calculation starts from, so a prompt must state it; a word is copied, not computed."""
    return sum(ch.isalpha() for ch in candidate) >= 2


def _find(text: str, candidates: Sequence[str], case_sensitive: bool) -> tuple[str, int] | None:
    """The first candidate word standing in `text` (already NFKC-normalised, once per prompt:
    a cloze asks once per blank), and the offset where it stands."""
    for candidate in filter(_is_word, candidates):
        pattern = _pattern(candidate, case_sensitive)
        found = pattern.search(text) if pattern else None
        if found is not None:
            return candidate, found.start()
    return None


def _line(section: Section, offset: int) -> int:
    return section.body_line + section.text.count("\n", 0, offset)


def _prompts(raw: RawQuestion) -> dict[str, Section]:
    return {s.lang: s for s in raw.sections if s.kind == "prompt"}


def _described(word: str, accepted: Sequence[str]) -> str:
    if word in accepted:
        return _("the answer '{word}'").format(word=word)
    return _("'{word}', a synonym of the answer '{answer}' (pack.yaml synonyms),").format(
        word=word, answer=accepted[0]
    )


def typed_answer_in_prompt(
    raw: RawQuestion,
    accepted: Mapping[str, Sequence[str]],
    synonyms: Sequence[Sequence[str]],
    case_sensitive: bool,
) -> list[PackProblem]:
    """A problem at each prompt line where an accepted answer of its language stands."""
    problems = []
    for lang, section in _prompts(raw).items():
        answers = accepted.get(lang, ())
        if not answers:
            continue
        text = unicodedata.normalize("NFKC", section.text)
        hit = _find(text, with_synonyms(answers, synonyms), case_sensitive)
        if hit is not None:
            word, offset = hit
            problems.append(
                PackProblem(
                    raw.file,
                    _line(section, offset),
                    _(
                        "[{lang}] gives the answer away: {what} stands in the prompt, so it can "
                        "be copied; reword the prompt"
                    ).format(lang=lang, what=_described(word, answers)),
                )
            )
    return problems


def cloze_answer_in_prompt(
    raw: RawQuestion, synonyms: Sequence[Sequence[str]], case_sensitive: bool
) -> list[PackProblem]:
    """A problem where a blank's answer also stands outside the blanks of its prompt."""
    problems = []
    for lang, section in _prompts(raw).items():
        outside = CLOZE_RE.sub(lambda m: " " * len(m.group()), section.text)
        outside = unicodedata.normalize("NFKC", outside)
        for blank in CLOZE_RE.findall(section.text):
            answers = [a for a in blank.split("|") if a.strip()]
            if not answers:
                continue
            hit = _find(outside, with_synonyms(answers, synonyms), case_sensitive)
            if hit is not None:
                word, offset = hit
                problems.append(
                    PackProblem(
                        raw.file,
                        _line(section, offset),
                        _(
                            "cloze [{lang}] gives a blank away: {what} stands in the prompt "
                            "outside its blank; reword it or make it a blank"
                        ).format(lang=lang, what=_described(word, answers)),
                    )
                )
                break  # one per language: the author rereads the whole prompt anyway
    return problems


def blank_count_problems(raw: RawQuestion) -> list[PackProblem]:
    """A problem at each language whose cloze prompt has another number of blanks than the
    first language's (its blanks are graded one by one, in order)."""
    prompts = list(_prompts(raw).values())
    if len(prompts) < 2:
        return []
    first = prompts[0]
    want = len(CLOZE_RE.findall(first.text))
    problems = []
    for section in prompts[1:]:
        have = len(CLOZE_RE.findall(section.text))
        if have != want and have and want:  # no blank at all is its own problem
            problems.append(
                PackProblem(
                    raw.file,
                    section.line,
                    _(
                        "cloze [{lang}] has {have} blank(s) but [{first}] has {want}; every "
                        "language needs the same blanks, in the same order"
                    ).format(lang=section.lang, have=have, first=first.lang, want=want),
                )
            )
    return problems
