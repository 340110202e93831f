"""The name index as `build_index` lays it out: compact columns, postings grouped by key."""

from __future__ import annotations

import logging
import pickle
import random
import sys
from array import array
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from conflictwatch.geo import Gazetteer, Geoparser, fold, index_file
from conflictwatch.geo.gazetteer import (
    INDEX_MAGIC,
    INDEX_VERSION,
    SPELLING_BITS,
    PackedStrings,
    _joined_key,
    insert_place,
    stored_hash,
)
from conflictwatch.geo.importers import import_file


def test_packed_strings_read_like_a_list() -> None:
    words = ["Idlib", "", "Ma‘arrat an Nu‘mān", "إدلب", "𠀋 Town", "geonames:164816"]
    ends = array("Q")
    for w in words:
        ends.append((ends[-1] if ends else 0) + len(w.encode("utf-8")))
    column = PackedStrings("".join(words).encode("utf-8"), ends)
    assert len(column) == 6
    assert [column[i] for i in range(6)] == words
    assert list(column) == words and column[-1] == "geonames:164816" and column[-6] == "Idlib"
    assert column[1:3] == ["", "Ma‘arrat an Nu‘mān"]
    for bad in (6, -7):
        with pytest.raises(IndexError):
            column[bad]
    assert pickle.loads(pickle.dumps(column))[2] == "Ma‘arrat an Nu‘mān"
    # one astral character does not widen the other entries (a str would take 4 bytes each)
    assert len(column.data) < 2 * sum(map(len, words))


# Places whose names share strong keys in several ways: two spellings of one name, the same
# name for two places, a two-word name that is also indexed written as one word, and a
# place whose name and alternate fold to one key.
_PLACES = [
    ("geonames:1", "Saraqib", ["Saraqeb", "Sarakeb"], "SY", "12"),
    ("geonames:2", "Saraqib", [], "SY", "13"),
    ("geonames:3", "Mirpur Khas", ["Mirpurkhas", "Mirpur Khaas"], "PK", "05"),
    ("geonames:4", "Kot Diji", ["Kotdiji"], "PK", "05"),
    ("geonames:5", "Trinidad and Tobago", ["Trinidad"], "TT", ""),
    ("geonames:6", "Idlib", ["Idleb", "IDLEB", "IDLIB"], "SY", "12"),  # one key, hash twice
]


