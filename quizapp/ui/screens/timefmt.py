"""Human phrases for when something is due, relative to the injected clock."""

from __future__ import annotations

from datetime import datetime


def when(moment: datetime | None, now: datetime) -> str:
    """`now`, `in 10 minutes`, `in 3 hours`, `tomorrow`, `in 5 days`, `on 2026-03-01`."""
    if moment is None:
        return "never"
    seconds = (moment - now).total_seconds()
    if seconds <= 60:
        return "now"
    if seconds < 3600:
        minutes = round(seconds / 60)
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 86400:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = round(seconds / 86400)
    if days == 1:
        return "tomorrow"
    if days < 60:
        return f"in {days} days"
    return f"on {moment.date().isoformat()}"
