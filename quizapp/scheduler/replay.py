"""One card's merged log replayed in time order (a progress import, services.progress): each
answer is scheduled exactly as `scheduler.review` schedules it (answer.py: study days, seeded
fuzz, Hard < Good < Easy), with less work per answer, since a merge of a million reviews
replays hundreds of thousands of them:

- only the given grade's outcome is computed (and the memories its interval rule needs);
- the fuzz factors of the answers still to come are drawn in one batch (fuzz.fuzz_factors);
- each time's study day is looked up once per card;
- a review card's answer (most of a log) is computed here from FSRS's formulas, written as
  py-fsrs writes them, operation for operation, so every float is the same
  (tests/scheduler/test_replay_one_grade.py holds `memory` to py-fsrs's methods); other states
  go through answer.schedule;
- states are plain tuples (`Columns`), not CardState objects.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from quizapp.config import Settings
from quizapp.domain import CardState, CardStateName, Grade
from quizapp.scheduler.answer import Memory, hard_step, schedule
from quizapp.scheduler.fuzz import fuzz_bounds, fuzz_factors, fuzzed_interval, rust_round

if TYPE_CHECKING:
    from quizapp.scheduler import Parameters

Columns = tuple[
    int, int | None, float | None, float | None, datetime | None, datetime | None, int, int
]
"""(state code 0-3 as `store.records.STATES` numbers them, step, stability, difficulty, due,
last review, reps, lapses): a CardState as the replay carries it."""
NEW: Columns = (0, None, None, None, None, None, 0, 0)
_NAMES: tuple[CardStateName, ...] = ("new", "learning", "review", "relearning")
_CODES = {name: code for code, name in enumerate(_NAMES)}
_DAY = timedelta(days=1)
_E = math.e
_STABILITY_MIN = 0.001  # py-fsrs's STABILITY_MIN, MIN_DIFFICULTY and MAX_DIFFICULTY
_MIN_DIFFICULTY = 1.0
_MAX_DIFFICULTY = 10.0
_QUARTERS: dict[tuple[tzinfo, int], dict[int, int]] = {}
"""(zone, day_starts_hour) -> UTC quarter hour -> its study day number (`Replayer._day`)."""
_QUARTERS_KEPT = 100_000
"""At most this many per zone (about three years of quarter hours; then it starts over)."""


def memory(
    w: tuple[float, ...], factor: float, decay: float, s: float, d: float, days: int, grade: int
) -> tuple[float, float]:
    """FSRS's next (stability, difficulty) of a card with a memory state, `days` study days
    after its last review (answer.next_memories for one grade): py-fsrs's
    `_short_term_stability` or `_next_stability`, and `_next_difficulty`, with its
    expressions as written there (`factor`, `decay`: the scheduler's _FACTOR and _DECAY)."""
    if days == 0:
        increase = (_E ** (w[17] * (grade - 3 + w[18]))) * (s ** -w[19])
        if grade != 1:
            increase = max(increase, 1.0)
        new_s = max(s * increase, _STABILITY_MIN)
    else:
        r = (1 + factor * days / s) ** decay
        if grade == 1:
            long_term = (
                w[11] * (d ** -w[12]) * (((s + 1) ** (w[13])) - 1) * (_E ** ((1 - r) * w[14]))
            )
            new_s = max(min(long_term, s / (_E ** (w[17] * w[18]))), _STABILITY_MIN)
        else:
            hard_penalty = w[15] if grade == 2 else 1
            easy_bonus = w[16] if grade == 4 else 1
            recall = s * (
                1
                + (_E ** (w[8]))
                * (11 - d)
                * (s ** -w[9])
                * ((_E ** ((1 - r) * w[10])) - 1)
                * hard_penalty
                * easy_bonus
            )
            new_s = max(recall, _STABILITY_MIN)
    easy_initial = w[4] - (_E ** (w[5] * (4 - 1))) + 1
    delta = -(w[6] * (grade - 3))
    damped = d + (10.0 - d) * delta / 9.0
    new_d = w[7] * easy_initial + (1 - w[7]) * damped
    return float(new_s), float(min(max(new_d, _MIN_DIFFICULTY), _MAX_DIFFICULTY))


def passing_memories(
    w: tuple[float, ...],
    factor: float,
    decay: float,
    s: float,
    d: float,
    days: int,
    grade: int,
    easy_initial: float,
) -> list[tuple[float, float]]:
    """`memory` for each passing grade from Hard up to `grade` (a passing grade's interval
    is bounded by the one below it), with what they share computed once: the same floats,
    as each product is evaluated left to right in the same order. `easy_initial`:
    `w[4] - e ** (w[5] * 3) + 1`."""
    out = []
    if days == 0:
        shrink = s ** -w[19]
    else:
        r = (1 + factor * days / s) ** decay
        base = (_E ** (w[8])) * (11 - d) * (s ** -w[9]) * ((_E ** ((1 - r) * w[10])) - 1)
    for passing in range(2, grade + 1):
        if days == 0:
            increase = (_E ** (w[17] * (passing - 3 + w[18]))) * shrink
            new_s = max(s * max(increase, 1.0), _STABILITY_MIN)
        else:
            hard_penalty = w[15] if passing == 2 else 1
            easy_bonus = w[16] if passing == 4 else 1
            new_s = max(s * (1 + base * hard_penalty * easy_bonus), _STABILITY_MIN)
        delta = -(w[6] * (passing - 3))
        damped = d + (10.0 - d) * delta / 9.0
        new_d = w[7] * easy_initial + (1 - w[7]) * damped
        out.append((float(new_s), float(min(max(new_d, _MIN_DIFFICULTY), _MAX_DIFFICULTY))))
    return out


class Replayer:
    """Replays one card's answers (see the module docstring). `card_id` seeds the fuzz;
    `answers`: how many the log holds, so the factors are drawn in one batch."""

    def __init__(
        self, settings: Settings, parameters: Parameters | None, card_id: int, answers: int
    ) -> None:
        from quizapp.scheduler import fsrs_scheduler

        self.settings = settings
        self.scheduler = fsrs_scheduler(settings, parameters=parameters)
        self.card_id = card_id
        self.answers = answers
        self.fuzz = settings.enable_fuzzing
        self.maximum = settings.maximum_interval
        self._w = tuple(self.scheduler.parameters)
        self._decay = self.scheduler._DECAY
        self._factor_ = self.scheduler._FACTOR
        self._scale = self.scheduler.desired_retention ** (1 / self._decay) - 1
        self._easy = self._w[4] - (_E ** (self._w[5] * (4 - 1))) + 1
        self._factors: dict[int, float] = {}
        self._days: dict[datetime, int] = {}
        self._zone = settings.zone()
        self._quarters = _QUARTERS.setdefault((self._zone, settings.day_starts_hour), {})

    def review(self, state: CardState, grade: Grade, now: datetime) -> CardState:
        """The state after answering `grade` at `now` (UTC), as `scheduler.review` gives it."""
        columns = (
            _CODES[state.state],
            state.step,
            state.stability,
            state.difficulty,
            state.due,
            state.last_review,
            state.reps,
            state.lapses,
        )
        code, step, s, d, due, last, reps, lapses = self.answer(columns, int(grade), now)
        return CardState(_NAMES[code], step, s, d, due, last, reps, lapses)

    def answer(self, state: Columns, grade: int, now: datetime) -> Columns:
        """The state after answering `grade` (1-4) at `now` (UTC)."""
        code, _, s, d, due, last, reps, lapses = state
        day = self._day
        factor = self._factor(reps) if self.fuzz else None
        last_day = 0 if last is None else day(last)
        days = 0 if last is None else max(day(now) - last_day, 0)
        if s is None or d is None:
            return self._by_schedule(state, grade, now, days, factor)
        if code != 2:
            return self._stepping(state, (s, d), grade, now, days, factor)
        interval = 0 if due is None or last is None else max(day(due) - last_day, 0)
        w, f, decay = self._w, self._factor_, self._decay
        if grade == 1:
            new_s, new_d = memory(w, f, decay, s, d, days, 1)
            relearning = self.settings.relearning_steps
            if relearning:
                return (3, 0, new_s, new_d, now + timedelta(seconds=relearning[0]), now,
                        reps + 1, lapses + 1)  # fmt: skip
            lapse = max(rust_round(new_s / f * self._scale), 1)
            return (2, None, new_s, new_d, now + min(lapse, self.maximum) * _DAY, now,
                    reps + 1, lapses + 1)  # fmt: skip
        maximum, scale, below = self.maximum, self._scale, 0
        floor = math.floor
        memories = passing_memories(w, f, decay, s, d, days, grade, self._easy)
        # answer._review_intervals, grade by grade up (fuzzed_interval and rust_round written
        # out, as the same operations)
        for new_s, _ in memories:
            x = float(new_s / f * scale)
            rounded = floor(x + 0.5) if x >= 0 else -floor(-x + 0.5)
            if rounded > interval:
                kept = interval + 1
            else:
                kept = interval if interval <= fuzz_bounds(x, 1, maximum)[1] else 0
            minimum = kept if kept >= below + 1 else below + 1
            if factor is None:
                below = min(max(rounded, min(minimum, maximum)), maximum)
            else:
                lower, upper = fuzz_bounds(x, minimum, maximum)
                below = floor(lower + factor * (upper - lower + 1))
        new_s, new_d = memories[-1]
        return (2, None, new_s, new_d, now + below * _DAY, now, reps + 1, lapses)

    def _stepping(
        self,
        state: Columns,
        memory_state: tuple[float, float],
        grade: int,
        now: datetime,
        days: int,
        factor: float | None,
    ) -> Columns:
        """A learning or relearning card with a memory state: answer.schedule's steps and
        graduation for the one grade given, on tuples (`_ivl` is `new_s / f * scale`)."""
        code, step, _, _, _, _, reps, lapses = state
        s, d = memory_state
        settings, maximum = self.settings, self.maximum
        w, f, decay, scale = self._w, self._factor_, self._decay, self._scale
        stepping = 3 if code == 3 else 1  # a new card with a memory state: learning
        steps = settings.relearning_steps if code == 3 else settings.learning_steps
        at = step or 0
        new_s, new_d = memory(w, f, decay, s, d, days, grade)
        if grade == 1:
            if steps:
                return (stepping, 0, new_s, new_d, now + timedelta(seconds=steps[0]), now,
                        reps + 1, lapses)  # fmt: skip
            fail = max(rust_round(float(new_s / f * scale)), 1)
            days_ = fuzzed_interval(fail, 1, maximum, factor)
            return (2, None, new_s, new_d, now + days_ * _DAY, now, reps + 1, lapses)
        graduates = not steps or at >= len(steps)
        if grade == 2 and not graduates:
            hard = hard_step(steps, at)
            return (stepping, at, new_s, new_d, now + timedelta(seconds=hard), now,
                    reps + 1, lapses)  # fmt: skip
        if grade == 3 and not graduates and at + 1 < len(steps):
            return (stepping, at + 1, new_s, new_d, now + timedelta(seconds=steps[at + 1]), now,
                    reps + 1, lapses)  # fmt: skip
        good_s = new_s if grade == 3 else memory(w, f, decay, s, d, days, 3)[0]
        good = float(good_s / f * scale)
        if grade == 4:  # graduate_easy
            below = fuzzed_interval(good, 1, maximum, factor)
            easy = max(rust_round(float(new_s / f * scale)), 1)
            days_ = fuzzed_interval(easy, below + 1, maximum, factor)
        else:  # graduate_good, for Hard and Good
            days_ = fuzzed_interval(max(rust_round(good), 1), 1, maximum, factor)
        return (2, None, new_s, new_d, now + days_ * _DAY, now, reps + 1, lapses)

    def _by_schedule(
        self, state: Columns, grade: int, now: datetime, days: int, factor: float | None
    ) -> Columns:
        """A card without a memory state (a new one): answer.schedule."""
        code, step, s, d, due, last, reps, lapses = state
        card = CardState(_NAMES[code], step, s, d, due, last, reps, lapses)
        interval = None
        if code == 2:
            day = self._day
            interval = 0 if due is None or last is None else max(day(due) - day(last), 0)
        chosen = Grade(grade)
        nxt = schedule(self.settings, self.scheduler, card, days, (chosen,), factor, interval)
        following = nxt[chosen]
        lapse = 1 if code == 2 and grade == 1 else 0
        memory_: Memory = following.memory
        return (_CODES[following.state], following.step, memory_.stability,
                memory_.difficulty, now + following.interval, now, reps + 1,
                lapses + lapse)  # fmt: skip

    def _day(self, when: datetime) -> int:
        """`Settings.study_day` as a day number, once per time (each answer's time and due are
        asked for again by the next answer) and, across cards, once per UTC quarter hour of a
        zone with whole-quarter offsets: offsets and their changes fall on quarter hours, so no
        day boundary (a local whole hour) falls inside one (config.Settings._day_of)."""
        day = self._days.get(when)
        if day is None:
            quarter = int(when.timestamp() // 900)
            day = self._quarters.get(quarter)
            if day is None:
                day = self.settings.study_day(when).toordinal()
                offset = when.astimezone(self._zone).utcoffset()
                if offset is not None and offset.total_seconds() % 900 == 0:
                    if len(self._quarters) >= _QUARTERS_KEPT:
                        self._quarters.clear()
                    self._quarters[quarter] = day
            self._days[when] = day
        return day

    def _factor(self, reps: int) -> float:
        factor = self._factors.get(reps)
        if factor is None:
            ahead = range(reps, max(reps + 1, self.answers))
            drawn = fuzz_factors([self.card_id + n for n in ahead])
            self._factors = dict(zip(ahead, drawn, strict=True))
            factor = self._factors[reps]
        return factor
