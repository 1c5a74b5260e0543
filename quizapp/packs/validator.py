"""Semantic checks that turn a RawQuestion into a Question, or into problems at file:line.

The format models (format.py) check each header's shape; here come the rules across keys and
sections: every required language present, a choice with a correct option, blanks that name
real ladder fields, the ladder against its protocol. The words for pydantic's own errors are
in messages.py, link and image checks in links.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quizapp.domain.pack import PackInfo
from quizapp.domain.question import Question, QuestionText
from quizapp.domain.text import CLOZE_RE, local_langs
from quizapp.errors import PackProblem
from quizapp.i18n import _, ngettext
from quizapp.packs.answer_checks import (
    blank_count_problems,
    cloze_answer_in_prompt,
    typed_answer_in_prompt,
)
from quizapp.packs.diagram_checks import diagram_problems
from quizapp.packs.format import (
    MODEL_BY_TYPE,
    QUESTION_ADAPTER,
    ChoiceQuestion,
    ClozeQuestion,
    DiagramQuestion,
    FlashcardQuestion,
    OrderQuestion,
    PackMeta,
    TypedQuestion,
    plain_header,
)
from quizapp.packs.limits import MAX_ORDER_STEPS, invisible_answer, section_problems
from quizapp.packs.links import link_problems
from quizapp.packs.messages import describe_validation_error, join_branches
from quizapp.packs.parser import RawQuestion, Section
from quizapp.packs.yaml_header import key_line


def validate_meta(
    data: Any, file: str, header_text: str
) -> tuple[PackMeta | None, list[PackProblem]]:
    """Validate pack.yaml's mapping against PackMeta."""
    if not isinstance(data, dict):
        return None, [PackProblem(file, 1, _("pack.yaml must be a YAML mapping"))]
    try:
        return PackMeta.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc, message = describe_validation_error(err, PackMeta, {})
            problems.append(PackProblem(file, key_line(header_text, 1, loc), message))
        return None, join_branches(problems)


