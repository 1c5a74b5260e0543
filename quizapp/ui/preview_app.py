"""The app behind `quizapp pack preview`: the study screens' widgets, no database at all."""

from __future__ import annotations

import os
from pathlib import Path

from textual import events, on

from quizapp.services.preview import PackPreview
from quizapp.ui.app import QuizApp


class PreviewApp(QuizApp):
    """QuizApp with one screen, the preview: never opens (or creates) a study database."""

    def __init__(self, preview: PackPreview, *, lang: str | None = None, seed: int | None = None):
        # os.devnull, never opened: were it ever, SQLite would fail on it instead of creating
        # a file somewhere.
        super().__init__(Path(os.devnull), [preview.pack], lang=lang, seed=seed)
        self.preview = preview

    @on(events.Mount)
    def start_preview(self, event: events.Mount) -> None:
        """Straight to the preview; QuizApp's own on_mount (which opens the database) is not
        run: Textual calls the handlers of base classes too, unless the default is prevented."""
        from quizapp.ui.screens.preview import PreviewScreen

        event.prevent_default()
        self.push_screen(PreviewScreen(self.preview))

    def go_home(self) -> None:
        """There is no home screen: leaving the preview leaves the app."""
        self.exit(0)


def create_preview_app(
    path: str | os.PathLike[str], *, lang: str | None = None, seed: int | None = None
) -> PreviewApp:
    """Load the pack folder at `path` (PackError if there is none) and build the app."""
    return PreviewApp(PackPreview(path), lang=lang, seed=seed)
