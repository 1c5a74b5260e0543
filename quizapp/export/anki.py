"""Anki packages (.apkg) from packs: stable ids, so re-importing updates notes in place.

Model ids hash a fixed name and the question type, deck ids hash the pack id (and topic), and
note GUIDs hash (pack id, question id). Notes and note types carry the export time as their
modification time, which Anki's importer needs to be newer before it updates them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from quizapp.config import Settings
from quizapp.domain.pack import Pack
from quizapp.domain.question import Question
from quizapp.domain.text import local
from quizapp.errors import QuizappError
from quizapp.export.html import CardHtml, render
from quizapp.export.identity import NoteTypeMemory
from quizapp.export.package import write_package
from quizapp.gc_pause import without_cyclic_gc
from quizapp.i18n import _
from quizapp.packs.directions import REVERSE_SUFFIX
from quizapp.paths import resolved

LANG_BOTH = "both"
_EXTRA = (
    '{{#Explanation}}<div class="qz-explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="qz-source">{{Source}}</div>{{/Source}}'
)
_STD_FIELDS = ("Front", "Back", "Explanation", "Source", "Key")
# type -> (fields, question template, answer template). Answer templates repeat the front above
# Anki's `answer` marker (where Anki scrolls to) and the answer below it; for choice and diagram
# the front's unmarked options or blank ladder are hidden there by the stylesheet (qz-asked), so
# the ✓/✗ list and the filled ladder are what the learner sees at the marker.
_ASKED = '<div class="qz-asked">{{Front}}</div><hr id="answer">{{Back}}'
_TEMPLATES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "flashcard": (_STD_FIELDS, "{{Front}}", '{{Front}}<hr id="answer">{{Back}}' + _EXTRA),
    "order": (_STD_FIELDS, "{{Front}}", '{{Front}}<hr id="answer">{{Back}}' + _EXTRA),
    "choice": (_STD_FIELDS, "{{Front}}", _ASKED + _EXTRA),
    "diagram": (_STD_FIELDS, "{{Front}}", _ASKED + _EXTRA),
    "typed": (
        ("Front", "Answer", "Back", "Explanation", "Source", "Key"),
        "{{Front}}\n\n{{type:Answer}}",
        '{{Front}}<hr id="answer">{{type:Answer}}{{Back}}' + _EXTRA,
    ),
    "cloze": (
        ("Text", "Back", "Explanation", "Source", "Key"),
        "{{cloze:Text}}",
        '{{cloze:Text}}<hr id="answer">{{Back}}' + _EXTRA,
    ),
}
TAG_ROOT = "quizapp"
"""Tags are written `quizapp::<pack id>::<tag>`: one tree in Anki's browser, no clash with
the user's own tags."""
REVERSED = "flashcard+reverse"
"""The note type of a reversible flashcard: Anki's "Basic (and reversed card)" shape."""
_REVERSED_NAME = "quizapp flashcard (and reversed card)"
_REVERSE_CARD = ("{{Back}}", '{{Back}}<hr id="answer">{{Front}}' + _EXTRA)
_IMG_SRC = re.compile(r'<img src="([^"]*)"')
_MEDIA_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


@dataclass(frozen=True, slots=True)
class AnkiSchedule:
    """A card's review state in Anki's terms (whole-day interval, its state names), to carry
    into the deck (`--with-progress`); made from our `CardState` by export/schedule.py."""

    state: str
    """"learning", "review" or "relearning" (new cards need no schedule)."""
    due: datetime
    interval_days: int
    reps: int
    lapses: int
    stability: float | None = None
    difficulty: float | None = None
    suspended: bool = False
    leech: bool = False
    """The note gets Anki's own `leech` tag."""
    last_review: datetime | None = None
    """Carried as `lrt`: without it Anki measures elapsed time from nothing (recall 0-8%)."""
    remaining_steps: int = 0
    """(Re)learning steps still to pass (Anki's `left`), the current one included."""
    revlog: tuple[AnkiReview, ...] = ()
    """The answers that led here, as Anki's review log rows."""


@dataclass(frozen=True, slots=True)
class AnkiReview:
    """One answer as a row of Anki's `revlog` table (made by export/schedule.py)."""

    at_ms: int
    """When (epoch ms; Anki's row id)."""
    ease: int
    """1 Again .. 4 Easy."""
    interval: int
    """After the answer: days (> 0), or minus the seconds of a (re)learning step."""
    last_interval: int
    """Before the answer, in the same units; 0 for a new card."""
    factor: int
    """FSRS difficulty as Anki logs it: round(((D - 1) / 9 + 0.1) * 1000); 0 if unknown."""
    time_ms: int
    """Answer time, capped at 60 s as Anki does."""
    kind: int
    """The state before: 0 learning (new or learning), 1 review, 2 relearning."""


@dataclass(slots=True)
class ExportResult:
    """What was written, for the command's summary line."""

    path: Path
    notes: int = 0
    decks: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    with_progress: int = 0


