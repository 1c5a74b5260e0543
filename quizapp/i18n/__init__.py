"""The interface's language: every string the app shows goes through `_()` or `ngettext()`.

The catalogs are quizapp/locale/<lang>/LC_MESSAGES/quizapp.po (docs/translating.md). One
language is chosen per run, in this order: `--lang`, the `language` setting, the system
locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English. Pack text has its own languages;
the interface language only decides which one a question opens in when `--lang` is not given.

Strings defined at import time (key bindings, click's help) are marked with `N_()` and
translated where they are shown, so a language chosen later still applies to them.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping

from quizapp.i18n.catalog import load

INTERFACE_LANGUAGES = ("en", "zh-CN")
"""Languages with a catalog, as `--lang` and the `language` setting spell them."""

_state: dict[str, object] = {"lang": "en", "catalog": gettext.NullTranslations()}


def _catalog() -> gettext.NullTranslations:
    catalog = _state["catalog"]
    assert isinstance(catalog, gettext.NullTranslations)
    return catalog


def _(message: str) -> str:
    """`message` in the interface language (itself when the catalog has no translation)."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the interface language."""
    return _catalog().ngettext(singular, plural, n)


def in_language(lang: str, message: str) -> str:
    """`message` in `lang` whatever the interface language: for the few words that sit next
    to a question and follow its language (quizapp/ui/labels.py)."""
    chosen = normalise(lang) or "en"
    if chosen == language():
        return _(message)
    cache = _state.setdefault("others", {})
    assert isinstance(cache, dict)
    if chosen not in cache:
        cache[chosen] = load(chosen)
    translations: gettext.NullTranslations = cache[chosen]
    return translations.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated where shown)."""
    return message


def language() -> str:
    """The interface language now in use: 'en' or 'zh-CN'."""
    return str(_state["lang"])


def normalise(tag: str | None) -> str | None:
    """An interface language for a tag such as 'zh', 'zh_CN.UTF-8', 'zh-Hans', 'en_GB';
    None for a language without a catalog (or 'C'/'POSIX')."""
    if not tag:
        return None
    base = tag.split(".")[0].split("@")[0].replace("_", "-").lower()
    if base == "zh" or base.startswith(("zh-cn", "zh-hans", "zh-sg")):
        return "zh-CN"
    if base == "en" or base.startswith("en-"):
        return "en"
    return None


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The first language the locale variables name that has a catalog, as gettext reads
    them (LANGUAGE may list several, colon-separated)."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if not value:
            continue
        for tag in value.split(":"):
            found = normalise(tag)
            if found:
                return found
        if variable != "LANGUAGE":
            return None  # the first locale variable set decides, as in C's setlocale
    return None


def choose_language(
    cli: str | None, setting: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """`--lang`, then the `language` setting, then the system locale, then English."""
    return normalise(cli) or normalise(setting) or system_language(environ) or "en"


def set_language(lang: str) -> str:
    """Show the interface in `lang` from now on (English for a language without a catalog);
    returns the language chosen."""
    chosen = normalise(lang) or "en"
    _state["catalog"] = load(chosen)
    _state["lang"] = chosen
    return chosen
