"""Dates from metadata and datelines: ``parse_date`` and ``find_dateline``."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from tidings.records import Span
from tidings.time._normalise import full_year
from tidings.time._patterns import fragments
from tidings.time._vocab import vocabulary

DATELINE_CHARS = 300

_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?Z?)?")
_DAY_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_grammar() -> re.Pattern[str]:
    f = fragments(vocabulary())
    return re.compile(
        rf"(?:(?P<mon>{f['MONTH']})\s+(?P<day>{f['DAY']})(?:,?\s+(?P<y>\d{{4}}|['\u2019]?\d\d)(?!\d))?"
        rf"|(?P<day2>{f['DAY']})\s+(?P<mon2>{f['MONTH']})(?:,?\s+(?P<y2>\d{{4}}|['\u2019]?\d\d)(?!\d))?)",
        re.IGNORECASE,
    )


_GRAMMAR: list[re.Pattern[str]] = []


def _grammar() -> re.Pattern[str]:
    if not _GRAMMAR:
        _GRAMMAR.append(_date_grammar())
    return _GRAMMAR[0]


def _ymd(m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from a match of the date grammar."""
    vocab = vocabulary()
    mon = (m["mon"] or m["mon2"]).lower().rstrip(".")
    day = int(re.match(r"\d+", m["day"] or m["day2"]).group())  # type: ignore[union-attr]
    ystr = (m["y"] or m["y2"] or "").lstrip("'\u2019")
    year = None
    if len(ystr) == 4:
        year = int(ystr)
    elif len(ystr) == 2:
        year = full_year(int(ystr), None)
    return year, vocab.months[mon], day


def parse_date(s: str) -> dt.date | dt.datetime | None:
    """Parse a metadata date: ISO (with or without time), "20240128", "28 January 2024",
    "Jan. 28, 2024", "01/28/2024", RFC 2822. A date with a clock time gives a datetime."""
    s = s.strip()
    if not s:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return dt.date.fromisoformat(s)
        if re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", s):
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = _COMPACT.fullmatch(s)
    if m:
        try:
            if m.group(4):
                y, mo, d, hh, mi, ss = (int(x) for x in m.groups(default="0"))
                return dt.datetime(y, mo, d, hh, mi, ss)
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m2 = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", s)
    if m2:
        a, b = int(m2.group(1)), int(m2.group(2))
        y = int(m2.group(3)) if len(m2.group(3)) == 4 else full_year(int(m2.group(3)), None)
        mo, d = (a, b) if a <= 12 else (b, a)
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    if ":" in s:
        try:
            return email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            pass
    m3 = _grammar().search(s)
    if m3 and (m3["y"] or m3["y2"]):
        year, mo, d = _ymd(m3)  # type: ignore[misc]
        try:
            return dt.date(year, mo, d)  # type: ignore[arg-type]
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None


_PLACE = re.compile(r"\s*[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,4}(?=[\s,(])")
_DASHES = r"(?:--|-|\u2014|\u2013|_)"
_SEPARATOR = re.compile(rf"\s{_DASHES}\s|\(\w[\w\s/-]{{0,30}}\)")
# what may stand between a dateline's place and its separator: ", Congo", ", Jan. 28",
# ", N.Y.", ", 12 JAN 90" -- comma-led chunks of capitalised words and numbers
_DATELINE_MIDDLE = re.compile(r"(?:\s*,\s*[A-Z0-9][\w.'\-]*(?:\s+[A-Z0-9][\w.'\-]*){0,3})*\s*,?\s*")
_DASH = re.compile(rf"\s*{_DASHES}\s")


def dateline_span(text: str) -> Span | None:
    """The whole dateline the text opens with ("GOMA, Congo (AP) \u2014 ", "BAGHDAD, Jan.
    28 (Reuters) - "), date or not; None when the text opens otherwise."""
    head = text[:DATELINE_CHARS]
    place = _PLACE.match(head)
    if place is None or place.end() == 0:
        return None
    sep = _SEPARATOR.search(head, place.end())
    if sep is None or not _DATELINE_MIDDLE.fullmatch(head, place.end(), sep.start()):
        return None
    end = sep.end()
    dash = _DASH.match(head, end)  # the dash after the agency: "(AP) \u2014 "
    if dash is not None:
        end = dash.end()
    return Span(head[:end], 0, end)


def find_dateline(text: str) -> tuple[dt.date | None, Span | None]:
    """The date of a dateline at the start of an article, and where it is.

    Recognises "BAGHDAD, Jan. 28 (Reuters) -", "WASHINGTON (AP) — Jan 5, 2024" and
    "SAN SALVADOR, 12 JAN 90 (ACAN-EFE) --" (two-digit years: 1950-2049). A dateline
    date without a year gives ``(None, span)``: the span is found but the year is left
    to the caller (e.g. the publication date). No dateline: ``(None, None)``.
    """
    head = text[:DATELINE_CHARS]
    place = _PLACE.match(head)
    if place is None or place.end() == 0:
        return None, None
    sep = _SEPARATOR.search(head, place.end())
    if sep is None:
        return None, None
    # the date sits between the place and the end of the dateline (just after the separator)
    limit = min(len(head), sep.end() + 40)
    rest = _SEPARATOR.search(head, sep.end())
    if rest is not None and rest.start() < limit and rest.start() > sep.end() + 5:
        limit = rest.end()
    m = _grammar().search(head, place.end(), limit)
    if m is None or m.start() - place.end() > 60:
        return None, None
    year, mo, d = _ymd(m)  # type: ignore[misc]
    span = Span(head[m.start() : m.end()], m.start(), m.end())
    if year is None:
        return None, span
    try:
        return dt.date(year, mo, d), span
    except ValueError:
        return None, span
