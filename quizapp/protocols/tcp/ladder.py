"""Checker for TCP ladder diagrams against the RFC 9293 state machine and seq/ack arithmetic.

Pack authors draw handshakes and teardowns as ladders; a wrong ack number or an impossible
state change in study material teaches the error, so every `protocol: tcp` diagram is replayed
here: each row is a segment sent by one side and (unless `lost`) received by the other.
The state machine itself is in `states.py`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from quizapp.domain.question_data import DiagramData
from quizapp.domain.text import local
from quizapp.i18n import _
from quizapp.protocols import LadderProblem
from quizapp.protocols.tcp.states import (
    STATES,
    SYNCHRONIZED,
    TRANSITIONS,
    Transition,
    canonical_state,
    describe_transition,
    next_states,
)

# -- symbolic sequence numbers -------------------------------------------------------------
_SEQ_RE = re.compile(r"^\s*(?:([A-Za-z][A-Za-z0-9_]*)\s*)?(?:([+-]?)\s*(\d+))?\s*$")


@dataclass(frozen=True)
class SeqNo:
    """A sequence number: an ISN symbol (``x``) plus an offset, or a plain number."""

    base: str
    offset: int

    def plus(self, n: int) -> SeqNo:
        offset = self.offset + n
        return SeqNo(self.base, offset % 2**32 if not self.base else offset)

    def covers(self, other: SeqNo) -> bool:
        """True when this cumulative ACK acknowledges everything before `other`."""
        return self.base == other.base and (self.offset - other.offset) % 2**32 < 2**31

    def __str__(self) -> str:
        if not self.base:
            return str(self.offset)
        if self.offset == 0:
            return self.base
        return f"{self.base}{'+' if self.offset > 0 else '-'}{abs(self.offset)}"


def parse_seq(value: int | str) -> SeqNo | None:
    """`x`, `x+1`, `y + 101`, `100` or 100 as a SeqNo; None when it is not one of those."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return SeqNo("", value % 2**32) if value >= 0 else None
    match = _SEQ_RE.match(value)
    if not match or not (match.group(1) or match.group(3)):
        return None
    base, sign, digits = match.group(1) or "", match.group(2), match.group(3)
    if not base and sign == "-":
        return None
    number = int(digits or 0) * (-1 if sign == "-" else 1)
    if base and digits and not sign:
        return None  # "x 1" is ambiguous
    return SeqNo("", number % 2**32) if not base else SeqNo(base, number)


# -- the ladder replay ---------------------------------------------------------------------
FLAG_NAMES = ("SYN", "ACK", "FIN", "RST", "PSH", "URG", "ECE", "CWR")


def parse_flags(text: str) -> frozenset[str] | None:
    """`SYN+ACK`, `FIN, ACK`, `ack` as a set of flag names; None if a name is unknown."""
    names = [p for p in re.split(r"[\s+,/|]+", text.strip().upper()) if p]
    if not names or any(n not in FLAG_NAMES for n in names):
        return None
    return frozenset(names)


def segment_kind(flags: frozenset[str]) -> str:
    """The control meaning of a flag set: RST, SYN+ACK, SYN, FIN or ACK."""
    if "RST" in flags:
        return "RST"
    if "SYN" in flags:
        return "SYN+ACK" if "ACK" in flags else "SYN"
    return "FIN" if "FIN" in flags else "ACK"


@dataclass
class _Side:
    name: str
    field: str
    state: str | None
    snd_nxt: SeqNo | None = None
    rcv_nxt: SeqNo | None = None
    sent: list[tuple[SeqNo, bool, bool]] = dataclasses.field(default_factory=list)
    """Segments that use sequence space: (seq, carries SYN, carries FIN)."""
    pending: dict[str, SeqNo] = dataclasses.field(default_factory=dict)
    """Our SYN/FIN not yet acknowledged -> the ack that covers it."""
    crossing: tuple[str, str, SeqNo | None] | None = None  # (flag, state before, rcv_nxt)
    fresh: bool = True  # the peer sent something that needs acknowledging
    fin_sent: bool = False


