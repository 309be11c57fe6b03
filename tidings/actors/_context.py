"""The country a document or sentence is about, for actors that name none.

"Police", "protesters", "a newspaper", "the main rebel group" and unknown names carry no
country of their own. A reader takes it from the context: the event's place first (the
events stage does that), else the country the surrounding text is about. That country is
the one its resolved mentions name most often ("Chilean officials", "Iraq's Al-Qaeda
frontman", "Beirut", "UNITA"), provided one leads; a tie says nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from tidings.actors._entries import Resolution


def main_country(resolutions: Iterable[Resolution | None], states: Collection[str]) -> str | None:
    """The state most often named or stood for among ``resolutions``; None on a tie or when
    none is a state (``states``: the ISO3 codes that count, not IGO, NGO, ...)."""
    return leading_country(r.country for r in resolutions if r is not None and r.country in states)


def leading_country(codes: Iterable[str | None]) -> str | None:
    """The code named most often (None ignored); None on a tie or when there is none."""
    counts = Counter(code for code in codes if code)
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]
