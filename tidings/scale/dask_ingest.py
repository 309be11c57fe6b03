"""``tidings ingest --engine dask``: read, code, merge and write on the workers of a Dask cluster.

The client (the ``tidings ingest`` process) lists the inputs and ships only their paths or
URLs; it never holds an article text or an event record. The work runs in four waves of
tasks, the data between them going through a staging folder of the output (local, or
object storage such as ``s3://…``), as a shuffle through storage:

1. **code** (one task per group of input files): the worker reads its files (``fsspec``),
   prepares them, leaves out content already in the dataset, codes the rest with its
   Pipeline (loaded once per worker process) and stages documents, mentions, actors, and
   the mentions' merge profiles hashed by type family. It returns the document ids in input
   order and the inputs it skipped; from these the client numbers the batches (a run over
   the same input with the default engine would have written the same batches) and drops
   repeated content, keeping the first.
2. **block** (one task per hash partition of type families): computes every mention's
   block (``tidings.scale.blocking``), together with the events of earlier runs.
3. **route** (one task per code task): writes the documents and actors to the dataset and
   routes each mention row to the merge partition of its block.
4. **merge** (one task per merge partition): runs the store's merge (``assign``,
   ``merge_record``) block by block, writes mentions and new or changed events.

The dataset (``out``) has ``documents/`` (by publication month), ``mentions/``,
``actors/`` and ``events/`` (by the month the event starts, ``month=unknown`` undated) and
``skipped/``, Hive-partitioned, one file per task and run (``part-<run>-<task>.parquet``).
A run is **committed** by writing ``_tidings/runs/<run>.json`` after every file is
written; only then are the event files it supersedes deleted. A run that died before its
commit leaves files that the next run deletes before starting, and a commit whose deletions
were cut short is finished by the next run, so a re-run after a crash ends with the same
dataset as an uninterrupted run. A worker lost mid-run costs a re-run of its tasks (Dask
retries them; each task writes the same file names again).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from tidings.corpus.ingest import IngestSummary, Skip
from tidings.corpus.merge import actor_keys
from tidings.errors import InputError, TidingsError
from tidings.pipeline import BATCH_SIZE as CODE_BATCH
from tidings.pipeline import Failure, chunks
from tidings.prepare import prepare
from tidings.read import CsvColumns, content_id
from tidings.records import Document, Extraction
from tidings.scale.blocking import block_keys, merge_blocks, stable_hash, type_family
from tidings.scale.dask_engine import RETRIES, code_batch
from tidings.scale.executors import PipelineSpec
from tidings.scale.sources import (
    expand,
    fs_path,
    join,
    parquet_files,
    read_parquet,
    read_source,
    remove,
    write_parquet,
)
from tidings.store import schema
from tidings.store.writer import event_profile, extraction_rows

log = logging.getLogger(__name__)

TABLES = ("documents", "mentions", "actors", "events", "skipped")
EVENTS = schema.EVENTS.append(pa.field("source_keys", pa.list_(pa.string())))  # outlets, for num_sources
SCHEMAS = {
    "documents": schema.DOCUMENTS,
    "mentions": schema.MENTIONS,
    "actors": schema.ACTORS,
    "events": EVENTS,
    "skipped": schema.SKIPPED,
}
PROFILE = pa.schema(
    [
        ("id", pa.string()),
        ("document_id", pa.string()),
        ("type", pa.string()),
        ("factuality", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        *[f for f in schema.MENTIONS if f.name in ("place_name", "geonameid", "lat", "lon", "place_country")],
        ("place_precision", pa.string()),
        ("actor_keys", pa.list_(pa.string())),
        ("recipient_keys", pa.list_(pa.string())),
    ]
)
ROUTED = pa.schema(  # a mention row on its way to the merge of its block
    [*schema.MENTIONS, ("block", pa.string()), ("batch", pa.int64()), ("order", pa.int64()),
     ("outlet", pa.string()), ("published", pa.date32())]
)  # fmt: skip
RUN_FILE = re.compile(r"part-(\d{8}T\d{6,12}-[0-9a-f]{6})-")
FILES_PER_TASK = 64


@dataclass(frozen=True, slots=True)
class RunContext:
    """What every task of one run needs: where to write, and how to read and code."""

    out: str
    run: str
    spec: PipelineSpec
    input_format: str = "auto"
    csv_columns: CsvColumns | None = None
    published: str | None = None
    partitions: int = 2

    @property
    def staging(self) -> str:
        return join(self.out, "_tidings", "staging", self.run)


Progress = Callable[[str, int, int, int, int], None]  # stage, done, ingested, skipped, duplicates


def _month(value: Any) -> str:
    return value.strftime("%Y-%m") if isinstance(value, dt.date) else "unknown"


def _write_by_month(rows: list[dict[str, Any]], table: str, month_of: str, out: str, name: str) -> None:
    by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_month[_month(row.get(month_of))].append(row)
    for month, part in sorted(by_month.items()):
        write_parquet(pa.Table.from_pylist(part, schema=SCHEMAS[table]), join(out, table, f"month={month}", name))


# --- wave 1: read and code --------------------------------------------------------------

_KNOWN: dict[tuple[str, str], frozenset[str]] = {}  # per worker: ids stored before this run


def _known(ctx: RunContext) -> frozenset[str]:
    key = (ctx.out, ctx.run)
    if key not in _KNOWN:
        ids: set[str] = set()
        for url in parquet_files(join(ctx.out, "documents")):
            ids.update(read_parquet(url, ["id"]).column("id").to_pylist())
        _KNOWN.clear()
        _KNOWN[key] = frozenset(ids)
    return _KNOWN[key]


def code_task(ctx: RunContext, task: int, sources: list[str]) -> dict[str, Any]:
    """Run on a worker: read, prepare and code some input files; stage what they gave."""
    known = _known(ctx)
    entries: list[Any] = []  # in input order: a document, or a (source, reason) skip
    here: set[str] = set()
    repeats: dict[int, str] = {}
    documents: list[Document] = []
    duplicates = 0
    for source in sources:
        for item in read_source(source, ctx.input_format, ctx.csv_columns):
            try:
                if isinstance(item, InputError):
                    raise item
                document = prepare(item, published=ctx.published)
            except InputError as error:
                entries.append((error.source, error.reason))
                continue
            key = content_id(document.text)
            if key in known:
                duplicates += 1
            elif key in here:
                repeats[id(document)] = key  # content repeated within the task: coded once, counted by the client
                entries.append(document)
            else:
                here.add(key)
                entries.append(document)
                documents.append(document)
    coded: dict[int, Extraction | Failure] = {}
    for chunk in chunks(documents, CODE_BATCH):
        for document, result in zip(chunk, code_batch(ctx.spec, chunk), strict=True):
            coded[id(document)] = result
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    docs: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    profiles: list[dict[str, Any]] = []
    order: list[str | tuple[str, str]] = []
    failed: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, tuple):
            order.append(entry)
            continue
        if id(entry) in repeats:
            key = repeats[id(entry)]
            order.append((entry.source or entry.id, failed[key]) if key in failed else key)
            continue
        result = coded[id(entry)]
        if isinstance(result, Failure):
            reason = failed[content_id(entry.text)] = f"internal error ({result.reason}); please report it"
            order.append((entry.source or entry.id, reason))
            continue
        doc_id = content_id(result.document.text)
        index = len(docs)
        order.append(doc_id)
        rows = extraction_rows(doc_id, result, 0, now)
        docs.append({**rows.document, "index": index})
        mentions += [{**row, "index": index} for row in rows.mentions]
        actors += rows.actors
        profiles += [
            {**row, "actor_keys": sorted(actor_keys(record.get("actors") or [])),
             "recipient_keys": sorted(actor_keys(record.get("recipients") or []))}
            for row, record in zip(rows.mentions, rows.records, strict=True)
        ]  # fmt: skip
    stage = ctx.staging
    name = f"part-{task:06d}.parquet"
    index = pa.field("index", pa.int64())
    write_parquet(pa.Table.from_pylist(docs, schema=schema.DOCUMENTS.append(index)), join(stage, "documents", name))
    write_parquet(pa.Table.from_pylist(mentions, schema=schema.MENTIONS.append(index)), join(stage, "mentions", name))
    write_parquet(pa.Table.from_pylist(actors, schema=schema.ACTORS), join(stage, "actors", name))
    by_part: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in profiles:
        by_part[stable_hash(type_family(row["type"], row["factuality"]), ctx.partitions)].append(row)
    for part, part_rows in by_part.items():
        table = pa.Table.from_pylist(part_rows, schema=PROFILE)
        write_parquet(table.append_column("task", pa.array([task] * len(part_rows), pa.int64())),
               join(stage, "profiles", f"p={part}", name))  # fmt: skip
    return {"task": task, "order": order, "duplicates": duplicates, "mentions": len(mentions)}


# --- wave 2: blocks ---------------------------------------------------------------------


def block_task(ctx: RunContext, part: int, known_files: list[str]) -> int:
    """Run on a worker: the blocks of one partition's mentions and of the earlier events there."""
    rows: dict[str, dict[str, Any]] = {}
    tasks: dict[str, set[int]] = defaultdict(set)
    for url in parquet_files(join(ctx.staging, "profiles", f"p={part}")):
        for row in read_parquet(url).to_pylist():
            rows.setdefault(row["id"], row)
            tasks[row["id"]].add(row["task"])
    events: list[tuple[dict[str, Any], str]] = []
    columns = [f.name for f in PROFILE if f.name != "document_id"] + ["document_ids"]
    for url in known_files:
        for row in read_parquet(url, columns).to_pylist():
            if stable_hash(type_family(row["type"], row["factuality"]), ctx.partitions) == part:
                events.append((row, url))
    profiles = [event_profile(r, [r["document_id"]]) for r in rows.values()]
    profiles += [event_profile(r) for r, _url in events]
    keys = block_keys(profiles)
    mapping: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for profile, block in zip(profiles, keys, strict=False):
        for task in sorted(tasks.get(profile.id, ())):
            mapping[task].append({"id": profile.id, "block": block})
    for task, found in mapping.items():
        write_parquet(pa.Table.from_pylist(found), join(ctx.staging, "blocks", f"t={task}", f"part-{part:06d}.parquet"))
    known: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for (row, url), block in zip(events, keys[len(rows) :], strict=True):
        known[stable_hash(block, ctx.partitions)].append({"id": row["id"], "block": block, "file": url})
    for q, found in known.items():
        write_parquet(pa.Table.from_pylist(found), join(ctx.staging, "known", f"q={q}", f"part-{part:06d}.parquet"))
    return len(rows)


