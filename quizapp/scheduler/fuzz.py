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


_PCG_MUL = 6364136223846793005
_PCG_INC = 11634580027462260723


def _key(seed: int) -> list[int]:
    """rand_core's seed_from_u64 for one seed: a PCG32 stream fills the 32-byte ChaCha key."""
    out = []
    for _ in range(8):
        seed = (seed * _PCG_MUL + _PCG_INC) & _M64
        xorshifted, rot = (((seed >> 18) ^ seed) >> 27) & _M32, seed >> 59
        out.append(((xorshifted >> rot) | (xorshifted << ((32 - rot) & 31))) & _M32)
    return out


def _keys(seeds: Sequence[int]) -> list[int]:
    """rand_core's seed_from_u64 for every seed at once: a PCG32 stream fills each 32-byte
    ChaCha key. Returns the key's 8 words, word j of every seed in one int (seed i's in the
    64-bit lane i).

    The PCG steps run on 128-bit lanes (a 64-bit state times the 64-bit multiplier fits in
    one); each lane's own rotation (by the state's top 5 bits) is done as five conditional
    rotations by 1, 2, 4, 8 and 16, each applied where that bit of the amount is set."""
    count = len(seeds)
    wide = b"".join((seed & _M64).to_bytes(16, "little") for seed in seeds)
    state = int.from_bytes(wide, "little")
    ones = int.from_bytes((1).to_bytes(16, "little") * count, "little")
    m64, m32, inc = _M64 * ones, _M32 * ones, _PCG_INC * ones
    out = []
    for _ in range(8):
        state = (state * _PCG_MUL + inc) & m64
        word = (((state >> 18) ^ state) >> 27) & m32
        rot = state >> 59
        for bit in range(5):
            chosen = ((rot >> bit) & ones) * _M32
            by = 1 << bit
            turned = ((word >> by) | (word << (32 - by))) & m32
            word ^= (word ^ turned) & chosen
        halves = memoryview(word.to_bytes(16 * count, "little")).cast("Q")[::2].tobytes()
        out.append(int.from_bytes(halves, "little"))
    return out


_ROUNDS = (
    (0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
    (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14),
)  # fmt: skip
_CONSTANTS = (0x61707865, 0x3320646E, 0x79622D32, 0x6B206574)


_LANES = sum(_M32 << (64 * lane) for lane in range(4))
_ROW = (1 << 256) - 1
_CONSTANT_ROW = sum(c << (64 * lane) for lane, c in enumerate(_CONSTANTS))


def _one_factor(seed: int) -> float:
    """`fuzz_factors` for one seed, a row of the ChaCha state at a time: the four words of a
    row in four 64-bit lanes of one int, so a column round is one quarter round on rows,
    and a diagonal round the same after turning rows b, c, d by one, two and three lanes
    (~2.8x faster than word by word; the interval preview and the answer draw one)."""
    k = _key(seed & _M64)
    m = _LANES
    a = _CONSTANT_ROW
    b = k[0] | k[1] << 64 | k[2] << 128 | k[3] << 192
    c = k[4] | k[5] << 64 | k[6] << 128 | k[7] << 192
    d = 0  # counter 0, stream 0
    for _ in range(6):
        for diagonal in (False, True):
            a = (a + b) & m
            d ^= a
            d = ((d << 16) | (d >> 16)) & m
            c = (c + d) & m
            b ^= c
            b = ((b << 12) | (b >> 20)) & m
            a = (a + b) & m
            d ^= a
            d = ((d << 8) | (d >> 24)) & m
            c = (c + d) & m
            b ^= c
            b = ((b << 7) | (b >> 25)) & m
            turn_b, turn_d = (192, 64) if diagonal else (64, 192)  # back after a diagonal
            b = ((b >> turn_b) | (b << (256 - turn_b))) & _ROW
            c = ((c >> 128) | (c << 128)) & _ROW
            d = ((d >> turn_d) | (d << (256 - turn_d))) & _ROW
    return (((a + _CONSTANT_ROW) & _M32) >> 9) / 8388608.0


def fuzz_factors(seeds: Sequence[int]) -> list[float]:
    """The factor in [0, 1) Anki draws for each seed (`card_id + reps`): the first f32 of
    ChaCha12's first block (counter 0, stream 0) keyed by the seed.

    All seeds are drawn at once: word j of every block is one Python int holding each seed's
    word in its own 64-bit lane, so each quarter-round step is one big-integer operation for
    all of them (the upper 32 bits of a lane take the carries and rotated-out bits and are
    masked away); the keys are made the same way (`_keys`). A replayed log's dozens cost
    ~6 us each; fewer than four are drawn one by one (`_one_factor`, ~40 us each)."""
    count = len(seeds)
    if count < 4:  # cheaper one by one
        return [_one_factor(seed) for seed in seeds]
    ones = int.from_bytes((1).to_bytes(8, "little") * count, "little")
    m = _M32 * ones
    s = [c * ones for c in _CONSTANTS] + _keys(seeds) + [0] * 4
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


_SPREAD_7 = 0.0 + 0.15 * (7.0 - 2.5)
_SPREAD_20 = _SPREAD_7 + 0.1 * (20.0 - 7.0)
"""fuzz_delta's spread summed up to 7 and to 20 days, in its order of operations."""


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The whole-day range fuzz picks from, kept inside [minimum, maximum]. (`fuzz_delta` and
    `rust_round` written out, the loop over _RANGES unrolled with the same operations: a
    replayed answer asks for up to six of these.)"""
    if minimum > maximum:
        minimum = maximum
    if interval < minimum:
        interval = minimum
    if interval > maximum:
        interval = maximum
    if interval < 2.5:
        delta = 0.0
    elif interval <= 7.0:
        delta = 1.0 + (0.0 + 0.15 * (interval - 2.5))
    elif interval <= 20.0:
        delta = 1.0 + (_SPREAD_7 + 0.1 * (interval - 7.0))
    else:
        delta = 1.0 + (_SPREAD_20 + 0.05 * (interval - 20.0))
    low, high = interval - delta, interval + delta
    low_days = math.floor(low + 0.5) if low >= 0 else -math.floor(-low + 0.5)
    high_days = math.floor(high + 0.5) if high >= 0 else -math.floor(-high + 0.5)
    if low_days < 0:
        low_days = 0
    if low_days < minimum:
        low_days = minimum
    if high_days < 0:
        high_days = 0
    if high_days < minimum:
        high_days = minimum
    lower = low_days if low_days < maximum else maximum
    upper = high_days if high_days < maximum else maximum
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def fuzzed_interval(interval: float, minimum: int, maximum: int, factor: float | None) -> int:
    """Whole days for `interval` within [minimum, maximum]; no factor means fuzz is off."""
    if factor is None:
        return min(max(rust_round(interval), min(minimum, maximum)), maximum)
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + factor * (upper - lower + 1))
