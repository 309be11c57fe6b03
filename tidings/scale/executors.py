"""The executor seam and its two local implementations; Dask lives in ``tidings.scale.dask``."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from tidings.errors import TidingsError
from tidings.parse import DEFAULT_MODEL
from tidings.pipeline import Failure, Pipeline, _init_worker, _work
from tidings.records import Document, Extraction

ENGINES = ("local", "dask")
Result = list[Extraction | Failure]


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What a worker needs to build its own Pipeline: plain, picklable names and paths."""

    model: str = DEFAULT_MODEL
    kb_paths: tuple[str, ...] = ()
    lexicon_paths: tuple[str, ...] = ()
    ontology_paths: tuple[str, ...] = ()

    @classmethod
    def of(cls, pipeline: Pipeline) -> PipelineSpec:
        return cls(pipeline.model, pipeline.kb_paths, pipeline.lexicon_paths, pipeline.ontology_paths)

    def build(self) -> Pipeline:
        return Pipeline(self.model, self.kb_paths, self.lexicon_paths, self.ontology_paths)


class Executor(Protocol):
    """Runs the pipeline on batches of prepared documents; a context manager owning its workers."""

    def map_batches(self, batches: Iterable[list[Document]]) -> Iterator[Result]:
        """One result list per batch, in input order; reads the input only a bounded way ahead."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None: ...


class _Managed:
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the workers."""


class InProcessExecutor(_Managed):
    """Runs every batch in this process with one Pipeline (tests, small inputs)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map_batches(self, batches: Iterable[list[Document]]) -> Iterator[Result]:
        for batch in batches:
            yield self.pipeline._batch(batch)


class LocalPoolExecutor(_Managed):
    """Worker processes on this machine, each loading its Pipeline once in the pool initializer."""

    def __init__(self, spec: PipelineSpec, n_process: int = 2) -> None:
        self.spec = spec
        self.n_process = n_process

    def map_batches(self, batches: Iterable[list[Document]]) -> Iterator[Result]:
        with ProcessPoolExecutor(
            max_workers=self.n_process,
            initializer=_init_worker,
            initargs=(self.spec.model, self.spec.kb_paths, self.spec.lexicon_paths, self.spec.ontology_paths),
        ) as pool:
            pending: deque[Future[Result]] = deque()
            for batch in batches:
                pending.append(pool.submit(_work, batch))
                if len(pending) >= 2 * self.n_process:  # bounded: never reads the whole input ahead
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


def make_executor(
    engine: str,
    spec: PipelineSpec,
    *,
    n_process: int = 2,
    scheduler: str | None = None,
    pipeline: Pipeline | None = None,
) -> Executor:
    """The executor for ``--engine``: ``local`` (in-process for 1, else a process pool) or ``dask``.

    ``dask`` starts a LocalCluster of ``n_process`` single-threaded worker processes, or
    connects to ``scheduler`` (``tcp://host:8786``) when given.
    """
    if engine == "local":
        if scheduler:
            raise TidingsError("--scheduler needs --engine dask")
        if n_process <= 1:
            return InProcessExecutor(pipeline or spec.build())
        return LocalPoolExecutor(spec, n_process)
    if engine == "dask":
        from tidings.scale.dask_engine import DaskExecutor

        return DaskExecutor(spec, n_workers=n_process, scheduler=scheduler)
    raise TidingsError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
