"""`quizapp optimize`: fit FSRS parameters to your own reviews, keep them only if they predict
better, undo them, and advise a desired retention from them.

Parameters are per pack (a pack of facts and a pack of procedures are learnt differently);
without `--pack` they are fitted to all packs' reviews together and used by every pack that
has none of its own. The scheduler reads them on each answer, so they apply from the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quizapp.errors import QuizappError
from quizapp.i18n import N_, _

if TYPE_CHECKING:
    from quizapp.scheduler.optimizer import FitResult
    from quizapp.scheduler.simulator import Advice as Advice  # for the advice screen
    from quizapp.store.params import SavedParameters
    from quizapp.store.repository import Store

Source = Literal["pack", "all packs", "defaults"]
_SOURCE_WORDS: dict[str, str] = {
    "defaults": N_("FSRS's default parameters"),
    "pack": N_("parameters fitted to this pack"),
    "all packs": N_("parameters fitted to your reviews"),
}


def source_words(source: str) -> str:
    """Where the parameters in use come from, in the interface language (CLI and screen)."""
    return _(_SOURCE_WORDS[source])


"""Where a pack's parameters come from: its own fit, the fit to all packs, FSRS's defaults."""


@dataclass(frozen=True)
class InUse:
    """The parameters a pack (or the all-packs scope) is scheduled with, and where from."""

    source: Source
    parameters: tuple[float, ...]
    saved: SavedParameters | None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: source, when fitted and to how many reviews, the 21 weights."""
        return {
            "source": self.source,
            "fitted": self.saved.fitted_at.isoformat() if self.saved else None,
            "reviews": self.saved.reviews if self.saved else None,
            "parameters": list(self.parameters),
        }


@dataclass(frozen=True)
class OptimizeReport:
    """One optimisation: the fit, whether it was kept, and what it was judged against."""

    scope: str
    """A pack id, or "all packs"."""
    fit: FitResult
    kept: bool
    before: InUse


@dataclass(frozen=True)
class UndoReport:
    """What `--undo` removed and what is in use now."""

    scope: str
    removed: SavedParameters | None
    now: InUse


def _scope_name(pack_id: str | None) -> str:
    return pack_id if pack_id is not None else _("all packs")


def in_use(saved: dict[str, SavedParameters], pack_id: str | None) -> InUse:
    """What a pack (None: the all-packs scope) uses, given every pack's newest saved fit."""
    from quizapp.scheduler import default_parameters
    from quizapp.store.params import ALL_PACKS

    own = saved.get(pack_id) if pack_id is not None else None
    if own is not None:
        return InUse("pack", own.parameters, own)
    everyone = saved.get(ALL_PACKS)
    if everyone is not None:
        return InUse("all packs", everyone.parameters, everyone)
    return InUse("defaults", default_parameters(), None)


def _open(db_path: Path, pack_id: str | None) -> Store:
    from quizapp.store.repository import Store

    if not db_path.exists():
        raise QuizappError(
            _("{path}: no reviews yet (the database does not exist)").format(path=db_path)
        )
    store = Store.open(db_path)
    try:
        if pack_id is not None:
            store.check_pack_ids([pack_id])
    except BaseException:
        store.close()
        raise
    return store


def optimize(
    db_path: Path,
    pack_id: str | None,
    now: datetime,
    *,
    progress: Callable[[str], None] | None = None,
) -> OptimizeReport:
    """Fit to the pack's reviews (None: all packs'); save if they beat those in use on the
    held-out reviews. QuizappError if too few reviews, a damaged log or no optimiser.
    `progress` is told each stage (the fit itself reports none)."""
    from quizapp.scheduler import optimizer
    from quizapp.store import params

    tell = progress or (lambda text: None)
    optimizer.require_optimiser()
    with _open(db_path, pack_id) as store:
        tell(_("Reading the review log…"))
        settings = store.load_settings()
        before = in_use(params.parameters_in_use(store), pack_id)
        rows = params.review_log(store, pack_id)
        if pack_id is None:
            what = _("the review log (all packs)")
        else:
            what = _("pack {pack}").format(pack=pack_id)
        tell(
            _("Fitting FSRS to {reviews:,} reviews and checking it on the latest ones…").format(
                reviews=len(rows)
            )
        )
        fit = optimizer.optimise(rows, settings, before.parameters, what=what)
        if fit.better:
            report = {
                "held_out_items": fit.held_out_items,
                "before": {"source": before.source, **asdict(fit.current)},
                "after": asdict(fit.fitted),
            }
            scope = pack_id if pack_id is not None else params.ALL_PACKS
            params.save_parameters(store, scope, fit.parameters, now, fit.reviews, report)
    return OptimizeReport(_scope_name(pack_id), fit, fit.better, before)


def undo(db_path: Path, pack_id: str | None) -> UndoReport:
    """Remove the newest kept fit of the pack (None: of all packs); the one before is back."""
    from quizapp.store import params

    with _open(db_path, pack_id) as store:
        removed = params.undo_parameters(store, pack_id if pack_id is not None else "")
        now = in_use(params.parameters_in_use(store), pack_id)
    return UndoReport(_scope_name(pack_id), removed, now)


def advise(db_path: Path, pack_id: str | None) -> tuple[Advice, InUse, float]:
    """The workload curve for the parameters in use and the pack's size: (advice, the
    parameters simulated, the desired retention set now)."""
    from quizapp.scheduler import optimizer, simulator
    from quizapp.store import params

    optimizer.require_optimiser()
    with _open(db_path, pack_id) as store:
        settings = store.load_settings()
        parameters = in_use(params.parameters_in_use(store), pack_id)
        questions = params.question_count(store, pack_id)
    if questions == 0:
        raise QuizappError(
            _("{scope}: no questions to simulate yet; study first").format(
                scope=_scope_name(pack_id)
            )
        )
    curve = simulator.workload_curve(parameters.parameters, settings, questions)
    return curve, parameters, settings.desired_retention


def describe_in_use(db_path: Path) -> str:
    """One line for the settings screen: which parameters every pack without its own uses."""
    from quizapp.scheduler.optimizer import MINIMUM_REVIEWS
    from quizapp.store import params
    from quizapp.store.repository import Store

    if not db_path.exists():
        return _("In use: FSRS's default parameters (no reviews yet).")
    with Store.open(db_path) as store:
        used = in_use(params.parameters_in_use(store), None)
        reviews = params.review_count(store, None)
    if used.saved is None:
        where = _("FSRS's default parameters")
    else:
        where = _("fitted on {day} to {reviews:,} reviews").format(
            day=f"{used.saved.fitted_at:%Y-%m-%d}", reviews=used.saved.reviews
        )
    return _("In use: {where}. Your log has {reviews:,} reviews (a fit needs {minimum:,}).").format(
        where=where, reviews=reviews, minimum=MINIMUM_REVIEWS
    )


def parameters_by_pack(store: Store, pack_ids: list[str]) -> dict[str, dict[str, Any]]:
    """For `stats --json`: the parameters each pack is scheduled with, and where from."""
    from quizapp.store.params import parameters_in_use

    saved = parameters_in_use(store)
    return {pack_id: in_use(saved, pack_id).to_json() for pack_id in pack_ids}
