"""Pause Python's cycle collector around bulk work that allocates many objects and no cycles.

Loading a large pack from the cache or exporting one allocates tens of thousands of objects
in one go; each allocation burst sets off collections that rescan every object already alive
(every loaded pack) for nothing. Reference counting still frees everything while paused, and
any cycle made meanwhile is collected at the next collection after the pause.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_cyclic_gc(work: Callable[P, R]) -> Callable[P, R]:
    """Run `work` with the cycle collector paused; a caller's own pause is left alone."""

    @functools.wraps(work)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return work(*args, **kwargs)
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            gc.enable()

    return paused
