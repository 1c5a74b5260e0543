"""Fit FSRS parameters to a learner's own review log, and check them on reviews held out.

The fit is fsrs-rs-python's `compute_parameters`, the Rust code Anki runs, fed the items Anki
builds (docs/scheduling.md, "Optimising"): per question, its history from the first answer on,
one item per answer given on a later study day than the one before, with elapsed time counted
in study days (`Settings.study_days_of_ms`). The reviews are split by time: the parameters are
fitted on the earlier 80 % of items and judged, against the parameters in use, on the later
20 % by log loss and RMSE over bins, so they are kept only if they predict reviews they have
not seen better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from quizapp.config import Settings
from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.scheduler import default_parameters

MINIMUM_REVIEWS = 1000
"""Below this many reviews a fit predicts held-out reviews worse than the defaults."""
HELD_OUT_SHARE = 0.2
"""The latest share of items kept out of the fit to judge it."""
TRAINING_EPOCHS = 5
"""Passes over the items (fsrs-rs's default, and what `compute_fsrs_params_from_items` uses)."""
_LEARNING_KINDS = (0, 1)  # new and learning: Anki's revlog type 0
_KINDS = (0, 1, 2, 3)
_GRADES = (1, 2, 3, 4)


INSTALL_HINT = (
    "optimising needs fsrs-rs-python (FSRS's Rust optimiser, the code Anki runs): install it "
    "with `pip install fsrs-rs-python`. It comes with quizapp wherever it has a ready-made "
    "wheel; Windows on ARM with Python 3.11 has none, so there use Python 3.12 or later (or "
    "install a Rust toolchain first)"
)


def require_optimiser() -> None:
    """QuizappError saying how to install fsrs-rs-python if it is missing (it is a dependency
    only on platforms with a wheel; see pyproject.toml)."""
    from importlib.util import find_spec

    if find_spec("fsrs_rs_python") is None:
        raise QuizappError(INSTALL_HINT)


LogRow = tuple[int, int, int, int, int]
"""One row of the review log as the store reads it: (review id, card id, reviewed ms, grade,
kind), kind being the question's state before the answer (0 new, 1 learning, 2 review, 3
relearning). Plain tuples read by index are what keep 100,000 rows fast."""


class ReviewLogError(QuizappError):
    """The review log cannot be trusted (grades out of range, answers out of time order)."""


class NotEnoughReviews(QuizappError):
    """Too little history for a fit that beats the defaults."""

    def __init__(self, reviews: int, what: str) -> None:
        self.reviews = reviews
        super().__init__(
            _(
                "{what} has {reviews:,} reviews; optimising needs at least {minimum:,} (with "
                "fewer, fitted parameters predict worse than the defaults), so nothing changed"
            ).format(what=what, reviews=reviews, minimum=MINIMUM_REVIEWS)
        )


@dataclass(frozen=True)
class TrainingSet:
    """Anki's training items, in the order of their last answer."""

    items: list[Any]
    """fsrs_rs_python.FSRSItem, each a question's history up to one answer."""
    card_ids: list[int]
    last_ms: list[int]
    """When each item's last answer was given."""
    reviews: int
    """Rows of the log read (every answer, first ones and same-day steps included)."""

    def split(self, held_out: float = HELD_OUT_SHARE) -> tuple[TrainingSet, TrainingSet]:
        """(earlier, later) by time of the last answer: fit on the first, judge on the second."""
        cut = len(self.items) - round(len(self.items) * held_out)
        return (
            TrainingSet(self.items[:cut], self.card_ids[:cut], self.last_ms[:cut], self.reviews),
            TrainingSet(self.items[cut:], self.card_ids[cut:], self.last_ms[cut:], self.reviews),
        )


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict recall on some items (lower is better for both)."""

    log_loss: float
    rmse_bins: float
    """Root mean square error between predicted and actual recall over bins (Anki's RMSE)."""


@dataclass(frozen=True)
class FitResult:
    """New parameters and how they and the ones in use did on the held-out reviews."""

    parameters: tuple[float, ...]
    reviews: int
    training_items: int
    held_out_items: int
    held_out_from: datetime
    """Time of the first held-out answer."""
    current: Evaluation
    fitted: Evaluation

    @property
    def better(self) -> bool:
        """The new parameters beat the ones in use on held-out reviews, by both measures."""
        return (
            self.fitted.log_loss < self.current.log_loss
            and self.fitted.rmse_bins < self.current.rmse_bins
        )


def _when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def check_log(rows: Sequence[LogRow]) -> None:
    """ReviewLogError naming the first row that cannot be trusted; rows come per card, in
    the order they were logged (review id)."""
    previous: LogRow | None = None
    for row in rows:
        review_id, card_id, reviewed_ms, grade, kind = row
        if grade not in _GRADES:
            raise ReviewLogError(
                _(
                    "the review log is damaged: review {review} (card {card}) has grade "
                    "{grade!r}; grades are 1 (Again) to 4 (Easy)"
                ).format(review=review_id, card=card_id, grade=grade)
            )
        if kind not in _KINDS:
            raise ReviewLogError(
                _(
                    "the review log is damaged: review {review} (card {card}) has state "
                    "{state!r}; states are 0 (new) to 3 (relearning)"
                ).format(review=review_id, card=card_id, state=kind)
            )
        if previous is not None and previous[1] == card_id and reviewed_ms < previous[2]:
            raise ReviewLogError(
                _(
                    "the review log is damaged: review {review} (card {card}) is dated "
                    "{when}, before review {other} logged ahead of it ({other_when})"
                ).format(
                    review=review_id,
                    card=card_id,
                    when=_when(reviewed_ms),
                    other=previous[0],
                    other_when=_when(previous[2]),
                )
            )
        previous = row


class CardHistory(NamedTuple):
    """One question's answers as FSRS trains on them, and where its items end."""

    card_id: int
    reviews: list[tuple[int, int]]
    """(grade, study days since the answer before; 0 for the first), from the first answer."""
    item_ends: list[int]
    """Each training item is `reviews[:end]`: an answer on a later study day ends one."""
    item_ms: list[int]
    """When the last answer of each item was given."""


def card_histories(rows: Sequence[LogRow], settings: Settings) -> list[CardHistory]:
    """Anki's training histories from a log sorted by card, then review id (checked first).

    Per card: from the first answer of its last unbroken run of new/learning answers (a card
    whose history does not start there gives nothing: the first answer anchors the fit);
    each later answer given on a later study day than the previous one ends an item holding
    the whole history up to it. Same-day answers stay in the history but never end an item.
    """
    check_log(rows)
    days = settings.study_days_of_ms([row[2] for row in rows])
    out: list[CardHistory] = []
    start, total = 0, len(rows)
    while start < total:
        card = rows[start][1]
        end = start + 1
        while end < total and rows[end][1] == card:
            end += 1
        first = _first_of_last_learning_run(rows, start, end)
        if first is not None:
            reviews = [(rows[first][3], 0)]
            ends: list[int] = []
            times: list[int] = []
            for i in range(first + 1, end):
                elapsed = days[i] - days[i - 1]
                reviews.append((rows[i][3], elapsed))
                if elapsed > 0:
                    ends.append(len(reviews))
                    times.append(rows[i][2])
            if ends:
                out.append(CardHistory(card, reviews, ends, times))
        start = end
    return out


def training_items(rows: Sequence[LogRow], settings: Settings) -> TrainingSet:
    """fsrs-rs items of `card_histories`, ordered by the time of their last answer."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    found: list[tuple[int, int, Any]] = []
    for history in card_histories(rows, settings):
        reviews = [FSRSReview(grade, elapsed) for grade, elapsed in history.reviews]
        card = history.card_id
        found += [
            (ms, card, FSRSItem(reviews[:end]))
            for end, ms in zip(history.item_ends, history.item_ms, strict=True)
        ]
    found.sort(key=lambda item: item[0])
    return TrainingSet(
        items=[item for _, _, item in found],
        card_ids=[card for _, card, _ in found],
        last_ms=[ms for ms, _, _ in found],
        reviews=len(rows),
    )


def _first_of_last_learning_run(rows: Sequence[LogRow], start: int, end: int) -> int | None:
    first = None
    for i in range(end - 1, start - 1, -1):
        if rows[i][4] in _LEARNING_KINDS:
            first = i
        elif first is not None:
            break
    return first


def relearning_steps_within_a_day(settings: Settings) -> int:
    """Relearning steps taken before a day has passed (Anki's `num_of_relearning_steps`)."""
    total, count = 0, 0
    for seconds in settings.relearning_steps:
        total += seconds
        if total >= 86400:
            break
        count += 1
    return count


def fit(training: TrainingSet, settings: Settings) -> tuple[float, ...]:
    """Parameters fitted to these items (fsrs-rs's outlier filter and recency weights)."""
    from fsrs_rs_python import FSRS, TrainingConfig

    try:
        params = FSRS([]).compute_parameters(
            training.items,
            card_ids=training.card_ids,
            enable_short_term=True,
            num_relearning_steps=relearning_steps_within_a_day(settings),
            training_config=TrainingConfig(num_epochs=TRAINING_EPOCHS),
        )
    except Exception as exc:  # fsrs-rs raises a plain exception carrying its FSRSError
        raise QuizappError(
            _("FSRS could not fit these reviews: {error}").format(error=exc)
        ) from exc
    # fsrs-rs works in float32: 0.8 comes back as 0.800000011920929, just over a bound py-fsrs
    # checks. Four decimals (as Anki shows them) keep every value inside its bounds.
    return tuple(round(float(p), 4) for p in params)


def evaluate(parameters: Sequence[float], held_out: TrainingSet) -> Evaluation:
    """Log loss and RMSE (bins) of these parameters' predictions on the items."""
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(held_out.items)
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def optimise(
    rows: Sequence[LogRow],
    settings: Settings,
    current: Sequence[float] | None,
    *,
    what: str = "",
) -> FitResult:
    """Fit on the earlier reviews and judge new against `current` (None: the defaults) on the
    later ones. NotEnoughReviews below MINIMUM_REVIEWS; ReviewLogError for a damaged log."""
    what = what or _("the review log")
    if len(rows) < MINIMUM_REVIEWS:
        raise NotEnoughReviews(len(rows), what)
    items = training_items(rows, settings)
    earlier, later = items.split()
    if not earlier.items or not later.items:
        raise NotEnoughReviews(len(rows), what)
    fitted = fit(earlier, settings)
    return FitResult(
        parameters=fitted,
        reviews=items.reviews,
        training_items=len(earlier.items),
        held_out_items=len(later.items),
        held_out_from=datetime.fromtimestamp(later.last_ms[0] / 1000, UTC),
        current=evaluate(current or default_parameters(), later),
        fitted=evaluate(fitted, later),
    )
