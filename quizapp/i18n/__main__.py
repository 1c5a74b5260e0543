"""Catalog commands for developers (docs/translating.md):

python -m quizapp.i18n update    extract every marked string into each .po
python -m quizapp.i18n compile   compile each .po into the .mo gettext reads
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        from quizapp.i18n.extract import update

        for path in update():
            print(f"updated {path}")
        return 0
    if argv == ["compile"]:
        from quizapp.i18n.catalog import compile_all

        for path in compile_all():
            print(f"compiled {path}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
