"""The packs on offer: loading the ones asked for, and the home screen's list of every pack
(broken ones too) with what is new and due in it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from quizapp.errors import PackProblem
from quizapp.i18n import _

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.store.repository import Store


class PackSummary(NamedTuple):
    """One row of the pack list."""

    id: str
    title: str
    path: str
    total: int
    new: int
    learning: int
    due: int
    """Due now (store/records.DUE_NOW): reviews due today and learning steps due within the
    learn-ahead window; what `s` will show before new questions."""
    problems: tuple[PackProblem, ...]
    """Non-empty for a broken pack, which is still listed so the user can fix it."""
    next_due: datetime | None
    """When something in the pack next falls due, for the "nothing due" empty state."""
    new_hidden: int = 0
    """Unseen questions in the pack that today's new limit holds back."""


def load_packs(packs_dirs: Sequence[str], pack_refs: Sequence[str] = ()) -> list[Pack]:
    """The packs `pack_refs` names (ids or folders), or every installed pack when it is empty.

    Only the chosen packs are loaded when there are some: no need to read every installed one.
    """
    from quizapp.packs.discovery import load_all, resolve_pack

    if pack_refs:
        return [resolve_pack(ref, packs_dirs) for ref in pack_refs]
    return load_all(packs_dirs)


def summarize_packs(store: Store, packs: list[Pack], now: datetime, lang: str) -> list[PackSummary]:
    """Summaries in the order of `packs`; `new` is capped by today's new-question limit."""
    from quizapp.store.counts import pack_counts

    settings = store.load_settings()
    counts = pack_counts(store, now, settings)
    done = store.day_counts(settings.day_start(now), now)
    new_left = max(0, settings.new_per_day - done.new)
    out: list[PackSummary] = []
    for pack in packs:
        c = counts.get(pack.id)
        out.append(
            PackSummary(
                id=pack.id,
                title=pack.title(lang),
                path=str(pack.path),
                total=c.total if c else len(pack.questions),
                new=min(c.new if c else len(pack.questions), new_left),
                learning=c.learning if c else 0,
                due=c.due if c else 0,
                problems=pack.problems,
                next_due=c.next_due if c else None,
                new_hidden=max(0, (c.new if c else len(pack.questions)) - new_left),
            )
        )
    return out


def check_tag(packs: list[Pack], tag: str | None, *, leeches: bool = True) -> None:
    """QuizappError when no question in `packs` carries `tag`, naming the tags they do have.

    Without this, `study --tag typo` opened on "Nothing due right now", which reads as
    "come back later" when the filter can never match. `leeches`: the caller reads the
    database, where the scheduler tags leeches (a quiz does not).
    """
    from quizapp.errors import QuizappError

    if not tag or (leeches and tag == "leech"):  # set by the scheduler, not written in packs
        return
    tags = {t for pack in packs for q in pack.questions for t in q.tags}
    if tag in tags:
        return
    where = ", ".join(p.id for p in packs) or _("the installed packs")
    known = ", ".join(sorted(tags)) or _("none")
    if leeches:
        known += _("; 'leech' selects leeches")
    raise QuizappError(
        _("no question in {where} has the tag '{tag}' (tags there: {known})").format(
            where=where, tag=tag, known=known
        )
    )


def resolve_lang(packs: list[Pack], lang: str | None) -> str | None:
    """`--lang` as the packs spell it ('zh-cn' or 'zh' -> 'zh-CN'); QuizappError when it
    names a language neither a loaded pack nor the interface has.

    Without this, `study --lang xx` quietly showed each pack's first language while `pack
    show --lang xx` refused it: one flag, two meanings.
    """
    from quizapp.errors import QuizappError
    from quizapp.i18n import INTERFACE_LANGUAGES, normalise

    languages = sorted({code for pack in packs for code in pack.languages})
    if not lang or lang in languages:
        return lang
    same = [code for code in languages if code.lower() == lang.lower()]
    chosen = same[0] if same else normalise(lang)  # an interface language: 'zh', 'en-GB'
    if chosen is None:
        known = ", ".join(sorted({*languages, *INTERFACE_LANGUAGES}))
        raise QuizappError(
            _("no pack or interface has the language '{lang}' (known: {known})").format(
                lang=lang, known=known
            )
        )
    return chosen
