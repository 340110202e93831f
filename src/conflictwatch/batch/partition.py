"""Deterministic partitions of a batch's inputs: the same inputs always give the same partitions.

A batch input is a `.jsonl` corpus (one document per non-blank line), a `.txt`/`.html` file, or a
folder of them (walked recursively in sorted order, hidden files skipped). Inputs are streamed:
items are read one at a time and grouped into partitions of `size` consecutive items, numbered
from 0 in input order. A partition carries its raw bytes (not parsed documents), so the client
does little work per document and workers need no access to the client's filesystem.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

FILE_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


class BatchInputError(ValueError):
    """An input that does not exist or has a kind batch cannot read."""


@dataclass(frozen=True)
class Item:
    """One document's raw input: a JSONL line (`json`) or a whole text/HTML file."""

    origin: str  # "path:lineno" for a JSONL line, the path for a file
    kind: str  # json | text | html
    data: bytes


@dataclass(frozen=True)
class Partition:
    """A run of consecutive items; `index` is its stable position in the input order."""

    index: int
    items: tuple[Item, ...]

    @property
    def id(self) -> str:
        return partition_id(self.index)

    def fingerprint(self) -> str:
        """Hash of the partition's origins and bytes: a resume redoes a partition whose input
        changed since it was finished."""
        digest = hashlib.blake2b(digest_size=16)
        for item in self.items:
            for part in (item.origin.encode("utf-8"), item.kind.encode("ascii"), item.data):
                digest.update(len(part).to_bytes(8, "little"))
                digest.update(part)
        return digest.hexdigest()


def partition_id(index: int) -> str:
    """File-name-friendly id, sorting in input order."""
    return f"part-{index:06d}"


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files to read in order, and the files skipped inside folders (unknown kind).

    Raises BatchInputError for a missing input or an explicitly named file of unknown kind.
    """
    files: list[Path] = []
    skipped: list[str] = []
    for raw in inputs:
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if not child.is_file() or any(part.startswith(".") for part in rel):
                    continue
                if child.suffix.lower() in FILE_KINDS:
                    files.append(child)
                else:
                    skipped.append(str(child))
        elif path.is_file():
            if path.suffix.lower() not in FILE_KINDS:
                raise BatchInputError(f"{path}: batch reads .jsonl, .txt and .html files")
            files.append(path)
        else:
            raise BatchInputError(f"{raw}: no such file or folder")
    return files, skipped


def iter_items(files: Iterable[Path]) -> Iterator[Item]:
    """Every item of every file, streamed (a JSONL file is never read whole)."""
    for path in files:
        kind = FILE_KINDS[path.suffix.lower()]
        if kind != "jsonl":
            yield Item(str(path), kind, path.read_bytes())
            continue
        with path.open("rb") as fh:
            for lineno, line in enumerate(fh, start=1):
                if line.strip():
                    yield Item(f"{path}:{lineno}", "json", line.rstrip(b"\r\n"))


def count_items(files: Iterable[Path]) -> int:
    """How many items `iter_items` will yield (one fast pass; sizes the progress bar)."""
    total = 0
    for path in files:
        if FILE_KINDS[path.suffix.lower()] != "jsonl":
            total += 1
            continue
        with path.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total


def iter_partitions(files: Iterable[Path], size: int) -> Iterator[Partition]:
    """Consecutive groups of `size` items, numbered from 0."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    batch: list[Item] = []
    index = 0
    for item in iter_items(files):
        batch.append(item)
        if len(batch) == size:
            yield Partition(index, tuple(batch))
            index, batch = index + 1, []
    if batch:
        yield Partition(index, tuple(batch))


def partition_count(items: int, size: int) -> int:
    return -(-items // size)
