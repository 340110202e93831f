"""A small synthetic corpus written for the batch tests (short English reports, some killings)."""

from __future__ import annotations

import json
from pathlib import Path

FAKE = "batch_fake_extract:extract"
SLOW_FAKE = "batch_fake_extract:slow_extract"
TOWNS = ("Aleppo", "Taiz", "Maiduguri", "Kharkiv", "Kandahar", "Gao", "Goma")


def report_text(i: int) -> str:
    """A short English report with 0-2 killings, varying with i."""
    town, other = TOWNS[i % len(TOWNS)], TOWNS[(i * 3 + 1) % len(TOWNS)]
    lines = [f"Report number {i} from the field, written for the batch tests."]
    if i % 4 != 0:
        lines.append(f"{i % 9 + 1} people were killed in {town} on Monday, witnesses said.")
    if i % 3 == 0:
        lines.append(f"Separately, {i % 5 + 2} people were killed in {other} by shelling.")
    lines.append("Aid groups said they could not reach the area because of the fighting.")
    return "\n".join(lines)


def write_corpus(path: Path, n: int) -> Path:
    """n JSONL documents, plus a blank line, a bad line and a French one in the middle."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            doc = {"id": f"t-{i}", "text": report_text(i), "published": f"2020-05-0{i % 9 + 1}"}
            fh.write(json.dumps(doc) + "\n")
            if i == n // 2:
                fh.write("\n{not json\n")
                fh.write(json.dumps({"id": "fr-1", "text": "Trois personnes ont été tuées "
                                     "lundi dans un bombardement de la ville, selon des "
                                     "témoins et les secours locaux."}) + "\n")
    return path
