"""Ingest throughput and memory: `tidings ingest` on N real news articles, run as a user runs it.

    python benchmarks/bench_ingest.py --data ../shared/data --n 200 1000

For each N, writes N articles (LGL local news, then truecased MUC-4 wire copy, read from
the gold data at run time and never kept) to a temporary JSON Lines file, ingests it into
a fresh store with the installed `tidings` command (2 worker processes), then ingests the
same file again. Prints articles/s, the store's counts, and the peak resident memory of
the largest process (the ingest's own or a worker's), which must not grow with N.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import load_articles  # noqa: E402


def _ingest(jsonl: Path, db: Path) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    out = subprocess.run(
        ["tidings", "ingest", str(jsonl), "--db", str(db), "--json", "--quiet"],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, json.loads(out.stdout)


def one(data: Path, n: int) -> dict[str, object]:
    """Ingest n articles twice into a fresh store; run in its own process (for its peak memory)."""
    articles = load_articles(data, n)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, db = Path(tmp) / "corpus.jsonl", Path(tmp) / "corpus.duckdb"
        with jsonl.open("w", encoding="utf-8") as out:
            for doc_id, text, published in articles:
                out.write(json.dumps({"id": doc_id, "text": text, "published": published}) + "\n")
        seconds, first = _ingest(jsonl, db)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest process of the run
        again, second = _ingest(jsonl, db)
    return {
        "articles": len(articles),
        "seconds": seconds,
        "first": first,
        "peak_mb": peak,
        "rerun_seconds": again,
        "rerun_ingested": second.get("ingested"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.data, args.one)))
        return
    print(
        f"{'articles':>8} {'seconds':>8} {'art/s':>7} {'stored':>7} {'mentions':>9} {'events':>7} "
        f"{'merged':>7} {'peak MB':>8} {'re-run s':>9} {'re-run new':>10}"
    )
    for n in args.n:
        run = subprocess.run(
            [sys.executable, __file__, "--data", str(args.data), "--one", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(run.stdout)
        f = r["first"]
        print(
            f"{r['articles']:>8} {r['seconds']:>8.1f} {r['articles'] / r['seconds']:>7.1f} {f['ingested']:>7} "
            f"{f['mentions']:>9} {f['new_events']:>7} {f['merged']:>7} {r['peak_mb']:>8.0f} "
            f"{r['rerun_seconds']:>9.1f} {r['rerun_ingested']:>10}"
        )
    print("peak MB = ru_maxrss of the largest process of the ingest (the command or a worker)")


if __name__ == "__main__":
    main()
