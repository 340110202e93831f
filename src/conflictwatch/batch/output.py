"""Batch output: one file per partition (Parquet or JSONL), written atomically, and a manifest.

Layout of the output folder:

    batch.json            settings the partitions were cut with (checked on resume)
    manifest.jsonl        one line per finished partition, appended after its file is in place
    part-000000.parquet   the records of partition 0 (or .jsonl), in input order

A partition file is written to a temporary name and renamed, and only then is its manifest line
appended, so every partition the manifest names is complete; a partition killed half-way leaves
at most a temporary file, which the next run overwrites.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from conflictwatch.records import Event

FORMATS = ("parquet", "jsonl")
MANIFEST = "manifest.jsonl"
SETTINGS = "batch.json"


class OutputMismatch(ValueError):
    """The output folder was made with other settings; resuming into it would mix partitions."""


def record_row(event: Event) -> dict[str, Any]:
    """A record as a flat row: the key fields as columns plus the full event JSON."""
    loc, day = event.location, event.date
    killed = [h.min for h in event.harm if h.type == "killed" and h.new and h.min is not None]
    return {
        "id": event.id,
        "document_id": event.document_id,
        "kind": event.kind,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date_start": day.start.isoformat() if day and day.start else None,
        "date_end": day.end.isoformat() if day and day.end else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "location": (loc.name or loc.text) if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "killed": sum(killed) if killed else None,
        "confidence": event.confidence,
        "record": json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True),
    }


def _schema() -> Any:
    import pyarrow as pa

    text, number = pa.string(), pa.float64()
    return pa.schema([
        ("id", text), ("document_id", text), ("kind", text), ("event_type", text),
        ("sub_event_type", text), ("date_start", text), ("date_end", text), ("country", text),
        ("admin1", text), ("location", text), ("lat", number), ("lon", number),
        ("killed", pa.int64()), ("confidence", number), ("record", text),
    ])


def encode(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """A partition file's bytes: Parquet (zstd) with the flat columns, or JSONL of the events."""
    if fmt == "jsonl":
        return "".join(row["record"] + "\n" for row in rows).encode("utf-8")
    if fmt != "parquet":
        raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=_schema()), buffer, compression="zstd")
    return buffer.getvalue()


def decode(path: Path) -> list[dict[str, Any]]:
    """The event dicts of one partition file, in order."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    import pyarrow.parquet as pq

    column = pq.read_table(path, columns=["record"]).column("record").to_pylist()
    return [json.loads(value) for value in column]


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so readers see the old file or the whole new one, never a part."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class ManifestEntry:
    """A finished partition: where its records are and what went into them."""

    partition: int
    file: str
    fingerprint: str
    items: int
    documents: int
    records: int
    words: int = 0
    skipped: int = 0
    seconds: float = 0.0
    worker: str = ""
    failed: list[list[str]] = field(default_factory=list)  # [document id, reason]
    problems: list[list[str]] = field(default_factory=list)  # [origin, reason]


class Output:
    """The output folder of one batch: settings, partition files and the manifest."""

    def __init__(self, root: Path, fmt: str, partition_size: int) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
        self.root, self.fmt, self.partition_size = Path(root), fmt, partition_size

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def prepare(self) -> None:
        """Create the folder, or check that an existing batch there used the same settings."""
        self.root.mkdir(parents=True, exist_ok=True)
        settings = {"format": self.fmt, "partition_size": self.partition_size}
        path = self.root / SETTINGS
        if path.exists():
            found = json.loads(path.read_text(encoding="utf-8"))
            if {k: found.get(k) for k in settings} != settings:
                raise OutputMismatch(
                    f"{self.root} holds a batch made with --format {found.get('format')} "
                    f"--partition-size {found.get('partition_size')}; use those settings to "
                    "resume it, or another --output folder")
            return
        atomic_write(path, json.dumps(settings, indent=2).encode("utf-8"))

    def file_for(self, index: int) -> Path:
        from conflictwatch.batch.partition import partition_id

        return self.root / f"{partition_id(index)}.{self.fmt}"

    def finished(self) -> dict[int, ManifestEntry]:
        """Finished partitions by index (a torn last line from a kill is ignored)."""
        entries: dict[int, ManifestEntry] = {}
        if not self.manifest_path.exists():
            return entries
        with self.manifest_path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry = ManifestEntry(**json.loads(line))
                except (ValueError, TypeError):
                    continue
                if (self.root / entry.file).exists():
                    entries[entry.partition] = entry
        return entries

    def commit(self, entry: ManifestEntry, data: bytes) -> None:
        """Put a partition's file in place, then record it as finished."""
        atomic_write(self.root / entry.file, data)
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        if self.manifest_path.exists() and not _ends_with_newline(self.manifest_path):
            line = "\n" + line  # a kill mid-append left a torn line: start a fresh one
        with self.manifest_path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def records(self) -> Iterator[dict[str, Any]]:
        """Every finished partition's records, in partition (= input) order."""
        for index, entry in sorted(self.finished().items()):
            del index
            yield from decode(self.root / entry.file)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() == 0:
            return True
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


def read_records(root: Path) -> Iterator[dict[str, Any]]:
    """Every record of a batch output folder, in input order (format taken from batch.json)."""
    settings = json.loads((Path(root) / SETTINGS).read_text(encoding="utf-8"))
    yield from Output(Path(root), settings["format"], settings["partition_size"]).records()
