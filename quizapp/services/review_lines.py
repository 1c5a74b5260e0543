"""A review line of a progress file read by one pattern when it has exactly the form our writer
gives it (progress_file._write): the same row `progress_file._row` makes from `json.loads`,
at a fraction of the cost. A merge reads a million such lines; json.loads made ~40 Python
objects of each (the record, two state mappings, their keys and values) and log_json wrote the
two states back as the text they already were in the line.

The pattern accepts only lines whose reading is plain: every field in the writer's order, no
white space, strings without escapes (the answer may have them; it is decoded by json.loads),
numbers JSON writes back unchanged, before/after states with the log's keys in its order. Any
other line (another writer, a hand edit, a bad line) gets None and is read by json.loads as
before, which then also gives the error message. The states are taken as their text from the
line: the log would hold `log_json(json.loads(text))`, which is that text whenever its numbers
are written as Python writes them (checked here for every float).
"""

from __future__ import annotations

import json
import re
from typing import Any

from quizapp.domain import CardKey
from quizapp.errors import QuizappError

_INT = r"(?:0|-?[1-9][0-9]{0,18})"
"""A JSON integer that reads back as written (no -0, and no more digits than a float's range
needs; longer ones take the general path)."""
_FLOAT = r"-?[0-9]+(?:\.[0-9]+(?:e[-+][0-9]+)?|e[-+][0-9]+)"
"""A float as Python's repr writes one (whether it reads back as written is checked)."""
_BOOL = r"(?:true|false)"
_PLAIN = r'[^"\\\x00-\x1f]*'
"""A JSON string's body without escapes: the value is the text itself."""
_ID = r"[0-9A-Za-z]{1,64}"
_STATE = (
    r'\{"state":' + _INT + r',"step":(?:null|' + _INT + r'),"stability":(null|' + _FLOAT
    + r'),"difficulty":(null|' + _FLOAT + r'),"due_ms":(?:null|' + _INT
    + r'),"last_review_ms":(?:null|' + _INT + r'),"reps":' + _INT + r',"lapses":' + _INT
    + r',"suspended":' + _BOOL + r',"leech":' + _BOOL + r',"buried_until_ms":(?:null|' + _INT
    + r")\}"
)  # fmt: skip
"""A log state as log_json writes it (stability and difficulty captured, to be checked)."""
_HEAD = re.compile(
    r'\{"type":"review","uid":"(' + _ID + r')","device":"(' + _ID + r')","pack_id":"('
    + _PLAIN + r')","question_id":"(' + _PLAIN + r')","reviewed_ms":(' + _INT
    + r'),"grade":([1-4]),"kind":([0-3]),"duration_ms":(' + _INT + r'),"answer":(null|"(?:'
    + r'[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"),"score":(null|-?(?:0|[1-9][0-9]*)'
    + r'(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?),"suggested":(null|[1-4]),"content_hash":"('
    + _PLAIN + r')","before":'
)  # fmt: skip
"""A review line up to its before state; the line goes on `{before},"after":{after}}\n`."""
_STATE_TEXT = re.compile(_STATE)


def _state_ok(text: str) -> bool:
    """Whether `text` is a state in `_STATE` form whose floats read back as written."""
    match = _STATE_TEXT.fullmatch(text)
    if match is None:
        return False
    stability, difficulty = match.groups()
    return (stability == "null" or repr(float(stability)) == stability) and (
        difficulty == "null" or repr(float(difficulty)) == difficulty
    )


class ReviewLines:
    """Reads one file's review lines. A question's before state is most often the after state
    of its previous review in the file (the sender's chain), so each question's last after
    state found good is kept and a before equal to it is not checked again."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys
        """The question keys already found good (`key_ok` adds to it)."""
        self.last: dict[str, str] = {}
        """Question key -> the after state of its last review read here."""

    def read(self, text: str) -> tuple[Any, ...] | None:
        """The review row (exchange.REVIEW_COLUMNS order) of a line `text` (with its newline)
        in our writer's exact form, as `progress_file._row` would make it; None for any other
        line."""
        head = _HEAD.match(text)
        if head is None:
            return None
        start = head.end()
        split = text.find(',"after":', start)
        if split < 0 or not text.endswith("}\n"):
            return None
        # A good before state holds no ',"after":', so this is the split if the line is good.
        before, after = text[start:split], text[split + 9 : -2]
        g = head.groups()
        pack, question = g[2], g[3]
        key = f"{pack}/{question}"
        if key not in self.keys and not key_ok(pack, question, self.keys):
            return None
        last = self.last
        if (last.get(key) != before and not _state_ok(before)) or not _state_ok(after):
            return None
        last[key] = after
        answer, score, suggested = g[8], g[9], g[10]
        return (
            g[0],
            g[1],
            pack,
            question,
            int(g[4]),
            int(g[5]),
            int(g[6]),
            int(g[7]),
            None if answer == "null" else json.loads(answer) if "\\" in answer else answer[1:-1],
            None if score == "null" else json.loads(score),
            None if suggested == "null" else int(suggested),
            g[11],
            before,
            after,
        )


def fast_review(text: str, keys: set[str]) -> tuple[Any, ...] | None:
    """One line read alone (`ReviewLines.read`)."""
    return ReviewLines(keys).read(text)


def key_ok(pack: object, question: object, keys: set[str]) -> bool:
    """Whether `pack`/`question` is a question key (`keys`: those already found good; a file
    names each many times, so a good one is added)."""
    if not (isinstance(pack, str) and isinstance(question, str)):
        return False
    text = f"{pack}/{question}"
    if text in keys:
        return True
    try:
        good = CardKey.parse(text) == CardKey(pack, question)
    except QuizappError:
        return False
    if good:
        keys.add(text)
    return good
