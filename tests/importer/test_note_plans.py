"""The importer's whole-note fast path (importer/anki/note_plans.py) writes what converting the
note field by field (NoteConverter) and writing its draft (render.question_text) would write."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.importer.anki.fields import FieldConverter
from quizapp.importer.anki.note_plans import NotePlans
from quizapp.importer.anki.notes import NoteConverter, Shape, question_ids
from quizapp.importer.anki.render import question_text
from tests.importer.conftest import AnkiBuilder

_SHAPES = [
    Shape("basic"),
    Shape("basic", extra=(2,)),
    Shape("reversed"),
    Shape("reversed", condition=2),
    Shape("typed"),
    Shape("typed", extra=(2,)),
    Shape("cloze"),
    Shape("cloze", extra=(1,)),
    Shape("other"),
]
_WORDS = [
    "SYN",
    "Plain words 12",
    "a*b",
    "x_y",
    "TIME_WAIT",
    "a-",
    "-",
    "--",
    "a > b",
    ">",
    "a:b",
    "{",
    "}",
    "{x}",
    "::",
    "QZ",
    "QZW0Z",
    "é",
    "1. item",
    "# h",
    "`t`",
    "\\",
    'say "hi"',
    "a\tb",
    "yes",
]
_STRUCTURE = [
    " ",
    "  ",
    "\n",
    "<b>",
    "</b>",
    "<br>",
    "<div>",
    "</div>",
    "<ul><li>",
    "</li><li>",
    "</li></ul>",
    "<i>",
    "</i>",
    '<span class="x">',
    "</span>",
    '<a href="http://x.org">',
    "</a>",
    "<code>",
    "</code>",
    "<hr>",
    "<",
    "&amp;",
    "[sound:x.mp3]",
    "[en]",
    "---",
    "{{c1::",
    "{{c2::",
    "{{c1,2::",
    "}}",
    "::hint",
]
_SLOT = "\x00"
_GUIDS = ["rL-oAtTdPf", "null", "1abcdef", "yes", "abcdefgh", "a", "x.y-z", "9"]
"""GUIDs whose question ids are plain YAML scalars, or need quotes (a digit first, a YAML word)."""


_CLEAN_WORDS = [w for w in _WORDS if w.isascii() and w.isprintable() and "QZ" not in w]
_CLEAN_WORDS = [w for w in _CLEAN_WORDS if not {"{", "}", "::"} & set(w) and "::" not in w]
_CLEAN_STRUCTURE = [p for p in _STRUCTURE if p not in ("  ", "\n", "<", "&amp;", "---", "::hint")]
_CLEAN_STRUCTURE = [p for p in _CLEAN_STRUCTURE if "[" not in p and "a href" not in p]


@st.composite
def _notes(draw: st.DrawFn) -> tuple[Shape, str, list[str]]:
    """A shape, a tags string, and three notes' fields of one structure with other words:
    mostly of what the fast path takes, some of anything."""
    shape = draw(st.sampled_from(_SHAPES))
    clean = draw(st.integers(0, 4)) > 0
    structure, words = (_CLEAN_STRUCTURE, _CLEAN_WORDS) if clean else (_STRUCTURE, _WORDS)
    fields = []
    for _ in range(draw(st.integers(1, 3)) if not clean else 3):
        pieces = draw(st.lists(st.sampled_from([*structure, _SLOT, _SLOT, _SLOT]), max_size=7))
        if clean and _SLOT not in pieces:
            pieces.append(_SLOT)  # (a field with words: a question, not a skipped note)
        fields.append("".join(pieces))
    if clean and shape.kind == "cloze":
        at = draw(st.integers(0, len(fields[0])))
        fields[0] = f"{fields[0][:at]}{{{{c1::{_SLOT}}}}}{fields[0][at:]}"
    joined = "\x1f".join(fields)
    notes = []
    for _ in range(3):
        chosen = iter(draw(st.lists(st.sampled_from(words), min_size=25, max_size=25)))
        notes.append("".join(next(chosen) if c == _SLOT else c for c in joined))
    tags = draw(st.sampled_from(["", " tcp::handshake ", " leech ", " a:b yes "]))
    return shape, tags, notes


def _check(shape: Shape, tags: str, notes: list[str]) -> int:
    """Compare both paths on each note; how many the fast path wrote."""
    fast = NotePlans(NoteConverter(FieldConverter(set(), lambda _: None), "en"))
    slow = NoteConverter(FieldConverter(set(), lambda _: None), "en")
    wrote = 0
    for n, fields in enumerate(notes):
        note = (n + 1, f"g{n}", 7, 0, tags, fields)
        qid = question_ids([_GUIDS[n % len(_GUIDS)]])[0]
        written = fast.write(note, shape, qid)
        draft = slow.convert(note, shape, "deck", qid)
        if written is None:
            continue
        wrote += 1
        assert not isinstance(draft, str), (fields, draft)
        assert written == (question_text(draft), draft.type, bool(draft.header.get("reverse")))
    return wrote


@settings(max_examples=600, deadline=None)
@given(_notes())
@example((Shape("basic"), "", ["a <b>x</b> y\x1fz"] * 3))
@example((Shape("cloze"), "", ["in {{c1::A_B}} for {{c2::C}}\x1f<ul><li>x</li></ul>"] * 3))
@example((Shape("typed"), "", ["State?\x1fSYN_SENT", "State 2?\x1fa: b", "State 3?\x1fyes"]))
@example(
    (
        Shape("basic"),
        "",
        ["a<span>b</span>c\x1fx", "d<span>e</span>f\x1fy", "-<span>-</span>-\x1fz"],
    )
)
def test_the_fast_path_writes_what_the_slow_path_writes(
    case: tuple[Shape, str, list[str]],
) -> None:
    _check(*case)


def test_usual_notes_take_the_fast_path() -> None:
    """From a structure's third note on (one note makes no plan, a second makes it)."""
    cases = [
        (Shape("basic"), "What does segment <b>{}</b> carry?\x1fA SYN<br>with ISN {}"),
        (Shape("reversed"), "term {}\x1f<i>meaning</i> of term {}"),
        (Shape("typed"), "State after SYN on link {}?\x1fSYN_SENT"),
        (
            Shape("cloze"),
            "Waits {} in {{{{c1::TIME_WAIT}}}} for {{{{c2::2MSL}}}}\x1f<ul><li>{}</li></ul>",
        ),
        (Shape("basic"), "Plain question {}\x1fPlain answer {}"),
        (Shape("basic"), "<div>Line one {}</div><div>line two</div>\x1fAnswer {}"),
    ]
    for shape, fields in cases:
        notes = [fields.format(n, n) for n in range(5)]
        assert _check(shape, " tcp::handshake ", notes) == 3, fields


