"""Running the console entry point in-process, as a user's shell would see it."""

from __future__ import annotations

import pytest

from quizapp.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `quizapp argv` (user errors become messages and exit codes) -> (code, out, err)."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
