"""The Dask engine: batches coded on the workers of a Dask distributed cluster.

Without a scheduler address a ``LocalCluster`` of single-threaded worker processes is
started on this machine; with one (``tcp://host:8786``) the executor connects to a running
cluster (dask-jobqueue on SLURM/PBS, Kubernetes, a cloud provider). Each worker process
builds its Pipeline on the first batch it gets and keeps it (a per-process cache keyed by
the spec), so the spaCy model, actor KB and gazetteer load once per worker. Tasks are
submitted with retries and a bounded look-ahead, and results are yielded in input order,
so a worker lost mid-job costs a re-run of its batches, never a lost or doubled document.
"""

from __future__ import annotations

import logging
import os
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from tidings.errors import TidingsError
from tidings.pipeline import Pipeline
from tidings.records import Document
from tidings.scale.executors import PipelineSpec, Result, _Managed

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "tidings[dask]"'
RETRIES = 3  # per task, on top of the scheduler's own rescheduling when a worker dies

_PIPELINES: dict[PipelineSpec, Pipeline] = {}  # one per worker process and spec


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise TidingsError(f"--engine dask needs Dask distributed, which is not installed: {INSTALL_HINT}") from error
    return distributed


def code_batch(spec: PipelineSpec, batch: list[Document]) -> Result:
    """Run on a worker: code one batch with this process's Pipeline (built on first use)."""
    pipeline = _PIPELINES.get(spec)
    if pipeline is None:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        pipeline = _PIPELINES[spec] = spec.build()
    return pipeline._batch(batch)


def peak_memory_mb() -> float:
    """Run on a worker: the resident-set high-water mark of its process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class DaskExecutor(_Managed):
    """Codes batches on a Dask cluster: a LocalCluster of ``n_workers``, or the one at ``scheduler``."""

    def __init__(
        self,
        spec: PipelineSpec,
        n_workers: int = 2,
        scheduler: str | None = None,
        client: Any = None,
        task_size: int | None = None,
    ) -> None:
        distributed = _require_distributed()
        self.spec = spec
        self.task_size = task_size  # documents per task; None: one task per batch
        self._cluster: Any = None
        self._own_client = client is None
        if client is not None:
            self.client = client
        elif scheduler:
            try:
                self.client = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as error:
                raise TidingsError(
                    f"cannot reach the Dask scheduler at {scheduler} ({error}); "
                    "check the address, or leave out --scheduler to start a local cluster"
                ) from error
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port, never a clash on 8787
                silence_logs=logging.WARNING,
            )
            self.client = distributed.Client(self._cluster)
            log.info("started a local Dask cluster of %d workers; dashboard: %s", n_workers, self.client.dashboard_link)

    @property
    def n_threads(self) -> int:
        workers = self.client.scheduler_info().get("workers", {})
        return max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def map_batches(self, batches: Iterable[list[Document]]) -> Iterator[Result]:
        window = 2 * self.n_threads  # bounded look-ahead: the input is never read all at once
        pending: deque[Any] = deque()
        try:
            for batch in batches:
                pending.append([self._submit(part) for part in self._split(batch)])
                if len(pending) >= window:
                    yield _joined(pending.popleft())
            while pending:
                yield _joined(pending.popleft())
        finally:
            for futures in pending:
                for future in futures:
                    future.cancel()

    def _split(self, batch: list[Document]) -> list[list[Document]]:
        size = self.task_size or len(batch) or 1
        return [batch[i : i + size] for i in range(0, len(batch), size)]

    def _submit(self, part: list[Document]) -> Any:
        return self.client.submit(code_batch, self.spec, part, pure=False, retries=RETRIES)

    def worker_peak_memory_mb(self) -> dict[str, float]:
        """Peak resident memory of each worker process, in MB."""
        return dict(self.client.run(peak_memory_mb))

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _joined(futures: list[Any]) -> Result:
    return [result for future in futures for result in future.result()]
