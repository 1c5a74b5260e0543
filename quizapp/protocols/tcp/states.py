"""The RFC 9293 TCP state machine, encoded once: the eleven states and every legal transition.

The ladder checker (`ladder.py`) replays diagrams through it, tests replay the shipped
pack through it, and the UI offers `STATES` as the pick-list for state blanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.i18n import N_, _

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


_EVENT_WORDS = {
    "rcv ACK": N_("receiving an ACK that acknowledges none of its own SYN/FIN"),
    "rcv ACK of SYN": N_("receiving the ACK of its SYN"),
    "rcv ACK of FIN": N_("receiving the ACK of its FIN"),
    "rcv FIN": N_("receiving a FIN that does not acknowledge a FIN of its own"),
    "rcv FIN+ACK of FIN": N_("receiving a FIN that also acknowledges its own FIN"),
}


def describe_event(event: str) -> str:
    """An event in words, e.g. 'snd SYN+ACK' -> 'sending SYN+ACK'."""
    if event in _EVENT_WORDS:
        return _(_EVENT_WORDS[event])
    kind, _space, rest = event.partition(" ")
    if kind == "snd":
        return _("sending {segment}").format(segment=rest)
    if kind == "rcv":
        return _("receiving {segment}").format(segment=rest)
    return event


def describe_transition(state: str, event: str) -> str:
    """What `event` does in `state`, in words, for error messages."""
    legal = sorted(next_states(state, event))
    if not legal:
        return _("a connection in {state} cannot be {event}").format(
            state=state, event=describe_event(event)
        )
    return _("{event} takes {state} to {states}").format(
        event=describe_event(event), state=state, states=_(" or ").join(legal)
    )
