"""The distributed merge: blocks that no merge crosses, and the store's merge run per block.

``tidings.corpus.merge.assign`` compares each mention, in input order, with the events
known so far. Run on a whole corpus it needs every event in one process. Here the mentions
(and the events of earlier runs) are cut into **blocks** such that a mention can only ever
join an event of its own block; running ``assign`` on each block separately, in the same
order and batch by batch, then gives exactly the events of the single-process merge
(same ids, same records, same reasons).

The blocking key has three levels, each one exact:

1. **type family**: the PLOVER type and the factuality group (``compare`` never merges
   across either);
2. **date bucket**: within a type family, mentions whose date windows (±1 day for a day,
   the period for a month or year) overlap are chained into one bucket — a sweep over the
   windows sorted by start, so a bucket ends where no window crosses a gap. A mention can
   only join an event whose current date is one of its members' dates, so it shares a
   bucket with that member. Undated mentions never merge across documents: each is a
   block of its own;
3. **actor pair / place**: within a date bucket, mentions are linked when they share an
   actor key or a recipient key (KB id, country, affiliation), the GeoNames id, or a 1°
   grid cell or a neighbouring one (whole latitude bands beyond 59°, so any two places
   within ``NEAR_KM`` of each other are linked). ``compare`` asks for at least one such
   tie with the event, whose keys are the union of its members' keys and whose place is
   its first member's place, so a mention always shares a component with the event it
   joins.

Boundaries need no special case: a window that reaches into the next period simply chains
the two into one bucket, so no event is compared in two blocks and nothing is merged twice.
Because links are only ever added (never required), a block is at worst larger than
needed, never too small. The cost: in a dense stream a bucket can span a long run of
days, but level 3 still splits it by who did what to whom, and where.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.corpus.merge import FACTUALITY_GROUP, Profile, assign, date_window, fold_records
from tidings.store.writer import event_profile, event_row, link_mentions, mention_profile

POLAR_BAND = 59  # beyond this latitude a grid cell is the whole band: 1° of longitude is under 50 km


def type_family(type_: str, factuality: str | None) -> str:
    fact = factuality or "asserted"
    return f"{type_}|{FACTUALITY_GROUP.get(fact, fact)}"


def stable_hash(key: str, buckets: int) -> int:
    """A hash that is the same in every process (``hash()`` is salted per process)."""
    return zlib.crc32(key.encode("utf-8")) % max(1, buckets)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            grand = self.parent.setdefault(parent, parent)
            self.parent[x] = grand
            x, parent = parent, grand
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    band = math.floor(lat)
    if band > POLAR_BAND - 1 or band < -POLAR_BAND:
        return band, 999  # the whole band
    return band, math.floor(lon) % 360


def _neighbours(cell: tuple[int, int], present: dict[int, set[int]]) -> Iterable[tuple[int, int]]:
    band, lon = cell
    for other_band in (band - 1, band, band + 1):
        for other in present.get(other_band, ()):
            if 999 in (lon, other) or (lon - other) % 360 in (0, 1, 359):
                yield other_band, other


def block_keys(profiles: Sequence[Profile]) -> list[str]:
    """The block of each profile (a mention, or an event of an earlier run), in order."""
    out = [""] * len(profiles)
    families: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        families[type_family(p.type, p.factuality)].append(i)
    for family, members in families.items():
        dated = []
        for i in members:
            window = date_window(profiles[i])
            if window is None:
                out[i] = f"{family}|{profiles[i].id}"  # never merged: a block of its own
            else:
                dated.append((window[0], window[1], i))
        dated.sort(key=lambda w: (w[0], w[1], profiles[w[2]].id))
        bucket: list[int] = []
        end = None
        for start, stop, i in dated:
            if end is not None and start > end:
                _split_by_ties(family, [profiles[j] for j in bucket], bucket, out)
                bucket, end = [], None
            bucket.append(i)
            end = stop if end is None else max(end, stop)
        if bucket:
            _split_by_ties(family, [profiles[j] for j in bucket], bucket, out)
    return out


def _split_by_ties(family: str, profiles: list[Profile], indexes: list[int], out: list[str]) -> None:
    union = _Union()
    cells: dict[tuple[int, int], str] = {}
    for p in profiles:
        node = "m:" + p.id
        union.find(node)
        for key in p.actor_keys:
            union.union(node, "a:" + key)
        for key in p.recipient_keys:
            union.union(node, "r:" + key)
        if p.place is not None:
            if p.place.geonameid is not None:
                union.union(node, f"g:{p.place.geonameid}")
            if p.place.lat is not None and p.place.lon is not None:
                cell = _cell(p.place.lat, p.place.lon)
                cells[cell] = f"c:{cell}"
                union.union(node, cells[cell])
    present: dict[int, set[int]] = defaultdict(set)
    for band, lon in cells:
        present[band].add(lon)
    for cell, token in cells.items():
        for other in _neighbours(cell, present):
            union.union(token, cells[other])
    members: dict[str, list[int]] = defaultdict(list)
    for p, i in zip(profiles, indexes, strict=True):
        members[union.find("m:" + p.id)].append(i)
    for group in members.values():
        name = min(profiles[indexes.index(i)].id for i in group)
        for i in group:
            out[i] = f"{family}|{name}"


# --- the merge of one block -------------------------------------------------------------


@dataclass(slots=True)
class BlockResult:
    """What merging some blocks gave: mentions linked, events founded or changed."""

    mentions: list[dict[str, Any]] = field(default_factory=list)  # the input rows, event_id and merge_reason set
    events: list[dict[str, Any]] = field(default_factory=list)  # new and changed event rows, counts filled
    replaced: list[str] = field(default_factory=list)  # ids of earlier events whose row changed


def merge_blocks(mentions: list[dict[str, Any]], known: list[dict[str, Any]]) -> BlockResult:
    """Merge mention rows into events, block by block, as the store's writer would.

    ``mentions`` are mention rows (the store's columns) with ``block``, ``batch``,
    ``order`` (input order), ``outlet`` and ``published`` (of their document);
    ``known`` are event rows of earlier runs (with ``block`` and ``source_keys``).
    Within a block, batch by batch: the known events sorted by id, then those founded in
    the batch, are the candidates — the order the writer's ``assign`` sees them in.
    """
    result = BlockResult()
    by_block: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in mentions:
        by_block[row["block"]].append(row)
    prior: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in known:
        prior[row["block"]].append(row)
    for block in sorted(by_block):
        _merge_block(sorted(by_block[block], key=lambda r: r["order"]), prior.get(block, []), result)
    return result


def _merge_block(mentions: list[dict[str, Any]], known: list[dict[str, Any]], result: BlockResult) -> None:
    events = {row["id"]: dict(row) for row in known}
    before = {row["id"]: row for row in known}
    changed_ids: set[str] = set()
    batches: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in mentions:
        batches[row["batch"]].append(row)
    for batch in sorted(batches):
        rows = batches[batch]
        records = [json.loads(r["record"]) for r in rows]
        profiles = [mention_profile(r["id"], r["document_id"], rec) for r, rec in zip(rows, records, strict=True)]
        assignments, changed = assign(profiles, [event_profile(events[i]) for i in sorted(events)])
        current = {i: json.loads(events[i]["record"]) for i in changed if i in events}
        fold_records(current, assignments, records)
        link_mentions(rows, assignments)
        for event_id, profile in changed.items():
            record = json.dumps(current[event_id], ensure_ascii=False)
            events[event_id] = {**events.get(event_id, {}), **event_row(event_id, profile, record)}
            changed_ids.add(event_id)
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        by_event[m["event_id"]].append(m)
    for event_id in sorted(changed_ids):
        row = events[event_id]
        mine = by_event[event_id]
        old: dict[str, Any] | None = before.get(event_id)
        sources = set(old["source_keys"] or ()) if old else set()
        sources |= {m["outlet"] or m["document_id"] for m in mine}
        dates = [d for d in [old["first_published"] if old else None, *(m["published"] for m in mine)] if d]
        row["num_mentions"] = ((old["num_mentions"] or 0) if old else 0) + len(mine)
        row["num_articles"] = len(row["document_ids"])
        row["num_sources"] = len(sources)
        row["first_published"] = min(dates) if dates else None
        row["source_keys"] = sorted(sources)
        row.pop("block", None)
        result.events.append(row)
        if old is not None:
            result.replaced.append(event_id)
    result.mentions.extend(mentions)
