"""conflictwatch: conflict reporting in, verifiable event data out."""

from conflictwatch.records import PIPELINE_VERSION as __version__

__all__ = ["__version__"]
