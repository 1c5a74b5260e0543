"""Order questions with groups of steps whose relative order does not matter: the format and
its checks, the TCP pack's Fast Open card (both defensible orders score 100%), `pack show`
and the Anki deck (a numbered place holding the group)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from quizapp.domain.question_data import OrderData
from quizapp.exercises import exercise_for
from quizapp.export.anki import export_anki
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.paths import shipped_content_dir
from tests.export.conftest import NOW, import_apkg
from tests.packs.helpers import question, write_pack

GROUPED = """\
id: o
type: order
steps:
  - {en: validate, zh-CN: 验证}
  - - {en: deliver, zh-CN: 交付}
    - {en: answer, zh-CN: 应答}
  - {en: finish, zh-CN: 完成}
distractors:
  - {en: skip, zh-CN: 跳过}
"""


def problems(pack: Path) -> list[str]:
    return [str(p) for p in load_pack(pack, PackCache(None)).problems]


def test_a_group_is_a_list_in_the_place_its_steps_share(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, {"t.md": question(GROUPED)}), PackCache(None))
    assert pack.problems == ()
    data = pack.questions[0].data_as(OrderData)
    assert [s["en"] for s in data.steps if isinstance(s, dict)] == [
        "validate",
        "deliver",
        "answer",
        "finish",
    ]
    assert data.ranks == (0, 1, 1, 2)
    assert [data.place(i) for i in range(4)] == ["1", "2–3", "2–3", "4"]


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (  # a group of one is a mistake, not a group
            "  - a\n  - [b]\n  - c\n",
            "t.md:6: 'steps.1': a group needs at least 2 steps; write a single step without "
            "brackets",
        ),
        (
            "  - [a, b, c]\n",
            "t.md:4: the only group holds every step: there is no order to find",
        ),
        (
            "  - a\n  - - {en: b, zh-CN: 乙}\n    - {en: c}\n  - d\n",
            "t.md:7: 'steps.1.1' has no zh-CN text",
        ),
        (
            "  - a\n  - [" + ", ".join(f"g{n}" for n in range(20)) + "]\n",
            "t.md:4: order needs at most 20 steps, has 21",
        ),
    ],
)
def test_group_mistakes_at_their_line(tmp_path: Path, steps: str, expected: str) -> None:
    pack = write_pack(tmp_path, {"t.md": question(f"id: o\ntype: order\nsteps:\n{steps}")})
    found = problems(pack)
    assert any(p.startswith(expected) for p in found), found


def test_both_fast_open_orders_are_right() -> None:
    """adv-order-tfo: handing the data to the application and sending the SYN+ACK are not
    ordered by RFC 7413, so the card groups them and either order scores 100%."""
    content = shipped_content_dir()
    assert content is not None
    pack = load_pack(content / "tcp-handshake", PackCache(None))
    tfo = pack.question("adv-order-tfo")
    assert tfo is not None
    data = tfo.data_as(OrderData)
    grouped = [[str(data.steps[i]) for i in group] for group in data.groups() if len(group) > 1]
    assert len(grouped) == 1 and len(grouped[0]) == 2
    assert "application" in grouped[0][0] and "SYN+ACK" in grouped[0][1]
    [(first, last)] = [g for g in data.groups() if len(g) > 1]
    steps = [f"s{i}" for i in range(len(data.steps))]
    swapped = [s for s in steps if s not in (f"s{first}", f"s{last}")]
    swapped[first:first] = [f"s{last}", f"s{first}"]
    for order in (steps, swapped):
        out = exercise_for("order").check(tfo, {"order": order, "discarded": ["d0"]}, lang="en")
        assert out.score == 1.0 and all(p.correct for p in out.parts), order


def test_pack_show_numbers_a_groups_steps_with_their_shared_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_helpers import run

    pack = write_pack(tmp_path, {"t.md": question(GROUPED)})
    code, out, _ = run(["pack", "show", f"{pack}/o"], capsys)
    assert code == 0
    assert re.findall(r"^\s+(\S+)\. (\w+)$", out, re.M) == [
        ("1", "validate"),
        ("2–3", "deliver"),
        ("2–3", "answer"),
        ("4", "finish"),
    ]


def test_the_anki_card_shows_the_group_as_one_place(tmp_path: Path, collection: Any) -> None:
    pack = load_pack(write_pack(tmp_path, {"t.md": question(GROUPED)}), PackCache(None))
    out = tmp_path / "o.apkg"
    export_anki([pack], out, now=NOW, lang="en")
    import_apkg(collection, out)
    [cid] = collection.find_cards("")
    answer = collection.get_card(cid).answer().split('id="answer"')[1]
    steps = re.search(r'<ol class="qz-steps">(.*?)</ol>', answer, re.S)
    assert steps is not None
    ol = steps.group(1)
    words = [w for w in re.sub(r"<[^>]+>", " ", ol).split() if not re.fullmatch("[A-Z]", w)]
    assert words == ["validate", "In", "any", "order:", "deliver", "answer", "finish"]
    group = re.search(r"In any order:</span><ul>(.*?)</ul></li>", ol, re.S)
    assert group is not None  # one numbered place, its steps in a list inside it
    assert "deliver" in group.group(1) and "answer" in group.group(1)
    assert len(re.findall(r"<li>", ol)) == 5  # 3 places in the <ol>, 2 steps in the group


@pytest.fixture
def collection(tmp_path: Path) -> Any:
    """A fresh Anki collection (the official `anki` package), as the export tests use."""
    from anki.collection import Collection

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()