# --- wave 3: route ----------------------------------------------------------------------


def route_task(ctx: RunContext, task: int, keep: dict[str, int]) -> int:
    """Run on a worker: write a code task's documents and actors; route its mentions to their blocks."""
    name = f"part-{task:06d}.parquet"
    docs = {}
    for row in read_parquet(join(ctx.staging, "documents", name)).to_pylist():
        if row["id"] in keep and row["id"] not in docs:
            docs[row["id"]] = {**row, "batch": keep[row["id"]]}
    _write_by_month(list(docs.values()), "documents", "published", ctx.out, f"part-{ctx.run}-{task:06d}.parquet")
    blocks: dict[str, str] = {}
    for url in parquet_files(join(ctx.staging, "blocks", f"t={task}")):
        blocks.update((r["id"], r["block"]) for r in read_parquet(url).to_pylist())
    routed: dict[int, list[dict[str, Any]]] = defaultdict(list)
    months: dict[str, Any] = {}
    seen: set[str] = set()
    for row in read_parquet(join(ctx.staging, "mentions", name)).to_pylist():
        doc = docs.get(row["document_id"])
        if doc is None or row["id"] in seen or doc["index"] != row["index"]:
            continue
        seen.add(row["id"])
        block = blocks[row["id"]]
        order = (((task << 24) + row["index"]) << 16) + row["position"]  # input order
        months[row["id"]] = row["date_start"]
        extra = {"block": block, "batch": doc["batch"], "order": order, "outlet": doc["outlet"],
                 "published": doc["published"]}  # fmt: skip
        routed[stable_hash(block, ctx.partitions)].append({**row, **extra})
    for q, rows in routed.items():
        write_parquet(pa.Table.from_pylist(rows, schema=ROUTED), join(ctx.staging, "routed", f"q={q}", name))
    actors = [r for r in read_parquet(join(ctx.staging, "actors", name)).to_pylist() if r["mention_id"] in seen]
    for row in actors:
        row["date_start"] = months[row["mention_id"]]
    _write_by_month(actors, "actors", "date_start", ctx.out, f"part-{ctx.run}-{task:06d}.parquet")
    return len(seen)


