"""Card HTML for each question type: Markdown through the packs' one parser, all else escaped.

Pack text comes from strangers: Markdown is rendered with raw HTML off, and every other string
(options, steps, states, sources) goes through `html.escape` before it touches a card.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from hashlib import blake2b
from html import escape
from typing import Any, NamedTuple

from quizapp.domain.question import Question
from quizapp.domain.question_data import ChoiceData, ClozeData, DiagramData, OrderData, TypedData
from quizapp.domain.text import CLOZE_RE, LocalText, local
from quizapp.packs.markdown import to_html

# Text Anki (or its MathJax) would act on: `[sound:x]` plays a file, `\(`, `\)`, `\[`, `\]`
# start or end MathJax. An entity for the colon keeps `[sound&#58;` from Anki's scan of the
# card, and an empty element after the backslash splits the delimiter in two, where MathJax
# never finds it (it matches delimiters within one run of text). Both still read as typed.
_LIVE = re.compile(r"\[sound:|\\(?=[()\[\]])")


def _inert_match(match: re.Match[str]) -> str:
    return "[sound&#58;" if match.group(0) == "[sound:" else '\\<span class="qz-inert"></span>'


def inert(html: str) -> str:
    """`html` with nothing Anki would play or typeset (the pack's text has no such syntax)."""
    if "[sound:" not in html and "\\" not in html:
        return html
    return _LIVE.sub(_inert_match, html)


class CardHtml(NamedTuple):
    """One question's note fields, each safe HTML (`answer` is the plain typed answer).

    A NamedTuple: immutable like a frozen dataclass, but built ~1 us faster, once per card.
    """

    front: str
    back: str
    explanation: str
    source: str
    answer: str = ""


def _lang_block(parts: Sequence[tuple[str, str]], tag: str = "div") -> str:
    """Wrap HTML per language; a text that is the same in every language is shown once."""
    if not parts:
        return ""
    lang, first = parts[0]
    if len(parts) == 2 and parts[1][1] != first:  # the common case: two languages, two texts
        other, second = parts[1]
        return f"{_lang_open(tag, lang)}{first}</{tag}>{_lang_open(tag, other)}{second}</{tag}>"
    # A plain loop instead of all(<genexpr>): this runs for every text of every card.
    for _, html in parts:
        if html != first:
            break
    else:
        return f"{_lang_open(tag, lang)}{first}</{tag}>"
    return "".join([f"{_lang_open(tag, lang)}{html}</{tag}>" for lang, html in parts])


@lru_cache(maxsize=64)
def _lang_open(tag: str, lang: str) -> str:
    return f'<{tag} class="qz-lang" lang="{escape(lang)}">'


def _local_inline(value: LocalText, langs: tuple[str, ...]) -> str:
    """A short LocalText (option, step, state) as escaped text, one span per language."""
    if isinstance(value, str):  # the same text in every language
        return f"{_lang_open('span', langs[0])}{escape(value)}</span>"
    parts = []
    for lang in langs:
        # value[lang] when present (the common case) skips local()'s fallback search.
        text = value[lang] if lang in value else local(value, lang, langs)
        parts.append((lang, escape(text)))
    return _lang_block(parts, "span")


_KIND_INDEX = {"prompt": 0, "answer": 1, "explanation": 2}  # QuestionText is a NamedTuple


def _texts(question: Question, langs: tuple[str, ...], kind: str) -> str:
    index = _KIND_INDEX[kind]
    texts = question.texts
    parts: list[tuple[str, str]] = []
    previous, html = None, ""
    for lang in langs:
        text = (texts.get(lang) or question.text(lang, langs))[index]
        if text and not text.isspace():
            if text != previous:  # a language falling back to another's text: render once
                previous, html = text, to_html(text)
            parts.append((lang, html))
    return _lang_block(parts) if parts else ""


def _fixed_order(question: Question, count: int) -> list[int]:
    """A shuffle fixed per note (sorted by hashes of its key), so re-exporting never
    reorders a card the user knows."""
    prefix = f"quizapp-shuffle/{question.key}/"
    keys = [blake2b(f"{prefix}{i}".encode(), digest_size=8).digest() for i in range(count)]
    return sorted(range(count), key=keys.__getitem__)  # no lambda call per comparison key


_UI = {
    "one": {"en": "Choose one", "zh-CN": "选择一项"},
    "all": {"en": "Choose all that apply", "zh-CN": "选择所有正确项"},
    "accepted": {"en": "Accepted:", "zh-CN": "可接受的答案:"},
    "order": {"en": "Put these in order", "zh-CN": "按正确顺序排列"},
    "some_out": {"en": "(some do not belong)", "zh-CN": "(有些不属于其中)"},
    "not_part": {"en": "Not part of it:", "zh-CN": "不属于其中:"},
    "any_order": {"en": "In any order:", "zh-CN": "顺序不限:"},
}


@lru_cache(maxsize=256)  # a handful of labels, asked for by nearly every card
def _ui(key: str, langs: tuple[str, ...]) -> str:
    """A card label in the shown languages (English where no translation exists)."""
    words = _UI[key]
    seen: list[str] = []
    for lang in langs:
        word = words.get(lang, words["en"])
        if word not in seen:
            seen.append(word)
    return escape(" / ".join(seen))


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def render(
    question: Question, langs: Sequence[str], synonyms: Sequence[Sequence[str]] = ()
) -> CardHtml:
    """The note fields of `question` showing `langs` (in that order); `synonyms` are the
    pack's groups of interchangeable answers, listed on a typed card's back."""
    card = _render(question, tuple(langs), synonyms)
    return CardHtml(
        inert(card.front),
        inert(card.back),
        inert(card.explanation),
        inert(card.source),
        card.answer,
    )


def _render(
    question: Question, langs: tuple[str, ...], synonyms: Sequence[Sequence[str]]
) -> CardHtml:
    explanation = _texts(question, langs, "explanation")
    source = escape(question.source) if question.source else ""
    data: Any = question.data
    if isinstance(data, ClozeData):
        return _cloze(question, langs, explanation, source)
    prompt = _texts(question, langs, "prompt")
    if isinstance(data, ChoiceData):
        front, back = _choice(question, data, langs, prompt)
    elif isinstance(data, TypedData):
        return _typed(data, langs, prompt, explanation, source, synonyms)
    elif isinstance(data, OrderData):
        front, back = _order(question, data, langs, prompt)
    elif isinstance(data, DiagramData):
        front, back = _diagram(data, langs, prompt)
    else:  # flashcard
        front, back = prompt, _texts(question, langs, "answer")
    return CardHtml(front, back, explanation, source)


def _choice(
    question: Question, data: ChoiceData, langs: tuple[str, ...], prompt: str
) -> tuple[str, str]:
    count = len(data.options)
    order = _fixed_order(question, count) if data.shuffle else list(range(count))
    correct = sum(o.correct for o in data.options)
    multiple = data.multiple if data.multiple is not None else correct > 1
    hint = _ui("all" if multiple else "one", langs)
    front_items, back_items = [], []
    for pos, i in enumerate(order):
        option = data.options[i]
        text = _local_inline(option.text, langs)
        label = f'<span class="qz-letter">{_letter(pos)}</span>'
        front_items.append(f"<li>{label} {text}</li>")
        mark = (
            '<span class="qz-mark">✓</span>' if option.correct else '<span class="qz-mark">✗</span>'
        )
        feedback = (
            f'<div class="qz-feedback">{_local_inline(option.feedback, langs)}</div>'
            if option.feedback
            else ""
        )
        cls = "qz-correct" if option.correct else "qz-wrong"
        back_items.append(f'<li class="{cls}">{mark} {label} {text}{feedback}</li>')
    front = (
        f'{prompt}<p class="qz-hint">{hint}</p><ul class="qz-options">{"".join(front_items)}</ul>'
    )
    # The back holds only the answer: the card's back template shows the front's prompt above
    # Anki's answer marker and this below it, where Anki scrolls on a phone.
    back = f'<ul class="qz-options qz-checked">{"".join(back_items)}</ul>'
    return front, back


def _typed(
    data: TypedData,
    langs: tuple[str, ...],
    prompt: str,
    explanation: str,
    source: str,
    synonyms: Sequence[Sequence[str]],
) -> CardHtml:
    def accepted(lang: str) -> tuple[str, ...]:
        if isinstance(data.accept, dict):
            return data.accept.get(lang) or next(iter(data.accept.values()))
        return data.accept

    answer = accepted(langs[0])[0]
    parts = []
    for lang in langs:
        answers = accepted(lang)
        others = ", ".join(escape(a) for a in answers)
        label = _ui("accepted", (lang,))
        html = f'<p class="qz-accepted">{label} {others}</p>'
        # The pack's synonyms in their own paragraph: the app accepts them, but they are the
        # pack's, not the question's (our importer reads back only the qz-accepted list).
        if extra := _with_synonyms(answers, synonyms)[len(dict.fromkeys(answers)) :]:
            html += f'<p class="qz-synonyms">{label} {", ".join(escape(a) for a in extra)}</p>'
        parts.append((lang, html))
    return CardHtml(prompt, _lang_block(parts), explanation, source, escape(answer))


def _with_synonyms(accepted: Sequence[str], synonyms: Sequence[Sequence[str]]) -> list[str]:
    """The accepted answers, then every pack synonym grouped with one of them: the app takes
    them all, so Anki's back lists them all (the type-in box compares with the first only)."""
    from quizapp.domain.text import normalise

    shown = list(dict.fromkeys(accepted))
    keys = {normalise(a) for a in shown}
    for group in synonyms:
        if keys & {normalise(word) for word in group}:
            shown.extend(word for word in group if normalise(word) not in keys)
            keys |= {normalise(word) for word in group}
    return shown


def _cloze_answer(blank: str) -> str:
    """The text Anki reveals: escaped, with ':' '{' '}' as entities so '::' never splits it."""
    first = blank.split("|")[0].strip()
    return escape(first).replace(":", "&#58;").replace("{", "&#123;").replace("}", "&#125;")


def _cloze(question: Question, langs: tuple[str, ...], explanation: str, source: str) -> CardHtml:
    """Anki numbers a card per blank of the first language (c1, c2, ...). Another language's
    blank n joins card n only when it hides the same answer as the first language's blank n;
    any other blank is hidden on every card (`c1,2,3::`), since a language that orders its
    blanks differently would otherwise show one card's answer on that card's front."""
    texts, extras = [], []
    first_answers: list[str] = []
    for index, lang in enumerate(langs):
        prompt = question.text(lang, langs).prompt
        blanks: list[str] = []

        def hole(match: re.Match[str], blanks: list[str] = blanks) -> str:
            blanks.append(match.group(1))
            return f"QZCLOZE{len(blanks)}Z"

        # Braces outside the blanks become entities: a literal `{{c1::` in the text must not
        # open a deletion of Anki's.
        html = to_html(CLOZE_RE.sub(hole, prompt)).replace("{", "&#123;").replace("}", "&#125;")
        answers = [_cloze_answer(blank) for blank in blanks]
        if index == 0:
            first_answers = answers
        every = ",".join(str(n) for n in range(1, len(first_answers) + 1))
        alternatives = []
        for n, (blank, answer) in enumerate(zip(blanks, answers, strict=True), start=1):
            same = n <= len(first_answers) and first_answers[n - 1] == answer
            cards = str(n) if index == 0 or same else every
            html = html.replace(f"QZCLOZE{n}Z", f"{{{{c{cards}::{answer}}}}}")
            options = [b.strip() for b in blank.split("|") if b.strip()]
            if len(options) > 1:
                alternatives.append(f"<li>{' / '.join(escape(o) for o in options)}</li>")
        texts.append((lang, html))
        if alternatives:
            extras.append((lang, f'<ul class="qz-accepted">{"".join(alternatives)}</ul>'))
    back = _lang_block(extras) if extras else ""
    return CardHtml(_lang_block(texts), back, explanation, source)


def _order(
    question: Question, data: OrderData, langs: tuple[str, ...], prompt: str
) -> tuple[str, str]:
    texts = [*data.steps, *data.distractors]
    order = _fixed_order(question, len(texts))
    if len(order) > 1 and order == sorted(order):
        order = order[1:] + order[:1]  # never show the answer as the question
    letters = [""] * len(texts)
    for pos, index in enumerate(order):
        letters[index] = _letter(pos)
    items = [
        f'<li><span class="qz-letter">{letters[i]}</span> {_local_inline(text, langs)}</li>'
        for i, text in enumerate(texts)
    ]
    front_items = "".join([items[i] for i in order])
    hint = _ui("order", langs) + (" " + _ui("some_out", langs) if data.distractors else "")
    front = f'{prompt}<p class="qz-hint">{hint}</p><ul class="qz-options">{front_items}</ul>'
    steps = [  # a group is one numbered place holding its steps, in any order
        items[group[0]]
        if len(group) == 1
        else f'<li><span class="qz-hint">{_ui("any_order", langs)}</span>'
        f"<ul>{''.join(items[i] for i in group)}</ul></li>"
        for group in data.groups()
    ]
    back = f'<ol class="qz-steps">{"".join(steps)}</ol>'
    if data.distractors:
        out = "".join(items[len(data.steps) :])
        back += (
            f'<p class="qz-hint">{_ui("not_part", langs)}</p>'
            f'<ul class="qz-options qz-wrong">{out}</ul>'
        )
    return front, back


def _diagram(data: DiagramData, langs: tuple[str, ...], prompt: str) -> tuple[str, str]:
    numbers = {blank: n for n, blank in enumerate(data.blanks, start=1)}
    answers: dict[str, str] = {}
    table = _ladder(data, langs, numbers, answers)

    # Every slot has its answer; a str.replace per blank beats a regex with a callback.
    front = back = table
    for n, answer in answers.items():
        slot = f"<!--qz:{n}-->"
        front = front.replace(slot, f'<span class="qz-blank"><sup>{n}</sup>____</span>')
        back = back.replace(slot, f'<span class="qz-filled"><sup>{n}</sup>{answer}</span>')
    return prompt + front, back  # the back: the filled ladder alone, shown below the marker


def _ladder(
    data: DiagramData,
    langs: tuple[str, ...],
    numbers: dict[str, int],
    answers: dict[str, str],
) -> str:
    """A two-column ladder as an HTML table: states at the sides, messages in the middle.

    Blanks are left as `<!--qz:n-->` slots (escaped pack text can never hold a '<') and their
    escaped answers go to `answers`, so one pass serves the front and the back.
    """

    def cell(row: int, field: str, value: Any) -> str:
        n = numbers.get(f"{row}.{field}")
        if n is None:
            return escape(str(value))
        answers[str(n)] = escape(str(value))
        return f"<!--qz:{n}-->"

    left, right = (_local_inline(p, langs) for p in data.participants)
    rows = [f"<tr><th>{left}</th><th></th><th>{right}</th></tr>"]
    if data.start:
        start_left, start_right = (escape(s) for s in data.start)
        rows.append(
            f'<tr class="qz-state"><td>{start_left}</td><td></td><td>{start_right}</td></tr>'
        )
    for r, row in enumerate(data.rows, start=1):
        label = [f'<span class="qz-flags">{cell(r, "flags", row.flags)}</span>']
        for field in ("seq", "ack"):
            value = getattr(row, field)
            if value is not None and value != "":
                label.append(f"{field}={cell(r, field, value)}")
        if row.len:
            label.append(f"len={row.len}")
        head, tail = ("", "▶") if row.dir == "->" else ("◀", "")
        lost = " qz-lost" if row.lost else ""
        # The shaft shrinks on a narrow screen (a phone at 390 px); heads and ✕ stay whole.
        shaft = f'<span class="qz-shaft">{"─" * 8}</span>'
        arrow = f'<div class="qz-arrow{lost}">{head}{shaft}{"✕" if row.lost else ""}{tail}</div>'
        note = f'<div class="qz-note">{_local_inline(row.note, langs)}</div>' if row.note else ""
        left_state = cell(r, "left", row.left) if row.left else ""
        right_state = cell(r, "right", row.right) if row.right else ""
        rows.append(
            f'<tr><td class="qz-state">{left_state}</td>'
            f'<td class="qz-msg">{" ".join(label)}{arrow}{note}</td>'
            f'<td class="qz-state">{right_state}</td></tr>'
        )
    return f'<table class="qz-ladder">{"".join(rows)}</table>'
