"""`pack check` finds answers given away by their own prompt, cloze languages with different
blank counts, and duplicate ids even when the duplicate has another error: each at file:line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from tests.packs.helpers import PACK_YAML, question, write_pack

SYNONYM_META = PACK_YAML.format(pack_id="demo") + "synonyms:\n  - [SYN_RECEIVED, SYN_RECV]\n"


def problems(pack: Path) -> list[str]:
    return [str(p) for p in load_pack(pack, PackCache(None)).problems]


def body(en: str, zh: str) -> str:
    return (
        f"[en]\n{en}\n\n[en.explanation]\nBecause.\n\n"
        f"[zh-CN]\n{zh}\n\n[zh-CN.explanation]\n因为。\n"
    )


def test_a_synonym_of_the_typed_answer_in_its_prompt_is_reported_at_its_line(
    tmp_path: Path,
) -> None:
    text = question(
        "id: t\ntype: typed\naccept: [SYN_RECEIVED]",
        body=body(
            "netstat prints\n`SYN_RECV` for which RFC state?",
            "netstat 显示的 `SYN_RECV` 是哪个状态？",
        ),
    )
    pack = write_pack(tmp_path, {"t.md": text}, meta=SYNONYM_META)
    # Lines: 1 ---, 2-4 header, 5 ---, 6 [en], 7 "netstat prints", 8 the synonym; 14 zh prompt.
    assert problems(pack) == [
        "t.md:8: [en] gives the answer away: 'SYN_RECV', a synonym of the answer 'SYN_RECEIVED' "
        "(pack.yaml synonyms), stands in the prompt, so it can be copied; reword the prompt",
        "t.md:14: [zh-CN] gives the answer away: 'SYN_RECV', a synonym of the answer "
        "'SYN_RECEIVED' (pack.yaml synonyms), stands in the prompt, so it can be copied; reword "
        "the prompt",
    ]


def test_a_per_language_typed_answer_is_looked_for_in_its_own_language_only(
    tmp_path: Path,
) -> None:
    text = question(
        "id: t\ntype: typed\naccept: {en: [listen], zh-CN: [监听]}",
        body=body("Which state waits for a SYN? (not 监听)", "哪个状态在等待 SYN？处于监听。"),
    )
    pack = write_pack(tmp_path, {"t.md": text})
    assert problems(pack) == [
        "t.md:13: [zh-CN] gives the answer away: the answer '监听' stands in the prompt, so it "
        "can be copied; reword the prompt"
    ]


def test_numbers_variables_and_longer_words_are_not_giveaways(tmp_path: Path) -> None:
    # 101 and v are what the learner computes from; LISTENING is another word than LISTEN.
    typed = question(
        "id: t\ntype: typed\naccept: ['101']", body=body("The ACK carried seq 101; next?", "101？")
    )
    cloze = question(
        "id: c\ntype: cloze",
        body=body(
            "The ACK had seq v, so the FIN has seq {{v}}; a LISTENING socket is in {{LISTEN}}.",
            "ACK 的 seq 是 v，FIN 的 seq 是 {{v}}；{{LISTEN}}。",
        ),
    )
    pack = write_pack(tmp_path, {"t.md": typed + cloze})
    assert problems(pack) == []


def test_a_cloze_answer_outside_its_blank_is_reported_where_it_stands(tmp_path: Path) -> None:
    text = question(
        "id: c\ntype: cloze",
        body=body(
            "After the last ACK the closer waits\n"
            "in {{TIME_WAIT|TIME-WAIT}}; time-wait lasts 2MSL.",
            "最后一个 ACK 之后，关闭方处于 {{TIME_WAIT}}。",
        ),
    )
    pack = write_pack(tmp_path, {"t.md": text})
    assert problems(pack) == [
        "t.md:7: cloze [en] gives a blank away: the answer 'TIME_WAIT' stands in the prompt "
        "outside its blank; reword it or make it a blank"
    ]


def test_cloze_languages_with_different_blank_counts(tmp_path: Path) -> None:
    text = question(
        "id: c\ntype: cloze",
        body=body("{{SYN}} then {{ACK}}.", "先 {{SYN}}，再 ACK。"),
    )
    pack = write_pack(tmp_path, {"t.md": text})
    assert problems(pack) == [
        "t.md:11: cloze [zh-CN] has 1 blank(s) but [en] has 2; every language needs the same "
        "blanks, in the same order"
    ]


def test_a_duplicate_id_is_reported_even_when_the_duplicate_has_another_error(
    tmp_path: Path,
) -> None:
    sound = question("id: same\ntype: typed\naccept: [SYN]")
    broken = question("id: same\ntype: typed\naccept: []")  # 'accept' lists no answer
    pack = write_pack(tmp_path, {"a.md": sound, "b.md": broken})
    assert problems(pack) == [
        "b.md:1: duplicate id 'same' (first at a.md:1)",
        "b.md:4: 'accept' lists no answer",
    ]
    # The first one broken, the second sound: still reported, and at the later one.
    pack2 = write_pack(tmp_path / "two", {"a.md": broken, "b.md": sound})
    assert problems(pack2) == [
        "a.md:4: 'accept' lists no answer",
        "b.md:1: duplicate id 'same' (first at a.md:1)",
    ]


def test_the_duplicate_is_found_from_the_cache_too(tmp_path: Path) -> None:
    """Ids of broken questions are cached with their file, so a second run, served from the
    cache, reports the same duplicate."""
    sound = question("id: same\ntype: typed\naccept: [SYN]")
    broken = question("id: same\ntype: typed\naccept: []")
    pack = write_pack(tmp_path, {"a.md": sound, "b.md": broken})
    cache = PackCache(tmp_path / "cache")
    first = [str(p) for p in load_pack(pack, cache).problems]
    second = [str(p) for p in load_pack(pack, cache).problems]
    assert first == second
    assert "b.md:1: duplicate id 'same' (first at a.md:1)" in second


def test_pack_check_prints_the_giveaway_at_file_line(tmp_path: Path) -> None:
    text = question(
        "id: t\ntype: typed\naccept: [SYN_RECEIVED]",
        body=body("Which state is SYN_RECV?", "SYN_RECV 是哪个状态？"),
    )
    pack = write_pack(tmp_path, {"t.md": text}, meta=SYNONYM_META)
    result = CliRunner().invoke(cli, ["pack", "check", str(pack)])
    assert result.exit_code == 1
    assert "t.md:7: [en] gives the answer away" in result.output
    assert "t.md:13: [zh-CN] gives the answer away" in result.output
