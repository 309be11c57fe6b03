"""Normalisers for days relative to the anchor, times of day, quantities and sets.

"yesterday", "on Tuesday", "Tuesday morning", "10 a.m.", "two days ago",
"for three years", "every week", "now" ...
"""

from __future__ import annotations

import datetime as dt
import re

from tidings.time import _normalise as cal
from tidings.time._context import Context
from tidings.time._grammar import (
    Parsed,
    after_since,
    day_num,
    mod_of,
    month_num,
    norm,
    point,
    resolve_month_day,
    safe_date,
    unknown,
)
from tidings.time._normalise import Grain, Point, Tense
from tidings.time._vocab import Unit, Vocabulary, number_value, vocabulary

_PART_WORDS = ("morning", "afternoon", "evening", "night")


def _on_day(
    d: dt.date | None,
    part: str | None,
    ctx: Context,
    pm: str | None,
    vocab: Vocabulary,
    remember: bool = True,
) -> Parsed:
    """A day, or a part of it ("Tuesday morning" -> TIME ...TMO)."""
    mod = mod_of(pm, vocab)
    if d is None:
        return unknown("XXXX-XX-XX", mod=mod)
    if part:
        code = vocab.day_parts[norm(part)]
        return point(cal.time_of_day(d, code), ctx, mod, type_="TIME", remember=remember)
    return point(cal.day(d), ctx, mod, remember=remember)


def _after_report(text: str, start: int) -> bool:
    """Whether a day follows a reporting verb: "said on Monday", "told reporters late on Friday"."""
    before = text[max(0, start - 40) : start]
    words = re.findall(r"[A-Za-z]+", before)
    if not words or not before.rstrip().endswith(words[-1]):
        return False  # a comma or other mark stands between
    while words and words[-1].lower() in ("on", "late", "early"):
        words.pop()
    report = vocabulary().report_words
    return bool(words) and (words[-1] in report or (len(words) > 1 and words[-2] in report))


def weekday_tense(ctx: Context, start: int, end: int) -> Tense:
    if after_since(ctx.text, start):
        return Tense.PAST  # "closed since Saturday"
    if _after_report(ctx.text, start):
        return Tense.PAST  # "said on Monday they would ...", "told reporters on Friday"
    tense = ctx.tense(start, end)
    return Tense.FUTURE if tense is Tense.FUTURE else Tense.PAST


