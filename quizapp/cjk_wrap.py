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

import re

RICH_WORD = r"\s*\S+\s*"
"""`rich._wrap.re_word` as Rich ships it."""

_OPEN = "（［｛「『【《〈〔〖〘〚“‘"
_CLOSE = "，。、；：？！）］｝」』】》〉〕〗〙〛”’…‥・～％"
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
WORD = re.compile(
    rf"\s*(?:[{_OPEN}]*(?:(?![{_OPEN}{_CLOSE}])[{_CJK}]|[^\s{_CJK}{_OPEN}{_CLOSE}]+)[{_CLOSE}]*"
    rf"|[{_OPEN}{_CLOSE}]+)\s*"
)
"""A word: one CJK character or a run of other non-space characters, with the punctuation
that must stay beside it, then its trailing spaces."""


def install() -> bool:
    """Use `WORD` for Rich's line wrapping; False if Rich's pattern is not the expected one."""
    import rich._wrap as rich_wrap

    if rich_wrap.re_word is WORD:
        return True
    if getattr(rich_wrap, "re_word", None) is None or rich_wrap.re_word.pattern != RICH_WORD:
        return False
    rich_wrap.re_word = WORD
    return True
