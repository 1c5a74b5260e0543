"""Textual's Footer, rebuilt only when the keys it would show have changed."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from quizapp.i18n import _


class Footer(TextualFooter):
    """The key footer of every screen.

    Showing a question changes the screen's bindings three or four times in one frame (the
    screen resumes, the exercise takes focus, the screen asks for a refresh), and Textual's
    footer removes and rebuilds all its keys for each; at startup that alone cost ~10 ms
    before the first question. This one skips a rebuild that would draw the same keys.
    """

    WIDE_ONLY = frozenset(
        {
            "where",
            "discard",
            "app.focus_next",
            "cycle(1)",
            "search",
            "unbury",
            "custom_study",
            "settings",
        }
    )
    """Secondary actions, shown only when the terminal is at least `WIDE` columns: at 80
    columns they would push Help and Back (in a diagram blank: Give up, Quit, Help) off the
    line; Enter already walks a diagram's empty blanks; browse's search box is on screen,
    unbury is rare, and custom study and settings make room for Interview, Help and Quit on
    the home screen. Help and the command palette always list them; every other key a screen
    shows fits 80 columns in both languages (tests/ui/test_footer_keys.py)."""
    WIDE = 100

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._drawn: object = None

    def _wide(self) -> bool:
        return self.app.size.width >= self.WIDE

    def _keys(self) -> object:
        """Everything the footer's keys are drawn from."""
        bindings = self.screen.active_bindings.values()
        return (
            # before the screen says its bindings are ready Textual draws no keys: a rebuild
            # then must not count as drawn (a session summary's footer stayed empty)
            self._bindings_ready,
            self.show_command_palette,
            self._wide(),
            [
                (b.binding, b.enabled, b.tooltip, self.app.get_key_display(b.binding))
                for b in bindings
            ],
        )

    def compose(self) -> Any:
        """Textual's keys, already marked compact, so each is styled once rather than twice;
        on a narrow terminal without the WIDE_ONLY ones; descriptions translated."""
        wide = self._wide()
        widgets = [
            w
            for w in super().compose()
            if wide or not (isinstance(w, FooterKey) and w.action in self.WIDE_ONLY)
        ]
        self.styles.grid_size_columns = len(widgets)
        for widget in widgets:
            if isinstance(widget, FooterKey):
                # bindings are declared at import with N_(): shown in the interface language
                widget.description = _(widget.description) if widget.description else ""
                if self.compact:
                    widget.add_class("-compact", update=False)
            yield widget

    async def on_resize(self) -> None:
        """Add or drop the WIDE_ONLY keys when the terminal crosses `WIDE` columns."""
        await self.recompose()

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would come out the same as the ones on screen."""
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._drawn:
            return
        self._drawn = keys
        await super().recompose()
