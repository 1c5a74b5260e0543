"""quizapp.digest.sha256 gives hashlib's digests (tests/test_architecture.py checks that the first
question of `quizapp study` imports no hashlib)."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from quizapp.digest import sha256


@given(st.binary(max_size=300) | st.sampled_from([b"", bytes(range(256)) * 70]))
def test_same_digest_as_hashlib(data: bytes) -> None:
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    built = sha256()
    for i in range(0, len(data), 7):
        built.update(data[i : i + 7])
    assert built.hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_builtin_module_is_used() -> None:
    """Not hashlib's OpenSSL constructor (CPython always builds its own SHA-256)."""
    assert sha256 is not hashlib.sha256
    assert type(sha256(b"")).__module__ in ("_sha2", "_sha256")
