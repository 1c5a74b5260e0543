"""The key footer of every screen: one widget that draws the screen's keys on one line.

It draws what Textual's compact Footer draws (each key, a space, its description; the command
palette's key on the right behind a thin bar), in the same theme colours, but as one line of
text instead of a container with a widget per key. Textual's footer mounts, styles and lays out
a widget per key, and rebuilds them all whenever the bindings change: before the first question
that cost about as much as the rest of the study screen together (~55 M instructions of a
~1,250 M start). Here a change of keys is only a repaint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from quizapp.i18n import _

if TYPE_CHECKING:
    from textual.binding import Binding


class FooterItem(NamedTuple):
    """One key as drawn: what it does, how it is shown, and the columns it takes."""

    action: str
    key: str
    key_display: str
    description: str
    enabled: bool
    tooltip: str
    start: int
    end: int
    """First column after the key (exclusive)."""
    palette: bool = False
    """The command palette's key, drawn at the right end."""


class Footer(Widget, can_focus=False):
    """The keys of the screen it is on, one per action, as Textual's compact footer shows them."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--key",
        "footer--description",
        "footer--hover",
        "footer--bar",
    }
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--hover {
            background: $block-hover-background;
        }
        & > .footer--bar {
            color: $foreground 20%;
        }
    }
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

    def __init__(self, *, compact: bool = True) -> None:
        # `compact` is kept for the screens' calls: every footer of the app is compact
        super().__init__()
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    # -- what is shown -------------------------------------------------------------------
    def items(self) -> list[FooterItem]:
        """The keys drawn at the footer's width, left to right, the palette's key last."""
        width = self.size.width or self.app.size.width
        wide = self.app.size.width >= self.WIDE
        seen: set[str] = set()
        items: list[FooterItem] = []
        x = 0
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)  # one key per action, the first, as Textual's footer
            if not wide and binding.action in self.WIDE_ONLY:
                continue
            item = self._item(binding, active.enabled, active.tooltip, x)
            items.append(item)
            x = item.end + 1  # a column between keys
        palette = self._palette(width)
        if palette is not None:
            items = [i for i in items if i.end <= palette.start - 1]
            items.append(palette)
        return items

    def _item(
        self, binding: Binding, enabled: bool, tooltip: str, start: int, palette: bool = False
    ) -> FooterItem:
        # bindings are declared at import with N_(): shown in the interface language
        description = _(binding.description) if binding.description else ""
        display = self.app.get_key_display(binding)
        width = cell_len(display) + (1 + cell_len(description) if description else 0)
        return FooterItem(
            binding.action,
            binding.key,
            display,
            description,
            enabled,
            tooltip or binding.tooltip,
            start,
            start + width,
            palette,
        )

    def _palette(self, width: int) -> FooterItem | None:
        """The command palette's key at the right end (after a one-column bar), if offered."""
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        item = self._item(active.binding, active.enabled, active.tooltip, 0, palette=True)
        size = item.end - item.start
        # a column of margin at the right end, as each key has (Textual's compact footer)
        return item._replace(start=width - 1 - size, end=width - 1)

    # -- drawing -------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """The keys as segments in the theme's footer styles, gaps in the bare background
        (Textual's line API: the one line is drawn here, not through a renderable)."""
        width = self.size.width
        if y != 0 or not width:
            return Strip.blank(width, self.rich_style)
        key_style = self.get_component_rich_style("footer--key")
        text_style = self.get_component_rich_style("footer--description")
        hover = self.get_component_rich_style("footer--hover")
        bar_style = self.get_component_rich_style("footer--bar")
        blank = Style(bgcolor=self.rich_style.bgcolor)
        segments: list[Segment] = []
        x = 0
        for index, item in enumerate(self.items()):
            if item.start > x:
                gap = item.start - x - (1 if item.palette else 0)
                segments.append(Segment(" " * gap, blank))
                if item.palette:
                    segments.append(Segment("▏", bar_style))
            extra = Style(
                dim=None if item.enabled else True,
                bgcolor=hover.bgcolor if index == self._hover else None,
            )
            segments.append(Segment(item.key_display, key_style + extra))
            if item.description:
                segments.append(Segment(" " + item.description, text_style + extra))
            x = item.end
        if x < width:
            segments.append(Segment(" " * (width - x), blank))
        return Strip(segments).crop(0, width)

    # -- the mouse -----------------------------------------------------------------------
    def _at(self, x: int) -> tuple[int, FooterItem] | None:
        """The key drawn at column `x` and its place in `items()`, if any."""
        for index, item in enumerate(self.items()):
            if item.start <= x < item.end:
                return index, item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._at(event.x)
        hover = found[0] if found is not None else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = found[1].tooltip or None if found is not None else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        found = self._at(event.x)
        if found is None:
            return
        item = found[1]
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