# --- wave 4: merge ----------------------------------------------------------------------


def merge_task(ctx: RunContext, q: int) -> dict[str, Any]:
    """Run on a worker: merge the mentions of one partition's blocks into events and write both."""
    mentions: list[dict[str, Any]] = []
    for url in parquet_files(join(ctx.staging, "routed", f"q={q}")):
        mentions.extend(read_parquet(url).to_pylist())
    wanted: dict[str, dict[str, str]] = defaultdict(dict)
    for url in parquet_files(join(ctx.staging, "known", f"q={q}")):
        for r in read_parquet(url).to_pylist():
            wanted[r["file"]][r["id"]] = r["block"]
    known = []
    for url, ids in wanted.items():
        for row in read_parquet(url).to_pylist():
            if row["id"] in ids:
                known.append({**row, "block": ids[row["id"]], "file": url})
    files = {row["id"]: row.pop("file") for row in known}
    result = merge_blocks(mentions, known)
    name = f"part-{ctx.run}-q{q:06d}.parquet"
    _write_by_month(result.mentions, "mentions", "date_start", ctx.out, name)
    _write_by_month(result.events, "events", "date_start", ctx.out, name)
    replaced: dict[str, list[str]] = defaultdict(list)
    for event_id in result.replaced:
        replaced[files[event_id]].append(event_id)
    founded = len({m["event_id"] for m in mentions} - set(files))
    return {"replaced": dict(replaced), "new_events": founded, "merged": len(mentions) - founded}


