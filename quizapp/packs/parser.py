"""Split a pack's Markdown file into questions: YAML header (safe_load only) + Markdown body.

Each question: a `---` line, its YAML header, a closing `---` line, then its Markdown body up
to the next `---` line, split into sections by `[en]`, `[en.answer]`, `[zh-CN]`... markers.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from typing import Any

from quizapp.errors import PackProblem
from quizapp.i18n import _
from quizapp.packs.text import (  # noqa: F401  (MAX_FILE_BYTES, neutralise_controls: re-exported)
    LANG_RE,
    MAX_FILE_BYTES,
    SECTION_KINDS,
    SECTION_RE,
    control_lines,
    did_you_mean,
    first_control,
    neutralise_controls,
)
from quizapp.packs.yaml_header import control_problem, load_yaml


@dataclass
class Section:
    """One language section of a body, with the line its marker stands on."""

    lang: str
    kind: str
    text: str
    line: int
    body_line: int
    """File line where `text` starts (after the marker and any blank lines it dropped)."""


@dataclass
class RawQuestion:
    """A question as written: header mapping plus body sections, with line numbers."""

    file: str
    line: int
    """Line of the opening `---`."""
    header_text: str
    header_line: int
    """Line of the header's first line (opening `---` + 1)."""
    header: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    content_hash: str = ""


def _is_delimiter(line: str) -> bool:
    return line.rstrip() == "---"


def split_blocks(text: str) -> tuple[list[tuple[int, list[str], int, list[str]]], list[int]]:
    """Cut a file into (open-line, header lines, body-line, body lines) blocks.

    Returns the blocks and the line numbers of stray text before the first header.
    """
    lines = text.splitlines()
    blocks: list[tuple[int, list[str], int, list[str]]] = []
    stray: list[int] = []
    i, n = 0, len(lines)
    while i < n and not _is_delimiter(lines[i]):
        if lines[i].strip():
            stray.append(i + 1)
        i += 1
    while i < n:
        open_line = i + 1
        i += 1
        header_start = i
        while i < n and not _is_delimiter(lines[i]):
            i += 1
        header = lines[header_start:i]
        if i >= n:  # header never closed
            blocks.append((open_line, header, -1, []))
            break
        i += 1
        body_start = i
        while i < n and not _is_delimiter(lines[i]):
            i += 1
        blocks.append((open_line, header, body_start + 1, lines[body_start:i]))
    return blocks, stray


def parse_sections(
    body: list[str], body_line: int, file: str, problems: list[PackProblem]
) -> list[Section]:
    """Split a body into language sections; report stray text and malformed markers."""
    sections: list[Section] = []
    current: Section | None = None
    chunk: list[str] = []

    def close() -> None:
        if current is not None:
            current.text = "\n".join(chunk).strip("\n")
            blank = next((i for i, line in enumerate(chunk) if line), len(chunk))
            current.body_line += blank  # `text` starts after the blank lines it dropped
            sections.append(current)

    seen: dict[tuple[str, str], int] = {}
    for offset, raw in enumerate(body):
        lineno = body_line + offset
        match = SECTION_RE.match(raw)
        if match:
            lang, kind = match["lang"], (match["kind"] or "prompt")
            if not LANG_RE.match(lang):
                problems.append(
                    PackProblem(file, lineno, _("'{lang}' is not a language tag").format(lang=lang))
                )
            if kind not in SECTION_KINDS:
                hint = difflib.get_close_matches(kind, SECTION_KINDS, n=1)
                tip = did_you_mean(f"[{lang}.{hint[0]}]" if hint else None)
                message = _(
                    "unknown section '[{lang}.{kind}]' (sections: "
                    "[{lang}], [{lang}.answer], [{lang}.explanation])"
                ).format(lang=lang, kind=kind)
                problems.append(PackProblem(file, lineno, message + tip))
            if (lang, kind) in seen:
                section = lang if kind == "prompt" else f"{lang}.{kind}"
                message = _("section [{section}] appears twice (first at line {line})")
                problems.append(
                    PackProblem(
                        file, lineno, message.format(section=section, line=seen[(lang, kind)])
                    )
                )
            seen[(lang, kind)] = lineno
            close()
            current = Section(lang, kind, "", lineno, lineno + 1)
            chunk = []
        elif current is None:
            if raw.strip():
                problems.append(
                    PackProblem(
                        file,
                        lineno,
                        _(
                            "text before the first language section; start the body with a "
                            "marker line such as '[en]'"
                        ),
                    )
                )
        else:
            chunk.append(raw)
    close()
    return sections


def parse_file(text: str, file: str) -> tuple[list[RawQuestion], list[PackProblem]]:
    """Parse one pack Markdown file into raw questions and the problems found on the way."""
    text = text.removeprefix("\ufeff")
    problems = [control_problem(file, n, code) for n, code in control_lines(text)]
    text = neutralise_controls(text)
    blocks, stray = split_blocks(text)
    if stray:
        problems.append(
            PackProblem(file, stray[0], _("text before the first question; open it with '---'"))
        )
    if not blocks and not stray:
        problems.append(PackProblem(file, 1, _("file holds no questions")))
    questions: list[RawQuestion] = []
    for open_line, header_lines, body_line, body in blocks:
        if body_line < 0:
            problems.append(
                PackProblem(file, open_line, _("question header is not closed by a '---' line"))
            )
            continue
        header_text = "\n".join(header_lines)
        data, yaml_problems = load_yaml(header_text, file, open_line + 1, notes=problems)
        problems.extend(yaml_problems)
        if yaml_problems:
            continue
        if data is None and not header_text.strip():
            problems.append(
                PackProblem(
                    file,
                    open_line,
                    _(
                        "empty question header: a '---' line always opens or closes one; if "
                        "this '---' only separates questions, delete it (use *** for a rule)"
                    ),
                )
            )
            continue
        if not isinstance(data, dict):
            problems.append(
                PackProblem(
                    file,
                    open_line,
                    _(
                        "question header must be a YAML mapping (key: value lines), got {kind}"
                    ).format(kind=_("nothing") if data is None else type(data).__name__),
                )
            )
            continue
        sections = parse_sections(body, body_line, file, problems)
        digest = hashlib.sha256()
        digest.update(header_text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update("\n".join(body).strip().encode("utf-8", "surrogatepass"))
        questions.append(
            RawQuestion(
                file=file,
                line=open_line,
                header_text=header_text,
                header_line=open_line + 1,
                header=data,
                sections=sections,
                content_hash=digest.hexdigest()[:16],
            )
        )
    return questions, problems