def _stable_id(*parts: str) -> int:
    """A positive 62-bit id from a fixed name: identical in every export, never random."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> 2) or 1


def model_id(question_type: str) -> int:
    """The note type id for a question type."""
    return _stable_id("quizapp-anki-model", question_type)


def deck_id(pack_id: str, topic: str | None = None) -> int:
    """The deck id of a pack, or of one topic sub-deck."""
    return _stable_id("quizapp-anki-deck", pack_id, *([topic] if topic else []))


# genanki's base-91 digits for note GUIDs.
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def note_guid(pack_id: str, question_id: str) -> str:
    """The note GUID Anki matches on when a package is imported again.

    The same value as `genanki.guid_for(pack_id, question_id)` (a test checks it), which
    earlier exports used; computed with int.from_bytes and divmod instead of genanki's
    byte-by-byte loops, since it runs once per note (~0.03 s per 10,000).
    """
    digest = hashlib.sha256(f"{pack_id}__{question_id}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    digits = []
    while number:
        number, digit = divmod(number, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


@cache
def card_css() -> str:
    """The note types' stylesheet (light and night mode)."""
    return Path(__file__).with_name("anki.css").read_text(encoding="utf-8")


def _models(timestamp: float) -> dict[str, Any]:
    import genanki

    models = {}
    for qtype, (fields, qfmt, afmt) in [*_TEMPLATES.items(), (REVERSED, _TEMPLATES["flashcard"])]:
        kind = "flashcard" if qtype == REVERSED else qtype
        wrap = f'<div class="qz qz-{kind}">'
        templates = [
            {"name": kind.title(), "qfmt": f"{wrap}{qfmt}</div>", "afmt": f"{wrap}{afmt}</div>"}
        ]
        if qtype == REVERSED:  # card 2 asks the back and shows the front
            back_q, back_a = _REVERSE_CARD
            templates.append(
                {
                    "name": "Reverse",
                    "qfmt": f"{wrap}{back_q}</div>",
                    "afmt": f"{wrap}{back_a}</div>",
                }
            )
        models[qtype] = genanki.Model(
            model_id(qtype),
            _REVERSED_NAME if qtype == REVERSED else f"quizapp {qtype}",
            fields=[{"name": name} for name in fields],
            templates=templates,
            css=card_css(),
            model_type=genanki.Model.CLOZE if qtype == "cloze" else genanki.Model.FRONT_BACK,
        )
    return models


def display_langs(pack: Pack, lang: str | None) -> tuple[str, ...]:
    """Languages shown on the cards: every pack language for 'both' (the default), else one."""
    if lang in (None, LANG_BOTH):
        return pack.languages or ("en",)
    if lang not in pack.languages:
        raise QuizappError(
            _(
                "pack '{pack}' has no '{lang}' text (its languages: {langs}); use --lang both "
                "or one of those"
            ).format(pack=pack.id, lang=lang, langs=", ".join(pack.languages))
        )
    return (lang,)


def deck_name(pack: Pack) -> str:
    """The pack's deck: its id. Anki matches decks by name, so a name from the title would
    split the pack across two deck trees after a title edit or a `--lang` switch (the title
    is in the deck's description). Ids are slugs: no '::' that would nest decks."""
    return pack.id


def _deck_names(title: str, topics: Sequence[str]) -> list[tuple[str | None, str]]:
    """(topic, deck name) per deck: the pack's deck alone, or one sub-deck per topic.

    Anki lists sub-decks by name, so each is numbered in the pack's file order ("01 handshake",
    "02 teardown"); without the number Anki would start with whatever sorts first.
    """
    if len(topics) < 2:
        return [(None, title)]
    width = max(2, len(str(len(topics))))
    return [
        (topic, f"{title}::{number:0{width}d} {topic.replace('::', ':')}")
        for number, topic in enumerate(topics, start=1)
    ]


def deck_description(pack: Pack, langs: Sequence[str]) -> str:
    """The deck's description in Anki's overview: what the pack is, who wrote it, its licence.

    Pack text is untrusted, so every part is escaped; Anki shows the description as HTML.
    """
    meta = pack.meta
    if meta is None:
        return ""
    about = []
    for lang in dict.fromkeys(langs):
        title = escape(pack.title(lang))
        text = escape(local(meta.description, lang, pack.languages))
        about.append(f'<p lang="{escape(lang)}"><strong>{title}</strong><br>{text}</p>')
    if meta.authors:
        about.append(f"<p>By {escape(', '.join(meta.authors))}</p>")
    about.append(
        f"<p>Licence: {escape(meta.license)}. From the quizapp pack "
        f"<code>{escape(pack.id)}</code> {escape(meta.version)}.</p>"
    )
    return "".join(about)


def _fields(question: Question, card: CardHtml) -> list[str]:
    key = question.key.replace("&", "&amp;").replace("<", "&lt;")
    if question.type == "typed":
        return [card.front, card.answer, card.back, card.explanation, card.source, key]
    return [card.front, card.back, card.explanation, card.source, key]


