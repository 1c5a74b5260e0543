"""`quizapp settings`: show, change and reset the settings stored in the database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.config import Settings
from quizapp.store.repository import Store


def test_change_show_and_reset(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["settings", "--db", str(db), "new_per_day=30", "learning_steps=30,300", "timezone=UTC"],
    )
    assert result.exit_code == 0, result.output
    assert "new_per_day = 30" in result.output
    with Store.open(db) as store:
        saved = store.load_settings()
    assert saved == Settings(new_per_day=30, learning_steps=(30, 300), timezone="UTC")

    shown = runner.invoke(cli, ["settings", "--db", str(db)])
    assert "learning_steps = [30, 300]" in shown.output

    reset = runner.invoke(cli, ["settings", "--db", str(db), "--reset"])
    assert reset.exit_code == 0 and "new_per_day = 20" in reset.output


def test_bad_values_are_refused_and_nothing_changes(tmp_path: Path) -> None:
    from quizapp.errors import QuizappError

    db = tmp_path / "q.db"
    runner = CliRunner()
    for bad, message in (
        ("desired_retention=2", "between 0.7 and 0.99"),
        ("colour=blue", "KEY one of"),
        ("timezone=Mars/Base", "unknown time zone"),
        ("new_per_day=lots", "new_per_day must be int"),
    ):
        result = runner.invoke(cli, ["settings", "--db", str(db), bad])
        assert isinstance(result.exception, QuizappError), bad
        assert message in str(result.exception)
    with Store.open(db) as store:
        assert store.load_settings() == Settings()
