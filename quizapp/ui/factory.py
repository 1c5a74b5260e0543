"""`create_app`: the one factory the CLI, tests and benchmarks build the app with; for a quiz or
an interview (`ui/plans.py`) it picks the questions before the terminal is taken over."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.ui.app import QuizApp

if TYPE_CHECKING:
    from quizapp.ui.plans import InterviewPlan, QuizPlan


def create_app(
    db: str | Path | None = None,
    packs_dirs: Sequence[str] = (),
    pack_refs: Sequence[str] = (),
    *,
    tag: str | None = None,
    lang: str | None = None,
    clock: Callable[[], datetime] | None = None,
    seed: int | None = None,
    study_now: bool = False,
    quiz: QuizPlan | None = None,
    interview: InterviewPlan | None = None,
    extra_new: int = 0,
) -> QuizApp:
    """Load the packs and build the app: the one factory the CLI, tests and benchmarks use.

    With `quiz`, the questions are picked here, so a selection that matches nothing is an
    error before the terminal is taken over, and the app runs that quiz with no database.
    """
    from quizapp.paths import default_db_path
    from quizapp.services.catalog import check_tag, load_packs, resolve_lang

    packs = load_packs(packs_dirs, pack_refs)
    lang = resolve_lang(packs, lang)
    pack_ids = [p.id for p in packs] if pack_refs else None
    from quizapp.services.study import utc_now

    readable = [p for p in packs if p.meta is not None]
    quiz_now = None
    if quiz is not None:
        from quizapp.services.quiz import Quiz

        quiz_now = Quiz.pick(
            readable,
            tag=tag,
            types=quiz.types,
            count=quiz.count,
            in_order=quiz.in_order,
            rng=random.Random(seed),
            clock=clock or utc_now,
        )
    else:
        check_tag(packs, tag)
    interview_now = None
    if interview is not None:
        from quizapp.services.interview import Interview

        interview_now = Interview.pick(
            readable,
            tag=tag,
            count=interview.count,
            allowed=interview.allowed,
            rng=random.Random(seed),
            clock=clock or utc_now,
        )
    app = QuizApp(
        default_db_path(db),
        packs,
        pack_ids=pack_ids,
        tag=tag,
        lang=lang,
        clock=clock,
        seed=seed,
        study_now=study_now,
        quiz_now=quiz_now,
        interview_now=interview_now,
        extra_new=extra_new,
    )
    if interview_now is not None:  # the report keeps each question in the language it had
        interview_now.lang_of = lambda q: app.lang_for(app.pack(q.pack_id))
    return app
