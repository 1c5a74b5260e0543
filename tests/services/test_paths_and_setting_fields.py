"""`quizapp paths` and the settings values the command line and the settings screen share."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.config import Settings
from quizapp.errors import QuizappError
from quizapp.services.settings import format_steps, parse_steps, update_settings, with_value
from tests.cli_helpers import run

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_paths_prints_the_database_backups_and_packs_folder(
    tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "mine.db"
    db.write_bytes(b"")
    (tmp_path / "mine.db.v2.bak").write_bytes(b"")
    (tmp_path / "mine.db.v10.bak").write_bytes(b"")
    code, out, _ = run(["paths", "--json", "--db", str(db)], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["database"] == str(db)
    assert data["backups"] == [str(tmp_path / "mine.db.v2.bak"), str(tmp_path / "mine.db.v10.bak")]
    assert data["user_packs"] == str(isolated_data_dir / "packs")
    assert data["cache"] == str(isolated_data_dir / "cache")
    assert data["shipped_packs"].endswith("content")

    code, out, _ = run(["paths", "--db", str(db)], capsys)
    lines = out.splitlines()
    assert lines[0].startswith("Database (progress and settings):") and str(db) in lines[0]
    assert "mine.db.v2.bak" in lines[1]
    assert "(not created yet)" in lines[2]  # the packs folder is made when a pack goes in


def test_steps_are_read_with_units_or_as_seconds() -> None:
    assert parse_steps("learning_steps", "1m 10m 1h") == [60, 600, 3600]
    assert parse_steps("learning_steps", "60,600") == [60, 600]
    assert parse_steps("learning_steps", "[30, 1d]") == [30, 86400]
    assert format_steps((60, 600, 3600, 90, 86400)) == "1m 10m 1h 90s 1d"
    with pytest.raises(QuizappError, match="learning_steps: give steps such as 1m 10m"):
        parse_steps("learning_steps", "1 minute")


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("desired_retention", "0.5", "desired_retention must be between 0.7 and 0.99"),
        ("desired_retention", "high", "desired_retention must be a number"),
        ("new_per_day", "-1", "daily limits cannot be negative"),
        ("day_starts_hour", "24", "day_starts_hour must be 0 to 23"),
        ("timezone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("learning_steps", "0", "learning and relearning steps must be positive seconds"),
        ("language", "Klingon", "language must be one of en, zh-CN"),
        ("theme", "Nord!", "theme must be a theme name"),
    ],
)
def test_a_refused_field_says_what_is_wrong_with_it_alone(key: str, raw: str, message: str) -> None:
    with pytest.raises(QuizappError) as caught:
        with_value(Settings(), key, raw)
    assert str(caught.value).startswith(message)
    assert "invalid settings" not in str(caught.value)


def test_empty_optional_fields_mean_not_set() -> None:
    changed = with_value(Settings(timezone="UTC", language="en"), "timezone", "")
    assert changed.timezone is None and changed.language == "en"
    assert with_value(changed, "language", " ").language is None


def test_the_command_line_takes_the_new_values(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    saved = update_settings(db, ["learning_steps=1m,10m,1h", "language=zh-CN", "theme=nord"], NOW)
    assert saved.learning_steps == (60, 600, 3600)
    assert (saved.language, saved.theme) == ("zh-CN", "nord")
    assert update_settings(db, [], NOW) == saved  # stored, read back


def test_a_changed_setting_is_stamped_with_the_apps_clock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest change of a setting wins a sync, so the command and the settings screen
    (through services.settings) stamp the clock they run on, never the machine's."""
    import sqlite3
    from datetime import timedelta

    from quizapp.services import study
    from quizapp.services.settings import save_settings
    from quizapp.store.records import to_ms

    db = tmp_path / "q.db"

    def stamped(key: str) -> int:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT changed_ms FROM setting WHERE key = ?", (key,)).fetchone()
        return int(row[0])

    update_settings(db, ["new_per_day=7"], NOW)
    assert stamped("new_per_day") == to_ms(NOW)
    later = NOW + timedelta(days=3)
    save_settings(db, Settings(new_per_day=9), later)
    assert stamped("new_per_day") == to_ms(later)
    latest = later + timedelta(hours=5)
    monkeypatch.setattr(study, "utc_now", lambda: latest)  # the command's clock
    code, _out, err = run(["--db", str(db), "settings", "new_per_day=11"], capsys)
    assert code == 0, err
    assert stamped("new_per_day") == to_ms(latest)
