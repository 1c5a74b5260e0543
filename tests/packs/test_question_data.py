"""The domain's question data mirrors the format models, and is built without them."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from quizapp.domain.pack import PackInfo
from quizapp.domain.question_data import (
    COMMON_FIELDS,
    QUESTION_TYPES,
    ChoiceData,
    ChoiceOption,
    DiagramData,
    DiagramRow,
    question_data,
)
from quizapp.packs import format as pack_format
from quizapp.packs.format import MODEL_BY_TYPE, QUESTION_ADAPTER, plain_header

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp"

HEADERS: dict[str, dict[str, Any]] = {
    "flashcard": {"type": "flashcard"},
    "choice": {"type": "choice", "options": [{"text": "a", "correct": True}, {"text": "b"}]},
    "typed": {"type": "typed", "accept": ["x"]},
    "cloze": {"type": "cloze"},
    "order": {"type": "order", "steps": ["a", "b", "c"]},
    "diagram": {
        "type": "diagram",
        "participants": ["A", "B"],
        "rows": [{"dir": "->", "flags": "SYN"}],
        "blanks": ["1.flags"],
    },
}


def built(header: dict[str, Any]) -> Any:
    return question_data(plain_header(QUESTION_ADAPTER.validate_python({"id": "q", **header})))


def field_names(cls: Any) -> set[str]:
    return set(cls._fields)


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_each_type_has_the_fields_its_format_model_has(kind: str) -> None:
    """A key added to the format but not to the domain (or back) fails here, not in the app."""
    data = built(HEADERS[kind])
    derived = {"order": {"ranks"}}.get(kind, set())  # from `steps`' groups, not a key
    expected = set(MODEL_BY_TYPE[kind].model_fields) - COMMON_FIELDS
    assert field_names(type(data)) - derived == expected


def test_nested_records_and_pack_info_mirror_their_models() -> None:
    assert field_names(ChoiceOption) == set(pack_format.ChoiceOption.model_fields)
    assert field_names(DiagramRow) == set(pack_format.DiagramRow.model_fields)
    assert field_names(PackInfo) == set(pack_format.PackMeta.model_fields)


def test_defaults_and_coercions_arrive_as_the_format_decides() -> None:
    choice = built({"type": "choice", "options": [{"text": "a", "correct": "yes"}, {"text": "b"}]})
    assert isinstance(choice, ChoiceData)
    assert [o.correct for o in choice.options] == [True, False]  # 'yes' coerced, default False
    assert choice.shuffle is True and choice.multiple is None and not choice.is_multiple
    diagram = built({**HEADERS["diagram"], "rows": [{"dir": "->", "flags": "SYN", "len": "5"}]})
    assert isinstance(diagram, DiagramData)
    assert diagram.rows[0].len == 5 and diagram.rows[0].lost is False
    assert diagram.start is None and diagram.protocol is None


def test_grading_and_the_domain_never_import_the_packs_layer() -> None:
    """Exercises, protocols and the domain read questions; only packs/ knows the file format."""
    offenders = []
    for folder in ("domain", "exercises", "protocols"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{path.name}: {n}" for n in names if n.startswith("quizapp.packs")]
    assert offenders == []