def _flat(values: Iterable[Any]) -> list[str]:
    """Strings of a list, or of a mapping's lists (typed answers per language)."""
    out: list[str] = []
    for value in values:
        out += _flat(value) if isinstance(value, list) else [str(value)]
    return out


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
            return None, join_branches(problems)

        texts = self._texts(raw, data, problems)
        self._check_type(raw, data, texts, problems)
        shape = [
            p for s in raw.sections for p in section_problems(raw.file, s, data.type == "cloze")
        ]
        if data.type == "cloze" and not shape:  # counts of garbled blanks would only add noise
            problems += blank_count_problems(raw)
        problems += shape
        for section in raw.sections:
            problems.extend(link_problems(self.pack_dir, raw.file, section))
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
                        _(
                            "[{lang}] is written [{want}] in this pack (as in pack.yaml's "
                            "languages)"
                        ).format(lang=lang, want=want),
                    )
                )
        for lang in self.required:
            kinds = by_lang.get(lang, {})
            if "prompt" not in kinds:
                problems.append(
                    PackProblem(
                        raw.file,
                        raw.line,
                        _(
                            "question '{id}' has no [{lang}] section; the pack requires {langs}"
                        ).format(id=data.id, lang=lang, langs=", ".join(self.required)),
                    )
                )
                continue
            if not kinds["prompt"].text.strip():
                problems.append(
                    PackProblem(
                        raw.file, kinds["prompt"].line, _("[{lang}] is empty").format(lang=lang)
                    )
                )
            if self.explanations_required and (
                "explanation" not in kinds or not kinds["explanation"].text.strip()
            ):
                problems.append(
                    PackProblem(
                        raw.file,
                        kinds["prompt"].line,
                        _(
                            "question '{id}' has no [{lang}.explanation]: say why the answer "
                            "is right"
                        ).format(id=data.id, lang=lang),
                    )
                )
        texts: dict[str, QuestionText] = {}
        for lang, kinds in by_lang.items():
            if "prompt" not in kinds:
                first = next(iter(kinds.values()))
                problems.append(
                    PackProblem(
                        raw.file,
                        first.line,
                        _("[{lang}.{kind}] without [{lang}]").format(
                            lang=first.lang, kind=first.kind
                        ),
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
        """Every mapping-form text must have each required language: one problem for all the
        fields that lack some, at the first of them (a language missing from 30 ladder notes
        is one thing to fix)."""
        lacking: list[tuple[tuple[Any, ...], list[str]]] = []
        for loc, value in values:
            langs = local_langs(value)
            if langs is None:
                continue
            missing = [lang for lang in self.required if lang not in langs]
            if missing:
                lacking.append((loc, missing))
        if lacking:
            loc, missing = lacking[0]
            fields = {"field": ".".join(map(str, loc)), "langs": ", ".join(missing)}
            if len(lacking) > 1:
                message = ngettext(
                    "'{field}' has no {langs} text (and {n} more field)",
                    "'{field}' has no {langs} text (and {n} more fields)",
                    len(lacking) - 1,
                ).format(n=len(lacking) - 1, **fields)
            else:
                message = _("'{field}' has no {langs} text").format(**fields)
            problems.append(self._at(raw, loc, message))

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
                            raw.file,
                            raw.line,
                            _("flashcard '{id}' has no [{lang}.answer]").format(
                                id=data.id, lang=lang
                            ),
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
                        raw,
                        ("options",),
                        _("choice has no correct option (mark one 'correct: true')"),
                    )
                )
            elif correct > 1 and data.multiple is False:
                problems.append(
                    self._at(
                        raw,
                        ("multiple",),
                        _("'multiple: false' but {count} options are correct").format(
                            count=correct
                        ),
                    )
                )
        elif isinstance(data, TypedQuestion):
            answers = data.accept if isinstance(data.accept, list) else data.accept.values()
            unanswerable = invisible_answer(_flat(answers))
            if unanswerable:
                problems.append(self._at(raw, ("accept",), unanswerable))
            if isinstance(data.accept, dict):
                missing = [lang for lang in self.required if not data.accept.get(lang)]
                if missing:
                    problems.append(
                        self._at(
                            raw,
                            ("accept",),
                            _("'accept' has no {langs} answers").format(langs=", ".join(missing)),
                        )
                    )
            elif not data.accept:
                problems.append(self._at(raw, ("accept",), _("'accept' lists no answer")))
            accepted = (
                data.accept if isinstance(data.accept, dict) else dict.fromkeys(texts, data.accept)
            )
            problems += typed_answer_in_prompt(
                raw, accepted, self.meta.synonyms, data.case_sensitive
            )
        elif isinstance(data, ClozeQuestion):
            problems += cloze_answer_in_prompt(raw, self.meta.synonyms, data.case_sensitive)
            for lang, text in texts.items():
                blanks = CLOZE_RE.findall(text.prompt)
                if not blanks:
                    problems.append(
                        PackProblem(
                            raw.file,
                            raw.line,
                            _("cloze [{lang}] has no blank; write {{{{answer}}}}").format(
                                lang=lang
                            ),
                        )
                    )
                elif any(not b.strip(" |") for b in blanks):
                    problems.append(
                        PackProblem(
                            raw.file,
                            raw.line,
                            _("cloze [{lang}] has an empty blank").format(lang=lang),
                        )
                    )
                unanswerable = invisible_answer(a for b in blanks for a in b.split("|"))
                if unanswerable:
                    problems.append(
                        PackProblem(
                            raw.file,
                            raw.line,
                            _("cloze [{lang}]: {problem}").format(lang=lang, problem=unanswerable),
                        )
                    )
        elif isinstance(data, OrderQuestion):
            written: list[tuple[tuple[Any, ...], Any]] = []
            for i, entry in enumerate(data.steps):
                if isinstance(entry, list):  # a group: its steps are at ("steps", i, j)
                    written += [(("steps", i, j), step) for j, step in enumerate(entry)]
                else:
                    written.append((("steps", i), entry))
            count = len(written)
            if count < 3 or count > MAX_ORDER_STEPS:
                if count < 3:
                    message = _("order needs at least 3 steps, has {count}")
                else:
                    message = _("order needs at most {limit} steps, has {count}")
                message = message.format(limit=MAX_ORDER_STEPS, count=count)
                problems.append(self._at(raw, ("steps",), message))
            elif len(data.steps) == 1:  # one group holding every step
                message = _("the only group holds every step: there is no order to find")
                problems.append(self._at(raw, ("steps",), message))
            self._check_local(
                raw,
                written + [(("distractors", i), s) for i, s in enumerate(data.distractors)],
                problems,
            )
        elif isinstance(data, DiagramQuestion):
            self._check_local(
                raw,
                [(("participants", i), p) for i, p in enumerate(data.participants)]
                + [(("rows", i, "note"), r.note) for i, r in enumerate(data.rows)],
                problems,
            )
            problems += [self._at(raw, loc, message) for loc, message in diagram_problems(data)]
