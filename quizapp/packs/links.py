"""Links and images in pack Markdown: where each points, and whether it may.

Pack text comes from strangers, so a link may only go to the web (http, https, mailto) or to a
file inside the pack, and an image only to a file that exists inside the pack: no absolute
paths, no `../` out of the folder, no symlink that leads outside it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from quizapp import paths
from quizapp.errors import PackProblem
from quizapp.i18n import _
from quizapp.packs.parser import Section

SAFE_URL_SCHEMES = ("http", "https", "mailto")


SAFE_MEDIA_NAME = re.compile(r"[\w ./-]+")
"""Image paths safe in an <img> tag: no quote, '<', '>' or '&' (Anki imports keep spaces)."""


def _target_line(text: str, span: list[int] | None, target: str) -> int:
    """Offset of the line holding `target` inside the block `span` (a paragraph spans lines)."""
    first, last = span if span else (0, 0)
    lines = text.split("\n")
    for offset in range(first, min(last, len(lines))):
        if target in lines[offset] or unquote(target) in lines[offset]:
            return offset
    return first


def link_problems(pack_dir: Path, file: str, section: Section) -> list[PackProblem]:
    """Every refused link or image target in one body section, at its line."""
    text = section.text
    if "](" not in text and "]:" not in text and "<" not in text:
        return []  # no link syntax: skip the Markdown parse
    from quizapp.packs.markdown import checking_parser

    problems: list[PackProblem] = []
    for token in checking_parser().parse(text):
        for child in [token, *(token.children or [])]:
            target = None
            if child.type == "link_open":
                target = str(child.attrs.get("href", ""))
            elif child.type == "image":
                target = str(child.attrs.get("src", ""))
            if target is None:
                continue
            message = link_problem(pack_dir, file, target, image=child.type == "image")
            if message:
                line = section.body_line + _target_line(text, token.map, target)
                problems.append(PackProblem(file, line, message))
    return problems


def link_problem(pack_dir: Path, file: str, target: str, *, image: bool) -> str | None:
    """Why a link or image target is refused, or None when it is safe."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if image:
            return _("image '{target}' is remote; put images inside the pack folder").format(
                target=target
            )
        if parts.scheme.lower() in SAFE_URL_SCHEMES:
            return None
        return _("link '{target}' uses a scheme that is not allowed ({scheme})").format(
            target=target, scheme=parts.scheme or "//"
        )
    path = unquote(parts.path)
    if not path:
        return None  # in-page anchor
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        if image:
            message = _(
                "image '{target}' is an absolute path; images must stay inside the pack folder"
            )
        else:
            message = _(
                "link '{target}' is an absolute path; links must stay inside the pack folder"
            )
        return message.format(target=target)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(file), path))
    if joined == ".." or joined.startswith("../"):
        message = _("image '{target}' leaves the pack folder")
        if not image:
            message = _("link '{target}' leaves the pack folder")
        return message.format(target=target)
    resolved = paths.resolved(pack_dir / joined)
    if resolved is None:
        message = _("image '{target}' is a symlink that leads to itself (a loop)")
        if not image:
            message = _("link '{target}' is a symlink that leads to itself (a loop)")
        return message.format(target=target)
    if not resolved.is_relative_to(paths.resolved(pack_dir) or pack_dir):
        message = _("image '{target}' leads outside the pack folder (through a symlink)")
        if not image:
            message = _("link '{target}' leads outside the pack folder (through a symlink)")
        return message.format(target=target)
    if image and not resolved.is_file():
        return _("image '{target}' does not exist in the pack").format(target=target)
    if image and not SAFE_MEDIA_NAME.fullmatch(path):
        return _(
            "image name '{target}' may hold only letters, digits, spaces, '.', '_', '-' "
            "and '/' (a quote would reach the <img> tag of an Anki deck)"
        ).format(target=target)
    return None
