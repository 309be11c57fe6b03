"""The rule table: which pattern finds which kind of expression, and who normalises it.

Patterns are templates over the fragments of ``_patterns`` and are compiled once. When
matches overlap the longest wins, then the earlier rule in this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tidings.time import _grammar as g
from tidings.time import _periods as pe
from tidings.time import _quantities as q
from tidings.time._grammar import Rule
from tidings.time._patterns import compile_rule
from tidings.time._vocab import vocabulary

PM = r"(?P<pm>{PMOD}[\s-]*)?"  # point modifier: "early", "mid-", "the end of"
REL_DAY = r"last|this|next|this\s+past|this\s+coming|the\s+previous|the\s+following"
ORD_Q = r"first|second|third|fourth|final|last|1st|2nd|3rd|4th"
DECADES = r"twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
WEEKDAYS_CAP = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
PARTS_PLURAL = r"mornings|afternoons|evenings|nights"
NOT_HYPHENATED = r"(?![\w.]+-)"  # "the two-week ..." : the article is not part of the timex


def _not_may(m: re.Match[str], text: str) -> bool:
    """Lower-case "may" before a number is the verb ("may 5 ...")."""
    return m["mon"] != "may"


def _the_quarter(m: re.Match[str], text: str) -> bool:
    words = m.group().lower()
    return "period" not in words or "latest" in words


def _spoken_year(m: re.Match[str], text: str) -> bool:
    """ "nineteen ninety" and "two thousand" read as years, not counts ("two thousand years")."""
    if m.group().lower().startswith("the year"):
        return True
    if re.match(r"\s+(?:years|centuries|decades)", text[m.end() : m.end() + 12]):
        return False
    return "thousand" in m["y"].lower() or bool(
        re.match(
            r"(?i)nineteen[\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)",
            m["y"],
        )
    )


def _clock24(m: re.Match[str], text: str) -> bool:
    """ "14:30" is a time unless it is a score or ratio ("14:30-15:00" still is)."""
    return bool(m["tz"] or m["tz2"] or not re.match(r"\s*[-:]\s*\d", text[m.end() : m.end() + 4]))


def _clock_words(m: re.Match[str], text: str) -> bool:
    return m["h"].isdigit()


def _set(m: re.Match[str], text: str) -> bool:
    """ "a"/"per" make a set only after "once", "twice", "N times" ("twice a year")."""
    return bool(m["freq"]) or not m.group().lower().startswith(("a ", "per "))


def _this_period(m: re.Match[str], text: str) -> bool:
    """ "the month" is the current one only after a point modifier ("by the end of the
    month"); alone ("the week's most active session") it is left to the anaphora rules."""
    return bool(m["pm"]) or m["rel"].lower() != "the" or m["u"].lower() == "weekend"


RULES: tuple[Rule, ...] = (
    Rule(
        "iso",
        r"\b(?P<y>\d{{4}})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
        r"(?:T(?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b",
        g.h_iso,
    ),
    Rule(
        "numeric",
        r"(?<![\d/.])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)"
        r"(?P<y>\d{{4}}|\d{{2}})(?![\d/]|\.\d)",
        g.h_numeric,
    ),
    Rule(
        "month_day",
        r"\b(?:(?P<wd>{WD}),?\s+)?" + PM + r"(?P<mon>{MONTH})\s+(?P<day>{DAY}|{ORDWORD})"
        r"(?:,?\s+(?P<y>{YEAR}|{SPOKEN_YEAR}))?(?![\w$])",
        g.h_month_day,
        _not_may,
    ),
    Rule(
        "coordinated_day",
        r"(?:(?<=\sand\s)|(?<=\sor\s))(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\w|%|[.,:/-]\d)",
        g.h_coordinated_day,
        g.check_coordinated_day,
    ),
    Rule(
        "day_month",
        r"\b(?:(?P<wd>{WD}),?\s+)?" + PM + r"(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+"
        r"(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR}))?\b",
        g.h_month_day,
    ),
    Rule(
        "day_of_month",
        r"\bthe\s+(?P<day>{ORDWORD}|{DAY})\s+of\s+(?P<mon>{MONTH})"
        r"(?:,?\s+(?P<y>{YEAR}))?\b(?P<pm>)",
        g.h_month_day,
    ),
    Rule(
        "month_year",
        r"\b" + PM + r"(?P<mon>{MONTH}),?\s+(?:of\s+)?"
        r"(?P<y>{YEAR}|['\u2019]\d\d|{SPOKEN_YEAR})\b",
        g.h_month_year,
        _not_may,
    ),
    Rule(
        "month_rel_year",
        r"\b" + PM + r"(?P<mon>{MONTH_FULL})\s+(?P<rel>this|last|next)\s+year\b",
        g.h_month_rel_year,
    ),
    Rule(
        "month",
        r"\b" + PM + r"(?:(?P<rel>" + REL_DAY + r")\s+)?(?P<mon>{MONTH_CAP})\b(?!\s*\d)",
        g.h_month,
        g.check_month,
    ),
    Rule(
        "quarter",
        r"(?:\b(?P<det>the(?=\s+\w+\s)|this\s+year's|last\s+year's|next\s+year's)\s+)?"
        r"\b(?:(?P<y0>{YEAR})\s+)?(?:(?:fiscal|calendar)[\s-]+)?(?P<ord>" + ORD_Q + r")[\s-]+"
        r"(?:(?:fiscal|calendar)[\s-]+)?(?P<unit>quarter|half)"
        r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR})|,?\s+(?P<y2>{YEAR}))?\b",
        pe.h_quarter,
    ),
    Rule(
        "week_of",
        r"\bthe\s+week\s+of\s+(?P<mon>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<y>{YEAR}))?\b",
        pe.h_week_of,
    ),
    Rule("q_code", r"\b(?-i:Q)(?P<q>[1-4])(?:\s+(?P<y>{YEAR}))?\b", pe.h_q_code),
    Rule(
        "the_quarter",
        r"\b(?:the|this)\s+(?:latest\s+|most\s+recent\s+|same\s+)?(?:quarter|period)\b",
        pe.h_the_quarter,
        _the_quarter,
    ),
    Rule(
        "the_year",
        r"\b(?P<pm>(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)?"
        r"the\s+(?:(?:current|full|fiscal|calendar)\s+)?year\b"
        r"(?!\s+(?:ago|earlier|later|before|after))",
        pe.h_the_year,
    ),
    Rule(
        "year_ago_period",
        r"\b(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?"
        r"(?:year[\s-](?:earlier|ago)|(?P<y>{YEAR}))\s+"
        r"(?:(?:first|second|third|fourth)[\s-]+)?(?:quarter|period)\b",
        pe.h_year_ago_period,
    ),
    Rule("year_ago", r"\byear[\s-](?:earlier|ago)\b(?P<y>)", pe.h_year_ago_period),
    Rule("year_end", r"\b(?:the\s+)?year(?:['\u2019]s\s+|[\s-])end\b", pe.h_year_end),
    Rule(
        "season",
        r"\b" + PM + r"(?:(?P<rel>{RELP}|this\s+past)\s+|the\s+)?"
        r"(?P<pm2>(?:early|late|mid)[\s-]*)?(?P<s>{SEASON})"
        r"(?:\s+(?:of\s+)?(?P<y>{YEAR}|{SPOKEN_YEAR})|\s+(?P<rel2>this|last|next)\s+year)?\b",
        pe.h_season,
        pe.check_season,
    ),
    Rule(
        "decade",
        r"(?<![\w$])(?P<the>the\s+)?" + PM + r"(?P<y>(?:1[0-9]|20)\d0|['\u2019]?\d0)['\u2019]?s\b",
        g.h_decade,
        g.check_decade,
    ),
    Rule(
        "decade_word",
        r"\b(?:the\s+)?" + PM + r"(?:(?P<c>nineteen|eighteen)[\s-]+)?(?P<w>" + DECADES + r")\b",
        g.h_decade_word,
    ),
    Rule(
        "century",
        r"\b(?:the\s+)?" + PM + r"(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{ORDWORD})[\s-]+century\b",
        g.h_century,
    ),
    Rule(
        "year",
        r"(?:(?<![\w$\u00a3\u20ac#.,/-])|(?<=\bpre-)|(?<=\bpost-))"  # "post-1959"
        + PM
        + r"(?:(?:fiscal(?:\s+year)?|FY|calendar(?:\s+year)?|the\s+year)\s*)?"
        r"(?P<y>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|\.\d|-\d)",
        g.h_year,
        g.check_year,
    ),
    Rule(
        "spoken_year",
        r"\b" + PM + r"(?:the\s+year\s+)?(?P<y>{SPOKEN_YEAR})\b",
        g.h_year,
        _spoken_year,
    ),
    Rule(
        "relative",
        r"\b" + PM + r"(?P<rel>{RELP}|the(?=\s+weekend)|(?<=of\s)the(?=\s+(?:week|month)\b))\s+"
        r"(?P<u>week(?:end)?|month|year|quarter|decade|century|fiscal\s+year|half)\b",
        pe.h_relative,
        _this_period,
    ),
    Rule(
        "anaphoric_day",
        r"\b(?P<w>(?:the\s+(?:same|previous|next|following|preceding)|that(?:\s+same)?)\s+day\b"
        r"|the\s+day\s+(?:before|after)(?!\s+(?:yesterday|tomorrow|last|next|this)\b|\s+\w+ing\b))",
        pe.h_anaphoric_day,
    ),
    Rule("anaphoric", r"\b(?:that|the\s+same)\s+(?P<u>week|month|year|quarter)\b", pe.h_anaphoric),
    Rule(
        "holiday",
        r"\b(?:(?P<rel>last|this|next)\s+)?(?P<h>{HOLIDAY})(?:\s+(?P<y>{YEAR}))?\b",
        pe.h_holiday,
    ),
    Rule(
        "weekday",
        r"\b" + PM + r"(?:(?P<rel>" + REL_DAY + r"|past|coming)\s+)?"
        r"(?P<wd>{WD})(?:\s+(?P<part>{PART}))?(?!\w)",
        q.h_weekday,
        q.check_capital,
    ),
    Rule(
        "weekday_set",
        r"\b(?P<wd>" + WEEKDAYS_CAP + r")(?:s\b|(?=\s+(?:" + PARTS_PLURAL + r")\b))"
        r"(?:\s+(?P<part>" + PARTS_PLURAL + r"))?\b",
        q.h_weekday_set,
    ),
    Rule("relday", r"\b" + PM + r"(?P<w>{RELDAY})(?:\s+(?P<part>{PART}))?\b", q.h_relday),
    Rule(
        "daypart",
        r"\b" + PM + r"(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part>{PART})\b",
        q.h_daypart,
    ),
    Rule(
        "daypart_mod",
        r"\b(?P<pm>(?:early|late|mid)[\s-]*)(?P<part>morning|afternoon|evening)"
        r"(?:\s+(?P<rel>yesterday|today|tomorrow))?\b",
        q.h_daypart_mod,
    ),
    Rule(
        "daypart_the",
        r"(?:(?<=\bin\s)the|that)\s+(?P<part>morning|afternoon|evening|night)\b(?!\s+of\b)(?P<pm>)(?P<rel>)",
        q.h_daypart_mod,
    ),
    Rule("overnight", r"\b(?P<pm>)(?P<rel>)(?P<part>overnight)\b", q.h_daypart),
    Rule(
        "clock",
        r"\b(?P<qm>(?:at\s+)?(?:about|around|approximately|some)\s+)?"
        r"(?P<h>[01]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.?|[ap]m\b)"
        r"(?:\s+(?P<tz>{TZ}))?(?:,?\s+(?:on\s+)?(?P<day>{DAYREF}))?",
        q.h_clock,
    ),
    Rule(
        "clock24",
        r"\b(?P<qm>)(?P<h>[01]?\d|2[0-3])"
        r"(?::(?P<mi>[0-5]\d)\s*(?P<tz>{TZ})?|(?P<mi2>[0-5]\d)\s*(?P<tz2>GMT|UTC|[ECMP][SD]T|local\s+time))"
        r"(?P<ap>)(?P<day>)(?![\d:])",
        q.h_clock,
        _clock24,
    ),
    Rule(
        "clock_words",
        r"\b(?P<qm>)(?P<h>{NUMWORD}|\d{{1,2}})\s+(?:o'clock\s+)?in\s+the\s+"
        r"(?P<morn>morning|afternoon|evening)(?P<mi>)(?P<ap>)(?P<day>)",
        q.h_clock,
        _clock_words,
    ),
    Rule("noon", r"\b(?P<w>noon|midnight|midday)(?:\s+(?:on\s+)?(?P<day>{DAYREF}))?\b", q.h_noon),
    Rule(
        "ago",
        r"\b(?P<qm>{QMOD}\s+)?(?P<n>{NUM})[\s-]+(?P<u>{UNIT})(?:\s+or\s+so)?\s+"
        r"(?P<dir>ago|earlier|later|from\s+now|hence|before(?=\s*[,.;])|after(?=\s*[,.;]))",
        q.h_ago,
    ),
    Rule(
        "vague_later",
        r"\b(?P<u>minutes|hours|days|weeks|months|years)\s+(?P<dir>later|earlier)\b",
        q.h_vague_later,
    ),
    Rule(
        "duration",
        r"\b(?P<qm>{QMOD}\s+)?"
        r"(?:(?:(?:the|its)\s+" + NOT_HYPHENATED + r"|each\s+of\s+the\s+|an?\s+)?"
        r"(?:past|last|next|first|coming|previous|latest|final|initial|remaining|following"
        r"|additional|other|more)\s+|the\s+" + NOT_HYPHENATED + r")?"
        r"(?P<n>{NUM})(?:\s+(?:more|additional|straight|consecutive|full|long|trading"
        r"|business|working|calendar|to\s+\w+|or\s+\w+))?"
        r"[\s-]+(?P<u>{UNIT})(?P<half>\s+and\s+a\s+half)?(?:-long)?(?P<orso>\s+or\s+so)?\b",
        q.h_duration,
        q.check_duration,
    ),
    Rule(
        "set",
        r"\b(?P<freq>(?:once|twice|thrice|{NUMWORD}\s+times|\d+\s+times)\s+)?"
        r"(?:every|each|per|a)\s+(?P<other>other\s+)?(?P<n>{NUM}\s+)?"
        r"(?P<u>{UNIT}|{WD}|{MONTH_FULL}|{SEASON}|morning|afternoon|evening|night)\b",
        q.h_set,
        _set,
    ),
    Rule("fixed", r"\b(?P<w>{FIXED})\b", q.h_fixed, q.check_fixed),
)


