"""Start-up and lookup costs of the knowledge the pipeline loads: the actor KB and the
place gazetteer. Timings live here, not in the test suite (a busy CI machine makes timed
tests fail for no fault of the code).

    python benchmarks/bench_knowledge.py [--repeat 5] [--json]

Prints the actor KB's load time (from its data files), actor resolution per phrase (cold
cache and warm), the gazetteer's load time from its cache file (building it first if
needed) and the resident memory the gazetteer adds.
"""

from __future__ import annotations

import argparse
import json
import marshal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: import the working tree's tidings

PHRASES = [
    "the White House", "Iraqi security forces", "Iran-backed militias", "President Joe Biden",
    "the Kremlin", "Hamas", "protesters", "the UN Security Council", "police in Lagos",
    "Ukrainian troops", "the Islamic Resistance in Iraq", "Foreign Minister Sergei Lavrov",
    "Kurdish fighters", "the European Union", "Houthi rebels", "a car bomb",
]  # fmt: skip


def _median_s(fn: Any, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def run(repeat: int) -> dict[str, float]:
    from tidings.actors import BUILTIN_DIR, ActorKB
    from tidings.places import gazetteer as gaz_module

    out: dict[str, float] = {}
    out["actor_kb_load_s"] = _median_s(lambda: ActorKB.from_directories([BUILTIN_DIR]), repeat)
    kb = ActorKB.from_directories([BUILTIN_DIR])
    started = time.perf_counter()
    for phrase in PHRASES:
        kb.resolve(phrase)
    out["actor_resolve_cold_us"] = (time.perf_counter() - started) / len(PHRASES) * 1e6
    started = time.perf_counter()
    for _ in range(50):
        for phrase in PHRASES:
            kb.resolve(phrase)
    out["actor_resolve_warm_us"] = (time.perf_counter() - started) / (50 * len(PHRASES)) * 1e6

    gaz_module.load_gazetteer()  # builds the cache file on first use
    path = gaz_module.cache_path()
    out["gazetteer_cache_mb"] = path.stat().st_size / 1e6
    out["gazetteer_load_s"] = _median_s(lambda: gaz_module.Gazetteer(marshal.loads(path.read_bytes())), repeat)
    return out


def gazetteer_rss_mb() -> float:
    """Resident memory the gazetteer adds (VmRSS before and after loading it), in a fresh process.
    (Not ``ru_maxrss``: a child started from this process inherits its high-water mark.)"""
    import subprocess

    code = (
        f"import re, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "rss = lambda: int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read())[1]) / 1024\n"
        "from tidings.places import gazetteer as g\n"
        "before = rss(); g.load_gazetteer(); print(rss() - before)"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.repeat)
    figures["gazetteer_adds_rss_mb"] = gazetteer_rss_mb()
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"actor KB load (data files)      {figures['actor_kb_load_s'] * 1000:8.0f} ms")
    print(f"actor resolve, cold cache       {figures['actor_resolve_cold_us']:8.0f} µs/phrase")
    print(f"actor resolve, warm cache       {figures['actor_resolve_warm_us']:8.1f} µs/phrase")
    print(f"gazetteer load (cache file)     {figures['gazetteer_load_s'] * 1000:8.0f} ms"
          f"  ({figures['gazetteer_cache_mb']:.1f} MB file)")  # fmt: skip
    print(f"gazetteer resident memory added {figures['gazetteer_adds_rss_mb']:8.0f} MB")


if __name__ == "__main__":
    main()
