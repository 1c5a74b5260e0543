"""The RFC 9293 TCP state machine, encoded once, and the checker for TCP ladder diagrams.

Pack authors draw handshakes and teardowns as ladders; a wrong ack number or an impossible
state change in study material teaches the error, so every `protocol: tcp` diagram is replayed
here: each row is a segment sent by one side and (unless `lost`) received by the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.packs.format import DiagramQuestion, local

STATES: tuple[str, ...] = (
    "CLOSED",
    "LISTEN",
    "SYN_SENT",
    "SYN_RECEIVED",
    "ESTABLISHED",
    "FIN_WAIT_1",
    "FIN_WAIT_2",
    "CLOSE_WAIT",
    "CLOSING",
    "LAST_ACK",
    "TIME_WAIT",
)
"""The eleven states of RFC 9293 §3.3.2, spelled as netstat users know them."""

SYNCHRONIZED: frozenset[str] = frozenset(STATES[4:])
"""States after the ISNs are agreed (RFC 9293 §3.5): an unacceptable segment gets an ACK."""

_ALIASES = {
    "SYN_RECV": "SYN_RECEIVED",
    "SYN_RCVD": "SYN_RECEIVED",
    "ESTAB": "ESTABLISHED",
    "FIN_WAIT1": "FIN_WAIT_1",
    "FIN_WAIT2": "FIN_WAIT_2",
    "FINWAIT1": "FIN_WAIT_1",
    "FINWAIT2": "FIN_WAIT_2",
    "CLOSED_WAIT": None,  # a frequent typo that must not pass silently
}


def canonical_state(name: str) -> str | None:
    """The canonical name of a state in any usual spelling (SYN-RCVD, syn_recv), else None."""
    key = re.sub(r"[\s-]+", "_", str(name).strip().upper())
    if key in STATES:
        return key
    return _ALIASES.get(key)


@dataclass(frozen=True)
class Transition:
    """One edge of the state diagram: in `source`, `event` moves the connection to `target`."""

    source: str
    event: str
    target: str
    why: str
    crossing: bool = False
    """Only happens when both sides' SYNs (or FINs) cross in the network."""


# Events: "snd X" / "rcv X" for segments (X = SYN, SYN+ACK, ACK, FIN, RST; "of SYN"/"of FIN"
# when the ACK newly covers our own SYN/FIN), and calls or timers that send nothing.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("CLOSED", "passive OPEN", "LISTEN", "listen(): wait for a SYN"),
    Transition("CLOSED", "snd SYN", "SYN_SENT", "active OPEN (connect()) sends a SYN"),
    Transition("LISTEN", "rcv SYN", "SYN_RECEIVED", "a SYN arrives; answer with SYN+ACK"),
    Transition("LISTEN", "snd SYN", "SYN_SENT", "SEND on a listening socket (rare)"),
    Transition("LISTEN", "CLOSE", "CLOSED", "stop listening"),
    Transition("SYN_SENT", "rcv SYN+ACK", "ESTABLISHED", "our SYN acked, peer's SYN received"),
    Transition("SYN_SENT", "rcv SYN", "SYN_RECEIVED", "simultaneous open", crossing=True),
    Transition("SYN_SENT", "rcv RST", "CLOSED", "connection refused"),
    Transition("SYN_SENT", "CLOSE", "CLOSED", "give up before the handshake completes"),
    Transition("SYN_SENT", "timeout", "CLOSED", "SYN retransmissions exhausted"),
    Transition("SYN_RECEIVED", "rcv ACK of SYN", "ESTABLISHED", "third segment arrives"),
    Transition("SYN_RECEIVED", "rcv SYN+ACK", "ESTABLISHED", "simultaneous open", crossing=True),
    Transition("SYN_RECEIVED", "rcv FIN", "CLOSE_WAIT", "handshake ACK carries a FIN"),
    Transition("SYN_RECEIVED", "snd FIN", "FIN_WAIT_1", "CLOSE before ESTABLISHED"),
    Transition("SYN_RECEIVED", "rcv RST", "LISTEN", "reset; came from a passive OPEN"),
    Transition("SYN_RECEIVED", "rcv RST", "CLOSED", "reset; came from an active OPEN"),
    Transition("SYN_RECEIVED", "snd RST", "CLOSED", "ABORT"),
    Transition("ESTABLISHED", "snd FIN", "FIN_WAIT_1", "CLOSE: active close"),
    Transition("ESTABLISHED", "rcv FIN", "CLOSE_WAIT", "peer closed; ACK it, tell the app"),
    Transition("FIN_WAIT_1", "rcv ACK of FIN", "FIN_WAIT_2", "our FIN acked"),
    Transition("FIN_WAIT_1", "rcv FIN+ACK of FIN", "TIME_WAIT", "FIN and ACK of our FIN at once"),
    Transition("FIN_WAIT_1", "rcv FIN", "CLOSING", "simultaneous close", crossing=True),
    Transition("FIN_WAIT_2", "rcv FIN", "TIME_WAIT", "peer's FIN; send the last ACK"),
    Transition("FIN_WAIT_2", "timeout", "CLOSED", "Linux: orphan FIN_WAIT_2 after tcp_fin_timeout"),
    Transition("CLOSE_WAIT", "snd FIN", "LAST_ACK", "the application calls close()"),
    Transition("CLOSING", "rcv ACK of FIN", "TIME_WAIT", "our FIN acked"),
    Transition("LAST_ACK", "rcv ACK of FIN", "CLOSED", "our FIN acked: connection gone"),
    Transition("TIME_WAIT", "timeout", "CLOSED", "2×MSL expired"),
    *(
        Transition(s, "rcv RST", "CLOSED", "reset by peer")
        for s in ("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING")
    ),
    Transition("LAST_ACK", "rcv RST", "CLOSED", "reset by peer"),
    Transition("TIME_WAIT", "rcv RST", "CLOSED", "RST kills TIME_WAIT (RFC 1337 hazard)"),
    *(
        Transition(s, "snd RST", "CLOSED", "ABORT")
        for s in ("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT")
    ),
)