def test_an_import_writes_the_same_pack_either_way(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    """`with_progress` converts every note field by field (progress needs the drafts): the
    pack it writes is the fast path's, byte for byte."""
    from datetime import UTC, datetime

    from quizapp.importer.anki.deck import import_deck

    notes: list[tuple[str, list[str]]] = []
    for n in range(12):
        notes += [
            ("Basic", [f"What does <b>segment {n}</b> carry?", f"A SYN<br>with ISN {n}"]),
            ("Basic (and reversed card)", [f"term_{n}", f"<i>meaning</i> of term {n}"]),
            ("Basic (type in the answer)", [f"State {n}?", "SYN_SENT" if n % 2 else "a: b"]),
            ("Cloze", [f"{n} waits in {{{{c1::TIME_WAIT}}}} for {{{{c2::2MSL}}}}", "x"]),
            ("Basic", [f"Plain {n} -- <u>x</u>", "---" if n == 5 else f"Answer {n}"]),
        ]
    apkg = anki_deck(notes)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    fast = import_deck(apkg, tmp_path, now=now, output=tmp_path / "fast")
    slow = import_deck(apkg, tmp_path, now=now, output=tmp_path / "slow", with_progress=True)
    assert fast.by_type == slow.by_type and fast.reversible == slow.reversible == 12
    assert fast.skipped == slow.skipped and fast.warnings == slow.warnings
    files = sorted(p.name for p in (tmp_path / "fast").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "slow").iterdir())
    for name in files:
        if name.endswith(".md"):
            assert (tmp_path / "fast" / name).read_text() == (tmp_path / "slow" / name).read_text()
