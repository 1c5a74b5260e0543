"""Anki field HTML to pack Markdown: markdownify where HTML maps to Markdown, inert text elsewhere.

markdownify (MIT, BeautifulSoup underneath) turns the formatting Anki's editor writes (bold,
italics, lists, line breaks, tables, links, images) into Markdown. Everything else is made
inert: scripts and styles are dropped with their content, a literal `<` is escaped so no
Markdown renderer can read it as a tag, control and bidi-override characters are removed, and
only `http`, `https` and `mailto` links survive. Images and `[sound:...]` must name a file of
the deck's own media; any other file reference is refused (left out, with a warning).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from markdownify import BACKSLASH, MarkdownConverter

from quizapp.i18n import _
from quizapp.importer.anki.skeleton import SkeletonCache
from quizapp.packs.text import SECTION_RE

MEDIA_DIR = "media"
"""Folder of the pack that imported media files go to."""
_SAFE_SCHEMES = ("http", "https", "mailto")
_SOUND_RE = re.compile(r"\[sound:([^\]\n]{1,255})\]")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNCLEAN_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DROP_WITH_CONTENT = ["script", "style", "noscript", "template", "object", "embed", "iframe"]
_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_TROUBLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\[]")
"""What body_safe's line loop changes in ASCII text, with `---`, ` \\n` and `\\n\\n\\n`
(looked for apart: an alternation is ~4x slower): line ends with spaces or tabs, a `[` that
may open a section, runs of blank lines, other line breaks."""


def safe_media_name(name: str) -> str | None:
    """`name` if it can be a file in the pack's media folder, else None (refused)."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or ":" in name
        or name.startswith(".")
        or _CONTROL_RE.search(name)
        or len(name.encode("utf-8")) > 200
    ):
        return None
    return name


def media_link(name: str) -> str:
    """The Markdown link target of an imported media file."""
    return f"{MEDIA_DIR}/{quote(name)}"


def clean_text(text: str) -> str:
    """Remove control and bidi-override characters (tabs and newlines stay)."""
    if _UNCLEAN_RE.search(text) is None:  # nearly every field: one scan, no copies
        return text
    return _CONTROL_RE.sub("", text.translate(_BIDI))


def _href(url: str) -> str:
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


class _Converter(MarkdownConverter):
    """markdownify with quizapp's rules for links, images and raw HTML."""

    def __init__(self, fields: FieldConverter, **options: Any) -> None:
        super().__init__(**options)
        self.fields = fields

    def escape(self, text: str, parent_tags: set[str]) -> str:
        if "*" not in text and "_" not in text and "<" not in text:
            return text  # what markdownify (escape_misc off) and the line below leave alone
        # markdownify's bundled stubs leave out escape() and convert_a(), which it defines
        escaped: str = super().escape(text, parent_tags)  # type: ignore[misc]
        return escaped.replace("<", "\\<")

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "").strip()
        if not href or urlsplit(href).scheme.lower() not in _SAFE_SCHEMES:
            return text
        el["href"] = _href(href)
        el.attrs.pop("title", None)
        # (see escape above: defined by markdownify, missing from its stubs)
        converted: str = super().convert_a(el, text, parent_tags)  # type: ignore[misc]
        return converted

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = str(el.get("src") or "").strip()
        alt = " ".join(str(el.get("alt") or "").split()).replace("]", "").replace("[", "")
        scheme = urlsplit(src).scheme.lower()
        if scheme in ("http", "https"):
            return f"[{alt or 'image'}]({_href(src)})"
        target = self.fields.media_target(unquote(src))
        if target is None:
            return alt
        return f"![{alt}]({target})"


