"""Dask worker plugin that loads the extractor and gazetteer once, when a worker starts."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from conflictwatch.batch.worker import ExtractorSpec, load_extractor


class ExtractorPlugin(WorkerPlugin):
    """Warm the worker's extractor cache at start-up (and on workers that join later)."""

    name = "conflictwatch-extractor"

    def __init__(self, spec: ExtractorSpec) -> None:
        self.spec = spec

    def setup(self, worker: Any) -> None:
        load_extractor(self.spec)
