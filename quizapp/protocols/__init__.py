"""Protocol knowledge for ladder diagrams: one folder per protocol, found by its folder name.

The diagram engine (pack checks, grading, the ladder widget) is generic. What a protocol's
states are and which ladders are legal lives in `quizapp/protocols/<name>/`, whose `__init__`
defines `PROTOCOL`; a diagram's `protocol: <name>` selects it. A second protocol is a new
folder here, with no edit to packs/ or exercises/.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.domain.question_data import DiagramData

LadderProblem = tuple[tuple[Any, ...], str]
"""A fault in a diagram: where in its header (e.g. `("rows", 2, "ack")`) and what is wrong."""


@dataclass(frozen=True)
class Protocol:
    """What the engine asks of a protocol."""

    name: str
    summary: str
    """One line for the pack format's schema: what choosing this protocol checks."""
    states: tuple[str, ...]
    """Its state names, offered as the pick-list for state blanks."""
    check_ladder: Callable[[DiagramData], list[LadderProblem]]
    """Every way a ladder breaks the protocol's rules; empty when it is sound."""


@cache
def names() -> tuple[str, ...]:
    """Every protocol's name: the folders in this package, sorted (nothing is imported)."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg))


@cache
def get(name: str) -> Protocol | None:
    """The protocol a diagram names, or None when there is no such folder."""
    if name not in names():  # a pack's value never reaches import_module unchecked
        return None
    protocol = importlib.import_module(f"{__name__}.{name}").PROTOCOL
    if not isinstance(protocol, Protocol):
        raise TypeError(f"{__name__}.{name}.PROTOCOL is not a Protocol")
    return protocol