class FieldConverter:
    """Converts one deck's fields; remembers which media files they use and what it refused."""

    def __init__(self, media_names: set[str], warn: Callable[[str], None]) -> None:
        self.media_names = media_names
        self.used_media: set[str] = set()
        self.warn = warn
        self._converter = _Converter(
            self,
            heading_style="ATX",
            bullets="-",
            newline_style=BACKSLASH,
            strip=_DROP_WITH_CONTENT,
            escape_misc=False,
        )
        self._shapes = SkeletonCache(self._convert, self.escape)

    def escape(self, text: str) -> str:
        """Text escaped as markdownify escapes it in Markdown (and a `<` made inert)."""
        return self._converter.escape(text, set())

    def _convert(self, html: str) -> str:
        return str(self._converter.convert(html))

    def media_target(self, name: str) -> str | None:
        """The pack link for a media file of the deck, or None (refused, with a warning)."""
        safe = safe_media_name(name)
        if safe is None or safe not in self.media_names:
            self.warn(
                _("refused a reference to a file outside the deck: {name!r}").format(name=name[:80])
            )
            return None
        self.used_media.add(safe)
        return media_link(safe)

    def _sound(self, match: re.Match[str], sounds: list[str]) -> str:
        target = self.media_target(match.group(1))
        if target is None:
            return ""
        sounds.append(f"[sound]({target})")
        return f"QZSOUND{len(sounds) - 1}Z"

    def to_markdown(self, html: str) -> str:
        """Markdown for a field's HTML, safe to put in a pack body."""
        printable = html.isprintable()  # (no control, bidi or line-break character)
        if "<" not in html and "&" not in html and "[sound:" not in html:
            if (
                printable
                and html.isascii()
                and html[:1] not in ("", " ")
                and html[-1] != " "
                and "*" not in html
                and "_" not in html
                and "[" not in html
                and html != "---"
            ):
                return html  # what the lines below give it, in a few scans and no copy
            # (a printable field holds no control or bidi character: nothing to clean)
            text = html if printable else clean_text(html)
            return body_safe(self._converter.escape(text, set()))
        if "[sound:" in html:
            return self._with_sounds(html)
        converted = self._shapes.to_markdown(html, printable)
        if converted is None:
            return body_safe(clean_text(self._convert(_drop_hidden(html))))
        if printable and "&" not in html:
            return body_safe(converted)  # the shape's words and marks are as clean as the field
        return body_safe(clean_text(converted))

    def _with_sounds(self, html: str) -> str:
        """to_markdown for a field playing sounds: each becomes a link to its media file."""
        sounds: list[str] = []
        html = _SOUND_RE.sub(lambda m: self._sound(m, sounds), html)
        converted = self._shapes.to_markdown(html)
        if converted is None:
            converted = self._convert(_drop_hidden(html))
        text = clean_text(converted)
        for n, link in enumerate(sounds):
            text = text.replace(f"QZSOUND{n}Z", link)
        return body_safe(text)

    def to_plain(self, html: str) -> str:
        """The text a learner would type for this HTML: tags gone, whitespace collapsed."""
        if "<" not in html and "&" not in html and "[sound:" not in html:
            return " ".join((html if html.isprintable() else clean_text(html)).split())
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(_DROP_WITH_CONTENT):
            tag.decompose()
        return " ".join(clean_text(soup.get_text(" ")).split())


def _drop_hidden(html: str) -> str:
    """Script-like elements go with their content (markdownify's strip keeps the text)."""
    if "<" not in html:
        return html
    lowered = html.lower()
    if not any(f"<{tag}" in lowered for tag in _DROP_WITH_CONTENT):
        return html
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_WITH_CONTENT):
        tag.decompose()
    return str(soup)


def body_safe(text: str) -> str:
    """Markdown that cannot end a question or open a section when written into a pack body."""
    if text.isprintable() and text[:1] != "[" and text != "---" and text == text.strip():
        # One line, neither `---` nor `[lang]`. (ASCII is NFC: isascii() reads a flag.)
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    if (
        text.isascii()
        and text == text.strip()
        and _LINE_TROUBLE.search(text) is None
        and "---" not in text
        and " \n" not in text
        and "\n\n\n" not in text
    ):
        return text  # lines safe_lines would leave as they are
    return safe_lines(text)


def safe_lines(text: str) -> str:
    """body_safe line by line: `---` becomes `***`, a section-like line is escaped, line
    ends and runs of blank lines are trimmed."""
    lines = []
    for line in text.strip().splitlines():
        stripped = line.rstrip()
        if stripped == "---":
            line = "***"
        elif SECTION_RE.match(stripped):
            line = "\\" + line
        lines.append(line.rstrip())
    text = "\n".join(lines)
    return unicodedata.normalize("NFC", _BLANK_LINES.sub("\n\n", text))
