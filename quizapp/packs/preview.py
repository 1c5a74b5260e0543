"""`quizapp pack show`: questions rendered in the terminal, answers included, for authors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.domain.pack import Pack
from quizapp.domain.question import Question
from quizapp.domain.text import CLOZE_RE, local
from quizapp.errors import PackError
from quizapp.i18n import _, ngettext
from quizapp.packs.text import neutralise_controls

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def _markdown(text: str) -> RenderableType:
    """Rich Markdown parsed with the pack dialect (raw HTML off, so tags print as text)."""
    from rich.markdown import Markdown

    from quizapp.packs.markdown import parser

    md = Markdown("")
    md.markup = text
    md.parsed = parser().parse(text)
    return md


def _structured(q: Question, lang: str, fallbacks: tuple[str, ...]) -> list[RenderableType]:
    """The type-specific part (options, steps, ladder) with the answers marked."""
    from rich.table import Table
    from rich.text import Text

    data: Any = q.data
    out: list[RenderableType] = []
    if q.type == "choice":
        for n, option in enumerate(data.options, 1):
            mark = "[x]" if option.correct else "[ ]"
            line = Text(f"  {n}. {mark} {local(option.text, lang, fallbacks)}")
            if option.feedback:
                line.append(f"  — {local(option.feedback, lang, fallbacks)}", style="dim")
            out.append(line)
    elif q.type == "typed":
        accept = data.accept if isinstance(data.accept, tuple) else data.accept.get(lang, ())
        out.append(
            Text(_("  accepted: {answers}").format(answers=" | ".join(accept)), style="green")
        )
    elif q.type == "cloze":
        blanks = CLOZE_RE.findall(q.text(lang, fallbacks).prompt)
        out.append(Text(_("  blanks: {answers}").format(answers="; ".join(blanks)), style="green"))
    elif q.type == "order":
        for n, step in enumerate(data.steps):  # a group's steps share a place: `4–5.`
            out.append(Text(f"  {data.place(n)}. {local(step, lang, fallbacks)}"))
        for step in data.distractors:
            shown = _("  ✗  {step}  (distractor)").format(step=local(step, lang, fallbacks))
            out.append(Text(shown, style="dim"))
    elif q.type == "diagram":
        names = [local(p, lang, fallbacks) for p in data.participants]
        table = Table(show_edge=False, pad_edge=False)
        for title in ("#", names[0], "", "segment", "", names[1]):
            table.add_column(Text(title))
        blank_slots = set(data.blanks)
        if data.start:
            table.add_row(*map(Text, ("", data.start[0], "", "", "", data.start[1])))
        for i, row in enumerate(data.rows, 1):

            def cell(field: str, value: Any, row_no: int = i) -> str:
                text = "" if value is None else str(value)
                return f"[{text}]" if f"{row_no}.{field}" in blank_slots else text

            label = " ".join(
                part
                for part in (
                    cell("flags", row.flags),
                    f"seq={cell('seq', row.seq)}" if row.seq is not None else "",
                    f"ack={cell('ack', row.ack)}" if row.ack is not None else "",
                    f"len={row.len}" if row.len else "",
                    "(lost)" if row.lost else "",
                )
                if part
            )
            arrow_l, arrow_r = ("", "──►") if row.dir == "->" else ("◄──", "")
            cells = (
                str(i),
                cell("left", row.left),
                arrow_l,
                label,
                arrow_r,
                cell("right", row.right),
            )
            table.add_row(*map(Text, cells))  # Text, not str: pack text is never markup
        out.append(table)
        out.append(Text("  [..] = blank the learner fills in", style="dim"))
    return out


def render_question(q: Question, lang: str, fallbacks: tuple[str, ...]) -> list[RenderableType]:
    """Everything an author wants to see about one question."""
    from rich.rule import Rule
    from rich.text import Text

    text = q.text(lang, fallbacks)
    tags = ", ".join(q.tags) or _("no tags")
    parts: list[RenderableType] = [
        Rule(Text(f"{q.key}  ·  {q.type}  ·  {tags}", style="bold")),
        Text(f"{q.file}:{q.line}", style="dim"),
        _markdown(text.prompt),
        *_structured(q, lang, fallbacks),
    ]
    if text.answer:
        parts += [Text(_("Answer"), style="bold green"), _markdown(text.answer)]
    if text.explanation:
        parts += [Text(_("Why"), style="bold cyan"), _markdown(text.explanation)]
    if q.source:
        parts.append(Text(_("Source: {source}").format(source=q.source), style="dim"))
    return parts


def print_pack(
    pack: Pack, question_id: str | None, lang: str | None, console: Console | None = None
) -> None:
    """Print a whole pack, or one question of it."""
    from rich.console import Console
    from rich.text import Text

    from quizapp import cjk_wrap

    cjk_wrap.install()  # Chinese text wraps at the line's end, not at the last space
    console = console or Console()
    fallbacks = pack.languages
    if lang and fallbacks and lang not in fallbacks:  # else it silently shows the first
        raise PackError(
            _("pack '{pack}' has no '{lang}' text (its languages: {langs})").format(
                pack=pack.id, lang=lang, langs=", ".join(fallbacks)
            )
        )
    lang = lang or (fallbacks[0] if fallbacks else "en")
    for problem in pack.problems:
        console.print(Text(neutralise_controls(f"{pack.path}/{problem}"), style="red"))
    if question_id:
        q = pack.question(question_id)
        if q is None:
            raise PackError(
                _("pack '{pack}' has no question '{id}'").format(pack=pack.id, id=question_id)
            )
        questions: tuple[Question, ...] = (q,)
    else:
        count = len(pack.questions)
        heading = ngettext("{title}  ({n} question)", "{title}  ({n} questions)", count)
        console.print(Text(heading.format(title=pack.title(lang), n=count), style="bold"))
        questions = pack.questions
    for q in questions:
        for part in render_question(q, lang, fallbacks):
            console.print(part)
        console.print()
