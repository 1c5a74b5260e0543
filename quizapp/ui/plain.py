"""The one door through which text reaches the screen in quizapp: as text, never as markup.

Textual reads a plain `str` given to `Static`, `Label` or `notify` as content markup, where
`[@click=app.quit]x[/]` is a live action, `[/FIN]` raises and `[TIME_WAIT]` vanishes. Pack text
(participants, states, notes, sources, titles, options...) must print exactly as written, so
every widget in `quizapp.ui` that shows text is built from the classes here, which never parse
markup, and the app's `notify` is switched to plain text in `QuizApp.notify`.
`tests/ui/test_pack_text_is_literal.py` fails when ui code imports Textual's own text widgets or
turns markup on anywhere. Buttons here carry only the app's own words, but go through the same
door (`Button`).
"""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Button as TextualButton
from textual.widgets import Label as TextualLabel
from textual.widgets import Static as TextualStatic


class Static(TextualStatic):
    """Textual's `Static` with markup off: a `str` (at creation or `update`) is shown as is."""

    def __init__(
        self,
        content: VisualType = "",
        *,
        expand: bool = False,
        shrink: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            content,
            expand=expand,
            shrink=shrink,
            markup=False,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )


class Label(TextualLabel):
    """Textual's `Label` with markup off."""

    def __init__(
        self,
        content: VisualType = "",
        *,
        expand: bool = False,
        shrink: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            content,
            expand=expand,
            shrink=shrink,
            markup=False,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )


class Button(TextualButton):
    """Textual's `Button` whose label is text: a `str` label is wrapped in `Content` (which
    Textual leaves as it is) instead of being parsed as markup."""

    def __init__(
        self,
        label: str,
        *,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        compact: bool = False,
    ) -> None:
        super().__init__(Content(label), id=id, classes=classes, disabled=disabled, compact=compact)
