"""Tokenising and normalising text for actor look-ups.

Knowledge-base names and the text they are matched against go through the same
normalisation, so look-ups are plain dictionary hits on normalised token tuples:

* case-folding and diacritics removed ("Élysée" -> "elysee");
* dotted acronyms joined ("U.S." -> "us", "U.N." -> "un");
* hyphens and dashes split words ("al-Sudani" -> "al sudani", "Iran-backed" -> "iran backed");
* apostrophes inside words dropped ("Kata'ib" -> "kataib"), possessive "'s" removed;
* quotes and other punctuation ignored.

Tokens keep their character offsets in the original text, for ``find_mentions`` and for
the case checks that keep "US" from matching "us".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A dotted acronym ("U.S.", "U.N."), or a word that may hold inner apostrophes ("Kata'ib").
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’ʼ`]\w+)*")
_APOSTROPHES = re.compile(r"['’ʼ`]")
# Characters that end an appositive or parenthetical segment of a noun phrase.
_SEGMENT_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|--")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the input: normalised form, original form and offsets."""

    norm: str
    text: str
    start: int
    end: int
    segment: int  # index of the comma/dash-separated segment the token is in

    @property
    def has_upper(self) -> bool:
        return any(c.isupper() for c in self.text)

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Case-fold one word and strip its diacritics and inner apostrophes."""
    if word.isascii():
        out = word.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", word)
        out = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if "." in out:
        out = out.replace(".", "")
    if out.endswith(("'s", "’s", "ʼs")):
        out = out[:-2]
    elif out.endswith(("s'", "s’")):
        out = out[:-1]
    return _APOSTROPHES.sub("", out)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, marking the appositive segment each belongs to."""
    tokens: list[Token] = []
    segment = 0
    last_end = 0
    for m in _TOKEN.finditer(text):
        if tokens and _SEGMENT_BREAK.search(text, last_end, m.start()) and not (
            text[last_end:m.start()] == "," and tokens[-1].text.isdigit() and m.group().isdigit()
        ):  # "800,000" is one number, not two segments
            segment += 1
        word = m.group()
        norm = fold(word)
        if norm:
            tokens.append(Token(norm, word, m.start(), m.end(), segment))
        last_end = m.end()
    return tokens


def normalise(text: str) -> str:
    """The look-up key of a name: normalised tokens joined by single spaces.

    A leading "the" is dropped, so "the United States" and "United States" share a key.
    """
    words = [fold(m.group()) for m in _TOKEN.finditer(text)]
    words = [w for w in words if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def is_acronym(name: str) -> bool:
    """True for all-capital short names ("US", "U.S.", "ISIS", "M23"): matched case-sensitively."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in name.strip()


def strip_particles(key: str) -> str:
    """Variant of a normalised Arabic-style name without "al"/"el" particles."""
    words = [w for w in key.split(" ") if w not in ("al", "el")]
    return " ".join(words)
