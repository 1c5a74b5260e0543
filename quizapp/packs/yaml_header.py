"""A question's YAML header read safely: `yaml.safe_load`'s loader with our limits (no
aliases, no object tags, no `!!binary`, no duplicate keys, YAML 1.2 booleans, 64 KiB), and
every fault reported at the file line an author must fix, in words they can act on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from quizapp.errors import PackProblem
from quizapp.i18n import _
from quizapp.packs.text import SECTION_RE, control_lines, first_control, neutralise_controls

MAX_HEADER_BYTES = 64 * 1024

if TYPE_CHECKING:  # the C loader (when libyaml is there) has the same interface
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader with YAML 1.2 booleans: `Yes`, `No`, `on`, `off` stay strings.

    Quiz options are often literally "Yes"/"No"; YAML 1.1 would turn them into booleans.
    """

    control_at: list[tuple[int, str]]  # (line, character) of each control character found

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        """Refuse a key written twice: YAML forbids it, and PyYAML would keep the last silently."""
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _value in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        _("key '{key}' appears twice").format(key=key),
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_scalar(self, node: Any) -> Any:
        """Every string after YAML's escapes (`"\\e[31m"`, `"\\x1f"`): controls made visible,
        and the line of each noted in `control_at` for `pack check`."""
        value = super().construct_scalar(node)
        if isinstance(value, str):
            code = first_control(value)
            if code is not None:
                self.control_at.append((node.start_mark.line, code))
                value = neutralise_controls(value)
        return value

    def refuse_binary(self, node: Any) -> Any:
        """`!!binary` builds bytes no pack field takes and no check sees into."""
        raise yaml.constructor.ConstructorError(
            None, None, _("!!binary values are not allowed in packs"), node.start_mark
        )


_Loader.add_constructor("tag:yaml.org,2002:binary", _Loader.refuse_binary)


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _has_alias(text: str) -> bool:
    """True when YAML uses anchors/aliases: refused, since they can explode memory."""
    if "&" not in text and "*" not in text:
        return False
    return any(
        isinstance(event, yaml.NodeEvent) and event.anchor
        for event in yaml.parse(text, Loader=_Loader)
    )


def _fault_mark(exc: yaml.MarkedYAMLError) -> Any:
    """Where the author must look: the opening of an unclosed quote or bracket, else the fault.

    For block mappings and plain scalars PyYAML's context is the top of the whole header, so
    the problem mark (the badly indented or tabbed line) is the useful one.
    """
    context = exc.context or ""
    if exc.context_mark and any(w in context for w in ("quoted", "flow", "simple key")):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What an author usually did wrong when PyYAML says this."""
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()
    mark, fault = exc.problem_mark, _fault_mark(exc)
    at = ""
    if mark is not None and mark.line < len(lines) and mark.column < len(lines[mark.line]):
        at = lines[mark.line][mark.column]
    if fault is not None and fault.line < len(lines) and SECTION_RE.match(lines[fault.line]):
        return _("; the header runs into the body: add a '---' line before this section")
    if "tab" in problem or at == "\t":
        return _("; YAML cannot be indented with tabs: use spaces")
    if "quoted" in context and "end of stream" in problem:
        return _("; a quote opened on this line is never closed")
    if "expected key" in problem or "'-' indicator" in problem or "<block end>" in problem:
        return _("; check this line's indentation (and for text after a closing quote)")
    if "mapping values are not allowed" in problem:
        return _("; put the value in quotes when it contains ': '")
    if "expected ':'" in problem:
        return _("; header lines are 'key: value'")
    return ""


def control_problem(file: str, line: int, code: str, escaped: bool = False) -> PackProblem:
    """A control or bidi-override character: shown as a visible symbol, refused by the check."""
    if escaped:
        message = _(
            "a YAML escape writes the control character {code}, which can drive a terminal "
            "or break an Anki deck (or, for bidi overrides, make the text read differently); "
            "remove it"
        )
    else:
        message = _(
            "the text holds the control character {code}, which can drive a terminal or "
            "break an Anki deck (or, for bidi overrides, make the text read differently); "
            "remove it"
        )
    return PackProblem(file, line, message.format(code=code))


def load_yaml(
    text: str, file: str, first_line: int, notes: list[PackProblem] | None = None
) -> tuple[Any, list[PackProblem]]:
    """`yaml.safe_load` with our limits; problems point at the file line of the fault.

    Control characters, written raw or as escapes, come out as visible symbols; they are
    problems that do not stop loading when the caller gives `notes` to collect them in.
    """
    found = [control_problem(file, first_line + n - 1, c) for n, c in control_lines(text)]
    text = neutralise_controls(text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_HEADER_BYTES:
        return None, [PackProblem(file, first_line, _("YAML header is larger than 64 KiB"))]
    try:
        if _has_alias(text):
            return None, [
                PackProblem(file, first_line, _("YAML anchors and aliases (&, *) are not allowed"))
            ]
        loader = _Loader(text)
        loader.control_at = []
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        found += [control_problem(file, first_line + n, c, True) for n, c in loader.control_at]
        if notes is None:
            return (None, found) if found else (data, [])
        notes.extend(found)
        return data, []
    except yaml.MarkedYAMLError as exc:
        mark = _fault_mark(exc)
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or _("invalid YAML")
        if "!!binary" in problem:
            return None, [PackProblem(file, line, problem)]
        if "could not determine a constructor" in problem:
            problem = _("YAML tags that construct objects are not allowed ({problem})").format(
                problem=problem
            )
        message = _("YAML syntax error: {problem}").format(problem=problem) + _hint(exc, text)
        return None, [PackProblem(file, line, message)]
    except yaml.YAMLError as exc:
        return None, [PackProblem(file, first_line, _("YAML error: {error}").format(error=exc))]
    except RecursionError:
        return None, [PackProblem(file, first_line, _("YAML is nested too deeply"))]


def key_line(header_text: str, header_line: int, loc: tuple[Any, ...]) -> int:
    """The file line of the YAML node at `loc` (keys and list indexes); the header line if gone."""
    try:
        node = yaml.compose(header_text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return header_line
    best = node.start_mark.line if node is not None else 0
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    best = key_node.start_mark.line
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                best = node.start_mark.line
            else:
                break
        else:
            break
    return header_line + best
