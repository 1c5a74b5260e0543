"""Chinese text wraps at the end of the line; text without CJK characters wraps as Rich does."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import rich._wrap as rich_wrap
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from quizapp import cjk_wrap

EXPLANATION = (
    "服务器不会单独发一个 ACK：对客户端 SYN 的确认和它自己的 SYN 合在同一个报文段里，"
    "所以握手是三次而不是四次。最后那个 ACK 的确认号必须是 y+1 而不是 y，因为服务器的 SYN "
    "已经用掉了序号 y。在 Linux 上每个 TIME_WAIT 套接字会占住一个四元组 60 秒（默认）。"
)
RICH = re.compile(cjk_wrap.RICH_WORD)


def lines(text: str, width: int) -> list[str]:
    offsets = rich_wrap.divide_line(text, width)
    return [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]


def test_install_finds_richs_pattern() -> None:
    assert cjk_wrap.install()  # False would mean Rich changed re_word: re-check this module
    assert rich_wrap.re_word is cjk_wrap.WORDS  # type: ignore[comparison-overlap]


def test_chinese_lines_are_filled_and_never_start_with_closing_punctuation() -> None:
    cjk_wrap.install()
    for width in (30, 47, 60, 74):
        wrapped = lines(EXPLANATION, width)
        assert "".join(wrapped) == EXPLANATION
        for line, following in itertools.pairwise(wrapped):
            assert cell_len(line.rstrip()) <= width
            next_word = cjk_wrap.word().match(following)
            assert next_word is not None
            # broken only because the next word (one character, or one English term) is too wide
            assert cell_len(line + next_word.group(0).rstrip()) > width, (width, wrapped)
        for line in wrapped[1:]:
            assert line[0] not in "，。、；：？！）」』】》”", (width, wrapped)
        for line in wrapped[:-1]:
            assert line.rstrip()[-1] not in "（「『【《“", (width, wrapped)


def test_richs_own_wrapping_left_the_first_line_a_fifth_empty() -> None:
    """What this module fixes, measured with Rich's pattern (so the test above means something)."""
    words = [m.group(0) for m in RICH.finditer(EXPLANATION)]
    first = ""
    for word in words:
        if cell_len((first + word).rstrip()) > 74:
            break
        first += word
    assert cell_len(first.rstrip()) <= 60


text_with_cjk = st.text(
    alphabet=st.sampled_from(list("ab 1.,（）“”，。：ACK服务器的确认\u3000\t\n")), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(text_with_cjk)
def test_words_cover_the_text(text: str) -> None:
    """No character is dropped or duplicated, whatever the mix."""
    pieces = [m.group(0) for m in re.finditer(cjk_wrap.word(), text)]
    expected = [m.group(0) for m in RICH.finditer(text)]
    assert "".join(pieces) == "".join(expected)  # the same span of text is covered


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x10FF), max_size=120))
def test_text_without_cjk_is_split_exactly_as_rich_splits_it(text: str) -> None:
    without_quotes = text.translate({ord(c): None for c in "“‘”’…"})
    assert [m.group(0) for m in re.finditer(cjk_wrap.word(), without_quotes)] == [
        m.group(0) for m in RICH.finditer(without_quotes)
    ]


def rich_words(text: str) -> list[str]:
    cjk_wrap.install()
    return [word for _, _, word in rich_wrap.words(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab 1.,（）“”…，。：ACK服务器的确认\u3000\t\né")), max_size=80
    )
)
def test_rich_splits_with_the_cjk_pattern_whatever_the_text(text: str) -> None:
    """The matcher put into Rich takes Rich's cheaper pattern only where it splits the same."""
    assert rich_words(text) == [m.group(0) for m in re.finditer(cjk_wrap.word(), text)]


def test_every_special_character_is_at_or_above_the_plain_limit() -> None:
    """The cheap pattern is used for text below U+1100, so nothing the CJK pattern treats
    apart may be below it."""
    special = cjk_wrap._OPEN + cjk_wrap._CLOSE + cjk_wrap._CJK.replace("-", "")
    assert min(special) >= cjk_wrap._FIRST_SPECIAL


def test_english_text_never_compiles_the_cjk_pattern() -> None:
    code = (
        "import rich._wrap as w; from quizapp import cjk_wrap; cjk_wrap.install(); "
        "list(w.words('Walk through the TCP three-way handshake: café, naïve')); "
        "print(cjk_wrap.word.cache_info().currsize)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "0"
