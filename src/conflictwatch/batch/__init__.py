"""Batch extraction of large corpora on Dask: deterministic partitions, resumable output.

`run_batch(inputs, output_dir, settings, client)` extracts every partition not finished yet and
writes one Parquet/JSONL file per partition plus a manifest; `read_records(output_dir)` reads the
records back in input order; `load_into_store` copies finished partitions into the database.
Dask is needed only with a client (`pip install 'conflictwatch[cluster]'`). See docs/batch.md.
"""

from conflictwatch.batch.output import Output, OutputMismatch, read_records
from conflictwatch.batch.partition import BatchInputError, Partition, iter_partitions
from conflictwatch.batch.runner import BatchReport, BatchSettings, dask_client, run_batch
from conflictwatch.batch.worker import ExtractorSpec

__all__ = [
    "BatchInputError", "BatchReport", "BatchSettings", "ExtractorSpec", "Output",
    "OutputMismatch", "Partition", "dask_client", "iter_partitions", "read_records", "run_batch",
]