def h_weekday(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    wd = vocab.weekdays[norm(m["wd"])]
    rel = norm(m.groupdict().get("rel"))
    if ctx.anchor is None:
        return unknown(f"XXXX-WXX-{wd}")
    a = ctx.anchor
    if rel in ("the previous", "the following"):
        a = ctx.reference() or a  # counted from the day last named, not the anchor
    if rel in ("last", "this past", "the previous", "past"):
        d = a - dt.timedelta(days=(a.isoweekday() - wd - 1) % 7 + 1)
    elif rel in ("next", "this coming", "the following", "coming"):
        d = a + dt.timedelta(days=(wd - a.isoweekday() - 1) % 7 + 1)
    elif rel == "this":
        d = a + dt.timedelta(days=wd - a.isoweekday())  # the one in the anchor's week
    elif ctx.text.startswith("'s", m.end()):
        d = cal.weekday_near(a, wd, Tense.PAST)
    else:
        d = cal.weekday_near(a, wd, weekday_tense(ctx, m.start(), m.end()))
    return _on_day(d, m["part"], ctx, m.groupdict().get("pm"), vocab)


def check_capital(m: re.Match[str], text: str) -> bool:
    return text[m.start("wd")].isupper()


def h_weekday_set(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    wd = vocab.weekdays[norm(m["wd"])]
    part = vocab.day_parts[norm(m["part"]).rstrip("s")] if m["part"] else ""
    return unknown(f"XXXX-WXX-{wd}" + (f"T{part}" if part else ""), "SET")


def h_relday(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    offset = vocab.relative_days[norm(m["w"])]
    d = ctx.anchor + dt.timedelta(days=offset) if ctx.anchor else None
    part = m["part"]
    if norm(m["w"]) == "tonight":
        part = None
    return _on_day(d, part, ctx, m["pm"], vocab)


def h_daypart(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "this morning", "last night", "tomorrow evening", "overnight"."""
    vocab = vocabulary()
    rel = norm(m["rel"])
    d = None
    if ctx.anchor is not None:
        d = ctx.anchor - dt.timedelta(days=1) if rel in ("last", "yesterday") else ctx.anchor
        if rel == "tomorrow":
            d = ctx.anchor + dt.timedelta(days=1)
    # a bare "overnight" names no day of its own: it does not move the discourse day
    return _on_day(d, m["part"], ctx, m["pm"], vocab, remember=bool(rel))


def h_daypart_mod(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "mid-afternoon", "early morning yesterday": a part of the day named after it,
    else of the day the text last named (the anchor at first)."""
    vocab = vocabulary()
    rel = norm(m["rel"])
    if rel:
        d = ctx.anchor + dt.timedelta(days=vocab.relative_days[rel]) if ctx.anchor else None
    else:
        d = ctx.reference()
    return _on_day(d, m["part"], ctx, m["pm"], vocab, remember=bool(rel))


def _dayref(s: str | None, ctx: Context, start: int, end: int, vocab: Vocabulary) -> dt.date | None:
    """The day named after a clock time: "Tuesday", "yesterday", "Nov. 6"."""
    if ctx.anchor is None:
        return None
    if not s:
        return ctx.reference()
    key = norm(s)
    if key in vocab.relative_days:
        return ctx.anchor + dt.timedelta(days=vocab.relative_days[key])
    if key in vocab.weekdays:
        return cal.weekday_near(ctx.anchor, vocab.weekdays[key], weekday_tense(ctx, start, end))
    parts = re.match(r"(.+?)\s+(\d+)", s.strip())
    if parts:
        mo, d = month_num(parts.group(1), vocab), day_num(parts.group(2), vocab)
        y = resolve_month_day(ctx, mo, d, start, end)
        return None if y is None else safe_date(y, mo, d)
    return None


def h_clock(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    h = int(m["h"])
    minute = int(m["mi"]) if m["mi"] else None
    ap = (m["ap"] or "").lower().replace(".", "").replace(" ", "")
    if ap and not 1 <= h <= 12:
        return None
    if ap == "pm" and h != 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if m.groupdict().get("morn"):
        h = h + 12 if norm(m["morn"]) in ("afternoon", "evening", "night") and h < 12 else h
    suffix = f"{h:02d}:{minute:02d}" if minute is not None else f"{h:02d}:00"
    d = _dayref(m["day"], ctx, m.start(), m.end(), vocab)
    qm = vocab.quantity_mods.get(norm(m["qm"])) if m["qm"] else None
    if d is None:
        return unknown(f"XXXX-XX-XXT{suffix}", "TIME", qm)
    return point(cal.time_of_day(d, suffix), ctx, qm, type_="TIME", remember=m["day"] is not None)


def h_noon(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    code = vocab.day_parts[norm(m["w"])]
    d = _dayref(m["day"], ctx, m.start(), m.end(), vocab)
    if d is None:
        return unknown(f"XXXX-XX-XXT{code}", "TIME")
    return point(cal.time_of_day(d, code), ctx, type_="TIME", remember=m["day"] is not None)


# ---------------------------------------------------------------- quantities


def _unit(s: str, vocab: Vocabulary) -> Unit:
    return vocab.units[norm(s)]


def _grain(unit: Unit) -> Grain:
    if unit.time:
        return Grain.DAY
    return {"D": Grain.DAY, "W": Grain.WEEK, "M": Grain.MONTH, "Q": Grain.QUARTER}.get(
        unit.code, Grain.DECADE if unit.factor == 10 else Grain.YEAR
    )


def duration_value(n: float | None, unit: Unit) -> str:
    if unit.code == "Y" and unit.factor == 10 and n is None:
        return "PXE"
    if unit.code == "Y" and unit.factor == 100 and n is None:
        return "PXC"
    amount = None if n is None else n * unit.factor
    return cal.duration(amount, unit.code, unit.time)


def check_duration(m: re.Match[str], text: str) -> bool:
    """Not ages ("6-year-old"), ordinals ("a second"), fractions ("three-quarters of") or years."""
    after = text[m.end() : m.end() + 6].lower()
    if re.match(r"[\s-]+old\b", after):
        return False
    n, u = m["n"].lower(), m["u"].lower()
    if u.startswith("second") and n in ("a", "an", "one"):
        return False
    if u.startswith("quarter") and (after.startswith(" of") or "-" in m.group()):
        # "three-quarters of the vote" is a share; "several quarters of losses" is time
        return number_value(n, vocabulary()) is None and "-" not in m.group()
    return not re.fullmatch(r"1[6-9]\d\d|20\d\d", n)


def h_duration(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    if norm(m.group()) == "one day":
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
        if before and before[-1] in vocab.future_auxiliaries:
            return unknown("FUTURE_REF")  # "Islam will one day be ...": some day, not P1D
    unit = _unit(m["u"], vocab)
    n = number_value(m["n"], vocab)
    if n is not None and m["half"]:
        n += 0.5  # "a minute and a half"
    qm = vocab.quantity_mods.get(norm(m["qm"])) if m["qm"] else None
    if m.groupdict().get("orso"):
        qm = "APPROX"
    return Parsed("DURATION", duration_value(n, unit), qm, None)


def _shift_units(base: dt.date, unit: Unit, n: int) -> dt.date:
    if unit.time:
        return base
    if unit.code == "D":
        return base + dt.timedelta(days=n)
    if unit.code == "W":
        return base + dt.timedelta(weeks=n * unit.factor)
    if unit.code == "M":
        return cal.add_months(base, n)
    if unit.code == "Q":
        return cal.add_months(base, 3 * n)
    return cal.add_months(base, 12 * n * unit.factor)


def h_ago(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "two days ago", "a year earlier", "three weeks later"."""
    vocab = vocabulary()
    unit = _unit(m["u"], vocab)
    n = number_value(m["n"], vocab)
    direction = norm(m["dir"])
    sign = -1 if direction in ("ago", "earlier", "before", "previously") else 1
    qm = vocab.quantity_mods.get(norm(m["qm"])) if m["qm"] else None
    # "three days later", "a day earlier": TimeBank marks an amount below a year counted
    # from the narrative (not from today) as the DURATION it is; the interval it points
    # to is kept for dating events
    as_duration = direction not in ("ago", "from now", "hence") and (
        unit.time or unit.code in ("D", "W", "M")
    )
    if n is None or n != int(n):
        if as_duration:
            return Parsed("DURATION", duration_value(None, unit), qm, None)
        return unknown("PAST_REF" if sign < 0 else "FUTURE_REF", mod=qm)
    found = _ago_point(unit, int(n) * sign, direction, ctx, qm)
    if as_duration and found is not None:
        return Parsed("DURATION", duration_value(n, unit), qm, found.range)
    return found


def _ago_point(unit: Unit, steps: int, direction: str, ctx: Context, qm: str | None) -> Parsed | None:
    """The point ``steps`` units from today ("ago") or from the last date named."""
    if direction in ("ago", "from now", "hence"):
        base_point: Point | None = None
        base = ctx.anchor
    else:
        base_point = ctx.last
        base = ctx.last.range.start if ctx.last and ctx.last.range else ctx.anchor
    if base is None:
        return unknown("XXXX", mod=qm)
    if unit.time:
        return Parsed("DURATION", duration_value(abs(steps), unit), qm, None)
    grain = _grain(unit)
    last = ctx.last
    if (
        unit.code == "Y"
        and unit.factor == 1
        and last is not None
        and last.grain is Grain.QUARTER
        and last.range
    ):
        return point(
            cal.shift(_shift_units(last.range.start, unit, steps), Grain.QUARTER, 0),
            ctx,
            qm,
            remember=False,
        )
    if (
        base_point is not None
        and base_point.range is not None
        and base_point.grain is Grain.DAY
    ):
        return point(
            cal.day(_shift_units(base_point.range.start, unit, steps)),
            ctx,
            qm,
            remember=False,
        )
    if grain is Grain.DECADE:
        grain = Grain.YEAR
    return point(cal.shift(_shift_units(base, unit, steps), grain, 0), ctx, qm, remember=False)


def h_vague_later(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "hours later", "days earlier": a vague amount from the narrative, a DURATION as
    "a few days later" is."""
    return Parsed("DURATION", duration_value(None, _unit(m["u"], vocabulary())))


def h_set(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "every week", "each July", "each Thursday", "twice a year"."""
    vocab = vocabulary()
    word = norm(m["u"])
    n = number_value(m["n"], vocab) if m["n"] else 1.0
    if word in vocab.weekdays:
        return unknown(f"XXXX-WXX-{vocab.weekdays[word]}", "SET")
    if word in vocab.months:
        return unknown(f"XXXX-{vocab.months[word]:02d}", "SET")
    if word in vocab.seasons:
        return unknown(f"XXXX-{vocab.seasons[word].code}", "SET")
    if word in _PART_WORDS:
        return unknown(f"XXXX-XX-XXT{vocab.day_parts[word]}", "SET")
    unit = _unit(word, vocab)
    if m["other"]:
        n = 2.0
    return unknown(duration_value(n, unit), "SET")


# a count after "the past" ("the past three summers") makes it part of a longer phrase
_COUNT_AFTER = re.compile(
    r"\s+(?:\d|(?:a\s+)?(?:few|several|couple|dozen|many)\b|(?P<w>[a-z]+)\b)", re.IGNORECASE
)


def check_fixed(m: re.Match[str], text: str) -> bool:
    """Bare "years", "days" ... are vague durations, not part of a count or an age;
    "the past" before a count is part of a longer expression ("the past three summers")."""
    word = m["w"].lower()
    if word.startswith("the "):
        nxt = _COUNT_AFTER.match(text, m.end())
        if nxt and (nxt["w"] is None or nxt["w"].lower() in vocabulary().numbers):
            return False
    if word in vocabulary().units:
        before = text[max(0, m.start() - 16) : m.start()].lower().split()
        if before and (
            before[-1] in ("of", "many", "few", "several", "the") or before[-1][-1].isdigit()
        ):
            return False
        if re.match(r"[\s-]+old\b", text[m.end() : m.end() + 6]):
            return False
    return True


def h_fixed(m: re.Match[str], ctx: Context) -> Parsed | None:
    fixed = vocabulary().fixed
    key = norm(m["w"])
    f = fixed.get(key) or fixed[re.sub(r"[\s\u2013]+", "-", key)]  # "then current" = "then-current"
    return unknown(f.value, f.type)
