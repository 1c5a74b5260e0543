"""The shipped TCP pack: clean, complete, bilingual, and every ladder true to RFC 9293."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quizapp.domain.pack import Pack
from quizapp.domain.question import Question
from quizapp.domain.question_data import QUESTION_TYPES, ChoiceData, DiagramData, OrderData
from quizapp.domain.text import CLOZE_RE
from quizapp.packs.loader import load_pack
from quizapp.protocols.tcp.ladder import SeqNo, check_ladder, parse_flags, parse_seq, segment_kind
from quizapp.protocols.tcp.states import STATES, canonical_state, next_states

PACK_DIR = Path(__file__).resolve().parents[2] / "content" / "tcp-handshake"
REQUIRED_TAGS = {"handshake", "teardown", "states", "reasons", "failures", "security", "linux"}
RFC_SECTION = re.compile(r"\bRFC \d{3,4} §\d+(\.\d+)*")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def pack() -> Pack:
    loaded = load_pack(PACK_DIR, cache=None)
    assert not loaded.problems, [f"{p.file}:{p.line}: {p.message}" for p in loaded.problems]
    return loaded


def diagrams(pack: Pack) -> list[Question]:
    return [q for q in pack.questions if q.type == "diagram"]


def test_pack_meta(pack: Pack) -> None:
    assert pack.id == "tcp-handshake"
    assert pack.meta is not None
    assert pack.meta.languages == ["en", "zh-CN"]
    assert pack.meta.license == "CC-BY-SA-4.0"
    groups = [set(g) for g in pack.meta.synonyms]
    assert any({"SYN_RECEIVED", "SYN-RECEIVED", "SYN_RECV", "SYN-RCVD"} <= g for g in groups)
    assert any({"ESTABLISHED", "ESTAB"} <= g for g in groups)
    # Every synonym group that names a state names exactly one.
    for group in pack.meta.synonyms:
        assert len({canonical_state(s) for s in group} - {None}) <= 1, group


def test_counts_and_types(pack: Pack) -> None:
    by_type = Counter(q.type for q in pack.questions)
    assert pack.meta is not None and pack.meta.version == "1.1.0"
    assert len(pack.questions) >= 146
    assert set(by_type) == set(QUESTION_TYPES)
    assert by_type["order"] >= 11
    assert by_type["diagram"] >= 19
    assert by_type["typed"] >= 12 and by_type["cloze"] >= 8
    # 1.1 added the follow-up topics, each with its own file, and scenario questions.
    assert {"dead-peers", "sockets", "operations"} <= {q.topic for q in pack.questions}
    assert sum("diagnosis" in q.tags for q in pack.questions) >= 10
    ids = [q.id for q in pack.questions]
    assert len(ids) == len(set(ids))


def test_every_question_is_bilingual_and_sourced(pack: Pack) -> None:
    for q in pack.questions:
        for lang in ("en", "zh-CN"):
            text = q.texts[lang]
            assert text.prompt.strip() and text.explanation.strip(), (q.id, lang)
        zh = q.texts["zh-CN"]
        assert CJK.search(zh.prompt + zh.explanation), q.id
        assert not CJK.search(q.texts["en"].prompt + q.texts["en"].explanation), q.id
        assert q.source and RFC_SECTION.search(q.source), (q.id, q.source)
        assert set(q.tags) & REQUIRED_TAGS, q.id
        if q.type == "cloze":
            counts = {len(CLOZE_RE.findall(q.texts[lang].prompt)) for lang in ("en", "zh-CN")}
            assert len(counts) == 1, q.id


def test_required_tags_each_cover_a_subset(pack: Pack) -> None:
    tagged = Counter(t for q in pack.questions for t in q.tags)
    for tag in REQUIRED_TAGS:
        assert tagged[tag] >= 5, tag


def test_choices_teach_through_feedback(pack: Pack) -> None:
    for q in pack.questions:
        data = q.data
        if isinstance(data, ChoiceData):
            assert any(not o.correct for o in data.options), q.id
            for option in data.options:
                assert isinstance(option.feedback, dict), (q.id, option.text)
                assert set(option.feedback) == {"en", "zh-CN"}, q.id


def test_order_questions_have_distractors_mostly(pack: Pack) -> None:
    orders = [q.data for q in pack.questions if isinstance(q.data, OrderData)]
    assert sum(bool(o.distractors) for o in orders) >= 8


def test_diagrams_use_canonical_state_names(pack: Pack) -> None:
    for q in diagrams(pack):
        data = q.data_as(DiagramData)
        assert data.protocol == "tcp", q.id
        assert data.start is not None, q.id
        names = [*data.start] + [s for r in data.rows for s in (r.left, r.right) if s]
        for name in names:
            assert name in STATES, (q.id, name)


def test_every_diagram_passes_the_ladder_checker(pack: Pack) -> None:
    for q in diagrams(pack):
        assert check_ladder(q.data_as(DiagramData)) == [], q.id


def _covers(ack: SeqNo, end: SeqNo) -> bool:
    return ack.base == end.base and ack.offset >= end.offset


def replay(data: DiagramData) -> list[tuple[str, str]]:
    """Recompute both sides' states row by row from the state machine alone.

    Independent of check_ladder's bookkeeping: it tracks only each side's unacknowledged
    SYN/FIN, derives each row's events, and asks `next_states` where they lead.
    """
    assert data.start is not None
    states = list(data.start)
    history: list[list[str]] = [[states[0]], [states[1]]]
    unacked: list[dict[str, SeqNo]] = [{}, {}]
    trail: list[tuple[str, str]] = []
    for row in data.rows:
        s, r = (0, 1) if row.dir == "->" else (1, 0)
        fields = ("left", "right")
        flags = parse_flags(row.flags)
        assert flags is not None
        kind = segment_kind(flags)

        # Sender: a legal send from its state, or a crossing segment it sent earlier.
        legal = next_states(states[s], f"snd {kind}")
        written = getattr(row, fields[s])
        if legal:
            after = written or states[s]
            assert after in legal, (row, states[s], legal)
        else:
            # Only a segment sent before the peer's crossing one arrived: legal back then.
            assert any(h in next_states(h, f"snd {kind}") for h in history[s]), (row, history[s])
            after = written or states[s]
            assert after == states[s], row
        states[s] = after
        seq = parse_seq(row.seq) if row.seq is not None else None
        if seq is not None:
            for flag in ("SYN", "FIN"):
                if flag in flags:
                    unacked[s][flag] = seq.plus(row.len + 1)

        # Receiver: what it learns decides the event; a lost segment teaches nothing.
        written = getattr(row, fields[r])
        if row.lost:
            assert written in (None, states[r]), row
            trail.append((states[0], states[1]))
            continue
        ack = parse_seq(row.ack) if row.ack is not None else None
        newly = {
            f
            for f, end in unacked[r].items()
            if "ACK" in flags and (ack is None or _covers(ack, end))
        }
        for flag in newly:
            del unacked[r][flag]
        if kind == "FIN":
            event = "rcv FIN+ACK of FIN" if "FIN" in newly else "rcv FIN"
        elif kind == "ACK" and newly:
            event = "rcv ACK of FIN" if "FIN" in newly else "rcv ACK of SYN"
        else:
            event = f"rcv {kind}"
        targets = next_states(states[r], event)
        assert targets, (row, states[r], event)
        if len(targets) == 1:
            (expected,) = targets
            assert (written or states[r]) == expected, (row, states[r], event, expected)
        else:
            assert written in targets, (row, targets)
            expected = written
        states[r] = expected
        history[0].append(states[0])
        history[1].append(states[1])
        trail.append((states[0], states[1]))
    return trail


def test_every_diagram_replays_through_the_state_machine(pack: Pack) -> None:
    finals = {}
    for q in diagrams(pack):
        data = q.data_as(DiagramData)
        trail = replay(data)
        assert len(trail) == len(data.rows)
        finals[q.id] = trail[-1]
    # Spot-check the outcomes the pack teaches.
    assert finals["hs-diagram-symbolic"] == ("ESTABLISHED", "ESTABLISHED")
    assert finals["td-diagram-symbolic"] == ("TIME_WAIT", "CLOSED")
    assert finals["td-diagram-three-segments"] == ("TIME_WAIT", "CLOSED")
    assert finals["adv-diagram-sim-open"] == ("ESTABLISHED", "ESTABLISHED")
    assert finals["adv-diagram-sim-close"] == ("TIME_WAIT", "TIME_WAIT")
    assert finals["fl-diagram-lost-final-ack"] == ("TIME_WAIT", "CLOSED")
    assert finals["fl-diagram-refused"] == ("CLOSED", "CLOSED")
    assert finals["dp-diagram-crash-reboot"] == ("CLOSED", "CLOSED")
    assert finals["sk-diagram-linger-rst"] == ("CLOSED", "CLOSED")
    assert finals["sk-diagram-write-after-close"] == ("CLOSED", "CLOSED")
    assert finals["ops-diagram-accept-queue-full"] == ("ESTABLISHED", "ESTABLISHED")


def test_a_broken_copy_of_a_shipped_ladder_is_caught(pack: Pack) -> None:
    q = next(q for q in diagrams(pack) if q.id == "td-diagram-symbolic")
    data = q.data_as(DiagramData)
    rows = list(data.rows)
    rows[1] = rows[1]._replace(ack="u")  # the classic slip: forgetting the FIN's sequence number
    broken = data._replace(rows=tuple(rows))
    assert ("rows", 1, "ack") in [loc for loc, _ in check_ladder(broken)]


def test_the_replay_rejects_an_illegal_state_change(pack: Pack) -> None:
    q = next(q for q in diagrams(pack) if q.id == "td-diagram-symbolic")
    data = q.data_as(DiagramData)
    rows = list(data.rows)
    rows[2] = rows[2]._replace(left="CLOSE_WAIT")  # the source article's slip on the active closer
    broken = data._replace(rows=tuple(rows))
    with pytest.raises(AssertionError):
        replay(broken)
    assert ("rows", 2, "left") in [loc for loc, _ in check_ladder(broken)]
