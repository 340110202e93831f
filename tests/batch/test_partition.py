"""Partitions are a pure function of the inputs and the partition size."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_corpus import write_corpus

from conflictwatch.batch.output import ManifestEntry, Output
from conflictwatch.batch.partition import (
    BatchInputError,
    count_items,
    expand_inputs,
    iter_partitions,
    partition_count,
)


def _cut(inputs: list[Path], size: int) -> list[tuple[str, int, str]]:
    files, _ = expand_inputs(inputs)
    return [(p.id, len(p.items), p.fingerprint()) for p in iter_partitions(files, size)]


def test_same_inputs_same_partitions(corpus: Path, folder: Path) -> None:
    first = _cut([corpus, folder], 16)
    assert first == _cut([corpus, folder], 16)
    files, skipped = expand_inputs([corpus, folder])
    assert [p.name for p in files] == ["corpus.jsonl", "r0.txt", "r1.txt", "r2.txt", "r3.txt",
                                       "r4.txt", "r5.txt", "page.html"]
    assert skipped == [str(folder / "notes.csv")]
    # 150 documents + a bad line + a French one (the blank line is not an item) + 7 files
    assert count_items(files) == 159
    assert [n for _, n, _ in first] == [16] * 9 + [15]
    assert [pid for pid, _, _ in first] == [f"part-{i:06d}" for i in range(10)]
    assert len(first) == partition_count(159, 16)
    assert len({fp for _, _, fp in first}) == len(first)


def test_items_keep_input_order_and_line_numbers(corpus: Path) -> None:
    files, _ = expand_inputs([corpus])
    origins = [item.origin for part in iter_partitions(files, 50) for item in part.items]
    assert origins[0] == f"{corpus}:1"
    assert origins[76] == f"{corpus}:78"  # line 77 is blank: skipped, numbering kept
    assert len(origins) == 152


def test_changed_input_changes_only_its_partition(tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.jsonl", 60)
    before = _cut([path], 10)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[25] = lines[25].replace("Report number", "Report no.")
    path.write_text("".join(lines), encoding="utf-8")
    after = _cut([path], 10)
    changed = [b[0] for b, a in zip(before, after, strict=True) if b != a]
    assert changed == ["part-000002"]


def test_bad_inputs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BatchInputError):
        expand_inputs([tmp_path / "missing.jsonl"])
    odd = tmp_path / "data.csv"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(BatchInputError):
        expand_inputs([odd])


def test_manifest_ignores_a_torn_line(tmp_path: Path) -> None:
    out = Output(tmp_path / "out", "jsonl", 10)
    out.prepare()
    entry = ManifestEntry(partition=0, file="part-000000.jsonl", fingerprint="f", items=1,
                          documents=1, records=1)
    out.commit(entry, b'{"id": "a"}\n')
    with out.manifest_path.open("a", encoding="utf-8") as fh:
        fh.write('{"partition": 1, "file": "part-0')  # killed mid-append
    assert list(out.finished()) == [0]
    out.commit(ManifestEntry(partition=2, file="part-000002.jsonl", fingerprint="g", items=1,
                             documents=1, records=1), b'{"id": "b"}\n')
    assert sorted(out.finished()) == [0, 2]
    assert [r["id"] for r in out.records()] == ["a", "b"]
