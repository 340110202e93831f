"""conflictwatch: conflict reporting in, verifiable event data out."""

from conflictwatch import _native
from conflictwatch.records import PIPELINE_VERSION as __version__

# compiled (mypyc) or source build of the hot stages; see conflictwatch/_native.py
NATIVE = _native.install()

__all__ = ["NATIVE", "__version__"]