# Segments a state sends or accepts without changing state (retransmissions, data, replies).
_SELF: dict[str, frozenset[str]] = {
    "CLOSED": frozenset(
        {"snd RST", "rcv RST", "rcv SYN", "rcv SYN+ACK", "rcv ACK", "rcv FIN"}
    ),  # anything but a RST is answered with a RST
    "LISTEN": frozenset({"rcv ACK", "rcv RST", "snd RST", "rcv SYN+ACK", "rcv FIN"}),
    "SYN_SENT": frozenset({"snd SYN", "snd RST", "rcv ACK"}),
    "SYN_RECEIVED": frozenset({"snd SYN+ACK", "rcv SYN"}),
    "ESTABLISHED": frozenset({"snd ACK", "rcv ACK", "rcv SYN+ACK"}),
    "FIN_WAIT_1": frozenset({"snd FIN", "snd ACK", "rcv ACK"}),
    "FIN_WAIT_2": frozenset({"snd ACK", "rcv ACK"}),
    "CLOSE_WAIT": frozenset({"snd ACK", "rcv ACK", "rcv FIN"}),
    "CLOSING": frozenset({"snd FIN", "snd ACK", "rcv ACK", "rcv FIN"}),
    "LAST_ACK": frozenset({"snd FIN", "rcv ACK", "rcv FIN"}),
    "TIME_WAIT": frozenset({"snd ACK", "rcv FIN", "rcv ACK"}),
}
_NO_NEW_DATA = frozenset({"FIN_WAIT_1", "FIN_WAIT_2", "CLOSING", "LAST_ACK", "TIME_WAIT"})


def next_states(state: str, event: str) -> frozenset[str]:
    """Every state `event` may lead to from `state` (the state itself when it stays)."""
    found = {t.target for t in TRANSITIONS if t.source == state and t.event == event}
    if event in _SELF.get(state, ()):
        found.add(state)
    return frozenset(found)


def transition(state: str, event: str) -> Transition | None:
    """The state-changing edge for `event` in `state`, if there is exactly one."""
    edges = [t for t in TRANSITIONS if t.source == state and t.event == event]
    return edges[0] if len(edges) == 1 else None


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
Problem = tuple[tuple[Any, ...], str]


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
    sent: list[tuple[SeqNo, bool, bool]] = field(default_factory=list)  # seq, SYN, FIN
    pending: dict[str, SeqNo] = field(default_factory=dict)  # our SYN/FIN -> ack covering it
    crossing: tuple[str, str, SeqNo | None] | None = None  # (flag, state before, rcv_nxt)
    fresh: bool = True  # the peer sent something that needs acknowledging
    fin_sent: bool = False


_EVENT_WORDS = {
    "rcv ACK": "receiving an ACK that acknowledges none of its own SYN/FIN",
    "rcv ACK of SYN": "receiving the ACK of its SYN",
    "rcv ACK of FIN": "receiving the ACK of its FIN",
    "rcv FIN": "receiving a FIN that does not acknowledge a FIN of its own",
    "rcv FIN+ACK of FIN": "receiving a FIN that also acknowledges its own FIN",
}


def describe_event(event: str) -> str:
    """An event in words, e.g. 'snd SYN+ACK' -> 'sending SYN+ACK'."""
    if event in _EVENT_WORDS:
        return _EVENT_WORDS[event]
    kind, _, rest = event.partition(" ")
    verb = {"snd": "sending", "rcv": "receiving"}.get(kind)
    return f"{verb} {rest}" if verb else event


