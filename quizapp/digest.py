"""SHA-256 from CPython's own module, without importing hashlib.

hashlib's SHA-256 is OpenSSL's: importing hashlib loads libcrypto (~7 M instructions, paid
before the first question for the pack cache's file name and the pack fingerprint), and
OpenSSL looks its provider up and takes locks for every hash, ~1.6x the time on short input.
CPython's builtin module (`_sha2` from 3.12, `_sha256` before) gives the same digest;
hashlib's is the fallback for a build without it (tests/test_digest.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol


class Hash(Protocol):
    """What callers use of a hash object."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _builtin_sha256() -> Callable[..., Hash]:
    for module in ("_sha2", "_sha256"):
        try:
            constructor: Callable[..., Hash] = importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
        return constructor
    import hashlib

    return hashlib.sha256


sha256: Callable[..., Hash] = _builtin_sha256()
"""`hashlib.sha256`'s equal: `sha256(data)` (or no data, then `.update()`), `.hexdigest()`."""
