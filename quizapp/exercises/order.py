"""Step ordering: put the steps in order and discard the steps that do not belong.

Credit is the longest run of steps already in the right relative order (a longest
non-decreasing subsequence of their ranks), over the number of steps plus any distractor kept.
So one step misplaced in five scores 4/5, a perfect order with one distractor kept scores
n/(n+1), and discarding a real step loses that step's credit. Steps of a group share a rank,
so any order among them is right. The marks follow the same rule: a kept step is marked right
when it is in that run, so five steps rotated by one show four ✓ and one ✗, agreeing with 80%.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.domain import Outcome, PartResult
from quizapp.domain.question import Question
from quizapp.domain.question_data import OrderData
from quizapp.domain.text import local
from quizapp.exercises.base import Synonyms


@dataclass(frozen=True)
class Item:
    """One shown step: `s<N>` is the N-th true step (from 0), `d<N>` a distractor."""

    id: str
    text: str
    rank: int = -1
    """Place in the correct order, shared by the steps of a group (distractors: -1)."""
    place: str = ""
    """The position(s) it belongs at, as shown: `4`, or `4–5` in a group of two."""

    @property
    def is_step(self) -> bool:
        """A true step, as opposed to a distractor."""
        return self.id.startswith("s")


def items(question: Question, lang: str) -> list[Item]:
    """Every step then every distractor, unshuffled, in `lang`."""
    data = question.data_as(OrderData)
    out = [
        Item(f"s{i}", local(s, lang), data.ranks[i], data.place(i))
        for i, s in enumerate(data.steps)
    ]
    out += [Item(f"d{i}", local(d, lang)) for i, d in enumerate(data.distractors)]
    return out


def shuffled(question: Question, lang: str, rng: random.Random) -> list[Item]:
    """The items in a random order that is never already the answer (when avoidable)."""
    out = items(question, lang)
    if len(out) < 2:
        return out
    for _ in range(20):
        rng.shuffle(out)
        ranks = [i.rank for i in out if i.is_step]
        if ranks != sorted(ranks):
            break
    return out


def longest_in_order(ranks: Sequence[int]) -> set[int]:
    """Indexes (into `ranks`) of one longest non-decreasing subsequence: equal ranks (the
    steps of a group) may come in any order."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(ranks)
    for i, r in enumerate(ranks):
        k = bisect.bisect_right(tails, r)
        if k == len(tails):
            tails.append(r)
            tail_at.append(i)
        else:
            tails[k] = r
            tail_at[k] = i
        parent[i] = tail_at[k - 1] if k else -1
    chosen: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        chosen.add(i)
        i = parent[i]
    return chosen


class Order:
    """`answer = {"order": [item ids as arranged], "discarded": [item ids]}`."""

    auto = True

    def check(
        self,
        question: Question,
        answer: Mapping[str, Any],
        *,
        lang: str,
        synonyms: Synonyms = (),
    ) -> Outcome:
        """One part per true step (right place among kept steps) and per distractor."""
        by_id = {i.id: i for i in items(question, lang)}
        discarded = {str(x) for x in answer.get("discarded", ()) if str(x) in by_id}
        order = [str(x) for x in answer.get("order", ()) if str(x) in by_id]
        order += [i for i in by_id if i not in order]  # anything unmentioned goes last
        kept = [by_id[i] for i in order if i not in discarded]
        kept_steps = [i for i in kept if i.is_step]
        in_order = {kept_steps[k].id for k in longest_in_order([i.rank for i in kept_steps])}
        n_steps = sum(1 for i in by_id.values() if i.is_step)
        kept_distractors = sum(1 for i in kept if not i.is_step)
        parts = []
        step_no = 0
        for item in kept:
            if item.is_step:
                step_no += 1
                ok = item.id in in_order  # the rule that gives the credit, not the position
                expected = f"step {item.place}"
                parts.append(PartResult(item.text, f"step {step_no}", expected, ok, item.id))
            else:
                parts.append(PartResult(item.text, "kept", "discard", False, item.id))
        for item_id in order:
            item = by_id[item_id]
            if item_id in discarded:
                expected = "discard" if not item.is_step else f"step {item.place}"
                right = not item.is_step
                parts.append(PartResult(item.text, "discard", expected, right, item.id))
        score = len(in_order) / (n_steps + kept_distractors) if n_steps else 0.0
        return Outcome(score, tuple(parts))
