"""Question ids from note GUIDs: the import's all-at-once `question_ids` gives, GUID by GUID,
what `question_id` (slug_id and hashlib's SHA-256, one GUID at a time) gives."""

from __future__ import annotations

import hashlib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.importer.anki.notes import question_id, question_ids
from quizapp.packs.text import slug_id

# Anki's GUID alphabet (printable ASCII) plus what a hostile or odd deck may hold: NUL and
# other controls, the mark question_ids uses, a final sigma, characters whose lowercase is
# ASCII (Kelvin sign) or longer (dotted capital I), lone surrogates, letters from elsewhere.
_ODD = "\x00\x01\x1f\x7f ΣσςΑİKé日\ud800\udfff-._"
_GUID_CHARS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(_ODD),
    st.characters(),
)
_GUIDS = st.lists(st.text(_GUID_CHARS, max_size=90), max_size=12)
_ASCII_GUIDS = st.lists(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=12),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(_GUIDS)
@example(["E=NIf`v?WQ", "ab", "AB", "a" * 90, "--..__", "", "?ab", "x?", "??", "a-?b", "a??b"])
@example(["\x01\x01", "ΑΣ", "ΑΣb", "İx", "K", "\ud800"])
@example(["a\x00b", "ΑΣ\x00ΑΣ"])
def test_question_ids_are_each_guids_question_id(guids: list[str]) -> None:
    assert question_ids(guids) == [question_id(guid) for guid in guids]


@settings(max_examples=300, deadline=None)
@given(_ASCII_GUIDS)
def test_ascii_guids_take_the_translate_path_with_the_same_ids(guids: list[str]) -> None:
    assert question_ids(guids) == [question_id(guid) for guid in guids]


def test_question_id_keeps_valid_guids_and_hashes_the_rest() -> None:
    assert question_id("abc-12.x") == "abc-12.x"
    digest = hashlib.sha256(b"E=NIf`v?WQ").hexdigest()[:10]
    assert question_id("E=NIf`v?WQ") == f"{slug_id('E=NIf`v?WQ')}-{digest}"
    assert question_id("???") == f"n-{hashlib.sha256(b'???').hexdigest()[:10]}"
    assert question_ids(["AB", "AB"]) == [question_id("AB")] * 2
