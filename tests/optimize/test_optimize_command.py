"""`quizapp optimize` on a real database: kept, used from the next answer, undone, refused."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.domain import CardKey, Grade
from quizapp.scheduler import default_parameters
from quizapp.services.study import StudySession
from quizapp.store.records import Scope
from quizapp.store.repository import Store
from tests.cli_helpers import run
from tests.optimize.learner_log import utc_settings, write_learner_log

NOW = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding the forgetful learner's ~3,000 reviews of pack p."""
    path = tmp_path / "quizapp.db"
    write_learner_log(path, "p")
    utc_settings(path)
    return path


def quizapp(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run([*args, "--db", str(db)], capsys)


def in_use(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    code, out, _ = quizapp(db, capsys, "stats", "--json")
    assert code == 0
    parameters: dict[str, dict[str, object]] = json.loads(out)["parameters"]
    return parameters


def first_stability(session: StudySession, key: str) -> float:
    """Answer Good on a new question: its stability is the S0(Good) weight in use (w2)."""
    session.answer(key, Grade.GOOD)
    info = session.store.get(CardKey.parse(key))
    assert info is not None and info.state.stability is not None
    return info.state.stability


def test_kept_parameters_apply_from_the_next_answer_and_undo_restores(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(db)
    session = StudySession(store, [], Scope(("p",)), store.load_settings(), lambda: NOW)
    try:
        defaults = default_parameters()
        assert in_use(db, capsys)["p"]["source"] == "defaults"
        assert first_stability(session, "p/q0") == pytest.approx(defaults[2])

        code, out, err = quizapp(db, capsys, "optimize", "--pack", "p")
        assert (code, err) == (0, "")
        assert "Kept: the scheduler uses them from the next answer." in out
        used = in_use(db, capsys)["p"]
        with sqlite3.connect(db) as conn:
            logged = conn.execute("SELECT count(*) FROM review").fetchone()[0]
        conn.close()
        assert used["source"] == "pack" and used["reviews"] == logged > 3000
        fitted = used["parameters"]
        assert isinstance(fitted, list) and fitted != list(defaults)
        # The same open session, no restart: the next answer uses the pack's own fit.
        assert first_stability(session, "p/q1") == pytest.approx(fitted[2])
        assert fitted[2] < defaults[2] / 2

        code, out, _ = quizapp(db, capsys, "optimize", "--pack", "p", "--undo")
        assert code == 0 and "now uses FSRS's default parameters" in out
        assert in_use(db, capsys)["p"]["source"] == "defaults"
        assert first_stability(session, "p/q2") == pytest.approx(defaults[2])
        code, out, _ = quizapp(db, capsys, "optimize", "--pack", "p", "--undo")
        assert code == 0 and out.startswith("Nothing to undo for p")
    finally:
        session.close()


def test_json_report_shows_both_figures_on_the_held_out_reviews(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = quizapp(db, capsys, "optimize", "--json")  # all packs together
    assert code == 0
    report = json.loads(out)
    assert report["scope"] == "all packs" and report["kept"] is True
    assert report["before"]["source"] == "defaults"
    assert report["after"]["log_loss"] < report["before"]["log_loss"]
    assert report["after"]["rmse_bins"] < report["before"]["rmse_bins"]
    assert report["training_items"] > report["held_out_items"] > 0
    assert len(report["parameters"]) == 21
    # A pack without its own fit is scheduled with the all-packs one.
    used = in_use(db, capsys)["p"]
    assert used["source"] == "all packs" and used["parameters"] == report["parameters"]

    code, out, _ = quizapp(db, capsys, "optimize", "--json")  # again: judged against that fit
    assert json.loads(out)["before"]["source"] == "all packs"


def test_too_few_reviews_are_refused_with_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "small.db"
    reviews = write_learner_log(db, "small", questions=40, days=30)
    assert reviews < 1000
    code, out, err = quizapp(db, capsys, "optimize", "--pack", "small")
    assert code == 1 and out == ""
    assert err == (
        f"error: pack small has {reviews:,} reviews; optimising needs at least 1,000 (with "
        "fewer, fitted parameters predict worse than the defaults), so nothing changed\n"
    )
    assert in_use(db, capsys)["small"]["source"] == "defaults"


def test_a_damaged_log_is_reported_and_nothing_changes(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE review SET grade = 5 WHERE id = 100")
    conn.close()
    code, _, err = quizapp(db, capsys, "optimize", "--pack", "p")
    assert code == 1
    assert err.startswith("error: the review log is damaged: review 100 (card ")
    assert "has grade 5; grades are 1 (Again) to 4 (Easy)" in err and "Traceback" not in err
    assert in_use(db, capsys)["p"]["source"] == "defaults"


def test_advice_shows_the_workload_curve_and_the_cheapest_retention(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = quizapp(db, capsys, "optimize", "--pack", "p", "--advise", "--json")
    assert code == 0
    advice = json.loads(out)
    curve = advice["curve"]
    assert [p["retention"] for p in curve][:3] == [0.7, 0.72, 0.74] and len(curve) == 14
    assert curve[-1]["reviews_per_day"] > curve[0]["reviews_per_day"]  # more recall, more work
    cheapest = min(curve, key=lambda p: p["seconds_per_remembered"])
    assert advice["best_retention"] == cheapest["retention"]
    assert advice["questions"] == 200 and advice["desired_retention"] == 0.9

    code, out, _ = quizapp(db, capsys, "optimize", "--pack", "p", "--advise")
    assert code == 0
    assert "<- least work" in out and "<- yours" in out and "█" in out
    assert f"desired retention {advice['best_retention']:.2f}" in out


def test_without_the_optimiser_it_says_how_to_install_it(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "fsrs_rs_python" else real(name, *a),
    )
    code, _, err = quizapp(db, capsys, "optimize")
    assert code == 1 and "pip install fsrs-rs-python" in err


def test_an_unknown_pack_is_named(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = quizapp(db, capsys, "optimize", "--pack", "nope")
    assert code == 1 and "no pack nope" in err
