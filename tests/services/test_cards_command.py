"""`quizapp suspended` / `unsuspend`: a leech or a suspended question can be found and put back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.domain import CardKey, Grade
from quizapp.domain.pack import Pack
from quizapp.errors import QuizappError
from quizapp.services.study import StudySession
from tests.services.study_helpers import SETTINGS, Clock


def _suspend_two(db: Path, pack: Pack, clock: Clock) -> None:
    """p/q000 becomes a leech (two lapses, threshold 2); p/q001 is suspended by hand."""
    session = StudySession.open(
        db, [pack], clock=clock, settings=replace(SETTINGS, leech_threshold=2)
    )
    try:
        session.answer("p/q000", Grade.EASY)
        for _ in range(2):
            clock.advance(days=30)
            session.answer("p/q000", Grade.AGAIN)
            clock.advance(minutes=10)
            session.answer("p/q000", Grade.GOOD)
        session.suspend("p/q001")
    finally:
        session.close()


def _run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output, result.exception


def bury_all(db_path: Path, pack: Pack, clock: Clock) -> None:
    """Bury each of the pack's three questions in a study session on `clock`."""
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    try:
        for key in ("p/q000", "p/q001", "p/q002"):
            session.bury(key)
    finally:
        session.close()


def test_list_then_unsuspend_one_and_the_rest(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock, tmp_path: Path
) -> None:
    pack = pack_factory("p", 3)
    _suspend_two(db_path, pack, clock)
    common = ("--db", str(db_path), "--packs-dir", str(tmp_path / "packs"))

    code, out, _ = _run("suspended", *common)
    assert code == 0, out
    assert "p/q000" in out and "leech, 2 lapses" in out and "Question q000?" in out
    assert "p/q001" in out and "p/q002" not in out
    assert "2 suspended" in out

    code, out, _ = _run("stats", *common)
    assert "2 suspended (1 leech)" in out and "`quizapp suspended` lists" in out
    folder = str(tmp_path / "packs" / "p")  # a pack folder names the pack as well as its id
    code, out, _ = _run("stats", "--pack", folder, "--json", *common)
    assert code == 0 and json.loads(out)["suspended"] == 2
    code, out, _ = _run("suspended", "--pack", folder, "--json", *common)
    assert len(json.loads(out)) == 2

    code, out, _ = _run("suspended", "--json", "--tag", "leech", *common)
    assert [(r["key"], r["leech"], r["lapses"]) for r in json.loads(out)] == [("p/q000", True, 2)]

    code, out, _ = _run("unsuspend", "p/q000", *common)
    assert code == 0 and "Back in study: 1 question." in out
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    try:
        info = session.store.get(CardKey("p", "q000"))
        assert info is not None and not info.suspended
        assert info.leech and info.state.lapses == 2  # history kept, as Anki keeps the tag
        clock.advance(days=365)
        assert session.next_card() is not None  # in study again
    finally:
        session.close()

    code, out, _ = _run("unsuspend", "--all", "--pack", folder, *common)
    assert code == 0 and "Back in study: 1 question." in out
    code, out, _ = _run("suspended", *common)
    assert "No suspended questions" in out


def test_unknown_or_unsuspended_keys_change_nothing(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 3)
    _suspend_two(db_path, pack, clock)
    code, _, exc = _run("unsuspend", "p/q001", "p/q002", "p/nope", "--db", str(db_path))
    assert code == 1 and isinstance(exc, QuizappError)
    assert "not suspended: p/q002, p/nope" in str(exc)
    code, _, exc = _run("unsuspend", "p/q001", "q001", "--db", str(db_path))
    assert code == 1 and "not a question key: 'q001' (expected pack-id/question-id)" in str(exc)
    code, _, exc = _run("suspended", "--pack", "typo", "--db", str(db_path))
    assert code == 1 and "no pack typo in" in str(exc) and "packs studied: p" in str(exc)
    code, out, _ = _run("suspended", "--json", "--db", str(db_path))
    assert code == 0
    assert {r["key"] for r in json.loads(out)} == {"p/q000", "p/q001"}  # p/q001 left as it was


