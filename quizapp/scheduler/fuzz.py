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


def _chacha12_block(key: list[int]) -> list[int]:
    """The first ChaCha12 block (counter 0, stream 0) for this key. The quarter rounds are
    written out inline: a function call per quarter round made this 4x slower, and the
    interval preview runs it on every question."""
    s = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574, *key, 0, 0, 0, 0]
    x = s[:]
    m = _M32
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
    return [(x[i] + s[i]) & m for i in range(16)]


@functools.lru_cache(maxsize=4096)
def fuzz_factor(card_id: int, reps: int) -> float:
    """The factor in [0, 1) Anki draws for this card before its answer number `reps + 1`."""
    return (_chacha12_block(_key((card_id + reps) & _M64))[0] >> 9) / 8388608.0


def rust_round(x: float) -> int:
    """Rust's f32::round: halves away from zero (Python's round() goes to even)."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def fuzz_delta(interval: float) -> float:
    """How far either side of `interval` (days) fuzz may move it."""
    if interval < 2.5:
        return 0.0
    return 1.0 + sum(f * max(min(interval, end) - start, 0.0) for start, end, f in _RANGES)


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
