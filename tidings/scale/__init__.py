"""Scale-out: one executor seam that runs the pipeline's stages in-process, in a local
process pool, or on a Dask cluster.

An executor maps batches of prepared documents to their results (``Extraction`` or
``Failure``), batch for batch and in input order. Each worker builds its ``Pipeline`` once
from a ``PipelineSpec``; the stages never learn which executor runs them.
"""

from __future__ import annotations

from tidings.scale.executors import (
    ENGINES,
    Executor,
    InProcessExecutor,
    LocalPoolExecutor,
    PipelineSpec,
    make_executor,
)

__all__ = ["ENGINES", "Executor", "InProcessExecutor", "LocalPoolExecutor", "PipelineSpec", "make_executor"]
