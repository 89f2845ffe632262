"""Dates in header values: reading one in the template's format, and converting one written
another way (ISO `2026-09-14`, `14/09/2026`) to it. Used by the rules (H206, H207), completion
and the lifecycle's "Set Updated to today"."""

from __future__ import annotations

import datetime
import re

from pep_lsp.template import FieldSpec, format_date

ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_ANY_DATE = re.compile(r"^(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})$")


def _calendar_problem(year: int, month: int, day: int) -> str:
    """Why a year, month and day name no date, in the author's terms."""
    import calendar  # (loaded for a date that is not one only)

    if not 1 <= year <= datetime.MAXYEAR:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days" if day else "there is no day 0"


def parse_date(value: str, date_format: str) -> tuple[datetime.date | None, str | None]:
    """(date, None) for a valid value, else (None, why) and, where the value is a real date in
    another common layout, that date converted."""
    spec_pattern = FieldSpec("", 0, "", None, None, date_format=date_format).date_pattern
    assert spec_pattern is not None
    match = spec_pattern.match(value)
    if match:
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        try:
            return datetime.date(year, month, day), None
        except ValueError:
            return None, f"is not a real date: {_calendar_problem(year, month, day)}"
    return None, f"is not a date in the {date_format} format"


def convert_date(value: str, date_format: str) -> str | None:
    """A date written another way (ISO `2026-09-14`, `14/09/2026`) in the template's format."""
    iso = ISO_DATE.match(value)
    candidates: list[tuple[int, int, int]] = []
    if iso:
        candidates.append((int(iso["year"]), int(iso["month"]), int(iso["day"])))
    else:
        other = _ANY_DATE.match(value)
        if other and len(other["c"]) == 4:
            candidates.append((int(other["c"]), int(other["b"]), int(other["a"])))
    for year, month, day in candidates:
        try:
            datetime.date(year, month, day)
        except ValueError:
            continue
        return format_date(date_format, year, month, day)
    return None


__all__ = ["ISO_DATE", "convert_date", "format_date", "parse_date"]