def _apply(
    side: _Side,
    event: str,
    written: str | None,
    i: int,
    problems: list[LadderProblem],
    *,
    lost: bool = False,
) -> Transition | None:
    """Check one side's state change for `event`; update it. Returns the edge taken."""
    loc = ("rows", i, side.field)
    after = None
    if written is not None:
        after = canonical_state(written)
        if after is None:
            message = _("'{state}' is not a TCP state (one of {states})")
            problems.append((loc, message.format(state=written, states=", ".join(STATES))))
            return None
    if lost:
        if after is not None and side.state is not None and after != side.state:
            problems.append(
                (
                    loc,
                    _("the segment is lost, so the {side} never sees it and stays {state}").format(
                        side=side.name, state=side.state
                    ),
                )
            )
        return None
    if side.state is None:
        side.state = after
        return None
    legal = next_states(side.state, event)
    target = after or side.state
    if not legal:
        problems.append(
            (
                ("rows", i, "flags"),
                _("row {row}: {problem}").format(
                    row=i + 1, problem=describe_transition(side.state, event)
                ),
            )
        )
    elif target not in legal:
        where = loc if after is not None else ("rows", i, "flags")
        problems.append(
            (
                where,
                _("row {row}: the {side} is in {state}; {problem}").format(
                    row=i + 1,
                    side=side.name,
                    state=side.state,
                    problem=describe_transition(side.state, event),
                )
                + (
                    ""
                    if after
                    else _(" (write {field}: {state})").format(
                        field=side.field, state=sorted(legal)[0]
                    )
                ),
            )
        )
    edge = next(
        (
            t
            for t in TRANSITIONS
            if t.source == side.state and t.event == event and t.target == target
        ),
        None,
    )
    side.state = target
    return edge


def check_ladder(data: DiagramData) -> list[LadderProblem]:
    """Every inconsistency of a TCP ladder: seq/ack arithmetic and illegal state changes."""
    problems: list[LadderProblem] = []
    names = [
        local(p, "en") or _("side {n}").format(n=k + 1) for k, p in enumerate(data.participants)
    ]
    starts: list[str | None] = [None, None]
    for k, value in enumerate(data.start or []):
        starts[k] = canonical_state(value)
        if starts[k] is None:
            problems.append((("start", k), _("'{state}' is not a TCP state").format(state=value)))
    left = _Side(_("left side ({name})").format(name=names[0]), "left", starts[0])
    right = _Side(_("right side ({name})").format(name=names[1]), "right", starts[1])
    for i, row in enumerate(data.rows):
        sender, receiver = (left, right) if row.dir == "->" else (right, left)
        flags = parse_flags(row.flags)
        if flags is None:
            problems.append(
                (
                    ("rows", i, "flags"),
                    _("unknown flags '{flags}' (use {names} joined by '+')").format(
                        flags=row.flags, names=", ".join(FLAG_NAMES)
                    ),
                )
            )
            continue
        if {"SYN", "FIN"} <= flags or ("RST" in flags and flags & {"SYN", "FIN"}):
            message = _("'{flags}' is not a valid combination").format(flags=row.flags)
            problems.append((("rows", i, "flags"), message))
            continue
        kind = segment_kind(flags)
        seq = _seq_field(row.seq, ("rows", i, "seq"), problems)
        ack = _seq_field(row.ack, ("rows", i, "ack"), problems)
        if ack is not None and "ACK" not in flags:
            problems.append(
                (
                    ("rows", i, "ack"),
                    _("row {row} has no ACK flag, so it carries no acknowledgment number").format(
                        row=i + 1
                    ),
                )
            )
            ack = None
        _send(sender, receiver, row, i, flags, kind, seq, ack, problems)
        _receive(receiver, row, i, flags, kind, seq, ack, problems)
    return problems


def _seq_field(value: Any, loc: tuple[Any, ...], problems: list[LadderProblem]) -> SeqNo | None:
    if value is None or value == "":
        return None
    parsed = parse_seq(value)
    if parsed is None:
        message = _("'{value}' is not a sequence number (write 100, x, x+1 ...)")
        problems.append((loc, message.format(value=value)))
    return parsed