def test_usage_errors_and_no_database(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    code, out, _ = _run("unsuspend", "--db", str(db))
    assert code == 2 and "--all" in out
    code, out, _ = _run("unsuspend", "p/q000", "--all", "--db", str(db))
    assert code == 2
    code, out, _ = _run("unsuspend", "p/q000", "--pack", "p", "--db", str(db))
    assert code == 2 and "--pack and --tag go with --all" in out
    code, out, _ = _run("suspended", "--db", str(db))
    assert code == 0 and "No suspended questions" in out
    code, out, _ = _run("unsuspend", "--all", "--db", str(db))
    assert code == 0 and "No suspended questions" in out
    assert not db.exists()  # listing never creates a database


def test_unsuspend_without_keys_asks_for_keys_or_all() -> None:
    code, output, _ = _run("unsuspend")
    assert code == 2
    assert "give PACK/ID keys (see `quizapp suspended`) or --all\n" in output
    code, output, _ = _run("unsuspend", "--all", "p/q000")
    assert code == 2
    assert "or --all, not both" in output


def test_unbury_service_and_command(
    db_path: Path, pack_factory: Callable[..., Pack], tmp_path: Path
) -> None:
    """Buried questions come back today: the service at a given time, the command by key or
    all of them (buried at a time ahead of the machine's clock, so the burial still holds)."""
    from datetime import UTC, datetime

    from quizapp.services.cards import unbury
    from tests.ui.conftest import card_flags

    pack = pack_factory("p", 3)
    clock = Clock(datetime(2100, 1, 5, 12, 0, tzinfo=UTC))
    bury_all(db_path, pack, clock)
    assert unbury(db_path, clock(), ["p/q000"]) == ["p/q000"]
    assert card_flags(db_path, "p/q000")["buried_until_ms"] is None
    with pytest.raises(QuizappError, match="not buried: p/q000"):
        unbury(db_path, clock(), ["p/q000"])
    common = ("--db", str(db_path), "--packs-dir", str(tmp_path / "packs"))
    code, out, _ = _run("unbury", "p/q001", *common)
    assert code == 0 and "1 question." in out, out
    code, out, _ = _run("unbury", *common)
    assert code == 0 and "1 question." in out, out
    assert all(card_flags(db_path, f"p/q00{i}")["buried_until_ms"] is None for i in range(3))
    code, out, _ = _run("unbury", *common)
    assert code == 0 and "No buried questions." in out


def test_flag_changes_are_stamped_with_the_injected_clock(
    db_path: Path,
    pack_factory: Callable[..., Pack],
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The flags' change time decides which device wins a sync, so suspend, unsuspend and
    unbury (service and command) stamp the clock they are given, never the machine's."""
    from quizapp.services import study
    from quizapp.services.cards import suspend, unbury, unsuspend
    from quizapp.store.records import to_ms
    from tests.ui.conftest import card_flags

    pack = pack_factory("p", 3)
    bury_all(db_path, pack, clock)

    def stamp(key: str) -> int:
        return int(card_flags(db_path, key)["flags_ms"])

    assert suspend(db_path, ["p/q000"], clock.advance(hours=1)) == ["p/q000"]
    assert stamp("p/q000") == to_ms(clock())
    assert unsuspend(db_path, ["p/q000"], clock.advance(minutes=5)) == ["p/q000"]
    assert stamp("p/q000") == to_ms(clock())
    assert unbury(db_path, clock.advance(minutes=7), ["p/q001"]) == ["p/q001"]
    assert stamp("p/q001") == to_ms(clock())

    monkeypatch.setattr(study, "utc_now", clock)  # the commands' clock
    common = ("--db", str(db_path), "--packs-dir", str(tmp_path / "packs"))
    suspend(db_path, ["p/q001"], clock.advance(minutes=1))
    clock.advance(hours=2)
    code, out, _ = _run("unsuspend", "p/q001", *common)
    assert code == 0 and "1 question." in out, out
    assert stamp("p/q001") == to_ms(clock())
    clock.advance(minutes=3)
    code, out, _ = _run("unbury", "p/q002", *common)
    assert code == 0 and "1 question." in out, out
    assert stamp("p/q002") == to_ms(clock())
