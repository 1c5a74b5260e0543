"""Line breaks between Chinese characters, for Rich and Textual (which wraps with Rich).

Rich breaks lines only at spaces (`rich._wrap.re_word`). Chinese has no spaces between words,
so a Chinese sentence counts as one long "word": it moves to the next line whole at the last
space before it (an English term such as "ACK"), leaving lines a third empty. Here every
CJK character is a word of its own, as CJK line breaking allows, with two rules of Chinese
typesetting: closing punctuation (，。：）” ...) never starts a line and opening punctuation
(（“ ...) never ends one. Text without CJK characters is split exactly as before.

There is no public hook for this in Rich, so `install()` replaces that one pattern, and only
when it is the one this was written against; the tests fail if Rich changes it.
"""

from __future__ import annotations

import functools
import re

RICH_WORD = r"\s*\S+\s*"
"""`rich._wrap.re_word` as Rich ships it."""

_OPEN = "（［｛「『【《〈〔〖〘〚“‘"
_CLOSE = "，。、；：？！）］｝」』】》〉〕〗〙〛”’…‥・～％"
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
WORD_PATTERN = (
    rf"\s*(?:[{_OPEN}]*(?:(?![{_OPEN}{_CLOSE}])[{_CJK}]|[^\s{_CJK}{_OPEN}{_CLOSE}]+)[{_CLOSE}]*"
    rf"|[{_OPEN}{_CLOSE}]+)\s*"
)
"""A word: one CJK character or a run of other non-space characters, with the punctuation
that must stay beside it, then its trailing spaces."""

_FIRST_SPECIAL = "\u1100"
"""Every CJK character and every punctuation mark in `_OPEN` and `_CLOSE` is at or above this."""


@functools.cache
def word() -> re.Pattern[str]:
    """`WORD_PATTERN` compiled, on first need: its large character classes take ~10 ms to
    compile, which text without CJK characters (all of an English session) never needs."""
    return re.compile(WORD_PATTERN)


class Words:
    """What Rich's wrapping asks of `re_word` (`match(text, pos)`): Rich's own pattern for
    text with nothing at or above U+1100, where `WORD_PATTERN` splits exactly as it does (no
    CJK character or CJK punctuation can occur), else `WORD_PATTERN`."""

    pattern = WORD_PATTERN

    def __init__(self) -> None:
        self._plain = re.compile(RICH_WORD)
        self._last: tuple[str, re.Pattern[str]] = ("", self._plain)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        last_text, pattern = self._last
        if text is not last_text:  # Rich matches word after word of the same line
            special = not text.isascii() and max(text) >= _FIRST_SPECIAL
            pattern = word() if special else self._plain
            self._last = (text, pattern)
        return pattern.match(text, pos)


WORDS = Words()
"""The one matcher `install()` puts into Rich."""


def install() -> bool:
    """Use `WORDS` for Rich's line wrapping; False if Rich's pattern is not the expected one."""
    import rich._wrap as rich_wrap

    if rich_wrap.re_word is WORDS:  # type: ignore[comparison-overlap]  # installed before
        return True
    if getattr(rich_wrap, "re_word", None) is None or rich_wrap.re_word.pattern != RICH_WORD:
        return False
    rich_wrap.re_word = WORDS  # type: ignore[assignment]  # used only through .match()
    return True
