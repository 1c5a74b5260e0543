"""Human phrases for when something is due, relative to the injected clock."""

from __future__ import annotations

from datetime import datetime

from quizapp.i18n import _, ngettext


def when(moment: datetime | None, now: datetime) -> str:
    """`now`, `in 10 minutes`, `in 3 hours`, `tomorrow`, `in 5 days`, `on 2026-03-01`."""
    if moment is None:
        return _("never")
    seconds = (moment - now).total_seconds()
    if seconds <= 60:
        return _("now")
    if seconds < 3600:
        minutes = round(seconds / 60)
        return ngettext("in {n} minute", "in {n} minutes", minutes).format(n=minutes)
    if seconds < 86400:
        hours = round(seconds / 3600)
        return ngettext("in {n} hour", "in {n} hours", hours).format(n=hours)
    days = round(seconds / 86400)
    if days == 1:
        return _("tomorrow")
    if days < 60:
        return ngettext("in {n} day", "in {n} days", days).format(n=days)
    return _("on {date}").format(date=moment.date().isoformat())
