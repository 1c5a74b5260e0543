"""Semantic checks that turn a RawQuestion into a Question, or into problems at file:line."""

from __future__ import annotations

import difflib
import posixpath
import re
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ValidationError

from quizapp import protocols
from quizapp.domain.pack import PackInfo
from quizapp.domain.question import Question, QuestionText
from quizapp.domain.question_data import DIAGRAM_FIELDS, QUESTION_TYPES, DiagramData, question_data
from quizapp.domain.text import CLOZE_RE, local_langs
from quizapp.errors import PackProblem
from quizapp.packs.format import (
    ID_PATTERN,
    LANG_PATTERN,
    MODEL_BY_TYPE,
    QUESTION_ADAPTER,
    TAG_PATTERN,
    ChoiceQuestion,
    ClozeQuestion,
    DiagramQuestion,
    FlashcardQuestion,
    OrderQuestion,
    PackMeta,
    TypedQuestion,
    plain_header,
)
from quizapp.packs.parser import RawQuestion, Section, key_line
from quizapp.packs.text import slug_id

SAFE_URL_SCHEMES = ("http", "https", "mailto")
# format.py's string patterns, in words an author can act on.
_PATTERN_RULES = {
    ID_PATTERN: "use lowercase letters, digits, '.', '_' and '-' "
    "(at most 80, starting with a letter or digit)",
    LANG_PATTERN: "write a language tag such as 'en' or 'zh-CN'",
    TAG_PATTERN: "use letters, digits, '.', '/', '_' and '-' (at most 60, no spaces)",
}
# What a value of the wrong kind should have been; union branches are joined with "or".
_KIND_WORDS = {
    "string_type": "text",
    "list_type": "a list (e.g. [a, b])",
    "dict_type": "a mapping (e.g. {en: ..., zh-CN: ...})",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}
