"""quizapp's own exports read back: the `quizapp <type>` note types carry the question key.

`quizapp export anki` writes each language in a `<div class="qz-lang" lang="...">` and marks
options, steps and ladder cells with `qz-` classes, so the question can be rebuilt from the
fields: same id (from the Key field), same texts, same answers. Shuffled options and steps come
back in the order the card shows them (choice) or in the correct order (order).
"""

from __future__ import annotations

import html
import re
from typing import Any

from quizapp.domain import CardKey
from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.importer.anki.collection import NoteType
from quizapp.importer.anki.fields import FieldConverter, clean_text
from quizapp.importer.anki.notes import Draft, pack_tags
from quizapp.packs.directions import REVERSE_SUFFIX
from quizapp.packs.text import slug_id

REVERSED_NAME = "quizapp flashcard (and reversed card)"
"""The note type `quizapp export anki` writes for a flashcard with `reverse: true`."""

_TYPES = ("flashcard", "choice", "typed", "cloze", "order", "diagram")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_CLOZE_RE = re.compile(r"{{c(\d+(?:,\d+)*)::(.*?)}}", re.DOTALL)
"""A deletion `{{c2::x}}`, or one on several cards `{{c1,2,3::x}}` (how `export anki` hides
a second language's blank that does not line up with the first language's)."""
_ROW_FIELD_RE = re.compile(r"^(seq|ack)=")