def _bundle_images(html: str, pack: Pack, question: Question, media: dict[str, Path]) -> str:
    """Copy pack images into the package under unique flat names and point the HTML at them."""

    def swap(match: re.Match[str]) -> str:
        src = unquote(match.group(1))
        path = resolved(pack.path / Path(question.file).parent / src)
        if path is None or not path.is_file() or not path.is_relative_to(pack.path.resolve()):
            return match.group(0)
        digest = hashlib.sha256(str(path.relative_to(pack.path.resolve())).encode()).hexdigest()
        suffix = path.suffix.lower()
        if not _MEDIA_SUFFIX.fullmatch(suffix):  # 'x.png" onerror="...' has one of its own
            suffix = ""
        name = f"quizapp-{pack.id}-{digest[:12]}{suffix}"
        media[name] = path
        return f'<img src="{name}"'

    return _IMG_SRC.sub(swap, html)


@without_cyclic_gc
def export_anki(
    packs: Sequence[Pack],
    output: Path,
    *,
    now: datetime,
    lang: str | None = None,
    tag: str | None = None,
    schedules: Mapping[str, AnkiSchedule] | None = None,
    progress: Callable[[int], None] | None = None,
    settings: Settings | None = None,
    note_types: NoteTypeMemory | None = None,
) -> ExportResult:
    """Write `packs` (questions tagged `tag`, if given) to `output` as one .apkg.

    `schedules` maps question keys to review states; keys without one arrive as new cards.
    `progress` is called with the number of questions done since the last call. `settings`
    name the learner's study days (zone, day start), which the due days count. `note_types`
    remembers each question's first note type, so a changed type gets a note of its own
    (export/identity.py); without it every question keeps its original GUID.
    """
    import genanki

    ids = Counter(pack.id for pack in packs)
    if twice := [pack_id for pack_id, n in ids.items() if n > 1]:
        raise QuizappError(
            _("pack '{pack}' given twice: its notes would share GUIDs; export it once").format(
                pack=twice[0]
            )
        )
    timestamp = now.timestamp()
    models = _models(timestamp)
    memory = note_types or NoteTypeMemory()
    result = ExportResult(output)
    decks: list[Any] = []
    media: dict[str, Path] = {}
    note_states: dict[tuple[str, int | None], AnkiSchedule] = {}
    position = 0
    for pack in packs:
        langs = display_langs(pack, lang)
        questions = [q for q in pack.questions if tag is None or tag in q.tags]
        if not questions:
            continue
        title = deck_name(pack)
        synonyms = pack.meta.synonyms if pack.meta else []
        topics = list(dict.fromkeys(q.topic for q in questions))  # pack file order
        by_topic: dict[str, Any] = {}
        about = deck_description(pack, langs)
        if len(topics) > 1:  # the pack's own deck, which Anki shows above its sub-decks
            decks.append(genanki.Deck(deck_id(pack.id), title, description=about))
        for topic, name in _deck_names(title, topics):
            deck = genanki.Deck(deck_id(pack.id, topic), name, description=about)
            by_topic[topic or ""] = deck
            decks.append(deck)
        # Render every card first, then build the notes: two tight loops run ~10% faster than
        # one alternating between html.py and genanki (the interpreter's caches stay warm).
        cards = []
        for done, question in enumerate(questions, start=1):
            cards.append(render(question, langs, synonyms))
            if progress and done % 100 == 0:
                progress(100)
        if progress:
            progress(len(questions) % 100)
        for question, card in zip(questions, cards, strict=True):
            fields = _fields(question, card)
            if any("<img" in f for f in fields):
                fields = [_bundle_images(f, pack, question, media) for f in fields]
            reversible = question.type == "flashcard" and bool(question.header.get("reverse"))
            kind = REVERSED if reversible else question.type
            model = models[kind]
            guid = memory.guid(pack.id, question.id, kind)
            tags = [f"{TAG_ROOT}::{pack.id}::{t}" for t in question.tags]
            states: list[tuple[int | None, AnkiSchedule]] = []
            if schedules and reversible:
                # Each direction has its own schedule: card 1 forward, card 2 the reverse.
                for ordinal, key in enumerate((question.key, question.key + REVERSE_SUFFIX)):
                    if key in schedules:
                        states.append((ordinal, schedules[key]))
            elif schedules and question.key in schedules:
                states.append((None, schedules[question.key]))
            if any(state.leech for _, state in states):
                tags.append("leech")
            position += 1  # Anki learns new cards in ascending `due`: the pack's own order
            note = genanki.Note(model=model, fields=fields, tags=tags, guid=guid, due=position)
            by_topic[question.topic if len(topics) > 1 else ""].add_note(note)
            result.by_type[question.type] += 1
            for card_ordinal, state in states:
                note_states[(guid, card_ordinal)] = state
    result.notes = sum(result.by_type.values())
    result.decks = len(decks)
    if not result.notes:
        where = ", ".join(p.id for p in packs)
        raise QuizappError(
            f"no question has tag '{tag}' in {where}" if tag else f"no questions in {where}"
        )
    result.with_progress = write_package(
        decks, output, now, media, note_states, settings or Settings()
    )
    memory.save()
    return result
