"""Ingest throughput on the Dask engine: 1 and 2 workers of a LocalCluster, and the local pool.

    python benchmarks/bench_dask.py --data ../shared/data --n 1000 --workers 1 2

Writes N articles (LGL, then MUC-4, read from the gold data at run time and never kept) to
temporary JSON Lines shards (``--shard`` articles a file: the Dask engine reads and codes
one group of files per task) and ingests them into a fresh store per run.

- ``dask``: ``tidings ingest --engine dask`` — the workers read the shards, code them,
  merge by blocks and write the Parquet dataset, which is then loaded into a DuckDB store.
  The timing includes starting the cluster, every worker loading its Pipeline, and the
  load into DuckDB; the seconds spent in each wave are printed too.
- ``local pool``: the default engine (reading, merging and writing in the ingest process);
  its timing includes its workers loading theirs.

Prints articles/s and peak resident memory per worker process.
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
from tidings.scale.dask_ingest import ingest_dask  # noqa: E402
from tidings.scale.dataset import load_dataset  # noqa: E402


def _dask(shards: Path, tmp: Path, workers: int) -> dict[str, object]:
    started = time.perf_counter()
    stages: dict[str, float] = {}

    def progress(stage: str, *_counts: int) -> None:
        stages.setdefault(stage, time.perf_counter() - started)

    with DaskExecutor(PipelineSpec(), n_workers=workers) as executor:
        stages["cluster up"] = time.perf_counter() - started
        run = ingest_dask([shards], tmp / f"dask{workers}.parquet", client=executor.client, spec=PipelineSpec(),
                          input_format="jsonl", progress=progress)  # fmt: skip
        peaks = executor.worker_peak_memory_mb()
    stages["loading into DuckDB"] = time.perf_counter() - started
    load_dataset(tmp / f"dask{workers}.parquet", tmp / f"dask{workers}.duckdb")
    seconds = time.perf_counter() - started
    bounds = [("start-up", 0.0), ("read+code", stages["cluster up"]), ("blocks", stages["finding blocks"]),
              ("route", stages["routing"]), ("merge+write", stages["merging"]),
              ("DuckDB load", stages["loading into DuckDB"]), ("end", seconds)]  # fmt: skip
    waves = ", ".join(f"{name} {b - a:.1f}s" for (name, a), (_n, b) in zip(bounds, bounds[1:], strict=False))
    return {"run": f"dask, {workers} worker(s)", "seconds": seconds, "stored": run.ingested,
            "mentions": run.mentions, "events": run.new_events, "peak_mb": max(peaks.values()),
            "waves": waves}  # fmt: skip


def _pool(shards: Path, db: Path, workers: int) -> dict[str, object]:
    started = time.perf_counter()
    summary = ingest([shards], db, n_process=workers, input_format="jsonl")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest finished worker
    return {"run": f"local pool, {workers} processes", "seconds": seconds, "stored": summary.ingested,
            "mentions": summary.mentions, "events": summary.new_events, "peak_mb": peak, "waves": ""}  # fmt: skip


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Documents, mentions, actors and events, for comparing the engines' stores."""
    import duckdb

    queries = {"documents": "SELECT * EXCLUDE (ingested_at) FROM documents", "mentions": "SELECT * FROM mentions",
               "actors": "SELECT * FROM actors", "events": "SELECT * FROM events"}  # fmt: skip
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pool", type=int, default=2, help="local pool processes to compare with (0: none)")
    parser.add_argument("--shard", type=int, default=25, help="articles per JSON Lines file")
    args = parser.parse_args()
    articles = load_articles(args.data, args.n)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        shards = tmp / "corpus"
        shards.mkdir()
        for start in range(0, len(articles), args.shard):
            with (shards / f"{start // args.shard:05d}.jsonl").open("w", encoding="utf-8") as out:
                for doc_id, text, published in articles[start : start + args.shard]:
                    out.write(json.dumps({"id": doc_id, "text": text, "published": published}) + "\n")
        runs = [_dask(shards, tmp, w) for w in args.workers]
        if args.pool:
            runs.append(_pool(shards, tmp / "pool.duckdb", args.pool))
            reference = _rows(tmp / "pool.duckdb")
            for w in args.workers:
                same = _rows(tmp / f"dask{w}.duckdb") == reference
                print(f"dask, {w} worker(s): {'the same' if same else 'NOT the same'} store as the local pool")
    print(f"{len(articles)} articles")
    print(f"{'run':<26} {'seconds':>8} {'art/s':>7} {'stored':>7} {'mentions':>9} {'events':>7} {'peak MB/worker':>15}")
    for r in runs:
        rate = r["stored"] / r["seconds"]  # type: ignore[operator]
        print(
            f"{r['run']:<26} {r['seconds']:>8.1f} {rate:>7.1f} {r['stored']:>7} {r['mentions']:>9} {r['events']:>7} "
            f"{r['peak_mb']:>15.0f}"
        )
        if r["waves"]:
            print(f"    {r['waves']}")


if __name__ == "__main__":
    main()
