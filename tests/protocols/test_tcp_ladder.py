"""The TCP ladder checker: correct ladders pass, each classic mistake is flagged where it is."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.domain.question_data import DiagramData, question_data
from quizapp.packs.format import QUESTION_ADAPTER, plain_header
from quizapp.protocols.tcp.ladder import check_ladder, parse_seq
from quizapp.protocols.tcp.states import (
    STATES,
    TRANSITIONS,
    canonical_state,
    next_states,
)

ROLES = [{"en": "Client", "zh-CN": "客户端"}, {"en": "Server", "zh-CN": "服务器"}]


def ladder(start: list[str] | None, *rows: dict[str, Any]) -> DiagramData:
    """A diagram question around `rows` (blank on the first row's flags)."""
    header = QUESTION_ADAPTER.validate_python(
        {
            "id": "t",
            "type": "diagram",
            "protocol": "tcp",
            "participants": ROLES,
            "start": start,
            "rows": list(rows),
            "blanks": ["1.flags"],
        }
    )
    data = question_data(plain_header(header))
    assert isinstance(data, DiagramData)
    return data


def row(d: str, flags: str, seq: Any = None, ack: Any = None, **kw: Any) -> dict[str, Any]:
    return {"dir": d, "flags": flags, "seq": seq, "ack": ack, **kw}


HANDSHAKE = [
    row("->", "SYN", "x", left="SYN_SENT", right="SYN_RECEIVED"),
    row("<-", "SYN+ACK", "y", "x+1", left="ESTABLISHED"),
    row("->", "ACK", "x+1", "y+1", right="ESTABLISHED"),
]
TEARDOWN = [
    row("->", "FIN+ACK", "u", "v", left="FIN_WAIT_1", right="CLOSE_WAIT"),
    row("<-", "ACK", "v", "u+1", left="FIN_WAIT_2"),
    row("<-", "FIN+ACK", "v", "u+1", left="TIME_WAIT", right="LAST_ACK"),
    row("->", "ACK", "u+1", "v+1", right="CLOSED"),
]


def locs(problems: list[tuple[tuple[Any, ...], str]]) -> list[tuple[Any, ...]]:
    return [loc for loc, _ in problems]


def test_state_names_and_aliases() -> None:
    assert len(STATES) == 11
    for spelling, canon in [
        ("SYN-RECEIVED", "SYN_RECEIVED"),
        ("syn_recv", "SYN_RECEIVED"),
        ("SYN-RCVD", "SYN_RECEIVED"),
        ("ESTAB", "ESTABLISHED"),
        ("FIN-WAIT-1", "FIN_WAIT_1"),
        ("FIN_WAIT2", "FIN_WAIT_2"),
        ("time-wait", "TIME_WAIT"),
    ]:
        assert canonical_state(spelling) == canon
    assert canonical_state("CLOSED_WAIT") is None
    assert canonical_state("HALF_OPEN") is None


def test_every_transition_joins_two_known_states() -> None:
    for t in TRANSITIONS:
        assert t.source in STATES and t.target in STATES, t
    # Every state is reachable from CLOSED and can get back to CLOSED.
    reach = {"CLOSED"}
    while True:
        more = {t.target for t in TRANSITIONS if t.source in reach} - reach
        if not more:
            break
        reach |= more
    assert reach == set(STATES)
    assert next_states("FIN_WAIT_2", "rcv FIN") == {"TIME_WAIT"}
    assert next_states("CLOSE_WAIT", "timeout") == frozenset()  # only close() ends it


def test_sequence_expressions() -> None:
    assert str(parse_seq("x+1")) == "x+1"
    y = parse_seq("y")
    assert y is not None and parse_seq("y + 101") == y.plus(101)
    assert parse_seq(100) == parse_seq("100")
    top = parse_seq(2**32 - 1)
    assert top is not None and top.plus(1) == parse_seq(0)
    for bad in ("x+", "x*2", "", "+-1", "x 1"):
        assert parse_seq(bad) is None, bad


@pytest.mark.parametrize(
    "rows,start",
    [
        (HANDSHAKE, ["CLOSED", "LISTEN"]),
        (TEARDOWN, ["ESTABLISHED", "ESTABLISHED"]),
        (
            [  # three-segment close: the passive closer's ACK and FIN travel together
                row("->", "FIN+ACK", 100, 300, left="FIN_WAIT_1", right="CLOSE_WAIT"),
                row("<-", "FIN+ACK", 300, 101, left="TIME_WAIT", right="LAST_ACK"),
                row("->", "ACK", 101, 301, right="CLOSED"),
            ],
            ["ESTABLISHED", "ESTABLISHED"],
        ),
        (
            [  # simultaneous open, RFC 9293 Figure 7
                row("->", "SYN", 100, right="SYN_RECEIVED"),
                row("<-", "SYN", 300, left="SYN_RECEIVED"),
                row("->", "SYN+ACK", 100, 301, right="ESTABLISHED"),
                row("<-", "SYN+ACK", 300, 101, left="ESTABLISHED"),
            ],
            ["SYN_SENT", "SYN_SENT"],
        ),
        (
            [  # simultaneous close, RFC 9293 Figure 13
                row("->", "FIN+ACK", 100, 300, right="CLOSING"),
                row("<-", "FIN+ACK", 300, 100, left="CLOSING"),
                row("->", "ACK", 101, 301, right="TIME_WAIT"),
                row("<-", "ACK", 301, 101, left="TIME_WAIT"),
            ],
            ["FIN_WAIT_1", "FIN_WAIT_1"],
        ),
        (
            [  # the last ACK is lost; the FIN is retransmitted and re-acknowledged
                row("<-", "FIN+ACK", "w", "u+1", left="TIME_WAIT", right="LAST_ACK"),
                row("->", "ACK", "u+1", "w+1", lost=True),
                row("<-", "FIN+ACK", "w", "u+1"),
                row("->", "ACK", "u+1", "w+1", right="CLOSED"),
            ],
            ["FIN_WAIT_2", "CLOSE_WAIT"],
        ),
        (
            [  # lost third ACK, repaired by the client's first data segment
                *HANDSHAKE[:2],
                row("->", "ACK", "x+1", "y+1", lost=True),
                row("->", "ACK", "x+1", "y+1", len=100, right="ESTABLISHED"),
                row("<-", "ACK", "y+1", "x+101"),
            ],
            ["CLOSED", "LISTEN"],
        ),
        (
            [  # lost SYN: retransmitted with the same ISN
                row("->", "SYN", "x", left="SYN_SENT", lost=True),
                row("->", "SYN", "x", right="SYN_RECEIVED"),
                row("<-", "SYN+ACK", "y", "x+1", left="ESTABLISHED"),
                row("->", "ACK", "x+1", "y+1", right="ESTABLISHED"),
            ],
            ["CLOSED", "LISTEN"],
        ),
        (
            [  # connection refused
                row("->", "SYN", 100, left="SYN_SENT"),
                row("<-", "RST+ACK", 0, 101, left="CLOSED"),
            ],
            ["CLOSED", "CLOSED"],
        ),
    ],
)
def test_correct_ladders_pass(rows: list[dict[str, Any]], start: list[str]) -> None:
    assert check_ladder(ladder(start, *rows)) == []


def test_the_source_articles_teardown_is_flagged() -> None:
    # FIN, ACK, then a client "ACK of the ACK", then FIN and ACK; and CLOSE_WAIT on the client.
    wrong = ladder(
        ["ESTABLISHED", "ESTABLISHED"],
        row("->", "FIN+ACK", "u", "v", left="FIN_WAIT_1", right="CLOSE_WAIT"),
        row("<-", "ACK", "v", "u+1", left="FIN_WAIT_2"),
        row("->", "ACK", "u+1", "v"),
        row("<-", "FIN+ACK", "v", "u+1", left="CLOSE_WAIT", right="LAST_ACK"),
        row("->", "ACK", "u+1", "v+1", right="CLOSED"),
    )
    problems = check_ladder(wrong)
    assert ("rows", 2, "flags") in locs(problems)  # an ACK of an ACK
    assert ("rows", 3, "left") in locs(problems)  # FIN_WAIT_2 + FIN -> TIME_WAIT, not CLOSE_WAIT
    assert "never acknowledges an ACK" in dict(problems)[("rows", 2, "flags")]


@pytest.mark.parametrize(
    "change,where",
    [
        ((1, "ack", "x"), ("rows", 1, "ack")),  # SYN+ACK must acknowledge x+1
        ((2, "ack", "y"), ("rows", 2, "ack")),
        ((2, "seq", "x"), ("rows", 2, "seq")),  # the ACK follows the SYN: x+1
        ((1, "left", "SYN_RECEIVED"), ("rows", 1, "left")),
        ((0, "right", "ESTABLISHED"), ("rows", 0, "right")),
        ((0, "left", None), ("rows", 0, "flags")),  # sending a SYN from CLOSED must change state
        ((0, "ack", "0"), ("rows", 0, "ack")),  # a lone SYN has no ACK number
        ((1, "flags", "SYN+PUSH"), ("rows", 1, "flags")),
        ((1, "left", "SYN-WAIT"), ("rows", 1, "left")),
    ],
)
def test_handshake_mistakes_are_flagged(
    change: tuple[int, str, Any], where: tuple[Any, ...]
) -> None:
    rows = [dict(r) for r in HANDSHAKE]
    index, key, value = change
    rows[index][key] = value
    assert where in locs(check_ladder(ladder(["CLOSED", "LISTEN"], *rows)))


def test_teardown_mistakes_are_flagged() -> None:
    rows = [dict(r) for r in TEARDOWN]
    rows[1]["ack"] = "u"  # forgetting that the FIN occupies a sequence number
    assert ("rows", 1, "ack") in locs(check_ladder(ladder(["ESTABLISHED"] * 2, *rows)))
    rows = [dict(r) for r in TEARDOWN]
    rows[3]["left"] = "CLOSED"  # the active closer waits in TIME_WAIT, it does not close at once
    assert ("rows", 3, "left") in locs(check_ladder(ladder(["ESTABLISHED"] * 2, *rows)))
    rows = [dict(r) for r in TEARDOWN]
    rows[2]["right"] = "CLOSED"  # the passive closer waits for the ACK of its FIN
    assert ("rows", 2, "right") in locs(check_ladder(ladder(["ESTABLISHED"] * 2, *rows)))
    rows = [dict(r) for r in TEARDOWN]
    rows[2]["seq"] = "v+1"  # the middle ACK used no sequence number
    assert ("rows", 2, "seq") in locs(check_ladder(ladder(["ESTABLISHED"] * 2, *rows)))


def test_a_lost_segment_changes_nothing_at_the_receiver() -> None:
    rows = [dict(r) for r in HANDSHAKE]
    rows[2] = {**rows[2], "lost": True}
    problems = check_ladder(ladder(["CLOSED", "LISTEN"], *rows))
    assert ("rows", 2, "right") in locs(problems)
    rows[2].pop("right")
    assert check_ladder(ladder(["CLOSED", "LISTEN"], *rows)) == []


def test_simultaneous_close_needs_the_crossing_ack() -> None:
    rows = [
        row("->", "FIN+ACK", 100, 300, right="CLOSING"),
        row("<-", "FIN+ACK", 300, 100, left="CLOSING"),
        row("->", "ACK", 101, 301, right="TIME_WAIT"),
        row("<-", "ACK", 301, 101, left="TIME_WAIT"),
    ]
    # Had the right side not sent its FIN yet, the first FIN takes it to CLOSE_WAIT instead.
    problems = check_ladder(ladder(["FIN_WAIT_1", "ESTABLISHED"], *rows))
    assert ("rows", 0, "right") in locs(problems)
    # The crossing FIN may acknowledge 100 (sent before the peer's FIN arrived) but never 99.
    rows[1]["ack"] = 99
    assert ("rows", 1, "ack") in locs(check_ladder(ladder(["FIN_WAIT_1"] * 2, *rows)))


def test_no_data_after_own_fin() -> None:
    rows = [dict(r) for r in TEARDOWN[:2]]
    rows.append(row("->", "ACK", "u+1", "v", len=10))
    assert ("rows", 2, "len") in locs(check_ladder(ladder(["ESTABLISHED"] * 2, *rows)))


def test_segments_after_the_handshake_carry_ack() -> None:
    rows = [dict(r) for r in TEARDOWN]
    rows[0] = {**rows[0], "flags": "FIN"}  # dropped by a synchronized receiver: no ACK bit
    problems = check_ladder(ladder(["ESTABLISHED"] * 2, *rows))
    assert ("rows", 0, "flags") in locs(problems)
    assert "FIN+ACK" in dict(problems)[("rows", 0, "flags")]
    # A RST needs no ACK, and neither does the very first SYN.
    assert check_ladder(ladder(["CLOSED", "LISTEN"], *HANDSHAKE)) == []


def test_messages_name_the_legal_outcome() -> None:
    rows = [dict(r) for r in TEARDOWN]
    rows[2]["left"] = "CLOSE_WAIT"
    problems = dict(check_ladder(ladder(["ESTABLISHED"] * 2, *rows)))
    assert "TIME_WAIT" in problems[("rows", 2, "left")]
    assert "FIN_WAIT_2" in problems[("rows", 2, "left")]
