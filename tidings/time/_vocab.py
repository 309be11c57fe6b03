"""The vocabulary of the time grammar, loaded once from ``tidings/data/time/``.

The YAML file maps words to meanings (months, numbers, units, vague references,
holidays ...). ``vocabulary()`` validates it and returns a ``Vocabulary``; the grammar
builds its regular expressions from the alternations this module prepares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tidings.errors import KnowledgeError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "time"
DATA_FILE = "vocabulary.yaml"


@dataclass(frozen=True, slots=True)
class Unit:
    """A calendar unit: TIMEX3 duration code, multiplier, and whether it is a time unit."""

    name: str
    code: str
    factor: int = 1
    time: bool = False


@dataclass(frozen=True, slots=True)
class Fixed:
    """A phrase with a fixed TIMEX3 type and value ("now" -> DATE PRESENT_REF)."""

    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Season:
    code: str
    months: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Holiday:
    """A fixed-date holiday (month, day) or a computed one (rule)."""

    month: int | None = None
    day: int | None = None
    rule: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    """Everything the grammar knows about words; keys are lower case."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, Unit]  # singular and plural forms
    seasons: dict[str, Season]
    day_parts: dict[str, str]
    point_mods: dict[str, str]
    quantity_mods: dict[str, str]
    fixed: dict[str, Fixed]
    relative_days: dict[str, int]
    relative_periods: dict[str, int]
    holidays: dict[str, Holiday]
    signals: tuple[str, ...]
    not_year_before: frozenset[str]
    clock_followers: frozenset[str]  # with weekdays and relative days: "at 1830 on Thursday"
    street_suffixes: tuple[str, ...]  # as written: "St", "Road"
    year_prepositions: frozenset[str]
    future_auxiliaries: frozenset[str]
    intent_words: frozenset[str]
    scheduled_words: frozenset[str]
    deferral_words: tuple[str, ...]
    report_words: frozenset[str]


def alternation(words: Any, abbrev: bool = False) -> str:
    """A regex alternation of ``words``, longest first; spaces match any blank run.

    With ``abbrev`` a short form may be followed by a full stop ("Sept.").
    """
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        pat = re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "[-\u2013 ]?")
        if abbrev and len(w) <= 5:
            pat += r"\.?"
        parts.append(pat)
    return "(?:" + "|".join(parts) + ")"


def _need(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise KnowledgeError(f"{DATA_FILE}: missing section {key!r}; see the comments in the file")
    return data[key]


def _invert(section: dict[Any, list[str]]) -> dict[str, int]:
    return {str(word).lower(): int(num) for num, words in section.items() for word in words}


def parse_vocabulary(data: dict[str, Any]) -> Vocabulary:
    """Validate the parsed YAML and build the ``Vocabulary``."""
    try:
        units: dict[str, Unit] = {}
        for name, spec in _need(data, "units").items():
            units[name] = Unit(
                name, spec["code"], int(spec.get("factor", 1)), bool(spec.get("time"))
            )
        for plural, singular in _need(data, "plural_units").items():
            units[plural] = units[singular]
        seasons = {
            name: Season(spec["code"], (int(spec["months"][0]), int(spec["months"][1])))
            for name, spec in _need(data, "seasons").items()
        }
        fixed = {
            str(k).lower(): Fixed(v["type"], v["value"]) for k, v in _need(data, "fixed").items()
        }
        holidays = {
            str(k).lower(): Holiday(v.get("month"), v.get("day"), v.get("rule"))
            for k, v in _need(data, "holidays").items()
        }
        tense = _need(data, "tense")
        return Vocabulary(
            months=_invert(_need(data, "months")),
            weekdays=_invert(_need(data, "weekdays")),
            numbers={str(k).lower(): int(v) for k, v in _need(data, "numbers").items()},
            vague_numbers=tuple(str(w).lower() for w in _need(data, "vague_numbers")),
            ordinals={str(k).lower(): int(v) for k, v in _need(data, "ordinals").items()},
            units=units,
            seasons=seasons,
            day_parts={str(k).lower(): str(v) for k, v in _need(data, "day_parts").items()},
            point_mods={str(k).lower(): str(v) for k, v in _need(data, "point_mods").items()},
            quantity_mods={str(k).lower(): str(v) for k, v in _need(data, "quantity_mods").items()},
            fixed=fixed,
            relative_days={str(k).lower(): int(v) for k, v in _need(data, "relative_days").items()},
            relative_periods={
                str(k).lower(): int(v) for k, v in _need(data, "relative_periods").items()
            },
            holidays=holidays,
            signals=tuple(str(s).lower() for s in _need(data, "signals")),
            not_year_before=frozenset(str(s).lower() for s in _need(data, "not_year_before")),
            clock_followers=frozenset(str(s).lower() for s in _need(data, "clock_followers")),
            street_suffixes=tuple(str(s) for s in _need(data, "street_suffixes")),
            year_prepositions=frozenset(str(s).lower() for s in _need(data, "year_prepositions")),
            future_auxiliaries=frozenset(str(w).lower() for w in tense["future_auxiliaries"]),
            intent_words=frozenset(str(w).lower() for w in tense["intent_words"]),
            scheduled_words=frozenset(str(w).lower() for w in tense["scheduled_words"]),
            deferral_words=tuple(str(w).lower() for w in tense["deferral_words"]),
            report_words=frozenset(str(w).lower() for w in tense["report_words"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise KnowledgeError(
            f"{DATA_FILE}: malformed entry ({err!r}); see the comments in the file"
        ) from err


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, loaded and validated once."""
    text = (DATA_DIR / DATA_FILE).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise KnowledgeError(f"{DATA_FILE}: expected a mapping of sections")
    return parse_vocabulary(data)


def number_value(words: str, vocab: Vocabulary) -> float | None:
    """The number a numeral phrase names ("twenty-five", "2 1/2", "a", "48"); None if vague."""
    w = re.sub(r"\s+", " ", words.lower().strip()).replace("\u2013", "-")
    if w in ("a", "an", "one"):
        return 1.0
    if w in vocab.vague_numbers:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", w.replace(",", ""))
    if m:
        value = float(m.group(1))
        if m.group(2):
            value += int(m.group(2)) / int(m.group(3))
        return value
    if w in vocab.numbers:
        return float(vocab.numbers[w])
    if w.endswith(" and a half"):
        base = number_value(w[: -len(" and a half")], vocab)
        return None if base is None else base + 0.5
    total = 0
    for part in re.split(r"[- ]", w):
        if part == "and" or not part:
            continue
        if part not in vocab.numbers:
            return None
        total += vocab.numbers[part]
    return float(total)