def _send(
    s: _Side,
    r: _Side,
    row: Any,
    i: int,
    flags: frozenset[str],
    kind: str,
    seq: SeqNo | None,
    ack: SeqNo | None,
    problems: list[LadderProblem],
) -> None:
    event = f"snd {kind}"
    if s.state in SYNCHRONIZED and "ACK" not in flags and kind != "RST":
        problems.append(
            (
                ("rows", i, "flags"),
                _(
                    "row {row}: after the handshake every segment carries ACK (one without it is "
                    "dropped, RFC 9293 §3.10.7.4); write {kind}+ACK"
                ).format(row=i + 1, kind=kind),
            )
        )
    cross = s.crossing if s.crossing and s.crossing[0] in flags else None
    written = getattr(row, s.field)
    if (
        cross is not None
        and s.state is not None
        and s.state not in next_states(s.state, event)
        and cross[1] in next_states(cross[1], event)
        and (written is None or canonical_state(written) == s.state)
    ):
        pass  # sent before the crossing segment arrived: the state was already updated
    else:
        _apply(s, event, written, i, problems)
    is_retransmission = (
        seq is not None
        and (row.len or flags & {"SYN", "FIN"})
        and (seq, "SYN" in flags, "FIN" in flags) in s.sent
    )
    if seq is not None and s.snd_nxt is not None and seq != s.snd_nxt and not is_retransmission:
        problems.append(
            (
                ("rows", i, "seq"),
                _(
                    "row {row}: the {side}'s next sequence number is {seq} (its earlier "
                    "segments end there)"
                ).format(row=i + 1, side=s.name, seq=s.snd_nxt),
            )
        )
    if row.len and s.fin_sent and not is_retransmission:
        problems.append(
            (
                ("rows", i, "len"),
                _("row {row}: the {side} already sent its FIN and can send no new data").format(
                    row=i + 1, side=s.name
                ),
            )
        )
    if kind == "ACK" and not row.len and not s.fresh and (ack is None or ack == s.rcv_nxt):
        problems.append(
            (
                ("rows", i, "flags"),
                _(
                    "row {row}: a bare ACK that acknowledges nothing new; TCP never "
                    "acknowledges an ACK (a pure ACK occupies no sequence number)"
                ).format(row=i + 1),
            )
        )
    if ack is not None:
        allowed = [s.rcv_nxt] if s.rcv_nxt is not None else []
        if cross is not None and cross[2] is not None:
            allowed.append(cross[2])
        if not allowed:
            s.rcv_nxt = ack
            r.snd_nxt = r.snd_nxt or ack
        elif ack not in allowed:
            problems.append(
                (
                    ("rows", i, "ack"),
                    _(
                        "row {row}: ack should be {ack}: the next byte expected from the peer "
                        "(its seq + data length, +1 for a SYN or FIN)"
                    ).format(row=i + 1, ack=allowed[0]),
                )
            )
    if seq is not None:
        end = seq.plus(row.len + ("SYN" in flags) + ("FIN" in flags))
        if s.snd_nxt is None or end.covers(s.snd_nxt):
            s.snd_nxt = end
        if row.len or flags & {"SYN", "FIN"}:
            s.sent.append((seq, "SYN" in flags, "FIN" in flags))
        for flag in ("SYN", "FIN"):
            if flag in flags:
                s.pending[flag] = end
    if "FIN" in flags:
        s.fin_sent = True
    if cross is not None:
        s.crossing = None
    s.fresh = ack is not None and s.rcv_nxt is not None and ack != s.rcv_nxt


def _receive(
    r: _Side,
    row: Any,
    i: int,
    flags: frozenset[str],
    kind: str,
    seq: SeqNo | None,
    ack: SeqNo | None,
    problems: list[LadderProblem],
) -> None:
    written = getattr(row, r.field)
    if row.lost:
        _apply(r, "", written, i, problems, lost=True)
        return
    newly: set[str] = set()
    if "ACK" in flags:
        for flag, end in list(r.pending.items()):
            if ack is None or ack.covers(end):
                newly.add(flag)
                del r.pending[flag]
    if kind == "FIN":
        event = "rcv FIN+ACK of FIN" if "FIN" in newly else "rcv FIN"
    elif kind == "ACK" and newly:
        event = "rcv ACK of FIN" if "FIN" in newly else "rcv ACK of SYN"
    else:
        event = f"rcv {kind}"
    if r.state is not None and not next_states(r.state, event) and " of " in event:
        event = "rcv FIN" if kind == "FIN" else "rcv ACK"  # avoid cascades after an earlier slip
    before_state, before_rcv = r.state, r.rcv_nxt if r.rcv_nxt is not None else seq
    edge = _apply(r, event, written, i, problems)
    if edge is not None and edge.crossing:
        r.crossing = ("SYN" if "SYN" in event else "FIN", before_state or "", before_rcv)
    if seq is not None and kind != "RST":
        length = row.len + ("SYN" in flags) + ("FIN" in flags)
        if r.rcv_nxt is None or seq == r.rcv_nxt:
            r.rcv_nxt = seq.plus(length)
        if length:
            r.fresh = True
