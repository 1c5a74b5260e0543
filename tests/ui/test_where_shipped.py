"""`e` on a question of a shipped pack names `quizapp pack copy`, and the command it names
works: after it, `e` on the same question shows the copy's file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.ui.factory import create_app
from tests.cli_helpers import run
from tests.ui.conftest import NOW
from tests.ui.test_flows import SIZE, start


async def where_toast(db: Path) -> str:
    app = create_app(db, [], ["tcp-handshake"], clock=lambda: NOW, seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        return " | ".join(str(n.message) for n in app._notifications)


async def test_e_on_a_shipped_question_names_pack_copy_and_then_the_copy(
    tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = await where_toast(tmp_path / "q.db")
    assert "Shipped with quizapp (" in shipped
    assert "quizapp pack copy tcp-handshake (into your packs folder" in shipped
    code, _, err = run(["pack", "copy", "tcp-handshake"], capsys)  # the command it names
    assert code == 0, err
    copied = await where_toast(tmp_path / "q.db")
    assert str(isolated_data_dir / "packs" / "tcp-handshake") + "/" in copied
    assert "Shipped" not in copied