def rewrite_task(ctx: RunContext, url: str, drop: list[str], n: int) -> None:
    """Run on a worker: an earlier run's event file without the events this run changed."""
    table, dropped = read_parquet(url), set(drop)
    rows = [r for r in table.to_pylist() if r["id"] not in dropped]
    if rows:
        month = url.rsplit("/", 2)[-2]
        name = f"part-{ctx.run}-w{n:06d}.parquet"
        write_parquet(pa.Table.from_pylist(rows, schema=table.schema), join(ctx.out, "events", month, name))


# --- the run ----------------------------------------------------------------------------


def _committed(out: str) -> dict[str, dict[str, Any]]:
    fs, path = fs_path(join(out, "_tidings", "runs"))
    if not fs.exists(path):
        return {}
    runs = {}
    for p in fs.find(path):
        if p.endswith(".json"):
            with fs.open(p, "rb") as handle:
                marker = json.loads(handle.read())
            runs[marker["run"]] = marker
    return runs


def recover(out: str) -> None:
    """Finish committed runs' deletions and remove what runs that never committed left behind."""
    runs = _committed(out)
    for marker in runs.values():
        for url in marker.get("delete", []):
            remove(url)
    for table in TABLES:
        for url in parquet_files(join(out, table)):
            match = RUN_FILE.search(url.rsplit("/", 1)[-1])
            if match and match.group(1) not in runs:
                log.info("removing %s, left by a run that did not finish", url)
                remove(url)
    remove(join(out, "_tidings", "staging"))


def _last_batch(out: str) -> int:
    last = 0
    for url in parquet_files(join(out, "documents")):
        column = read_parquet(url, ["batch"]).column("batch")
        if len(column):
            last = max(last, max(v for v in column.to_pylist() if v is not None))
    return last


def _known_skips(out: str) -> set[str]:
    urls = parquet_files(join(out, "skipped"))
    return {s for url in urls for s in read_parquet(url, ["source"]).column("source").to_pylist()}


