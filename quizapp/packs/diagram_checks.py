"""A ladder diagram's own checks: each blank names a row and a field that exist, and the
ladder follows its protocol's rules (quizapp/protocols), as (location, message) pairs the
validator places at the header line of that location."""

from __future__ import annotations

import difflib
from typing import Any

from quizapp import protocols
from quizapp.domain.question_data import DIAGRAM_FIELDS, DiagramData, question_data
from quizapp.i18n import _
from quizapp.packs.format import DiagramQuestion, plain_header
from quizapp.packs.text import did_you_mean

Found = list[tuple[tuple[Any, ...], str]]


def diagram_problems(data: DiagramQuestion) -> Found:
    """Every problem of the blanks, then of the ladder against its protocol."""
    found = _blank_problems(data)
    if data.protocol is not None:
        found += _protocol_problems(data, data.protocol)
    return found


def _blank_problems(data: DiagramQuestion) -> Found:
    found: Found = []
    seen: set[str] = set()
    for i, blank in enumerate(data.blanks):
        row_text, _dot, field = blank.partition(".")
        where = ("blanks", i)
        if not row_text.isdigit() or field not in DIAGRAM_FIELDS:
            hint = difflib.get_close_matches(field, DIAGRAM_FIELDS, n=1)
            tip = did_you_mean(f"{row_text}.{hint[0]}" if hint and row_text.isdigit() else None)
            message = _(
                "blank '{blank}' names no field: write ROW.FIELD with FIELD one of {fields}"
            ).format(blank=blank, fields=", ".join(DIAGRAM_FIELDS))
            found.append((where, message + tip))
            continue
        row = int(row_text)
        if not 1 <= row <= len(data.rows):
            message = _("blank '{blank}' names row {row}; the diagram has rows 1-{rows}")
            found.append((where, message.format(blank=blank, row=row, rows=len(data.rows))))
            continue
        if getattr(data.rows[row - 1], field) in (None, ""):
            message = _("blank '{blank}' names a field that row {row} leaves empty")
            found.append((where, message.format(blank=blank, row=row)))
        if blank in seen:
            found.append((where, _("blank '{blank}' is listed twice").format(blank=blank)))
        seen.add(blank)
    return found


def _protocol_problems(data: DiagramQuestion, name: str) -> Found:
    """The ladder against its protocol's rules; an unknown protocol is itself a problem."""
    protocol = protocols.get(name)
    if protocol is None:
        known = protocols.names()
        hint = difflib.get_close_matches(name, known, n=1)
        message = _("unknown protocol '{name}' (known: {known})").format(
            name=name, known=", ".join(known)
        )
        return [(("protocol",), message + did_you_mean(hint[0] if hint else None))]
    ladder = question_data(plain_header(data))
    if not isinstance(ladder, DiagramData):
        return []
    return [(loc, message) for loc, message in protocol.check_ladder(ladder)]
