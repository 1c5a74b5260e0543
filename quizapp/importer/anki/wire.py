"""Just enough of the protobuf wire format to read the few Anki messages an .apkg holds.

Anki keeps its package metadata, media list, note type and template settings as protobuf
messages. Reading four fields from them does not justify making the protobuf runtime a
dependency of quizapp, and a reader that never executes anything is safe on hostile input.
"""

from __future__ import annotations

from collections.abc import Iterator

from quizapp.errors import QuizappError

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5


class WireError(QuizappError):
    """Bytes that are not a well-formed protobuf message."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise WireError("truncated or oversized varint")  # i18n: inner detail
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs: ints for varint/fixed fields, bytes for length-delimited."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, kind = key >> 3, key & 7
        if kind == VARINT:
            value, pos = _varint(data, pos)
            yield number, value
        elif kind == BYTES:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise WireError("length-delimited field runs past the end")  # i18n: inner detail
            yield number, data[pos : pos + length]
            pos += length
        elif kind in (FIXED64, FIXED32):
            size = 8 if kind == FIXED64 else 4
            if pos + size > len(data):
                raise WireError("fixed-width field runs past the end")  # i18n: inner detail
            yield number, int.from_bytes(data[pos : pos + size], "little")
            pos += size
        else:
            raise WireError(f"unsupported wire type {kind}")  # i18n: inner detail


def first(data: bytes, number: int, default: int | bytes) -> int | bytes:
    """The first value of field `number`, or `default`."""
    for n, value in fields(data):
        if n == number:
            return value
    return default


def text(data: bytes, number: int) -> str:
    """A string field ('' when absent or not valid UTF-8)."""
    value = first(data, number, b"")
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return ""


def integer(data: bytes, number: int) -> int:
    """An integer field (0 when absent)."""
    value = first(data, number, 0)
    return value if isinstance(value, int) else 0
