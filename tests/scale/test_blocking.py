"""Blocks for the distributed merge: a mention always shares a block with every event it could join."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.corpus.merge import PlaceRef, Profile, compare
from tidings.scale.blocking import block_keys, type_family

KHARKIV = PlaceRef("Kharkiv", 706483, 49.98, 36.25, "UKR", "city")
CHUHUIV = PlaceRef("Chuhuiv", 710403, 49.84, 36.69, "UKR", "city")  # 35 km from Kharkiv
LVIV = PlaceRef("Lviv", 702550, 49.84, 24.02, "UKR", "city")


def mention(
    id: str,
    day: str | None = "2024-03-31",
    precision: str = "day",
    type: str = "ASSAULT",
    factuality: str = "asserted",
    actors: tuple[str, ...] = ("RUS",),
    recipients: tuple[str, ...] = (),
    place: PlaceRef | None = None,
) -> Profile:
    start = dt.date.fromisoformat(day) if day else None
    end = start
    if start and precision == "month":
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return Profile(id, type, factuality, start, end, precision if day else "unknown", place,
                   frozenset(actors), frozenset(recipients), frozenset({id.split("-")[0]}))  # fmt: skip


def test_a_day_at_a_months_end_and_the_next_day_share_a_block() -> None:
    a, b = (mention(id, day, recipients=("UKR",)) for id, day in (("d1-m1", "2024-03-31"), ("d2-m1", "2024-04-01")))
    assert compare(a, b).merged
    assert len(set(block_keys([a, b]))) == 1


def test_a_month_precise_report_chains_the_days_it_covers() -> None:
    early, late = mention("d1-m1", "2024-03-02"), mention("d2-m1", "2024-03-29")
    month = mention("d3-m1", "2024-03-01", precision="month")
    keys = block_keys([early, late, month])
    assert len(set(keys)) == 1
    assert len(set(block_keys([early, late]))) == 2  # without it, four weeks apart: two blocks


@pytest.mark.parametrize(
    ("other", "together"),
    [
        (mention("d2-m1", "2024-04-05"), False),  # days apart
        (mention("d2-m1", type="PROTEST"), False),  # another type
        (mention("d2-m1", factuality="planned"), False),  # a plan is not what happened
        (mention("d2-m1", actors=("ISR",)), False),  # no shared actor, no place
        (mention("d2-m1", actors=(), recipients=("UKR",)), False),  # nothing ties them
        (mention("d2-m1", actors=(), place=CHUHUIV), True),  # a place within 50 km ties them
        (mention("d2-m1", actors=(), place=LVIV), False),  # 680 km away
        (mention("d2-m1", actors=("RUS", "BLR")), True),
        (mention("d2-m1", factuality="claimed"), True),  # claimed and asserted: both happened
    ],
)
def test_blocks_split_only_what_can_never_merge(other: Profile, together: bool) -> None:
    event = mention("d1-m1", place=KHARKIV)
    keys = block_keys([event, other])
    assert (keys[0] == keys[1]) is together
    if compare(event, other).merged:
        assert together


def test_undated_mentions_are_blocks_of_their_own() -> None:
    keys = block_keys([mention("d1-m1", None), mention("d2-m1", None), mention("d3-m1")])
    assert len(set(keys)) == 3
    assert all(k.startswith(type_family("ASSAULT", "asserted")) for k in keys)


def test_ties_chain_through_a_third_report() -> None:
    a = mention("d1-m1", actors=("RUS",), recipients=())
    b = mention("d2-m1", actors=("RUS",), recipients=("UKR",))
    c = mention("d3-m1", actors=(), recipients=("UKR",))  # joins a+b through b's recipient
    assert len(set(block_keys([a, b, c]))) == 1
    assert len(set(block_keys([a, c]))) == 2
