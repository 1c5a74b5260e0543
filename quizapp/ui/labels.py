"""The words the study screen puts around a question, in the question's language.

A learner reading a question in Chinese should not meet English hints beside it, so these
few follow the question (`l` switches it) while the rest of the interface keeps the
interface language. Their translations are in the message catalogs like every other string.
"""

from __future__ import annotations

from quizapp.domain import Grade
from quizapp.i18n import N_, _, in_language

_LABELS: dict[str, str] = {
    "pick_one": N_("Pick one (1-{n}, Enter to check)"),
    "pick_all": N_("Pick all that apply (1-{n}, Enter to check)"),
    "correct": N_("  (correct)"),
    "answer": N_("Answer"),
    "type_here": N_("type your answer"),
    "order_hint": N_(
        "Select with ↑/↓; move with Shift+↑/↓ or k/j, or type a position; "
        "x discards a step that does not belong; Enter checks."
    ),
    "correct_order": N_("Correct order:"),
    "any_order": N_("  (these in any order)"),
    "not_part": N_("Does not belong: "),
    "recall": N_("Recall the answer, then press Space to reveal it."),
    "recall_reverse": N_("Reverse card: recall the front, then press Space to reveal it."),
    "how_well": N_("How well did you remember it?"),
    "preview_back": N_("The back of the card (a preview grades nothing):"),
    "right": N_("✓ Right"),
    "partly": N_("◐ Partly right ({pct}%)"),
    "wrong": N_("✗ Wrong"),
    "source": N_("Source: {source}"),
    "empty": N_("(empty)"),
    "also_accepted": N_("   also accepted: "),
    "answer_is": N_("   answer: "),
    "lost": N_(" (lost)"),
    "blank": N_("Row {row}, {field}: "),
    "flags": N_("flags"),
    "state": N_("{who} state"),
    "discarded": N_("  (discarded)"),
    "intruder": N_("  ← does not belong"),
    "pick_first": N_("Pick an option first (its number, or ↑/↓ and Space)."),
    "is_step": N_("  ← is step {n}"),
    "list_sep": N_("; "),
    "know_it": N_("Did you know it? (y / n)"),
    "quiz_progress": N_("question {k} of {n} · score {score}"),
    "done": N_("{n} done · "),
    "new": N_(" new "),
    "learning": N_(" learning "),
    "review": N_(" review"),
}


def label(key: str, lang: str, **values: object) -> str:
    """The label in `lang` (English when the language has no catalog), filled with `values`."""
    return in_language(lang, _LABELS[key]).format(**values)


_GRADE_NAMES = {
    Grade.AGAIN: N_("Again"),
    Grade.HARD: N_("Hard"),
    Grade.GOOD: N_("Good"),
    Grade.EASY: N_("Easy"),
}


def grade_name(grade: Grade) -> str:
    """Again / Hard / Good / Easy in the interface language (Anki's words in Chinese)."""
    return _(_GRADE_NAMES[grade])


_TYPE_NAMES = {
    "flashcard": N_("flashcard"),
    "choice": N_("choice"),
    "typed": N_("typed"),
    "cloze": N_("cloze"),
    "order": N_("order"),
    "diagram": N_("diagram"),
}


def type_name(kind: str) -> str:
    """An exercise type's name in the interface language (its id when unknown)."""
    return _(_TYPE_NAMES[kind]) if kind in _TYPE_NAMES else kind
