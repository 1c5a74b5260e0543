"""Protocols are found by folder: a diagram's `protocol:` picks one; a new folder adds one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp import protocols
from quizapp.domain.question_data import DiagramData
from quizapp.exercises.diagram import choices
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.protocols.tcp.ladder import check_ladder
from quizapp.protocols.tcp.states import STATES
from tests.packs.helpers import question, write_pack

TOY = '''\
from quizapp.protocols import Protocol


def check(data):
    """Toy rule: a ladder may not end on a row marked lost."""
    if not data.rows[-1].lost:
        return []
    return [(("rows", len(data.rows) - 1, "lost"), "toy: the last message must arrive")]


PROTOCOL = Protocol(name="toy", summary="toy", states=("IDLE", "BUSY"), check_ladder=check)
'''


def test_tcp_is_found_by_its_folder() -> None:
    assert "tcp" in protocols.names()
    tcp = protocols.get("tcp")
    assert tcp is not None and tcp.name == "tcp"
    assert tcp.states == STATES and tcp.check_ladder is check_ladder


@pytest.mark.parametrize("name", ["tpc", "tcp.ladder", "tcp.states", "..", "os", ""])
def test_a_name_that_is_not_a_protocol_folder_is_none_and_imports_nothing(name: str) -> None:
    before = set(sys.modules)
    assert protocols.get(name) is None
    assert {m for m in set(sys.modules) - before if not m.startswith("quizapp.protocols")} == set()


@pytest.fixture
def toy_protocol(tmp_path: Path) -> Iterator[None]:
    """A second protocol, added the way a contributor would: one new folder."""
    folder = tmp_path / "protocols"
    (folder / "toy").mkdir(parents=True)
    (folder / "toy" / "__init__.py").write_text(TOY, encoding="utf-8")
    protocols.__path__.append(str(folder))
    protocols.names.cache_clear()
    protocols.get.cache_clear()
    try:
        yield
    finally:
        protocols.__path__.remove(str(folder))
        protocols.names.cache_clear()
        protocols.get.cache_clear()
        sys.modules.pop("quizapp.protocols.toy", None)


def test_a_new_folder_is_a_new_protocol_for_checks_and_grading(
    toy_protocol: None, tmp_path: Path
) -> None:
    header = (
        "id: d\ntype: diagram\nprotocol: toy\nparticipants: [A, B]\nstart: [IDLE, IDLE]\nrows:\n"
        "  - {dir: '->', flags: REQ, left: BUSY}\n  - {dir: '<-', flags: REP, lost: true}\n"
        "blanks: [1.left]"
    )
    pack = load_pack(write_pack(tmp_path, {"t.md": question(header)}), PackCache(None))
    assert [str(p) for p in pack.problems] == ["t.md:9: toy: the last message must arrive"]

    fixed = header.replace(", lost: true", "")
    pack = load_pack(write_pack(tmp_path / "ok", {"t.md": question(fixed)}), PackCache(None))
    assert pack.ok, pack.problems
    (q,) = pack.questions
    assert q.data_as(DiagramData).protocol == "toy"
    assert choices(q, "1.left") == ["BUSY", "IDLE"]  # its states, and no TCP state
