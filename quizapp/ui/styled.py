"""A translated sentence with some of its words styled, such as the keys in a hint.

A translation may put its fields in another order, so the sentence is one template
(`_("Press {key} to study")`) and the styled words are filled in by name, never glued
from English pieces.
"""

from __future__ import annotations

import re

from rich.text import Text

_FIELD = re.compile(r"\{(\w+)\}")


def styled(template: str, style: str = "", **values: object) -> Text:
    """`template` with each `{name}` replaced by its value; a value given as a
    (text, style) pair is drawn in that style; `style` is the style of the rest."""
    out = Text()
    position = 0
    for match in _FIELD.finditer(template):
        out.append(template[position : match.start()], style=style)
        value = values[match.group(1)]
        if isinstance(value, tuple):
            text, value_style = value
            out.append(str(text), style=value_style)
        else:
            out.append(str(value), style=style)
        position = match.end()
    out.append(template[position:], style=style)
    return out
