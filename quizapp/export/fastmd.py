"""Pack Markdown as card HTML: the common simple cases without the parser, the rest through it.

The export renders every prompt, answer and explanation, so the one Markdown parser
(`quizapp.packs.markdown`, raw HTML off) is the slow part of a large export. Plain prose with
code spans and emphasis is rendered here directly; anything else goes to that parser. The
tests check both paths agree on random text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quizapp.packs.markdown import to_html

# Anything the fast path below does not handle itself sends the text to markdown-it:
# escapes, links, tables, strikethrough, entities, autolinks, and whitespace other than ' '/'\n'.
_NOT_FAST_CHARS = frozenset("\\[]|~\x00\t\x0b\x0c\r")
_ENTITY_OR_AUTOLINK = re.compile(r"&[#A-Za-z0-9]+;|<[A-Za-z][A-Za-z0-9.+-]{1,31}:|<[^<>\s]*@")
_OTHER_SPACE = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# Line openings that may start or end a block (heading, quote, list, rule, underline, fence).
_BLOCK_OPENING = re.compile(
    r" {4}| {0,3}(?:#{1,6}(?: |$)|>|[-+*](?: |$)|\d{1,9}[.)](?: |$)|[-=]+ *$"
    r"|[-*_](?: *[-*_]){2,} *$|```|~~~)"
)
_CLOSE_BEFORE = frozenset(" \n.,;:!?)")
_INLINE_SPECIAL = re.compile(r"[`_*]")
# One line with no character that Markdown or HTML escaping would touch.
_PLAIN_LINE = re.compile(
    r'[^\\\[\]|~&<>"`_*\x00-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+\n?'
)


def _escape_md(text: str) -> str:
    """Escape as markdown-it does (&, <, >, " but not ')."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _inline(text: str) -> str | None:
    """One paragraph's inline content when it holds only `code`, *em*, **strong** and
    intraword underscores in unambiguous positions; None for anything else."""
    if "`" not in text and "_" not in text and "*" not in text:
        return _escape_md(text)
    out: list[str] = []
    n, i, plain = len(text), 0, 0
    opened: tuple[int, int] | None = None  # (run length, index in out)
    while (found := _INLINE_SPECIAL.search(text, i)) is not None:
        i = found.start()
        ch = text[i]
        if ch == "`":
            j = text.find("`", i + 1)
            if j <= i + 1 or (j + 1 < n and text[j + 1] == "`"):
                return None
            code = text[i + 1 : j]
            if "\n" in code:
                return None
            if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
                code = code[1:-1]
            out.append(_escape_md(text[plain:i]))
            out.append(f"<code>{_escape_md(code)}</code>")
            i = plain = j + 1
        elif ch == "_":
            if not (0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
                return None
            i += 1
        elif ch == "*":
            run = 2 if text.startswith("**", i) else 1
            before = text[i - 1] if i else " "
            after = text[i + run] if i + run < n else " "
            out.append(_escape_md(text[plain:i]))
            if opened is None:
                if after == "*" or not (before in " \n(" and after.isalnum()):
                    return None
                opened = (run, len(out))
                out.append("")
            else:
                if run != opened[0] or not (before.isalnum() and after in _CLOSE_BEFORE):
                    return None
                tag = "strong" if run == 2 else "em"
                out[opened[1]] = f"<{tag}>"
                out.append(f"</{tag}>")
                opened = None
            i = plain = i + run
    if opened is not None:
        return None
    out.append(_escape_md(text[plain:]))
    return "".join(out)


def _fast_markdown(text: str) -> str | None:
    """Common simple Markdown without the parser (the export's hot path), else None.

    Handles paragraphs of prose with code spans, emphasis and intraword underscores, in the
    positions where CommonMark has only one reading; tests check it against `to_html`.
    """
    if _PLAIN_LINE.fullmatch(text):  # one line, nothing to escape or parse: the commonest case
        line = text.strip(" \n")
        return f"<p>{line}</p>\n" if line and not _BLOCK_OPENING.match(text) else None
    if not _NOT_FAST_CHARS.isdisjoint(text):
        return None
    if ("&" in text or "<" in text) and _ENTITY_OR_AUTOLINK.search(text):
        return None
    if not text.isascii() and _OTHER_SPACE.search(text):
        return None
    body = text.strip("\n")
    if "\n" not in body:  # one line: the common case
        if not body.strip(" ") or _BLOCK_OPENING.match(body):
            return None
        inline = _inline(body.strip(" "))
        return None if inline is None else f"<p>{inline}</p>\n"
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip(" "):
            if current:
                paragraphs.append(current)
                current = []
            continue
        if _BLOCK_OPENING.match(line):
            return None
        if current and current[-1].endswith("  "):
            return None  # a hard line break
        current.append(line)
    if current:
        paragraphs.append(current)
    html = []
    for para in paragraphs:
        inline = _inline("\n".join(line.strip(" ") for line in para))
        if inline is None:
            return None
        html.append(f"<p>{inline}</p>\n")
    return "".join(html)


def card_markdown(text: str) -> str:
    """Pack Markdown as HTML with any HTML in the source escaped."""
    fast = _fast_markdown(text)
    return fast if fast is not None else to_html(text)


# For callers that show the same text again and again. `render` calls `card_markdown` directly:
# an export sees each text once (repeats within a question are skipped in `_texts`), so an LRU
# would only add hashing and evictions (~0.03 s per 10,000 questions).
markdown = lru_cache(maxsize=8192)(card_markdown)
