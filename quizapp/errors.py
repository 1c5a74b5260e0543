"""Errors a user can cause. The CLI and UI show them as messages, never as tracebacks."""

from __future__ import annotations

from typing import NamedTuple


class QuizappError(Exception):
    """Base for every error that is the user's input, not our bug."""


class PackProblem(NamedTuple):
    """One problem in a pack, pointing at the file and line an author must fix."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class PackError(QuizappError):
    """A pack (or a pack reference) that cannot be used; carries every problem found."""

    def __init__(self, problems: list[PackProblem] | PackProblem | str) -> None:
        if isinstance(problems, str):
            problems = [PackProblem("", 0, problems)]
        elif isinstance(problems, PackProblem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) if p.file else p.message for p in problems))


class StoreError(QuizappError):
    """The database cannot be opened, migrated or written; the file is left untouched."""
