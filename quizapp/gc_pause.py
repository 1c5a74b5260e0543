"""Pause Python's cycle collector around bulk work that allocates many objects and no cycles.

Loading a large pack from the cache or exporting one allocates tens of thousands of objects
in one go; each allocation burst sets off collections that rescan every object already alive
(every loaded pack) for nothing. Reference counting still frees everything while paused, and
any cycle made meanwhile is collected at the next collection after the pause. The app's
start-up is paused the same way, up to its first drawn screen.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def young_collections_only(work: Callable[P, R]) -> Callable[P, R]:
    """Run `work` with the collector scanning only young objects, never everything alive.

    For bulk work that keeps most of what it makes (an Anki import's rows and questions) and
    also makes short-lived cycles (parsed HTML trees): young collections still free those
    cycles, so memory stays bounded, while the full collection that tens of thousands of kept
    objects set off (it rescans them all: ~8% of bench/import.py) waits until the work ends.
    """

    @functools.wraps(work)
    def young_only(*args: P.args, **kwargs: P.kwargs) -> R:
        first, second, third = gc.get_threshold()
        gc.set_threshold(first, second, _NO_FULL_COLLECTION)
        try:
            return work(*args, **kwargs)
        finally:
            gc.set_threshold(first, second, third)

    return young_only


_NO_FULL_COLLECTION = 1 << 30
"""A gen-2 threshold no run reaches (young collections between two full ones)."""
_startup_paused = False


@contextmanager
def paused_for_startup() -> Iterator[None]:
    """Pause the collector from here until the first screen is drawn (`end_startup_pause`),
    or the block ends (an error before the app ran, an app that never drew).

    Start-up (Textual and our modules, the packs, the first screen's widgets) allocates some
    fifty thousand long-lived objects and almost no garbage: each collection on the way
    rescans what is already alive (60-90 ms of the ~750 to the first question in
    bench/startup.py on a 2-core machine). Called by the commands that open the app, never
    by a library caller.
    """
    global _startup_paused
    if gc.isenabled() and not _startup_paused:
        gc.disable()
        _startup_paused = True
    try:
        yield
    finally:
        end_startup_pause(drawn=False)


def end_startup_pause(*, drawn: bool = True) -> None:
    """The first screen is drawn: what is alive now (modules, classes, loaded packs) lives as
    long as the process, so it is frozen out of every later collection (the few hundred
    unreachable objects start-up left are frozen with it), and the collector resumes. With
    `drawn` False (nothing was drawn: an error, an app that ended early) it only resumes.
    A no-op unless `paused_for_startup` paused it."""
    global _startup_paused
    if _startup_paused:
        _startup_paused = False
        if drawn:
            gc.freeze()
        gc.enable()