def _reference_postings(gaz: Gazetteer) -> dict[str, list[tuple[int, int]]]:
    """Postings computed the plain way: a dict of lists in the names table's order, each
    (place, hash) once per key."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, place, h in _all_postings(gaz):
        postings[key].append((place, h))
    return {k: list(dict.fromkeys(v)) for k, v in postings.items()}


def _all_postings(gaz: Gazetteer) -> list[tuple[str, int, int]]:
    """(key, place, hash) of every name, repeats included."""
    con = gaz.connect()
    dense = {rowid: i for i, (rowid,) in enumerate(con.execute(
        "SELECT id FROM places ORDER BY id"))}
    out = []
    for place_id, name, kind in con.execute("SELECT place_id, name, kind FROM names"):
        strong, light = fold.keys(name)
        if len(strong) < 2:
            continue
        h = stored_hash(name, light, kind)
        out.append((strong, dense[place_id], h))
        joined = _joined_key(strong, kind)
        if joined:
            out.append((joined, dense[place_id], h & ~SPELLING_BITS))
    con.close()
    return out


def test_build_index_groups_postings_by_key_in_order(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_file, "SECTION_MIN_BYTES", 1)  # map even this tiny index's arrays
    gaz = Gazetteer(tmp_path / "g.sqlite")
    con = gaz.connect()
    for gid, name, alts, cc, a1 in _PLACES:
        insert_place(con, gid, name, [(a, "alt") for a in alts], country=cc, admin1=a1,
                     population=1000, lat=30.0, lon=40.0)
    con.commit()
    con.close()
    idx = gaz.build_index()
    expected = _reference_postings(gaz)
    assert idx.key_count == len(expected)
    for key_id, (key, plist) in enumerate(expected.items()):
        assert idx.key_id(key) == key_id  # ids in order of first appearance
        assert idx.keys.key(key_id) == key
        assert list(idx.postings(key_id)) == plist
    assert any(len(v) > 2 for v in expected.values())  # the fixture does share keys
    assert sum(map(len, expected.values())) < sum(1 for _ in _all_postings(gaz))  # and repeats
    assert idx.and_pairs == {(fold.strong_key("Trinidad"), fold.strong_key("Tobago"))}
    head = fold.strong_key("Trinidad and Tobago").rsplit(" ", 1)[0]  # no key, a key's start
    assert idx.key_id(head) is None
    assert idx.keys.heads is not None and idx.keys.heads.get(head) is not None
    # the same index after a reload from disk, its arrays mapped from the file
    again = Gazetteer(gaz.path).load_index()
    assert isinstance(again.post_place, memoryview) and again.post_place.readonly
    assert isinstance(again.keys.slots, memoryview) and isinstance(again.gid.data, memoryview)
    for key_id, (key, plist) in enumerate(expected.items()):
        assert again.key_id(key) == key_id and list(again.postings(key_id)) == plist
    assert list(again.lat) == list(idx.lat) and list(again.name) == [p[1] for p in _PLACES]
    assert again.keys.heads is not None and isinstance(again.keys.heads.slots, memoryview)
    assert again.and_pairs == idx.and_pairs
    with pytest.raises(AssertionError):
        again.keys.add("kansafrah")  # a mapped table is read-only
    copied = pickle.loads(pickle.dumps(again))  # as sent to another process: arrays again
    assert isinstance(copied.post_place, array) and isinstance(copied.gid.data, bytes)
    key = fold.strong_key("Saraqeb")
    assert copied.key_id(key) == again.key_id(key) is not None
    assert [list(copied.postings(k)) for k in range(copied.key_count)] == list(expected.values())
    assert list(again.gid) == [p[0] for p in _PLACES]
    assert again.country == ["SY", "SY", "PK", "PK", "TT", "SY"]
    assert again.country[0] is again.country[1]  # one object per distinct code


def test_import_reports_progress(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text("\t".join(["9100001", "Kansafrah", "Kansafrah", "", "35.6", "36.5", "P",
                               "PPL", "SY", "", "12", "", "", "", "3000", "", "500",
                               "Asia/Damascus", "2020-01-01"]) + "\n", encoding="utf-8")
    seen: list[tuple[str, int | None, int]] = []

    def progress(items: Any, label: str, total: int | None) -> Any:
        items = list(items)
        seen.append((label, total, len(items)))
        return items

    assert import_file(tiny_gazetteer, dump, progress=progress) == 1
    assert seen[0] == ("Reading SY.txt", None, 1)
    assert seen[1][0] == "Indexing names" and seen[1][1] == seen[1][2] > 0


class _Gone:
    """Stands for a class a later or earlier conflictwatch no longer has."""


def _write(path: Path, obj: object, version: int = INDEX_VERSION) -> None:
    with path.open("w+b") as fh:
        index_file.write_index_file(fh, version, obj)


@pytest.mark.parametrize("damage", ["old layout", "cut short", "grown", "byte flipped",
                                    "section byte flipped", "unknown class", "other version"])
def test_an_unreadable_index_is_rebuilt(tiny_gazetteer: Gazetteer, damage: str,
                                        caplog: pytest.LogCaptureFixture,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tiny_gazetteer.index_path
    good = path.read_bytes()
    assert good.startswith(INDEX_MAGIC)
    if damage == "old layout":  # one pickle holding version and index, as before version 17
        path.write_bytes(pickle.dumps({"version": 16, "index": _Gone()}))
    elif damage == "cut short":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "grown":  # bytes appended: the file is not the size the header says
        path.write_bytes(good + b"\0" * 8)
    elif damage == "byte flipped":  # in the pickle: never unpickled
        middle = len(good) // 2
        path.write_bytes(good[:middle] + bytes([good[middle] ^ 0x40]) + good[middle + 1:])
    elif damage == "section byte flipped":  # found by the checksum read beside the unpickling
        with monkeypatch.context() as patch:
            patch.setattr(index_file, "SECTION_MIN_BYTES", 1)
            _write(path, tiny_gazetteer.load_index())
        sectioned = path.read_bytes()
        at = len(INDEX_MAGIC) + index_file._HEADER.size + 8  # in the first section
        path.write_bytes(sectioned[:at] + bytes([sectioned[at] ^ 0x40]) + sectioned[at + 1:])
    elif damage == "unknown class":  # a sound file from a conflictwatch with other classes
        _write(path, _Gone())
        monkeypatch.delattr(sys.modules[__name__], "_Gone")
    else:
        _write(path, tiny_gazetteer.load_index(), INDEX_VERSION + 1)
    unpickled: list[object] = []
    real_load = index_file._SectionUnpickler.load

    def load(self: Any) -> Any:
        unpickled.append(self)
        return real_load(self)

    monkeypatch.setattr(index_file._SectionUnpickler, "load", load)
    with caplog.at_level(logging.WARNING):
        idx = Gazetteer(tiny_gazetteer.path).load_index()
    assert "rebuilding it" in caplog.text
    # only a sound file of this version and layout is ever unpickled
    assert bool(unpickled) == (damage in ("unknown class", "section byte flipped"))
    assert "geonames:164816" in list(idx.gid)
    assert path.read_bytes()[:len(INDEX_MAGIC)] == INDEX_MAGIC
    assert Gazetteer(tiny_gazetteer.path).load_index().key_count == idx.key_count


def test_names_of_missing_places_and_overlong_names_are_skipped(tmp_path: Path) -> None:
    gaz = Gazetteer(tmp_path / "g.sqlite")
    con = gaz.connect()
    insert_place(con, "geonames:1", "Saraqib", [("Ab " * 30_000, "alt")], country="SY",
                 lat=35.8, lon=36.8)
    con.commit()
    con.execute("PRAGMA foreign_keys = OFF")  # as a file edited by hand might be
    con.execute("INSERT INTO names VALUES (999, 'Nowhere', 'alt')")
    con.commit()
    con.close()
    idx = gaz.build_index()
    assert [p.gid for p, _ in gaz.candidates("Saraqib")] == ["geonames:1"]
    assert gaz.candidates("Nowhere") == []
    assert max(len(idx.keys.key(k)) for k in range(idx.key_count)) < 1000


def test_sparse_row_ids_map_to_dense_places(tmp_path: Path) -> None:
    gaz = Gazetteer(tmp_path / "g.sqlite")
    con = gaz.connect()
    con.execute("INSERT INTO places (id, gid, name, lat, lon) VALUES (5000000, 'x:1', 'Far', 1, 1)")
    con.execute("INSERT INTO names VALUES (5000000, 'Far', 'name')")
    insert_place(con, "geonames:1", "Saraqib", [], country="SY", lat=35.8, lon=36.8)
    con.commit()
    con.close()
    gaz.build_index()
    assert {p.gid for p, _ in gaz.candidates("Far")} == {"x:1"}
    assert {p.gid for p, _ in gaz.candidates("Saraqib")} == {"geonames:1"}


def test_an_empty_gazetteer_parses_to_nothing(tmp_path: Path) -> None:
    gaz = Gazetteer(tmp_path / "g.sqlite")
    gaz.connect().close()
    assert gaz.build_index().key_count == 0
    assert all(m.location is None or m.location.gazetteer_id is None
               for m in Geoparser(gaz).parse("Shelling hit Idlib and Saraqib on Monday."))


def test_key_table_maps_many_keys_to_ids_in_order(tmp_path: Path) -> None:
    table = index_file.KeyTable()
    keys = [f"kafr {i}" for i in range(3000)] + ["maarat alnaman", "ادلب", "𠀋", "a b c d"]
    assert [table.add(k) for k in keys] == list(range(len(keys)))  # grew many times
    assert [table.add(k) for k in keys[::7]] == list(range(0, len(keys), 7))  # no new ids
    assert len(table) == len(keys) and table.sound()
    assert 2 * len(table) <= len(table.slots)
    assert [table.get(k) for k in keys] == list(range(len(keys)))
    assert [table.key(i) for i in (0, 2999, 3001)] == ["kafr 0", "kafr 2999", "ادلب"]
    for missing in ("kafr", "kafr 3000", "", "kafr 1 ", "ادل"):
        assert table.get(missing) is None
    _write(tmp_path / "t.index", table)
    with (tmp_path / "t.index").open("rb") as fh:
        mapped = index_file.read_index_file(fh, INDEX_VERSION)
    assert isinstance(mapped.slots, memoryview) and mapped.sound()
    assert [mapped.get(k) for k in keys] == list(range(len(keys)))
    assert mapped.get("kafr 3000") is None and mapped.key(3002) == "𠀋"


def _runs_by_brute_force(keys: list[str], words: tuple[str, ...]) -> set[tuple[int, int, int]]:
    ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    return {(a, b - a - 1, ids[" ".join(words[a:b])]) for a in range(len(words))
            for b in range(a + 1, len(words) + 1) if " ".join(words[a:b]) in ids}


def test_key_runs_are_every_key_in_a_chunk() -> None:
    rng = random.Random(7)
    vocab = ["tal", "abyad", "kafr", "nabl", "ras", "ayn", "al", "x"]
    keys = [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 9))) for _ in range(400)]
    keys.append(" ".join(["krung"] * 26))  # one very long key (Bangkok's ceremonial name)
    table = index_file.KeyTable()
    for k in keys:
        table.add(k)
    for _ in range(300):
        words = tuple(rng.choice(vocab + ["krung"]) for _ in range(rng.randint(1, 30)))
        assert set(table.runs(words)) == _runs_by_brute_force(keys, words)
    krung = tuple(["krung"] * 30)
    assert (2, 25, table.get(" ".join(["krung"] * 26))) in table.runs(krung)
    assert table.runs(()) == [] and index_file.KeyTable().runs(("tal", "abyad")) == []


@pytest.mark.parametrize("bad", ["negative length", "misaligned", "typecode", "columns differ",
                                 "memory error"])
def test_an_index_whose_contents_do_not_fit_is_rebuilt(tiny_gazetteer: Gazetteer, bad: str,
                                                       caplog: pytest.LogCaptureFixture,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Files with a sound checksum that were written wrong (by hand, or by a bug)."""
    monkeypatch.setattr(index_file, "SECTION_MIN_BYTES", 1)  # every array in a section
    path, idx = tiny_gazetteer.index_path, tiny_gazetteer.load_index()
    real_id = index_file._SectionPickler.persistent_id
    with monkeypatch.context() as patch:
        if bad == "columns differ":
            idx.lat = array("d", [1.0])
        elif bad != "memory error":
            def bad_id(self: Any, obj: Any) -> Any:
                ref = real_id(self, obj)
                if ref is None:
                    return None
                kind, typecode, offset, nbytes = ref
                return {"negative length": (kind, typecode, offset, -8),
                        "misaligned": (kind, typecode, offset + 4, nbytes - 4),
                        "typecode": (kind, "O", offset, nbytes)}[bad]
            patch.setattr(index_file._SectionPickler, "persistent_id", bad_id)
        _write(path, idx)
    if bad == "memory error":
        def no_memory(self: Any) -> Any:
            raise MemoryError
        monkeypatch.setattr(index_file._SectionUnpickler, "load", no_memory)
    with caplog.at_level(logging.WARNING):
        again = Gazetteer(tiny_gazetteer.path).load_index()
    assert "rebuilding it" in caplog.text
    assert list(again.lat) == list(Gazetteer(tiny_gazetteer.path).build_index().lat)


