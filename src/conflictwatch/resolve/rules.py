"""Loading resolve/rules.yaml once: thresholds and vocabularies of incident resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Rules:
    families: dict[str, str]
    one_sided: frozenset[str]
    max_distance_km: float
    max_day_gap: int
    max_event_span_days: int
    max_incident_span_days: int
    small_area_max_precision: int
    harm_types: tuple[str, ...]
    generic_groups: frozenset[str]
    subset_groups: frozenset[str]
    acknowledgement: re.Pattern[str]
    shingle_words: int
    sketch_size: int
    syndication_threshold: float
    cumulative_since_tolerance_days: int

    def family(self, event_type: str | None) -> str:
        """The type family of an ACLED event type ("unknown" when it has none)."""
        if not event_type:
            return "unknown"
        return self.families.get(event_type, event_type.lower())


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The shipped rules (package data)."""
    text = resources.files("conflictwatch.resolve").joinpath("rules.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    synd = raw["syndication"]
    return Rules(
        families=dict(raw["families"]),
        one_sided=frozenset(raw["one_sided"]),
        max_distance_km=float(raw["max_distance_km"]),
        max_day_gap=int(raw["max_day_gap"]),
        max_event_span_days=int(raw["max_event_span_days"]),
        max_incident_span_days=int(raw["max_incident_span_days"]),
        small_area_max_precision=int(raw["small_area_max_precision"]),
        harm_types=tuple(raw["harm_types"]),
        generic_groups=frozenset(g.lower() for g in raw["generic_groups"]),
        subset_groups=frozenset(g.lower() for g in raw["subset_groups"]),
        acknowledgement=re.compile("|".join(raw["acknowledgement_cues"]), re.IGNORECASE),
        shingle_words=int(synd["shingle_words"]),
        sketch_size=int(synd["sketch_size"]),
        syndication_threshold=float(synd["threshold"]),
        cumulative_since_tolerance_days=int(raw["cumulative_since_tolerance_days"]),
    )
