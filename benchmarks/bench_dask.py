"""Ingest throughput on the Dask engine: 1 and 2 workers of a LocalCluster, and the local pool.

    python benchmarks/bench_dask.py --data ../shared/data --n 1000 --workers 1 2

Writes N articles (LGL, then MUC-4, read from the gold data at run time and never kept) to
a temporary JSON Lines file and ingests it into a fresh store per run. The Dask timing
includes starting the cluster and every worker loading its Pipeline; the local pool
timing includes its workers loading theirs. Prints articles/s and peak resident memory
per worker process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import load_articles  # noqa: E402

from tidings.corpus.ingest import ingest  # noqa: E402
from tidings.scale import PipelineSpec  # noqa: E402
from tidings.scale.dask_engine import DaskExecutor  # noqa: E402


def _dask(jsonl: Path, db: Path, workers: int) -> dict[str, object]:
    started = time.perf_counter()
    with DaskExecutor(PipelineSpec(), n_workers=workers) as executor:
        summary = ingest([jsonl], db, executor=executor)
        peaks = executor.worker_peak_memory_mb()
    seconds = time.perf_counter() - started
    return {"run": f"dask, {workers} worker(s)", "seconds": seconds, "stored": summary.ingested,
            "mentions": summary.mentions, "peak_mb": max(peaks.values())}  # fmt: skip


def _pool(jsonl: Path, db: Path, workers: int) -> dict[str, object]:
    started = time.perf_counter()
    summary = ingest([jsonl], db, n_process=workers)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest finished worker
    return {"run": f"local pool, {workers} processes", "seconds": seconds, "stored": summary.ingested,
            "mentions": summary.mentions, "peak_mb": peak}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pool", type=int, default=2, help="local pool processes to compare with (0: none)")
    args = parser.parse_args()
    articles = load_articles(args.data, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for doc_id, text, published in articles:
                out.write(json.dumps({"id": doc_id, "text": text, "published": published}) + "\n")
        runs = [_dask(jsonl, Path(tmp) / f"dask{w}.duckdb", w) for w in args.workers]
        if args.pool:
            runs.append(_pool(jsonl, Path(tmp) / "pool.duckdb", args.pool))
    print(f"{len(articles)} articles")
    print(f"{'run':<26} {'seconds':>8} {'art/s':>7} {'stored':>7} {'mentions':>9} {'peak MB/worker':>15}")
    for r in runs:
        rate = r["stored"] / r["seconds"]  # type: ignore[operator]
        print(
            f"{r['run']:<26} {r['seconds']:>8.1f} {rate:>7.1f} {r['stored']:>7} {r['mentions']:>9} "
            f"{r['peak_mb']:>15.0f}"
        )


if __name__ == "__main__":
    main()
