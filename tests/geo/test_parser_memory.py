"""A parse frees what it made by reference counting, leaving the cycle collector nothing."""

from __future__ import annotations

import gc

from conflictwatch.geo import Geoparser
from conflictwatch.geo.parser import Match


def test_a_parse_leaves_no_reference_cycles(tiny: Geoparser) -> None:
    # "Saraqib, Idlib": mentions linked to each other (`following` / `preceding`)
    text = "Shelling hit Saraqib, Idlib, and Maarat al-Numan near Idlib on Monday."
    tiny.parse(text)  # caches filled on the first parse
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        mentions = tiny.parse(text)
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, Match)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert len(mentions) >= 3 and left == []
