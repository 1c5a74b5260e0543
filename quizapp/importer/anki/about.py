"""What a pack says about itself, read back from the deck description `export anki` wrote.

`quizapp export anki` names decks by the pack id and puts the pack's title and description
(one paragraph per language), its authors and its licence in the deck description
(`export.anki.deck_description`). Reading them back keeps a round trip's pack title,
description, authors and licence instead of the pack id and "imported from" boilerplate.
The description is deck text like any other: untrusted, so only plain text comes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.importer.anki.fields import clean_text

_BY = "By "
_LICENCE = "Licence: "
_FROM = ". From the quizapp pack "
MAX_TITLE = 200
MAX_DESCRIPTION = 2000


@dataclass
class PackAbout:
    """The parts of `pack.yaml` a deck description carries (per-language texts by tag)."""

    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    license: str = ""


def _text(node: Any, limit: int) -> str:
    return " ".join(clean_text(node.get_text()).split())[:limit]


def read_about(description: str, pack_id: str) -> PackAbout | None:
    """The pack's own words from a deck description, or None when the description is not one
    `export anki` wrote for the pack `pack_id`."""
    if _FROM not in description:
        return None
    from bs4 import BeautifulSoup

    about = PackAbout()
    exported_from = ""
    for paragraph in BeautifulSoup(description, "html.parser").find_all("p", recursive=False):
        lang = str(paragraph.get("lang") or "")
        strong = paragraph.find("strong", recursive=False)
        if lang and strong is not None:
            about.title[lang] = _text(strong, MAX_TITLE)
            strong.extract()
            about.description[lang] = _text(paragraph, MAX_DESCRIPTION)
            continue
        text = _text(paragraph, MAX_DESCRIPTION)
        if text.startswith(_BY):
            about.authors = [a.strip()[:200] for a in text[len(_BY) :].split(", ") if a.strip()]
        elif text.startswith(_LICENCE) and _FROM in text:
            licence, _, exported_from = text[len(_LICENCE) :].rpartition(_FROM)
            about.license = licence.strip()[:200]
    if exported_from.split(" ")[0] != pack_id or not any(about.title.values()):
        return None
    return about


def local_text(texts: dict[str, str], languages: list[str]) -> str | dict[str, str] | None:
    """A LocalText for `pack.yaml`: one string when every language says the same, a mapping
    when each of `languages` has its own, None when some language is missing."""
    values = [texts.get(lang, "") for lang in languages]
    if not languages or not all(values):
        return None
    if len(set(values)) == 1:
        return values[0]
    return dict(zip(languages, values, strict=True))
