"""pydantic's validation errors in words a pack author can act on, at the key they are about.

pydantic says `string_pattern_mismatch` at `('choice', 'options', 0, 'text', 'str')`; an author
needs "'id' is 'My Q': use lowercase letters ..., e.g. 'my-q'" at the line of `id:`. The
validator asks here for the words and the location; `key_line` turns the location into a line.
"""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel

from quizapp.domain.question_data import QUESTION_TYPES
from quizapp.errors import PackProblem
from quizapp.i18n import N_, _
from quizapp.packs.format import ID_PATTERN, LANG_PATTERN, TAG_PATTERN
from quizapp.packs.text import did_you_mean, slug_id

# format.py's string patterns, in words an author can act on.
_PATTERN_RULES = {
    ID_PATTERN: N_(
        "use lowercase letters, digits, '.', '_' and '-' "
        "(at most 80, starting with a letter or digit)"
    ),
    LANG_PATTERN: N_("write a language tag such as 'en' or 'zh-CN'"),
    TAG_PATTERN: N_("use letters, digits, '.', '/', '_' and '-' (at most 60, no spaces)"),
}
# What a value of the wrong kind should have been; union branches are joined with "or".
_KIND_WORDS = {
    "string_type": N_("text"),
    "list_type": N_("a list (e.g. [a, b])"),
    "dict_type": N_("a mapping (e.g. {en: ..., zh-CN: ...})"),
    "int_type": N_("a whole number"),
    "int_parsing": N_("a whole number"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
}
_BRANCH_RE = re.compile(
    r"^(constrained-str|str|int|bool|float|none|(dict|list)\[.*\]|one-step|step-group)$"
)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside an annotation (through Optional, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed at `loc` inside `model`, for did-you-mean hints."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        current = _model_in(info.annotation) if info else None
    return list(current.model_fields) if current else []


def describe_validation_error(
    err: Any, model: type[BaseModel] | None, header: dict[str, Any]
) -> tuple[tuple[Any, ...], str]:
    """A pydantic error as (location in the YAML, message an author understands)."""
    kind = err["type"]
    loc = tuple(err["loc"])
    if kind == "union_tag_not_found":
        return (), _("missing 'type' (one of: {types})").format(types=", ".join(QUESTION_TYPES))
    if kind == "union_tag_invalid":
        tag = str(header.get("type"))
        hint = difflib.get_close_matches(tag, QUESTION_TYPES, n=1)
        message = _("unknown type '{type}' (one of: {types})").format(
            type=tag, types=", ".join(QUESTION_TYPES)
        )
        return ("type",), message + did_you_mean(hint[0] if hint else None)
    if model is not None and loc and loc[0] == header.get("type"):
        loc = loc[1:]  # discriminated unions put the tag first
    # Unions (str | dict, int | str) report each branch under a type name: drop those.
    loc = tuple(p for p in loc if not (isinstance(p, str) and _BRANCH_RE.match(p)))
    dotted = ".".join(str(p) for p in loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _fields_at(model, loc[:-1]) if model else []
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        return loc, _("unknown key '{key}'").format(key=dotted) + did_you_mean(
            hint[0] if hint else None
        )
    if kind == "missing":
        return loc[:-1], _("missing required key '{key}'").format(key=dotted)
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") in _PATTERN_RULES:
        value = str(err["input"])
        rule = _(_PATTERN_RULES[err["ctx"]["pattern"]])
        fixed = slug_id(value)[:80]
        tip = _(", e.g. '{id}'").format(id=fixed) if loc[-1:] == ("id",) and fixed else ""
        return loc, _("'{field}' is '{value}': {rule}").format(
            field=dotted, value=value, rule=rule
        ) + tip
    if kind in _KIND_WORDS and dotted:
        quote = ""
        if kind == "string_type" and isinstance(err["input"], int | float):
            quote = _(" (put {value} in quotes)").format(value=err["input"])
        return loc, _must_be().format(field=dotted, kind=_(_KIND_WORDS[kind]) + quote)
    message = _custom_message(err)
    if not dotted:
        return loc, message
    return loc, _("'{field}': {problem}").format(field=dotted, problem=message)


def _must_be() -> str:
    """The one template every "must be" message uses, so `join_branches` can find its parts."""
    return _("'{field}' must be {kind}")


_CUSTOM = {
    "duplicate": N_("'{lang}' is listed twice"),
    "group": N_("a group needs at least 2 steps; write a single step without brackets"),
}
"""format.py's own errors (PydanticCustomError), by type, in the interface language."""


def _custom_message(err: Any) -> str:
    """Our own errors translated; pydantic's other wording stays as pydantic writes it."""
    template = _CUSTOM.get(err["type"])
    if template is None:
        return str(err["msg"])
    return _(template).format(**err.get("ctx", {}))


def join_branches(problems: list[PackProblem]) -> list[PackProblem]:
    """One message per place: "'x' must be text" + "'x' must be a list" -> "... text or a list"."""
    merged: list[PackProblem] = []
    template = _must_be()
    middle = template.split("{field}")[1].split("{kind}")[0]
    end = template.split("{kind}")[1]
    for problem in problems:
        head, sep, want = problem.message.partition(middle)
        previous = merged[-1] if merged else None
        if (
            sep
            and previous is not None
            and (previous.file, previous.line) == (problem.file, problem.line)
            and previous.message.startswith(head + sep)
        ):
            joined = previous.message.removesuffix(end) + _(" or ") + want
            merged[-1] = PackProblem(problem.file, problem.line, joined)
        elif problem not in merged:  # a union reports once per branch
            merged.append(problem)
    return merged
