"""`CardKey`: the one way a `pack/question` key is written and read back."""

from __future__ import annotations

import pytest

from quizapp.domain import CardKey
from quizapp.errors import QuizappError


def test_written_as_pack_slash_question_and_read_back() -> None:
    key = CardKey("tcp-handshake", "syn-flood")
    assert str(key) == "tcp-handshake/syn-flood"
    assert CardKey.parse(str(key)) == key
    pack_id, question_id = key
    assert (pack_id, question_id) == (key.pack_id, key.question_id)


def test_the_question_id_keeps_any_further_slash() -> None:
    """Pack ids never contain "/", so the first one is the separator."""
    assert CardKey.parse("p/a/b") == CardKey("p", "a/b")


@pytest.mark.parametrize("text", ["", "no-slash", "/question", "pack/", "/"])
def test_a_malformed_key_is_refused_by_name(text: str) -> None:
    with pytest.raises(
        QuizappError, match=r"not a question key: .* \(expected pack-id/question-id\)"
    ):
        CardKey.parse(text)


def test_keys_are_values() -> None:
    assert {CardKey("p", "q"), CardKey("p", "q")} == {CardKey("p", "q")}
    with pytest.raises(AttributeError):
        CardKey("p", "q").pack_id = "other"  # type: ignore[misc]
