"""The browse search finds exactly what a plain substring scan of each question finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.services.browse import SearchIndex

WORDS = ["syn", "ack", "fin", "TIME_WAIT", "三次握手", "握手", "重传", "超时", "rst", "Ack"]


def scan(texts: list[str], query: str) -> set[int]:
    terms = query.casefold().split()
    return {i for i, t in enumerate(texts) if all(term in t.casefold() for term in terms)}


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), max_size=40),
    query=st.lists(st.sampled_from([*WORDS, "c", "手", "wait"]), max_size=3).map(" ".join),
)
def test_find_equals_a_substring_scan(texts: list[str], query: str) -> None:
    assert SearchIndex(texts).find(query) == scan(texts, query)


def test_chinese_matches_by_characters_and_case_is_ignored() -> None:
    index = SearchIndex(["三次握手的第二步", "four-way teardown", "SYN+ACK 握手"])
    assert index.find("握手") == {0, 2}
    assert index.find("syn 握手") == {2}
    assert index.find("TEARDOWN") == {1}
    assert index.find("") == {0, 1, 2}