def _describe(state: str, event: str) -> str:
    legal = sorted(next_states(state, event))
    if not legal:
        return f"a connection in {state} cannot be {describe_event(event)}"
    return f"{describe_event(event)} takes {state} to {' or '.join(legal)}"


def _apply(
    side: _Side,
    event: str,
    written: str | None,
    i: int,
    problems: list[Problem],
    *,
    lost: bool = False,
) -> Transition | None:
    """Check one side's state change for `event`; update it. Returns the edge taken."""
    loc = ("rows", i, side.field)
    after = None
    if written is not None:
        after = canonical_state(written)
        if after is None:
            problems.append((loc, f"'{written}' is not a TCP state (one of {', '.join(STATES)})"))
            return None
    if lost:
        if after is not None and side.state is not None and after != side.state:
            problems.append(
                (
                    loc,
                    f"the segment is lost, so the {side.name} never sees it and stays {side.state}",
                )
            )
        return None
    if side.state is None:
        side.state = after
        return None
    legal = next_states(side.state, event)
    target = after or side.state
    if not legal:
        problems.append((("rows", i, "flags"), f"row {i + 1}: {_describe(side.state, event)}"))
    elif target not in legal:
        where = loc if after is not None else ("rows", i, "flags")
        problems.append(
            (
                where,
                f"row {i + 1}: the {side.name} is in {side.state}; {_describe(side.state, event)}"
                + ("" if after else f" (write {side.field}: {sorted(legal)[0]})"),
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


def check_ladder(data: DiagramQuestion) -> list[Problem]:
    """Every inconsistency of a TCP ladder: seq/ack arithmetic and illegal state changes."""
    problems: list[Problem] = []
    names = [local(p, "en") or f"side {k + 1}" for k, p in enumerate(data.participants)]
    starts: list[str | None] = [None, None]
    for k, value in enumerate(data.start or []):
        starts[k] = canonical_state(value)
        if starts[k] is None:
            problems.append((("start", k), f"'{value}' is not a TCP state"))
    left = _Side(f"left side ({names[0]})", "left", starts[0])
    right = _Side(f"right side ({names[1]})", "right", starts[1])
    for i, row in enumerate(data.rows):
        sender, receiver = (left, right) if row.dir == "->" else (right, left)
        flags = parse_flags(row.flags)
        if flags is None:
            problems.append(
                (
                    ("rows", i, "flags"),
                    f"unknown flags '{row.flags}' (use {', '.join(FLAG_NAMES)} joined by '+')",
                )
            )
            continue
        if {"SYN", "FIN"} <= flags or ("RST" in flags and flags & {"SYN", "FIN"}):
            problems.append((("rows", i, "flags"), f"'{row.flags}' is not a valid combination"))
            continue
        kind = segment_kind(flags)
        seq = _seq_field(row.seq, ("rows", i, "seq"), problems)
        ack = _seq_field(row.ack, ("rows", i, "ack"), problems)
        if ack is not None and "ACK" not in flags:
            problems.append(
                (
                    ("rows", i, "ack"),
                    f"row {i + 1} has no ACK flag, so it carries no acknowledgment number",
                )
            )
            ack = None
        _send(sender, receiver, row, i, flags, kind, seq, ack, problems)
        _receive(receiver, row, i, flags, kind, seq, ack, problems)
    return problems


def _seq_field(value: Any, loc: tuple[Any, ...], problems: list[Problem]) -> SeqNo | None:
    if value is None or value == "":
        return None
    parsed = parse_seq(value)
    if parsed is None:
        problems.append((loc, f"'{value}' is not a sequence number (write 100, x, x+1 ...)"))
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
    problems: list[Problem],
) -> None:
    event = f"snd {kind}"
    if s.state in SYNCHRONIZED and "ACK" not in flags and kind != "RST":
        problems.append(
            (
                ("rows", i, "flags"),
                f"row {i + 1}: after the handshake every segment carries ACK (one without it is "
                f"dropped, RFC 9293 §3.10.7.4); write {kind}+ACK",
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
                f"row {i + 1}: the {s.name}'s next sequence number is "
                f"{s.snd_nxt} (its earlier segments end there)",
            )
        )
    if row.len and s.fin_sent and not is_retransmission:
        problems.append(
            (
                ("rows", i, "len"),
                f"row {i + 1}: the {s.name} already sent its FIN and can send no new data",
            )
        )
    if kind == "ACK" and not row.len and not s.fresh and (ack is None or ack == s.rcv_nxt):
        problems.append(
            (
                ("rows", i, "flags"),
                f"row {i + 1}: a bare ACK that acknowledges nothing new; "
                "TCP never acknowledges an ACK (a pure ACK occupies no sequence number)",
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
                    f"row {i + 1}: ack should be {allowed[0]}: the next byte "
                    f"expected from the peer (its seq + data length, +1 for a SYN or FIN)",
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
    problems: list[Problem],
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