def _soup(markup: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html.parser")


def _classes(tag: Any) -> list[str]:
    return list(tag.get("class") or []) if hasattr(tag, "get") else []


def _lang_parts(node: Any) -> list[Any]:
    """The `qz-lang` children of a node (its per-language texts)."""
    return [c for c in node.find_all(recursive=False) if "qz-lang" in _classes(c)]


def _inline(node: Any, langs: list[str]) -> str | dict[str, str]:
    """A LocalText from a node holding `qz-lang` spans: one string when it is the same."""
    parts = _lang_parts(node)
    if not parts:
        return clean_text(node.get_text()).strip()
    values = {str(p.get("lang")): clean_text(p.get_text()).strip() for p in parts}
    if len(parts) == 1:
        return next(iter(values.values()))
    return {lang: values.get(lang, next(iter(values.values()))) for lang in langs}


class OurNotes:
    """Converts notes of quizapp's note types; learns the pack id and languages as it goes."""

    def __init__(self, fields: FieldConverter) -> None:
        self.fields = fields
        self.pack_id: str | None = None
        self.languages: list[str] = []

    def recognises(self, note_type: NoteType) -> bool:
        """A note type `quizapp export anki` writes."""
        kind = _kind(note_type)
        return (
            note_type.name.startswith("quizapp ") and kind in _TYPES and ("Key" in note_type.fields)
        )

    def _by_lang(self, markup: str) -> dict[str, str]:
        """Markdown per language of a field made of `qz-lang` blocks."""
        soup = _soup(markup)
        parts = _lang_parts(soup)
        if not parts:
            text = self.fields.to_markdown(markup)
            return {"": text} if text else {}
        out = {}
        for part in parts:
            lang = str(part.get("lang") or "")
            out[lang] = self.fields.to_markdown(part.decode_contents())
            if lang and lang not in self.languages:
                self.languages.append(lang)
        return out

    def convert(self, note: tuple[Any, ...], note_type: NoteType, deck: str) -> Draft | str:
        """The question the note was exported from, or why it cannot be rebuilt."""
        note_id, _guid, _mid, _mod, tags, flds = note
        values = dict(zip(note_type.fields, str(flds).split("\x1f"), strict=False))
        try:
            pack_id, qid = CardKey.parse(html.unescape(values.get("Key", "")))
        except QuizappError:
            return _("its Key field is not a quizapp question key")
        if not _ID_RE.match(qid) or not slug_id(pack_id):
            return _("its Key field is not a quizapp question key")
        self.pack_id = self.pack_id or slug_id(pack_id)[:80]
        kind = _kind(note_type)
        # `export anki` writes a question's tags as quizapp::<pack id>::<tag>.
        own = f"quizapp::{pack_id}::"
        plain = " ".join(t.removeprefix(own) for t in str(tags).split())
        draft = Draft(qid, kind, deck, pack_tags(plain), {}, {}, int(note_id), {})
        draft.cards[0] = qid
        if note_type.name == REVERSED_NAME:
            draft.header["reverse"] = True
            draft.cards[1] = qid + REVERSE_SUFFIX
        if kind == "cloze":
            draft.cards.update({n: qid for n in range(_cloze_count(values.get("Text", "")))})
        source = html.unescape(_soup(values.get("Source", "")).get_text()).strip()
        if source:
            draft.header["source"] = source[:300]
        explanation = self._by_lang(values.get("Explanation", ""))
        front_field = "Text" if kind == "cloze" else "Front"
        front_html = values.get(front_field, "")
        back_html = values.get("Back", "")
        if kind == "flashcard":
            prompt, answer = self._by_lang(front_html), self._by_lang(back_html)
        elif kind == "typed":
            prompt, answer = self._by_lang(front_html), {}
            draft.header["accept"] = self._accepted(back_html)
        elif kind == "cloze":
            prompt, answer = self._cloze(front_html, back_html), {}
        elif kind == "choice":
            prompt, answer = self._choice(draft, front_html, back_html), {}
        elif kind == "order":
            prompt, answer = self._order(draft, front_html, back_html), {}
        else:
            prompt, answer = self._diagram(draft, front_html, back_html), {}
        if not prompt:
            return _("its front is empty")
        langs = self.languages or [next(iter(prompt))]
        first = next(iter(prompt.values()))
        for lang in langs:
            draft.texts[lang] = (
                prompt.get(lang, prompt.get("", first)),
                answer.get(lang, next(iter(answer.values()), "")),
                explanation.get(lang, next(iter(explanation.values()), "")),
            )
        return draft

    def _accepted(self, back_html: str) -> list[str] | dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for part in _soup(back_html).find_all("p", class_="qz-accepted"):
            parent = part.find_parent(class_="qz-lang")
            lang = str(parent.get("lang")) if parent is not None else ""
            text = clean_text(part.get_text()).strip()
            _label, _, rest = text.partition(":") if ":" in text else ("", "", text)
            found[lang] = [a.strip() for a in rest.split(", ") if a.strip()]
        lists = list(found.values())
        if not lists or all(a == lists[0] for a in lists):
            return lists[0] if lists else []
        return found

    def _cloze(self, front_html: str, back_html: str) -> dict[str, str]:
        alternatives: dict[str, list[list[str]]] = {}
        for ul in _soup(back_html).find_all("ul", class_="qz-accepted"):
            parent = ul.find_parent(class_="qz-lang")
            lang = str(parent.get("lang")) if parent is not None else ""
            alternatives[lang] = [
                [o.strip() for o in li.get_text().split(" / ")] for li in ul.find_all("li")
            ]
        out = {}
        for lang, markup in self._split_raw(front_html).items():
            answers: list[str] = []

            def hole(match: re.Match[str], answers: list[str] = answers) -> str:
                answers.append(html.unescape(_soup(match.group(2)).get_text()))
                return f"QZCLOZE{len(answers) - 1}Z"

            text = self.fields.to_markdown(_CLOZE_RE.sub(hole, markup))
            # One block serves every language whose alternatives are the same.
            options = alternatives.get(lang) or next(iter(alternatives.values()), [])
            for n, answer in enumerate(answers):
                blank = next((alt for alt in options if alt and alt[0] == answer), [answer])
                text = text.replace(f"QZCLOZE{n}Z", "{{" + "|".join(blank) + "}}")
            out[lang] = text
        return out

    def _split_raw(self, markup: str) -> dict[str, str]:
        parts = _lang_parts(_soup(markup))
        if not parts:
            return {"": markup}
        out = {}
        for part in parts:
            lang = str(part.get("lang") or "")
            if lang and lang not in self.languages:
                self.languages.append(lang)
            out[lang] = part.decode_contents()
        return out

    def _prompt(self, front_html: str) -> dict[str, str]:
        soup = _soup(front_html)
        for extra in soup.find_all(["p", "ul", "table"], recursive=False):
            extra.decompose()
        return self._by_lang(str(soup))

    def _choice(self, draft: Draft, front_html: str, back_html: str) -> dict[str, str]:
        langs = self.languages
        options = []
        for li in _soup(back_html).select("ul.qz-checked > li"):
            feedback = li.find(class_="qz-feedback")
            option: dict[str, Any] = {}
            if feedback is not None:
                feedback.extract()
            for mark in li.find_all(class_=["qz-mark", "qz-letter"]):
                mark.decompose()
            option["text"] = _inline(li, langs)
            if "qz-correct" in _classes(li):
                option["correct"] = True
            if feedback is not None:
                option["feedback"] = _inline(feedback, langs)
            options.append(option)
        hint = _soup(front_html).find("p", class_="qz-hint")
        draft.header["options"] = options
        correct = sum(1 for o in options if o.get("correct"))
        hint_text = hint.get_text() if hint is not None else ""
        many = "apply" in hint_text or "所有" in hint_text
        if many != (correct > 1):
            draft.header["multiple"] = many
        return self._prompt(front_html)

    def _order(self, draft: Draft, front_html: str, back_html: str) -> dict[str, str]:
        soup = _soup(back_html)
        langs = self.languages

        def item(li: Any) -> Any:
            for letter in li.find_all(class_="qz-letter"):
                letter.decompose()
            return _inline(li, langs)

        def items(selector: str) -> list[Any]:
            out = []
            for li in soup.select(selector):
                group = li.find("ul", recursive=False)  # steps in any order: one place, a list
                if group is not None:
                    out.append([item(sub) for sub in group.find_all("li", recursive=False)])
                else:
                    out.append(item(li))
            return out

        draft.header["steps"] = items("ol.qz-steps > li")
        distractors = items("ul.qz-wrong > li")
        if distractors:
            draft.header["distractors"] = distractors
        return self._prompt(front_html)

    def _diagram(self, draft: Draft, front_html: str, back_html: str) -> dict[str, str]:
        soup = _soup(back_html)
        table = soup.find("table", class_="qz-ladder")
        if table is None:
            return self._prompt(front_html)
        langs = self.languages
        rows = table.find_all("tr", recursive=False) or table.select("tr")
        participants = [_inline(th, langs) for th in rows[0].find_all("th")][::2]
        draft.header["participants"] = participants
        blanks: dict[int, str] = {}
        ladder: list[dict[str, Any]] = []
        for tr in rows[1:]:
            cells = tr.find_all("td", recursive=False)
            if "qz-state" in _classes(tr):
                draft.header["start"] = [c.get_text().strip() for c in (cells[0], cells[2])]
                continue
            row: dict[str, Any] = {}
            msg = cells[1]
            arrow = msg.find(class_="qz-arrow")
            row["dir"] = "<-" if arrow is not None and "◀" in arrow.get_text() else "->"
            flags = msg.find(class_="qz-flags")
            row["flags"] = self._cell(flags, len(ladder) + 1, "flags", blanks)
            label = msg.find(class_="qz-flags")
            rest = []
            node = label.next_sibling if label is not None else None
            while node is not None and node is not arrow:
                rest.append(node)
                node = node.next_sibling
            self._numbers(rest, row, len(ladder) + 1, blanks)
            if arrow is not None and "qz-lost" in _classes(arrow):
                row["lost"] = True
            note = msg.find(class_="qz-note")
            if note is not None:
                row["note"] = _inline(note, langs)
            for side, cell in (("left", cells[0]), ("right", cells[2])):
                if cell.get_text().strip():
                    row[side] = self._cell(cell, len(ladder) + 1, side, blanks)
            ladder.append(row)
        draft.header["rows"] = ladder
        draft.header["blanks"] = [blanks[n] for n in sorted(blanks)]
        return self._prompt(front_html)

    @staticmethod
    def _cell(node: Any, row: int, field: str, blanks: dict[int, str]) -> str:
        filled = node.find(class_="qz-filled")
        if filled is not None:
            sup = filled.find("sup")
            if sup is not None:
                blanks[int(sup.get_text())] = f"{row}.{field}"
                sup.decompose()
            return str(filled.get_text().strip())
        return str(node.get_text().strip())

    def _numbers(
        self, nodes: list[Any], row: dict[str, Any], n: int, blanks: dict[int, str]
    ) -> None:
        field = None
        for node in nodes:
            if isinstance(node, str):
                for word in node.split():
                    match = _ROW_FIELD_RE.match(word)
                    if match:
                        field = match.group(1)
                        value = word[match.end() :]
                        if value:
                            row[field] = _number(value)
                    elif word.startswith("len="):
                        row["len"] = int(word[4:])
            elif field is not None and "qz-filled" in _classes(node):
                sup = node.find("sup")
                if sup is not None:
                    blanks[int(sup.get_text())] = f"{n}.{field}"
                    sup.decompose()
                row[field] = _number(node.get_text().strip())
                field = None


def _kind(note_type: NoteType) -> str:
    if note_type.name == REVERSED_NAME:
        return "flashcard"
    return note_type.name.removeprefix("quizapp ")


def _number(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _cloze_count(text: str) -> int:
    numbers = {int(n) for cards, _ in _CLOZE_RE.findall(text) for n in cards.split(",")}
    return max(numbers, default=1)
