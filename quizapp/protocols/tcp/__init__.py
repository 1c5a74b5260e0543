"""TCP: the RFC 9293 state machine (`states.py`) and the ladder replay that checks diagrams."""

from __future__ import annotations

from quizapp.protocols import Protocol
from quizapp.protocols.tcp.ladder import check_ladder
from quizapp.protocols.tcp.states import STATES

PROTOCOL = Protocol(
    name="tcp",
    summary="'tcp': seq/ack arithmetic and state changes are checked against the RFC 9293 "
    "state machine, and state blanks offer its eleven states",
    states=STATES,
    check_ladder=check_ladder,
)