def ingest_dask(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    client: Any,
    spec: PipelineSpec,
    batch_size: int = 64,
    input_format: str = "auto",
    csv_columns: CsvColumns | None = None,
    published: str | dt.date | None = None,
    files_per_task: int | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Code ``inputs`` (paths or URLs) on the cluster behind ``client`` into the dataset ``out``;
    the summary names ``out`` as its store and lists every skipped input."""
    from distributed import as_completed

    out = str(out)
    recover(out)
    run = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]  # sorts by start
    threads = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
    ctx = RunContext(out, run, spec, input_format, csv_columns,
                     str(published) if published else None, partitions=max(2, 2 * threads))  # fmt: skip
    summary = IngestSummary(db=out)
    sources, skips = [], []
    for item in expand(inputs):
        if isinstance(item, InputError):
            skips.append((item.source, item.reason, 0))
        else:
            sources.append(item)
    size = files_per_task or max(1, min(FILES_PER_TASK, -(-len(sources) // (4 * threads))))
    groups = [sources[i : i + size] for i in range(0, len(sources), size)]

    def tell(stage: str, done: int) -> None:
        if progress is not None:
            progress(stage, done, summary.ingested, summary.skipped, summary.duplicates)

    try:
        futures = [client.submit(code_task, ctx, t, g, pure=False, retries=RETRIES) for t, g in enumerate(groups)]
        results: dict[int, dict[str, Any]] = {}
        done = 0
        for future in as_completed(futures):
            result = future.result()
            results[result["task"]] = result
            summary.duplicates += result["duplicates"]
            done += len(result["order"]) + result["duplicates"]
            tell("coding", done)
        # batches as the default engine numbers them: new content in input order, batch_size a batch
        base, seen, rank = _last_batch(out), set(), 0
        keep: list[dict[str, int]] = []
        for t in range(len(groups)):
            mine: dict[str, int] = {}
            for entry in results[t]["order"]:
                if isinstance(entry, str):
                    if entry in seen:
                        summary.duplicates += 1
                        continue
                    seen.add(entry)
                    mine[entry] = base + 1 + rank // batch_size
                    rank += 1
                else:
                    skips.append((entry[0], entry[1], base + 1 + rank // batch_size))
            keep.append(mine)
        summary.ingested = rank
        stored = _known_skips(out)
        new_skips = {s: (s, r, b) for s, r, b in skips}
        summary.skipped = len(skips)
        summary.skips = [Skip(s, r) for s, r, _b in skips]
        tell("finding blocks", done)
        known_files = parquet_files(join(out, "events"))
        for f in client.map(block_task, [ctx] * ctx.partitions, range(ctx.partitions), [known_files] * ctx.partitions,
                            pure=False, retries=RETRIES):  # fmt: skip
            f.result()
        tell("routing", done)
        routed = client.map(route_task, [ctx] * len(groups), range(len(groups)), keep, pure=False, retries=RETRIES)
        summary.mentions = sum(f.result() for f in routed)
        tell("merging", done)
        merged = client.map(merge_task, [ctx] * ctx.partitions, range(ctx.partitions), pure=False, retries=RETRIES)
        replaced: dict[str, list[str]] = defaultdict(list)
        for f in merged:
            result = f.result()
            summary.new_events += result["new_events"]
            summary.merged += result["merged"]
            for url, ids in result["replaced"].items():
                replaced[url].extend(ids)
        rewrites = [client.submit(rewrite_task, ctx, url, ids, n, pure=False, retries=RETRIES)
                    for n, (url, ids) in enumerate(sorted(replaced.items()))]  # fmt: skip
        for f in rewrites:
            f.result()
        rows = [{"source": s, "reason": r, "batch": b} for s, r, b in new_skips.values() if s not in stored]
        if rows:
            table = pa.Table.from_pylist(rows, schema=schema.SKIPPED)
            write_parquet(table, join(out, "skipped", f"part-{run}-0.parquet"))
        marker = {"run": run, "delete": sorted(replaced), "documents": summary.ingested, "mentions": summary.mentions}
        fs, path = fs_path(join(out, "_tidings", "runs", f"{run}.json"))
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(path, "wb") as handle:
            handle.write(json.dumps(marker).encode("utf-8"))
    finally:
        remove(ctx.staging)
    for url in sorted(replaced):
        remove(url)
    tell("done", done)
    return summary


def default_dataset(db: str | Path | None) -> str:
    """Where ``--engine dask`` writes without ``--parquet``: next to the store, ``corpus.parquet/``."""
    if db is None:
        raise TidingsError("--engine dask needs --parquet DIR (the dataset it writes) or --db FILE (or both)")
    return str(Path(db).with_suffix(".parquet"))