def test_a_file_that_cannot_be_mapped_is_read(tiny_gazetteer: Gazetteer,
                                              caplog: pytest.LogCaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot_map(*args: Any, **kwargs: Any) -> Any:
        raise OSError("mmap not supported on this file system")

    monkeypatch.setattr(index_file.mmap, "mmap", cannot_map)
    with caplog.at_level(logging.WARNING):
        idx = Gazetteer(tiny_gazetteer.path).load_index()
    assert "rebuilding" not in caplog.text  # read whole instead, not rebuilt at every start
    assert idx.key_id(fold.strong_key("Saraqib")) is not None


def test_an_index_loads_where_no_thread_can_be_started(tiny_gazetteer: Gazetteer,
                                                       caplog: pytest.LogCaptureFixture,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A process limit on threads must not make a sound index look damaged (and rebuilt)."""
    def no_thread(self: Any) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(index_file.threading.Thread, "start", no_thread)
    before = tiny_gazetteer.index_path.read_bytes()
    with caplog.at_level(logging.WARNING):
        idx = Gazetteer(tiny_gazetteer.path).load_index()
    assert "rebuilding" not in caplog.text and tiny_gazetteer.index_path.read_bytes() == before
    assert idx.key_id(fold.strong_key("Saraqib")) is not None
