"""Finding the strings to translate and merging them into the catalogs, with Babel.

A developer tool (Babel comes with the test extra), used by `python -m quizapp.i18n update`
and by the test that every shown string has a Chinese translation. The .po files are
written sorted by msgid with file names but no line numbers, so two branches adding strings
rarely touch the same lines.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import read_po, write_po

from quizapp.i18n.catalog import DOMAIN, LOCALE_DIR

REPO = LOCALE_DIR.parent.parent
COMMENT_TAGS = ("TRANSLATORS:",)


def _method_map() -> list[tuple[str, str]]:
    """The [method: pattern] sections of babel.cfg, as `pybabel extract -F babel.cfg`."""
    pairs = []
    for line in (REPO / "babel.cfg").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and ":" in line:
            method, pattern = line.strip("[]").split(":", 1)
            pairs.append((pattern.strip(), method.strip()))
    return pairs


def extract() -> Catalog:
    """Every string the code marks with _(), ngettext() or N_(), as a template catalog."""
    template = Catalog(project="quizapp", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        REPO, _method_map(), comment_tags=COMMENT_TAGS, strip_comment_tags=True
    ):
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def update() -> list[Path]:
    """Merge the extracted strings into each .po: new ones empty, gone ones dropped, a
    changed English text kept as a fuzzy guess for the translator to check."""
    template = extract()
    for path in po_files():
        catalog = read(path)
        catalog.update(template, update_creation_date=False)
        with path.open("wb") as out:
            write_po(
                out,
                catalog,
                width=0,
                sort_output=True,
                ignore_obsolete=True,
                include_lineno=False,
            )
    return po_files()


def extract_cli(
    fileobj: BinaryIO, keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[Any]:
    """Babel extractor for quizapp/cli/: the marked strings, plus each click command's
    docstring, which click shows as its help (translated by cli/translate.py). Yields what
    Babel's own extract_python does: (line, keyword, message, comments)."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(
            _is_click_command(d) for d in node.decorator_list
        ):
            doc = ast.get_docstring(node)
            if doc:
                yield node.lineno, "", doc.split("\f")[0].strip(), []


def _is_click_command(decorator: ast.expr) -> bool:
    """`@click.command(...)` or `@x.group(...)` without its own help= (which wins)."""
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
    keywords = decorator.keywords if isinstance(decorator, ast.Call) else []
    return name in ("command", "group") and all(k.arg != "help" for k in keywords)