# Words one of which every match of a rule contains: a rule only runs near them.
_EXTRA_WORDS = {
    "unit": ("weekend", "period", "half"),
    "word": (
        "overnight noon midnight midday century nineteen eighteen thousand twenties thirties"
        " forties fifties sixties seventies eighties nineties"
    ).split(),
}
_NOT_TRIGGERS = frozenset("the a an of and in at to for this that new s".split())
RULE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "iso": ("digit",),
    "numeric": ("digit",),
    "year": ("digit",),
    "q_code": ("digit",),
    "decade": ("digit",),
    "clock": ("digit",),
    "clock24": ("digit",),
    "month_day": ("month",),
    "coordinated_day": ("month",),
    "day_month": ("month",),
    "day_of_month": ("month",),
    "month_year": ("month",),
    "month_rel_year": ("month",),
    "week_of": ("month",),
    "month": ("month",),
    "weekday": ("weekday",),
    "weekday_set": ("weekday",),
    "year_ago": ("unit",),
    "vague_later": ("unit",),
    "year_end": ("unit",),
    "set": ("unit", "weekday", "month", "season", "word"),
    "season": ("season",),
    "spoken_year": ("word",),
    "decade_word": ("word",),
    "century": ("word",),
    "holiday": ("word",),
    "relday": ("word",),
    "daypart": ("word",),
    "overnight": ("word",),
    "daypart_mod": ("word",),
    "daypart_the": ("word",),
    "noon": ("word",),
    "fixed": ("word",),
    "clock_words": ("word",),
}
WINDOW_BEFORE, WINDOW_AFTER = 60, 70


