"""Mock interviews (`quizapp interview`): a timed set drawn across a pack's topics and types,
answered without feedback, then a report that is saved in the database.

The set is drawn round-robin over (topic, type) groups in random order, so fifteen questions
from a pack of six topics and five types visit as many of both as they can instead of
clustering where the pack has most questions. The clock is injected: a question's time is
from when it is shown to its answer, and the interview ends when the time allowed is used
(questions not reached count as unanswered, score 0).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.domain import Grade, Outcome
from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.services.quiz import Tally, points_text, select_questions

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.domain.question import Question

DEFAULT_COUNT = 15
DEFAULT_TIME = timedelta(minutes=20)


def parse_duration(text: str) -> timedelta:
    """`20m`, `90s`, `1h`, `1h30m` or plain minutes (`20`); QuizappError otherwise."""
    import re

    raw = text.strip().lower()
    if raw.isdigit():
        raw += "m"
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", raw)
    if not raw or not parts or not any(parts.groups()):
        raise QuizappError(_("not a duration: {text!r} (e.g. 20m, 90s, 1h30m)").format(text=text))
    hours, minutes, seconds = (int(g or 0) for g in parts.groups())
    total = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if total <= timedelta(0):
        raise QuizappError(_("an interview needs some time: {text!r}").format(text=text))
    return total


def draw(pool: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """`count` questions spread over the (topic, type) groups of `pool`, round-robin."""
    groups: dict[tuple[str, str], list[Question]] = {}
    for question in pool:
        groups.setdefault((question.topic, question.type), []).append(question)
    queues = list(groups.values())
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    chosen: list[Question] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return chosen


@dataclass(frozen=True)
class AnswerRecord:
    """One question of the report."""

    key: str
    type: str
    tags: tuple[str, ...]
    score: float
    """0 to 1; 0 for a question not answered in time."""
    seconds: float
    answered: bool
    prompt: str
    answer: str
    explanation: str


@dataclass(frozen=True)
class InterviewReport:
    """What the report screen shows, `--history` lists and the database keeps."""

    started: datetime
    allowed: timedelta
    used: timedelta
    scope: str
    items: tuple[AnswerRecord, ...]

    @property
    def planned(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def points(self) -> float:
        return sum(item.score for item in self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.planned) if self.planned else 0

    def by(self, what: str) -> dict[str, Tally]:
        """Tallies per tag (a question counts under each of its tags) or per type."""
        tallies: dict[str, Tally] = {}
        for item in self.items:
            names = item.tags if what == "tag" else (item.type,)
            for name in names:
                tallies.setdefault(name, Tally()).add(_outcome(item.score))
        return tallies

    @property
    def misses(self) -> tuple[AnswerRecord, ...]:
        """Questions not entirely right, unanswered ones included."""
        return tuple(item for item in self.items if item.score < 1)

    def to_row(self) -> dict[str, Any]:
        """The `interview` table's columns."""
        from quizapp.store.records import to_ms

        return {
            "started_ms": to_ms(self.started),
            "seconds_allowed": round(self.allowed.total_seconds()),
            "seconds_used": round(self.used.total_seconds()),
            "planned": self.planned,
            "answered": self.answered,
            "points": self.points,
            "scope": self.scope,
            "report": json.dumps([asdict(item) for item in self.items], ensure_ascii=False),
        }


def right_answer(question: Question, lang: str) -> str:
    """The right answer in words, whatever the type: the back of a flashcard, the correct
    options, the accepted answers, each blank, the steps in order, each diagram blank."""
    from quizapp.domain.text import CLOZE_RE, local

    data: Any = question.data
    text = question.text(lang)
    parts = [text.answer.strip()] if text.answer.strip() else []
    if question.type == "choice":
        parts += [local(o.text, lang) for o in data.options if o.correct]
    elif question.type == "typed":
        accept = data.accept if isinstance(data.accept, tuple) else data.accept.get(lang, ())
        parts.append(" | ".join(accept))
    elif question.type == "cloze":
        parts.append("; ".join(CLOZE_RE.findall(text.prompt)))
    elif question.type == "order":
        parts.append(" → ".join(local(step, lang) for step in data.steps))
    elif question.type == "diagram":
        from quizapp.exercises.diagram import expected

        parts.append("; ".join(f"{key} = {expected(question, key)}" for key in data.blanks))
    return "\n".join(dict.fromkeys(p for p in parts if p))


def _outcome(score: float) -> Outcome:
    return Outcome(score=score)


@dataclass
class Interview:
    """A fixed set asked in order against a time limit; scored, never scheduled."""

    questions: list[Question]
    allowed: timedelta
    clock: Callable[[], datetime]
    scope: str = ""
    lang_of: Callable[[Question], str] = field(default=lambda q: "en")
    started: datetime = field(init=False)
    shown_at: datetime = field(init=False)
    outcomes: list[tuple[Question, Outcome, float]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.started = self.shown_at = self.clock()

    @classmethod
    def pick(
        cls,
        packs: Sequence[Pack],
        *,
        tag: str | None = None,
        count: int = DEFAULT_COUNT,
        allowed: timedelta = DEFAULT_TIME,
        rng: random.Random | None = None,
        clock: Callable[[], datetime],
        lang_of: Callable[[Question], str] = lambda q: "en",
    ) -> Interview:
        """`count` questions of `packs` (and `tag`) across topics and types."""
        if count < 1:
            raise QuizappError(
                _("an interview needs at least one question (count {count})").format(count=count)
            )
        pool = select_questions(packs, tag=tag)
        scope = " ".join([*(p.id for p in packs), *([f"#{tag}"] if tag else [])])
        chosen = draw(pool, count, rng or random.Random())
        return cls(chosen, allowed, clock, scope, lang_of)

    @property
    def planned(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    def remaining(self) -> timedelta:
        """Time left (never below zero)."""
        return max(self.allowed - (self.clock() - self.started), timedelta(0))

    def over(self) -> bool:
        """Every question answered, or the time used up."""
        return self.answered >= self.planned or self.remaining() <= timedelta(0)

    def next_question(self) -> Question | None:
        """The question to show now (its clock starts); None once the interview is over."""
        if self.over():
            return None
        self.shown_at = self.clock()
        return self.questions[self.answered]

    def record(self, question: Question, outcome: Outcome) -> None:
        """Count the answer to the current question, with the time it took."""
        if self.answered >= self.planned or question is not self.questions[self.answered]:
            raise ValueError(f"{question.key} is not the current question")
        seconds = (self.clock() - self.shown_at).total_seconds()
        self.outcomes.append((question, outcome, max(seconds, 0.0)))

    @staticmethod
    def self_graded(question: Question, knew: bool, lang: str) -> Outcome:
        """A flashcard's outcome from "did you know it?", as a quiz counts it."""
        from quizapp.services.grading import recall_outcome

        return recall_outcome(question, Grade.GOOD if knew else Grade.AGAIN, lang)

    def report(self) -> InterviewReport:
        """The report: every question, those not reached as unanswered."""
        items = []
        for i, question in enumerate(self.questions):
            text = question.text(self.lang_of(question))
            if i < self.answered:
                _question, outcome, seconds = self.outcomes[i]
                score, answered = min(max(outcome.score, 0.0), 1.0), True
            else:
                score, seconds, answered = 0.0, 0.0, False
            items.append(
                AnswerRecord(
                    key=question.key,
                    type=question.type,
                    tags=question.tags,
                    score=score,
                    seconds=round(seconds, 1),
                    answered=answered,
                    prompt=text.prompt,
                    answer=right_answer(question, self.lang_of(question)),
                    explanation=text.explanation,
                )
            )
        used = min(self.clock() - self.started, self.allowed)
        return InterviewReport(self.started, self.allowed, used, self.scope, tuple(items))


# -- the database ---------------------------------------------------------------------------
def save_report(db_path: Path, report: InterviewReport) -> int:
    """Keep the report; its id."""
    from quizapp.store.interviews import save_interview
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        return save_interview(store, report.to_row())


@dataclass(frozen=True)
class PastInterview:
    """One line of `quizapp interview --history` (and of the statistics screen)."""

    id: int
    started: datetime
    scope: str
    planned: int
    answered: int
    points: float
    seconds_used: int
    seconds_allowed: int

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.planned) if self.planned else 0

    def when_text(self) -> str:
        """When it began, local time: `2026-03-01 10:00` (the history's and the screen's)."""
        return self.started.astimezone().strftime("%Y-%m-%d %H:%M")

    def time_text(self) -> str:
        """The time used, `m:ss`."""
        return f"{self.seconds_used // 60}:{self.seconds_used % 60:02d}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["started"] = self.started.isoformat()
        data["percent"] = self.percent
        return data


def interview_history(db_path: Path) -> list[PastInterview]:
    """Every saved interview, oldest first: scores over time."""
    from quizapp.store.interviews import list_interviews
    from quizapp.store.records import from_ms
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        rows = list_interviews(store)
    return [
        PastInterview(
            id=row["id"],
            started=from_ms(row["started_ms"]) or datetime.min,
            scope=row["scope"],
            planned=row["planned"],
            answered=row["answered"],
            points=row["points"],
            seconds_used=row["seconds_used"],
            seconds_allowed=row["seconds_allowed"],
        )
        for row in rows
    ]


def saved_report_items(db_path: Path, interview_id: int) -> list[dict[str, Any]]:
    """The per-question records of one saved report, as stored."""
    from quizapp.store.interviews import list_interviews
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        rows = [r for r in list_interviews(store) if r["id"] == interview_id]
    if not rows:
        raise QuizappError(_("no interview {id} in {path}").format(id=interview_id, path=db_path))
    items: list[dict[str, Any]] = json.loads(rows[0]["report"])
    return items


def send_misses_to_study(db_path: Path, report: InterviewReport, now: datetime) -> tuple[int, int]:
    """The report's misses become due now (history kept); (moved, still new)."""
    from quizapp.domain.keys import CardKey
    from quizapp.store.interviews import bring_forward
    from quizapp.store.repository import Store

    keys = [CardKey.parse(item.key) for item in report.misses]
    with Store.open(db_path) as store:
        return bring_forward(store, keys, now)


def score_text(points: float, planned: int) -> str:
    """`7.5/15`."""
    return f"{points_text(points)}/{planned}"
