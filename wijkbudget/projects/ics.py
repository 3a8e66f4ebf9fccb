"""A project's activities as an iCalendar file (RFC 5545), for any phone's calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from wijkbudget.projects.labels import localized
from wijkbudget.projects.models import Activity, Project

_FORMAT = "%Y%m%dT%H%M%SZ"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return [line]
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = " "
            limit = 75
        current += char
    parts.append(current)
    return parts


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_FORMAT)


def calendar(
    project: Project,
    activities: Iterable[Activity],
    *,
    title: str,
    url: str,
    host: str,
    now: datetime,
) -> str:
    """The calendar text for ``activities`` of ``project`` (``title`` in the reader's language)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//wijkbudget//projects//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(title)}",
    ]
    for activity in activities:
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.id}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(activity.starts_at)}",
            f"DTEND:{_stamp(activity.ends_at)}",
            f"SUMMARY:{_escape(localized(activity, 'title'))}",
            f"LOCATION:{_escape(activity.location or project.location)}",
            f"DESCRIPTION:{_escape(title + ' - ' + url)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"
