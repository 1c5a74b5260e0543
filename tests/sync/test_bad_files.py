"""Files that cannot be merged as they are: each gets one clear message and loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.domain import CardKey, Grade
from quizapp.services.progress import FILE_PREFIX, export_progress, import_progress, sync_folder
from quizapp.services.progress_file import ProgressFileError
from quizapp.services.study import StudySession
from quizapp.store.repository import Store
from tests.services.study_helpers import write_pack
from tests.sync.helpers import later, new_device, snapshot, study


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The laptop studied three questions and exported them; the desktop one of its own."""
    pack = write_pack(tmp_path / "packs", "p", 4)
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    new_device(laptop, pack)
    new_device(desktop, pack)
    study(
        laptop, pack, later(), [("q000", Grade.GOOD), ("q001", Grade.GOOD), ("q002", Grade.AGAIN)]
    )
    study(desktop, pack, later(minutes=1), [("q003", Grade.GOOD)])
    file = tmp_path / "laptop.jsonl"
    export_progress(laptop, file, later(hours=1))
    return laptop, desktop, file


def test_a_file_cut_mid_line_is_refused_whole(devices: tuple[Path, Path, Path]) -> None:
    _, desktop, file = devices
    data = file.read_bytes()
    file.write_bytes(data[: data.index(b'"type":"card"') + 20])  # inside a card line
    before = snapshot(desktop)
    with pytest.raises(ProgressFileError) as refused:
        import_progress(desktop, file, later(hours=2))
    message = str(refused.value)
    assert message.startswith(f"{file}:5: the file is cut short")
    assert "nothing was imported" in message
    assert snapshot(desktop) == before  # the three whole review lines were not merged either


def test_a_file_cut_at_a_line_end_is_refused_too(devices: tuple[Path, Path, Path]) -> None:
    _, desktop, file = devices
    lines = file.read_bytes().splitlines(keepends=True)
    file.write_bytes(b"".join(lines[:3]))
    before = snapshot(desktop)
    with pytest.raises(ProgressFileError, match=r":4: the file is cut short"):
        import_progress(desktop, file, later(hours=2))
    assert snapshot(desktop) == before


def test_a_file_from_a_newer_format_is_refused(devices: tuple[Path, Path, Path]) -> None:
    _, desktop, file = devices
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    lines[0] = json.dumps({**header, "version": 2}) + "\n"
    file.write_text("".join(lines), encoding="utf-8")
    before = snapshot(desktop)
    with pytest.raises(ProgressFileError) as refused:
        import_progress(desktop, file, later(hours=2))
    assert "written by a newer quizapp (progress format 2; this one reads up to 1)" in str(
        refused.value
    )
    assert snapshot(desktop) == before


def test_a_bad_file_in_the_folder_is_skipped_and_the_rest_merged(
    tmp_path: Path, devices: tuple[Path, Path, Path]
) -> None:
    laptop, desktop, file = devices
    folder = tmp_path / "Sync"
    folder.mkdir()
    sync_folder(laptop, folder, later(hours=1))
    broken = folder / f"{FILE_PREFIX}{'f' * 32}.jsonl"
    broken.write_bytes(file.read_bytes()[:300])
    done = sync_folder(desktop, folder, later(hours=2))
    assert len(done.merged) == 1 and done.merged[0].result.added == 3
    assert len(done.refused) == 1 and "cut short" in done.refused[0]
    assert broken.read_bytes() == file.read_bytes()[:300]  # left for the sync tool to finish


def test_the_cli_says_so_in_one_line(
    devices: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, desktop, file = devices
    file.write_bytes(file.read_bytes()[:-5])
    with pytest.raises(SystemExit) as code:
        main(["--db", str(desktop), "progress", "import", str(file)])
    assert code.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cut short" in err and "Traceback" not in err


def test_reviews_of_questions_in_no_pack_are_kept(tmp_path: Path) -> None:
    """The laptop studied a question its pack has since dropped and one from a pack the
    desktop never installed: the desktop keeps both histories, and the question comes back
    with its state when a pack brings it."""
    big = write_pack(tmp_path / "laptop-packs", "p", 3)
    extra = write_pack(tmp_path / "laptop-packs", "x", 1)
    small = write_pack(tmp_path / "desktop-packs", "p", 2)  # no q002
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    new_device(laptop, big)
    StudySession.open(laptop, [extra], clock=later).close()
    new_device(desktop, small)
    study(laptop, big, later(), [("q000", Grade.GOOD), ("q002", Grade.GOOD)])
    study(laptop, extra, later(minutes=5), [("q000", Grade.EASY)])
    file = tmp_path / "laptop.jsonl"
    export_progress(laptop, file, later(hours=1))

    done = import_progress(desktop, file, later(hours=2))
    assert done.result.homeless == ["p/q002", "x/q000"]
    assert done.result.added == 3
    with Store.open(desktop) as store:
        kept = store.get(CardKey("p", "q002"))
        with_laptop = {}
        with Store.open(laptop) as other:
            with_laptop = {k: other.get(CardKey(*k.split("/"))) for k in ("p/q002", "x/q000")}
        assert kept is not None and kept.archived and kept.state == with_laptop["p/q002"].state  # type: ignore[union-attr]
    # The desktop installs the laptop's version of the pack: the question is back, as studied.
    StudySession.open(desktop, [big], clock=lambda: later(hours=3)).close()
    with Store.open(desktop) as store:
        back = store.get(CardKey("p", "q002"))
    assert back is not None and not back.archived and back.state.reps == 1
