"""`quizapp optimize`: fit FSRS to your reviews, undo it, or get retention advice from it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from quizapp.cli.options import Context, common_options, pack_ids_option
from quizapp.i18n import N_, _
from quizapp.i18n.cells import pad

if TYPE_CHECKING:
    from quizapp.scheduler.simulator import Advice
    from quizapp.services.optimize import InUse, OptimizeReport, UndoReport

_BAR_WIDTH = 30


@click.command("optimize")
@pack_ids_option(N_("Only this pack's reviews (an id or a folder); default: all packs together."))
@click.option(
    "--undo", is_flag=True, help=N_("Go back to the parameters in use before the last fit.")
)
@click.option(
    "--advise",
    is_flag=True,
    help=N_("Simulate a year at each desired retention and show the workload curve."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print as JSON."))
@common_options
@click.pass_obj
def optimize(obj: Context, pack_ids: list[str], undo: bool, advise: bool, as_json: bool) -> None:
    """Fit the FSRS parameters to your own review history.

    Needs at least 1,000 reviews. The new parameters are kept only if they predict your
    latest reviews (held out of the fit) better than the ones in use; the scheduler uses
    them from the next answer. --undo brings back the previous ones; --advise shows how much
    work each desired retention costs and which one costs least per question remembered.
    """
    from datetime import UTC, datetime

    from quizapp.paths import default_db_path
    from quizapp.services import optimize as service

    if len(pack_ids) > 1:
        raise click.UsageError(_("optimize takes one --pack (or none for all packs together)"))
    if undo and advise:
        raise click.UsageError(_("--undo and --advise do different things: give one"))
    pack_id = pack_ids[0] if pack_ids else None
    db_path = default_db_path(obj.db)
    if undo:
        undone = service.undo(db_path, pack_id)
        click.echo(json.dumps(_undo_json(undone)) if as_json else _undo_text(undone))
    elif advise:
        curve, used, retention = service.advise(db_path, pack_id)
        if as_json:
            click.echo(json.dumps(_advice_json(curve, used, retention)))
        else:
            click.echo(_advice_text(curve, used, retention, pack_id))
    else:
        report = service.optimize(db_path, pack_id, datetime.now(UTC))
        click.echo(json.dumps(_report_json(report)) if as_json else _report_text(report, pack_id))


def _pack_flag(pack_id: str | None) -> str:
    return f" --pack {pack_id}" if pack_id is not None else ""


def _report_json(report: OptimizeReport) -> dict[str, Any]:
    fit = report.fit
    return {
        "scope": report.scope,
        "kept": report.kept,
        "reviews": fit.reviews,
        "training_items": fit.training_items,
        "held_out_items": fit.held_out_items,
        "held_out_from": fit.held_out_from.isoformat(),
        "before": {
            "source": report.before.source,
            "log_loss": fit.current.log_loss,
            "rmse_bins": fit.current.rmse_bins,
        },
        "after": {"log_loss": fit.fitted.log_loss, "rmse_bins": fit.fitted.rmse_bins},
        "parameters": list(fit.parameters),
    }


def _report_text(report: OptimizeReport, pack_id: str | None) -> str:
    from quizapp.services.optimize import source_words

    fit = report.fit
    in_use = _("in use: {source}").format(source=source_words(report.before.source))
    held_out, fitted = _("on the held-out reviews"), _("fitted now")
    lines = [
        _(
            "Fitted FSRS to {scope}: {reviews:,} reviews, {items:,} training items; the latest "
            "{held_out:,} (from {since:%Y-%m-%d}) held out to judge the fit."
        ).format(
            scope=report.scope,
            reviews=fit.reviews,
            items=fit.training_items,
            held_out=fit.held_out_items,
            since=fit.held_out_from,
        ),
        "",
        f"  {pad(held_out, 34)}log loss  RMSE (bins)",
        f"  {pad(in_use, 34)}{fit.current.log_loss:8.4f}  {fit.current.rmse_bins:11.2%}",
        f"  {pad(fitted, 34)}{fit.fitted.log_loss:8.4f}  {fit.fitted.rmse_bins:11.2%}",
        "",
    ]
    if report.kept:
        lines += [
            _("Kept: the scheduler uses them from the next answer."),
            _(
                "`{undo}` brings back the previous ones; `{advise}` suggests a desired retention."
            ).format(
                undo=f"quizapp optimize{_pack_flag(pack_id)} --undo",
                advise=f"quizapp optimize{_pack_flag(pack_id)} --advise",
            ),
        ]
    else:
        lines.append(
            _(
                "Not kept: they do not predict your held-out reviews better on both measures "
                "(lower is better), so the parameters in use stay."
            )
        )
    return "\n".join(lines)


def _undo_json(undone: UndoReport) -> dict[str, Any]:
    return {
        "scope": undone.scope,
        "undone": undone.removed is not None,
        "removed": list(undone.removed.parameters) if undone.removed else None,
        "now": undone.now.to_json(),
    }


def _undo_text(undone: UndoReport) -> str:
    from quizapp.services.optimize import source_words

    now = source_words(undone.now.source)
    if undone.removed is None:
        return _("Nothing to undo for {scope}: it uses {now}.").format(scope=undone.scope, now=now)
    return _(
        "Undone: the parameters fitted to {scope} on {when:%Y-%m-%d} are gone; it now uses "
        "{now}, from the next answer."
    ).format(scope=undone.scope, when=undone.removed.fitted_at, now=now)


def _advice_json(curve: Advice, used: InUse, retention: float) -> dict[str, Any]:
    return {
        "parameters": used.to_json(),
        "questions": curve.questions,
        "days": curve.days,
        "desired_retention": retention,
        "best_retention": curve.best.retention,
        "curve": [vars(point) for point in curve.points],
    }


def _advice_text(curve: Advice, used: InUse, retention: float, pack_id: str | None) -> str:
    from quizapp.services.optimize import source_words

    top = max(point.reviews_per_day for point in curve.points) or 1.0
    lines = [
        _(
            "Workload by desired retention: {questions:,} questions studied for {days} days "
            "under your daily limits, with {source}."
        ).format(questions=curve.questions, days=curve.days, source=source_words(used.source)),
        "",
        "  "
        + "  ".join(
            [
                pad(_("retention"), 9),
                pad(_("reviews per day"), _BAR_WIDTH + 6),
                pad(_("min/day"), 8),
                _("s per remembered"),
            ]
        ),
    ]
    for point in curve.points:
        bar = "█" * max(1, round(point.reviews_per_day / top * _BAR_WIDTH))
        marks = (_("  <- least work") if point is curve.best else "") + (
            _("  <- yours") if abs(point.retention - retention) < 0.005 else ""
        )
        lines.append(
            f"  {point.retention:9.2f}  {bar:<{_BAR_WIDTH}} {point.reviews_per_day:6.1f}"
            f" {point.minutes_per_day:8.1f}  {point.seconds_per_remembered:16.0f}{marks}"
        )
    best = curve.best.retention
    lowest = min(point.retention for point in curve.points)
    if best == lowest:
        least = _(
            "Least study time per question remembered: desired retention {best:.2f} (or lower: "
            "{best:.2f} is the lowest simulated); yours is {yours:.2f}."
        )
    else:
        least = _(
            "Least study time per question remembered: desired retention {best:.2f}; yours is "
            "{yours:.2f}."
        )
    lines += [
        "",
        least.format(best=best, yours=retention),
        _(
            "Higher retention costs more reviews for each extra question kept; choose with "
            "`{command}`."
        ).format(command=f"quizapp settings desired_retention={best:.2f}"),
    ]
    if pack_id is not None:
        lines.append(_("(Desired retention is one setting for every pack.)"))
    return "\n".join(lines)
