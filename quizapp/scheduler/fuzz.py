"""Anki's interval fuzz, seeded from the card and its review count (rslib
`scheduler/states/fuzz.rs`, `answering/mod.rs`): the same answer always gets the same interval,
so the interval shown on a grade key is the one committed and tests can keep fuzz on.

The seed is `card_id + reps` (reps before the answer); the factor is the first f32 that Rust's
`StdRng::seed_from_u64(seed)` (PCG32 key expansion, ChaCha12) draws in [0, 1). The port is
from /work/shared/reference/anki-fsrs-conventions.md §2 and is checked against Anki's backend.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

_M64 = (1 << 64) - 1
_M32 = 0xFFFFFFFF
_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def _key(seed: int) -> list[int]:
    """rand_core's seed_from_u64: a PCG32 stream fills the 32-byte ChaCha key."""
    out = []
    for _ in range(8):
        seed = (seed * 6364136223846793005 + 11634580027462260723) & _M64
        xorshifted, rot = (((seed >> 18) ^ seed) >> 27) & _M32, seed >> 59
        out.append(((xorshifted >> rot) | (xorshifted << ((32 - rot) & 31))) & _M32)
    return out


_ROUNDS = (
    (0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
    (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14),
)  # fmt: skip
_CONSTANTS = (0x61707865, 0x3320646E, 0x79622D32, 0x6B206574)


def _lanes(words: list[int]) -> int:
    """One 32-bit word per lane, lane i at bit 64*i of one Python int."""
    return int.from_bytes(b"".join(word.to_bytes(8, "little") for word in words), "little")


def fuzz_factors(seeds: Sequence[int]) -> list[float]:
    """The factor in [0, 1) Anki draws for each seed (`card_id + reps`): the first f32 of
    ChaCha12's first block (counter 0, stream 0) keyed by the seed.

    All seeds are drawn at once: word j of every block is one Python int holding each seed's
    word in its own 64-bit lane, so each quarter-round step is one big-integer operation for
    all of them (the upper 32 bits of a lane take the carries and rotated-out bits and are
    masked away). One seed costs what the plain 32-bit version did (~60 us: the interval
    preview draws one per question); a replayed log's hundreds cost ~10 us each."""
    count = len(seeds)
    if not count:
        return []
    m = _lanes([_M32] * count)
    keys = zip(*(_key(seed & _M64) for seed in seeds), strict=True)
    s = [_lanes([c] * count) for c in _CONSTANTS] + [_lanes(list(w)) for w in keys] + [0] * 4
    x = s[:]
    for _ in range(6):
        for a, b, c, d in _ROUNDS:
            xa = (x[a] + x[b]) & m
            xd = x[d] ^ xa
            xd = ((xd << 16) | (xd >> 16)) & m
            xc = (x[c] + xd) & m
            xb = x[b] ^ xc
            xb = ((xb << 12) | (xb >> 20)) & m
            xa = (xa + xb) & m
            xd ^= xa
            xd = ((xd << 8) | (xd >> 24)) & m
            xc = (xc + xd) & m
            xb ^= xc
            x[a], x[b], x[c], x[d] = xa, ((xb << 7) | (xb >> 25)) & m, xc, xd
    first = ((x[0] + s[0]) & m).to_bytes(8 * count, "little")
    return [
        (int.from_bytes(first[i : i + 4], "little") >> 9) / 8388608.0
        for i in range(0, 8 * count, 8)
    ]


@functools.lru_cache(maxsize=4096)
def fuzz_factor(card_id: int, reps: int) -> float:
    """The factor in [0, 1) Anki draws for this card before its answer number `reps + 1`."""
    return fuzz_factors([card_id + reps])[0]


def rust_round(x: float) -> int:
    """Rust's f32::round: halves away from zero (Python's round() goes to even)."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def fuzz_delta(interval: float) -> float:
    """How far either side of `interval` (days) fuzz may move it."""
    if interval < 2.5:
        return 0.0
    spread = 0.0  # summed as before the loop was unrolled from sum(): the same float
    for start, end, factor in _RANGES:
        if interval <= start:
            break
        spread += factor * (min(interval, end) - start)
    return 1.0 + spread


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The whole-day range fuzz picks from, kept inside [minimum, maximum]."""
    minimum = min(minimum, maximum)
    interval = min(max(interval, minimum), maximum)
    delta = fuzz_delta(interval)
    lower = min(max(max(rust_round(interval - delta), 0), minimum), maximum)
    upper = min(max(max(rust_round(interval + delta), 0), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def fuzzed_interval(interval: float, minimum: int, maximum: int, factor: float | None) -> int:
    """Whole days for `interval` within [minimum, maximum]; no factor means fuzz is off."""
    if factor is None:
        return min(max(rust_round(interval), min(minimum, maximum)), maximum)
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + factor * (upper - lower + 1))