_BRANCH_RE = re.compile(r"^(constrained-str|str|int|bool|float|none|(dict|list)\[.*\])$")


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
        return (), f"missing 'type' (one of: {', '.join(QUESTION_TYPES)})"
    if kind == "union_tag_invalid":
        tag = str(header.get("type"))
        hint = difflib.get_close_matches(tag, QUESTION_TYPES, n=1)
        tip = f"; did you mean '{hint[0]}'?" if hint else ""
        return ("type",), f"unknown type '{tag}' (one of: {', '.join(QUESTION_TYPES)}){tip}"
    if model is not None and loc and loc[0] == header.get("type"):
        loc = loc[1:]  # discriminated unions put the tag first
    # Unions (str | dict, int | str) report each branch under a type name: drop those.
    loc = tuple(p for p in loc if not (isinstance(p, str) and _BRANCH_RE.match(p)))
    dotted = ".".join(str(p) for p in loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _fields_at(model, loc[:-1]) if model else []
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        tip = f"; did you mean '{hint[0]}'?" if hint else ""
        return loc, f"unknown key '{dotted}'{tip}"
    if kind == "missing":
        return loc[:-1], f"missing required key '{dotted}'"
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") in _PATTERN_RULES:
        value = str(err["input"])
        rule = _PATTERN_RULES[err["ctx"]["pattern"]]
        fixed = slug_id(value)[:80]
        tip = f", e.g. '{fixed}'" if loc[-1:] == ("id",) and fixed else ""
        return loc, f"'{dotted}' is '{value}': {rule}{tip}"
    if kind in _KIND_WORDS and dotted:
        quote = ""
        if kind == "string_type" and isinstance(err["input"], int | float):
            quote = f" (put {err['input']} in quotes)"
        return loc, f"'{dotted}' must be {_KIND_WORDS[kind]}{quote}"
    return loc, f"'{dotted}': {err['msg']}" if dotted else err["msg"]


def _join_branches(problems: list[PackProblem]) -> list[PackProblem]:
    """One message per place: "'x' must be text" + "'x' must be a list" -> "... text or a list"."""
    merged: list[PackProblem] = []
    for problem in problems:
        head, sep, want = problem.message.partition("' must be ")
        previous = merged[-1] if merged else None
        if (
            sep
            and previous is not None
            and (previous.file, previous.line) == (problem.file, problem.line)
            and previous.message.startswith(head + sep)
        ):
            merged[-1] = PackProblem(problem.file, problem.line, f"{previous.message} or {want}")
        elif problem not in merged:  # a union reports once per branch
            merged.append(problem)
    return merged


def validate_meta(
    data: Any, file: str, header_text: str
) -> tuple[PackMeta | None, list[PackProblem]]:
    """Validate pack.yaml's mapping against PackMeta."""
    if not isinstance(data, dict):
        return None, [PackProblem(file, 1, "pack.yaml must be a YAML mapping")]
    try:
        return PackMeta.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc, message = describe_validation_error(err, PackMeta, {})
            problems.append(PackProblem(file, key_line(header_text, 1, loc), message))
        return None, _join_branches(problems)


def _target_line(text: str, span: list[int] | None, target: str) -> int:
    """Offset of the line holding `target` inside the block `span` (a paragraph spans lines)."""
    first, last = span if span else (0, 0)
    lines = text.split("\n")
    for offset in range(first, min(last, len(lines))):
        if target in lines[offset] or unquote(target) in lines[offset]:
            return offset
    return first


def default_topic(file: str) -> str:
    """The file name without `.md` and without a leading `01-` that only orders the files."""
    return re.sub(r"^\d+[-_ ]+", "", Path(file).stem) or Path(file).stem


class QuestionValidator:
    """Checks questions of one pack; knows the pack's required languages and its folder."""

    def __init__(self, meta: PackInfo | PackMeta, pack_dir: Path) -> None:
        self.meta = meta
        self.pack_dir = pack_dir
        self.required = tuple(meta.languages)
        self.explanations_required = meta.explanations == "required"

    # -- entry point -------------------------------------------------------------------
    def validate(self, raw: RawQuestion) -> tuple[Question | None, list[PackProblem]]:
        """A Question when `raw` is sound; otherwise None and every problem found."""
        problems: list[PackProblem] = []
        header = raw.header
        model = MODEL_BY_TYPE.get(str(header.get("type")))
        try:
            data = QUESTION_ADAPTER.validate_python(header)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc, message = describe_validation_error(err, model, header)
                problems.append(self._at(raw, loc, message))
            return None, _join_branches(problems)

        texts = self._texts(raw, data, problems)
        self._check_type(raw, data, texts, problems)
        for section in raw.sections:
            self._check_links(raw, section, problems)
        if problems:
            return None, problems
        question = Question(
            pack_id=self.meta.id,
            id=data.id,
            type=data.type,
            tags=tuple(data.tags),
            source=data.source,
            topic=data.topic or default_topic(raw.file),
            file=raw.file,
            line=raw.line,
            texts=texts,
            header=plain_header(data),
            content_hash=raw.content_hash,
        )
        return question, []

    def _at(self, raw: RawQuestion, loc: tuple[Any, ...], message: str) -> PackProblem:
        line = key_line(raw.header_text, raw.header_line, loc) if loc else raw.line
        return PackProblem(raw.file, line, message)

    # -- body --------------------------------------------------------------------------
    def _texts(
        self, raw: RawQuestion, data: Any, problems: list[PackProblem]
    ) -> dict[str, QuestionText]:
        by_lang: dict[str, dict[str, Section]] = {}
        for section in raw.sections:
            by_lang.setdefault(section.lang, {})[section.kind] = section
        spelled = {lang.lower(): lang for lang in self.required}
        for lang, kinds in by_lang.items():
            want = spelled.get(lang.lower(), lang)
            if want != lang:  # [EN] or [zh-cn]: a typo, not another language
                first = min(kinds.values(), key=lambda s: s.line)
                problems.append(
                    PackProblem(
                        raw.file,
                        first.line,
                        f"[{lang}] is written [{want}] in this pack (as in pack.yaml's languages)",
                    )
                )
        for lang in self.required:
            kinds = by_lang.get(lang, {})
            if "prompt" not in kinds:
                problems.append(
                    PackProblem(
                        raw.file,
                        raw.line,
                        f"question '{data.id}' has no [{lang}] section; the pack requires "
                        f"{', '.join(self.required)}",
                    )
                )
                continue
            if not kinds["prompt"].text.strip():
                problems.append(PackProblem(raw.file, kinds["prompt"].line, f"[{lang}] is empty"))
            if self.explanations_required and (
                "explanation" not in kinds or not kinds["explanation"].text.strip()
            ):
                problems.append(
                    PackProblem(
                        raw.file,
                        kinds["prompt"].line,
                        f"question '{data.id}' has no [{lang}.explanation]: say why the "
                        "answer is right",
                    )
                )
        texts: dict[str, QuestionText] = {}
        for lang, kinds in by_lang.items():
            if "prompt" not in kinds:
                first = next(iter(kinds.values()))
                problems.append(
                    PackProblem(
                        raw.file, first.line, f"[{first.lang}.{first.kind}] without [{lang}]"
                    )
                )
                continue
            texts[lang] = QuestionText(
                prompt=kinds["prompt"].text,
                answer=kinds["answer"].text if "answer" in kinds else "",
                explanation=kinds["explanation"].text if "explanation" in kinds else "",
            )
        return texts

    def _check_local(
        self,
        raw: RawQuestion,
        values: Iterable[tuple[tuple[Any, ...], Any]],
        problems: list[PackProblem],
    ) -> None:
        """Every mapping-form text must have each required language."""
        for loc, value in values:
            langs = local_langs(value)
            if langs is None:
                continue
            missing = [lang for lang in self.required if lang not in langs]
            if missing:
                problems.append(
                    self._at(
                        raw, loc, f"'{'.'.join(map(str, loc))}' has no {', '.join(missing)} text"
                    )
                )

    # -- per type ----------------------------------------------------------------------
    def _check_type(
        self,
        raw: RawQuestion,
        data: Any,
        texts: dict[str, QuestionText],
        problems: list[PackProblem],
    ) -> None:
        if isinstance(data, FlashcardQuestion):
            for lang in self.required:
                if lang in texts and not texts[lang].answer.strip():
                    problems.append(
                        PackProblem(
                            raw.file, raw.line, f"flashcard '{data.id}' has no [{lang}.answer]"
                        )
                    )
        elif isinstance(data, ChoiceQuestion):
            self._check_local(
                raw,
                [(("options", i, "text"), o.text) for i, o in enumerate(data.options)]
                + [(("options", i, "feedback"), o.feedback) for i, o in enumerate(data.options)],
                problems,
            )
            correct = sum(o.correct for o in data.options)
            if correct == 0:
                problems.append(
                    self._at(
                        raw, ("options",), "choice has no correct option (mark one 'correct: true')"
                    )
                )
            elif correct > 1 and data.multiple is False:
                problems.append(
                    self._at(
                        raw, ("multiple",), f"'multiple: false' but {correct} options are correct"
                    )
                )
        elif isinstance(data, TypedQuestion):
            if isinstance(data.accept, dict):
                missing = [lang for lang in self.required if not data.accept.get(lang)]
                if missing:
                    problems.append(
                        self._at(raw, ("accept",), f"'accept' has no {', '.join(missing)} answers")
                    )
            elif not data.accept:
                problems.append(self._at(raw, ("accept",), "'accept' lists no answer"))
        elif isinstance(data, ClozeQuestion):
            for lang, text in texts.items():
                blanks = CLOZE_RE.findall(text.prompt)
                if not blanks:
                    problems.append(
                        PackProblem(
                            raw.file, raw.line, f"cloze [{lang}] has no blank; write {{{{answer}}}}"
                        )
                    )
                elif any(not b.strip(" |") for b in blanks):
                    problems.append(
                        PackProblem(raw.file, raw.line, f"cloze [{lang}] has an empty blank")
                    )
        elif isinstance(data, OrderQuestion):
            if len(data.steps) < 3:
                problems.append(
                    self._at(
                        raw, ("steps",), f"order needs at least 3 steps, has {len(data.steps)}"
                    )
                )
            self._check_local(
                raw,
                [(("steps", i), s) for i, s in enumerate(data.steps)]
                + [(("distractors", i), s) for i, s in enumerate(data.distractors)],
                problems,
            )
        elif isinstance(data, DiagramQuestion):
            self._check_diagram(raw, data, problems)

    def _check_diagram(
        self, raw: RawQuestion, data: DiagramQuestion, problems: list[PackProblem]
    ) -> None:
        self._check_local(
            raw,
            [(("participants", i), p) for i, p in enumerate(data.participants)]
            + [(("rows", i, "note"), r.note) for i, r in enumerate(data.rows)],
            problems,
        )
        seen: set[str] = set()
        for i, blank in enumerate(data.blanks):
            row_text, _, field = blank.partition(".")
            where = ("blanks", i)
            if not row_text.isdigit() or field not in DIAGRAM_FIELDS:
                hint = difflib.get_close_matches(field, DIAGRAM_FIELDS, n=1)
                tip = (
                    f"; did you mean '{row_text}.{hint[0]}'?" if hint and row_text.isdigit() else ""
                )
                problems.append(
                    self._at(
                        raw,
                        where,
                        f"blank '{blank}' names no field: write ROW.FIELD with FIELD one of "
                        f"{', '.join(DIAGRAM_FIELDS)}{tip}",
                    )
                )
                continue
            row = int(row_text)
            if not 1 <= row <= len(data.rows):
                problems.append(
                    self._at(
                        raw,
                        where,
                        f"blank '{blank}' names row {row}; the diagram has rows 1-{len(data.rows)}",
                    )
                )
                continue
            if getattr(data.rows[row - 1], field) in (None, ""):
                problems.append(
                    self._at(
                        raw, where, f"blank '{blank}' names a field that row {row} leaves empty"
                    )
                )
            if blank in seen:
                problems.append(self._at(raw, where, f"blank '{blank}' is listed twice"))
            seen.add(blank)
        if data.protocol is not None:
            self._check_protocol(raw, data, data.protocol, problems)

    def _check_protocol(
        self, raw: RawQuestion, data: DiagramQuestion, name: str, problems: list[PackProblem]
    ) -> None:
        """The ladder against its protocol's rules; an unknown protocol is itself a problem."""
        protocol = protocols.get(name)
        if protocol is None:
            known = protocols.names()
            hint = difflib.get_close_matches(name, known, n=1)
            tip = f"; did you mean '{hint[0]}'?" if hint else ""
            message = f"unknown protocol '{name}' (known: {', '.join(known)}){tip}"
            problems.append(self._at(raw, ("protocol",), message))
            return
        ladder = question_data(plain_header(data))
        if isinstance(ladder, DiagramData):
            for loc, message in protocol.check_ladder(ladder):
                problems.append(self._at(raw, loc, message))

    # -- links -------------------------------------------------------------------------
    def _check_links(self, raw: RawQuestion, section: Section, problems: list[PackProblem]) -> None:
        text = section.text
        if "](" not in text and "]:" not in text and "<" not in text:
            return  # no link syntax: skip the Markdown parse
        from quizapp.packs.markdown import checking_parser

        for token in checking_parser().parse(text):
            for child in [token, *(token.children or [])]:
                target = None
                if child.type == "link_open":
                    target = str(child.attrs.get("href", ""))
                elif child.type == "image":
                    target = str(child.attrs.get("src", ""))
                if target is None:
                    continue
                message = self.link_problem(raw.file, target, image=child.type == "image")
                if message:
                    line = section.body_line + _target_line(text, token.map, target)
                    problems.append(PackProblem(raw.file, line, message))

    def link_problem(self, file: str, target: str, *, image: bool) -> str | None:
        """Why a link or image target is refused, or None when it is safe."""
        parts = urlsplit(target)
        what = "image" if image else "link"
        if parts.scheme or parts.netloc:
            if image:
                return f"image '{target}' is remote; put images inside the pack folder"
            if parts.scheme.lower() in SAFE_URL_SCHEMES:
                return None
            return f"link '{target}' uses a scheme that is not allowed ({parts.scheme or '//'})"
        path = unquote(parts.path)
        if not path:
            return None  # in-page anchor
        if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
            return (
                f"{what} '{target}' is an absolute path; {what}s must stay inside the pack folder"
            )
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(file), path))
        if joined == ".." or joined.startswith("../"):
            return f"{what} '{target}' leaves the pack folder"
        resolved = (self.pack_dir / joined).resolve()
        if not resolved.is_relative_to(self.pack_dir.resolve()):
            return f"{what} '{target}' leads outside the pack folder (through a symlink)"
        if image and not resolved.is_file():
            return f"image '{target}' does not exist in the pack"
        return None