@dataclass(frozen=True, slots=True)
class Compiled:
    """A rule with its compiled pattern, its rank in the table and its trigger kinds."""

    rank: int
    rule: Rule
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]


@cache
def compiled_rules() -> tuple[Compiled, ...]:
    """All rules, compiled once."""
    vocab = vocabulary()
    return tuple(
        Compiled(i, r, compile_rule(r.template, vocab), RULE_TRIGGERS.get(r.name, ("unit",)))
        for i, r in enumerate(RULES)
    )


@cache
def trigger_words() -> dict[str, str]:
    """Lower-case word -> trigger kind; a word can belong to one kind only, so the
    kinds that share words ("years": unit and word) are joined with "+"."""
    vocab = vocabulary()
    kinds: dict[str, set[str]] = {
        "month": set(vocab.months),
        "weekday": set(vocab.weekdays),
        "unit": set(vocab.units) | set(_EXTRA_WORDS["unit"]),
        "season": set(vocab.seasons),
        "word": set(_EXTRA_WORDS["word"]),
    }
    for phrase in (*vocab.fixed, *vocab.relative_days, *vocab.holidays, *vocab.day_parts):
        kinds["word"].update(re.findall(r"[a-z]+", phrase))
    out: dict[str, set[str]] = {}
    for kind, words in kinds.items():
        for w in words - _NOT_TRIGGERS:
            out.setdefault(w, set()).add(kind)
    return {w: "+".join(sorted(k)) for w, k in out.items()}


_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger kind, the merged stretches of text around its trigger words."""
    words = trigger_words()
    out: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for m in _TOKEN.finditer(text):
        token = m.group()
        kinds = "digit" if token[0].isdigit() else words.get(token.lower())
        if kinds is None:
            continue
        lo, hi = max(0, m.start() - WINDOW_BEFORE), min(n, m.end() + WINDOW_AFTER)
        for kind in kinds.split("+"):
            spans = out.setdefault(kind, [])
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return out


def rule_windows(
    comp: Compiled, by_kind: dict[str, list[tuple[int, int]]]
) -> list[tuple[int, int]]:
    """The merged windows a rule must scan."""
    spans = sorted(s for kind in comp.triggers for s in by_kind.get(kind, ()))
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged
