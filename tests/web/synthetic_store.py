"""Make a large synthetic store for timing the web page: the seed article coded once, then copied.

    python tests/web/synthetic_store.py /tmp/big.duckdb --events 10000

Each copy of the article gets its own text (so its own document id), event dates spread
over 2000-2024 at day precision, and places drawn from a list of capitals, so copies do not
merge and the page has many dates, places and actor pairs to draw. Rows go through
``StoreWriter`` like any ingest.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import time
from pathlib import Path

from tidings.records import Location, Precision
from tidings.store import StoreWriter, open_store
from tidings.web import DEMO_ARTICLE, DEMO_PUBLISHED

CAPITALS = [
    ("Baghdad", 33.34, 44.40, "IRQ"),
    ("Damascus", 33.51, 36.29, "SYR"),
    ("Tehran", 35.69, 51.42, "IRN"),
    ("Beirut", 33.89, 35.50, "LBN"),
    ("Amman", 31.95, 35.93, "JOR"),
    ("Riyadh", 24.69, 46.72, "SAU"),
    ("Sanaa", 15.35, 44.21, "YEM"),
    ("Kabul", 34.53, 69.17, "AFG"),
    ("Kyiv", 50.45, 30.52, "UKR"),
    ("Khartoum", 15.50, 32.56, "SDN"),
    ("Tripoli", 32.89, 13.19, "LBY"),
    ("Bamako", 12.65, -8.00, "MLI"),
    ("Mogadishu", 2.04, 45.34, "SOM"),
    ("Caracas", 10.49, -66.88, "VEN"),
    ("Bogota", 4.61, -74.08, "COL"),
    ("Naypyidaw", 19.75, 96.13, "MMR"),
    ("Manila", 14.60, 120.98, "PHL"),
    ("Abuja", 9.06, 7.50, "NGA"),
    ("Washington", 38.90, -77.04, "USA"),
    ("Gaza", 31.50, 34.47, "PSE"),
]


def build(db: Path, events: int, seed: int = 7) -> float:
    from tidings.pipeline import Pipeline

    rng = random.Random(seed)
    base = Pipeline().extract(DEMO_ARTICLE.read_text(encoding="utf-8"), published=DEMO_PUBLISHED)
    writer = StoreWriter(db)
    started = time.perf_counter()
    copies = -(-events // len(base.events))
    batch = []
    for i in range(copies):
        extraction = copy.deepcopy(base)
        extraction.document.text = base.document.text + f"\n(synthetic copy {i})"
        extraction.document.id = f"synthetic-{i}"
        for event in extraction.events:
            day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(25 * 365))
            event.date.start = event.date.end = day
            event.date.precision = Precision.DAY
            name, lat, lon, country = rng.choice(CAPITALS)
            if event.location is not None or rng.random() < 0.5:
                event.location = Location(
                    text=name,
                    start=0,
                    end=0,
                    name=name,
                    lat=lat + rng.uniform(-0.5, 0.5),
                    lon=lon + rng.uniform(-0.5, 0.5),
                    country=country,
                )
        batch.append(extraction)
        if len(batch) == 64:
            writer.write(batch)
            batch = []
    if batch:
        writer.write(batch)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    elapsed = build(args.db, args.events)
    stats = open_store(args.db).stats()
    print(f"{stats.events} events, {stats.mentions} mentions, {stats.documents} documents in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
