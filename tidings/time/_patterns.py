"""Regular-expression fragments of the time grammar, built from the vocabulary.

``fragments()`` returns the named pieces ("MONTH", "NUM", "UNIT" ...) that the rules in
``_grammar`` are written with; each piece is a non-capturing group.
"""

from __future__ import annotations

import re
from functools import cache

from tidings.time._vocab import Vocabulary, alternation, number_value

_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_ONES = "one two three four five six seven eight nine".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words(vocab: Vocabulary) -> str:
    tens = "|".join(_TENS)
    ones = "|".join(_ONES)
    others = alternation(k for k in vocab.numbers if k not in _TENS)
    return rf"(?:(?:{tens})(?:[-\s](?:{ones}))?|{others})"


@cache
def fragments(vocab: Vocabulary) -> dict[str, str]:
    """Named regex fragments for the rules (cached per vocabulary)."""
    full_months = [w for w in vocab.months if len(w) > 4 or w in ("may", "june", "july")]
    abbr_months = [w for w in vocab.months if w not in full_months]
    full_days = [w for w in vocab.weekdays if w.endswith("day")]
    abbr_days = [w for w in vocab.weekdays if w not in full_days]
    f: dict[str, str] = {}
    f["MONTH_FULL"] = alternation(full_months)
    f["MONTH_CAP"] = (
        "(?-i:"
        + "|".join(sorted((w.capitalize() for w in full_months), key=len, reverse=True))
        + ")"
    )
    f["MONTH"] = rf"(?:{alternation(full_months)}|{alternation(abbr_months)}\.?)(?![a-z])"
    f["WD"] = rf"(?:{alternation(full_days)}|{alternation(abbr_days)}\.)"
    f["DAY"] = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
    f["ORDWORD"] = alternation(k for k, v in vocab.ordinals.items() if 0 < v <= 31)
    f["YEAR"] = r"(?:1[0-9]|2[01])\d\d(?!\d)"
    tens = "|".join(_TENS)
    ones = "|".join(_ONES)
    two = rf"(?:(?:{tens})(?:[-\s](?:{ones}))?|{'|'.join(_TEENS)}|hundred|oh[-\s](?:{ones}))"
    f["SPOKEN_YEAR"] = (
        rf"(?:(?:nineteen|eighteen|twenty)[-\s]{two}|two\s+thousand(?:(?:\s+and)?[-\s](?:{ones}|{'|'.join(_TEENS)}))?)"
    )
    f["NUMWORD"] = _number_words(vocab)
    f["NUM"] = (
        r"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|"
        + f["NUMWORD"]
        + r"(?:\s+and\s+a\s+half)?|an?|"
        + alternation(vocab.vague_numbers)
        + ")"
    )
    f["UNIT"] = alternation(vocab.units)
    f["UNIT_SING"] = alternation(u for u in vocab.units if vocab.units[u].name == u)
    f["SEASON"] = alternation(vocab.seasons)
    f["PART"] = alternation(
        k for k in vocab.day_parts if k in ("morning", "afternoon", "evening", "night")
    )
    f["PMOD"] = alternation(vocab.point_mods)
    f["QMOD"] = alternation(vocab.quantity_mods)
    f["RELP"] = alternation(vocab.relative_periods)
    f["HOLIDAY"] = alternation(vocab.holidays)
    f["FIXED"] = alternation(vocab.fixed)
    f["TZ"] = r"(?:[ECMP][SD]T|GMT|UTC|BST|CET|local\s+time|Z)\b"
    f["RELDAY"] = alternation(vocab.relative_days)
    f["DAYREF"] = rf"(?:{f['WD']}|today|yesterday|tomorrow|{f['MONTH']}\s+{f['DAY']})"
    return f


def compile_rule(template: str, vocab: Vocabulary) -> re.Pattern[str]:
    """Compile a rule template whose ``{NAME}`` fields are fragments."""
    return re.compile(template.format(**fragments(vocab)), re.IGNORECASE)


def spoken_year(words: str, vocab: Vocabulary) -> int | None:
    """A year read out in words: "nineteen ninety-seven", "two thousand and one"."""
    w = re.sub(r"[-\s]+", " ", words.lower()).strip()
    if w.startswith("two thousand"):
        rest = w[len("two thousand") :].replace("and", "").strip()
        extra = number_value(rest, vocab) if rest else 0.0
        return None if extra is None else 2000 + int(extra)
    head, _, rest = w.partition(" ")
    if head not in vocab.numbers:
        return None
    if rest == "hundred":
        return vocab.numbers[head] * 100
    rest = rest.replace("oh ", "")
    tail = number_value(rest, vocab)
    return None if tail is None else vocab.numbers[head] * 100 + int(tail)
