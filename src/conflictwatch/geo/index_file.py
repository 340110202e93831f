"""The name index on disk: a key table and a file whose large arrays are mapped, not read.

A whole GeoNames dump makes an index of about ten million places and fifteen million keys.
Unpickling that (pyahocorasick's automaton above all) took seconds and gave every process its
own copy. Here the index's large arrays and byte strings are written as raw sections and
mapped from the file (`mmap`) on load: only the small rest is unpickled, and every process
that maps the same file (batch workers) shares its pages. A load reads the whole file once, for
its checksum; the pages then sit in the page cache.

The file must only ever be replaced by a rename (as `Gazetteer.build_index` does): a process
that has it mapped keeps the old file, whereas a file cut short or rewritten in place under a
mapping kills that process (SIGBUS) the next time it reads a page that is gone.

File layout: `INDEX_MAGIC`, a header (version, offset and length of the pickle, length of
everything after the header, CRC-32 of the sections and of the pickle), the raw sections
(8-byte aligned), then the pickle, whose large arrays are persistent references to their
sections. The sections' checksum is computed in a second thread while the pickle is read
(zlib lets go of the GIL): a third of a load for a whole GeoNames dump. So the pickle is read
before the sections are known to be sound: a class in the index must not read its sections
while it is unpickled (no `__setstate__` or `__reduce__` that looks into them).
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import struct
import threading
import zlib
from array import array
from collections.abc import Sequence
from typing import IO, Any

INDEX_MAGIC = b"CWINDEX\n"
# version, pickle offset, pickle length, payload length, CRC-32 of the sections, of the pickle
_HEADER = struct.Struct("<IQQQII")
# Arrays and byte strings at least this large go to raw sections; smaller ones stay pickled.
SECTION_MIN_BYTES = 4096
_SECTION_TYPES = frozenset("BHIQdiq")


class Unmapped:
    """Pickles the memoryviews of a mapped index file as arrays and bytes, so a loaded index
    can still be pickled (sent to another process, written again)."""

    def __getstate__(self) -> dict[str, Any]:
        return {name: _unmapped(value) for name, value in vars(self).items()}


def _unmapped(value: Any) -> Any:
    """A memoryview's contents as bytes or an array; anything else as it is."""
    if not isinstance(value, memoryview):
        return value
    if value.format == "B":
        return value.tobytes()
    out = array(value.format)
    out.frombytes(value.cast("B"))
    return out


class KeyTable(Unmapped):
    """Strong keys -> ids 0, 1, ... in the order they were first added: an open-addressing hash
    table (CRC-32, linear probing) over three flat arrays.

    The parser only ever looks up whole keys (the word runs of a name chunk, `runs`), so a hash
    table does the automaton's job; unlike the automaton its arrays can be mapped from the
    index file. `text` holds the keys' UTF-8 back to back, `ends[k]` the byte after key k, and
    `slots` key id + 1 (0 = empty), at most half full. `heads` holds the word-prefixes of the
    keys of several words ("tal", "tal abyad" for "tal abyad sharqi"), so that `runs` extends a
    run only while some key goes on from it."""

    def __init__(self, with_heads: bool = True) -> None:
        self.text: bytearray | memoryview = bytearray()
        self.ends: array[int] | memoryview = array("Q")
        self.slots: array[int] | memoryview = array("I", [0]) * 16
        self.heads = KeyTable(with_heads=False) if with_heads else None

    def __len__(self) -> int:
        return len(self.ends)

    def key(self, key_id: int) -> str:
        """The text of key `key_id`."""
        ends = self.ends
        return str(self.text[ends[key_id - 1] if key_id else 0:ends[key_id]], "utf-8")

    def get(self, key: str) -> int | None:
        """The id of `key`, or None when no place bears it."""
        raw = key.encode("utf-8")
        slots, ends, text = self.slots, self.ends, self.text
        mask = len(slots) - 1
        i = zlib.crc32(raw) & mask
        while s := slots[i]:
            end = ends[s - 1]
            start = ends[s - 2] if s > 1 else 0
            if end - start == len(raw) and text[start:end] == raw:
                return s - 1
            i = (i + 1) & mask
        return None

    def runs(self, words: Sequence[str]) -> list[tuple[int, int, int]]:
        """(first word, extra words, key id) of every key that is a run of `words` (a name
        chunk's strong-folded tokens)."""
        found: list[tuple[int, int, int]] = []
        heads = self.heads
        for first, word in enumerate(words):
            key_id = self.get(word)
            if key_id is not None:
                found.append((first, 0, key_id))
            key = word
            for extra in range(1, len(words) - first):
                if heads is None or heads.get(key) is None:
                    break  # no key goes on from this run
                key = f"{key} {words[first + extra]}"
                key_id = self.get(key)
                if key_id is not None:
                    found.append((first, extra, key_id))
        return found

    def add(self, key: str) -> int:
        """The id of `key`, added as the next id when new."""
        raw = key.encode("utf-8")
        assert isinstance(self.text, bytearray) and isinstance(self.ends, array) \
            and isinstance(self.slots, array), "a key table mapped from a file is read-only"
        slots, ends, text = self.slots, self.ends, self.text
        mask = len(slots) - 1
        i = zlib.crc32(raw) & mask
        while s := slots[i]:
            start = ends[s - 2] if s > 1 else 0
            if text[start:ends[s - 1]] == raw:
                return s - 1
            i = (i + 1) & mask
        key_id = len(ends)
        text += raw
        ends.append(len(text))
        slots[i] = key_id + 1
        self._note_words(key)
        if 2 * len(ends) > len(slots):
            self._grow()
        return key_id

    def _note_words(self, key: str) -> None:
        """Add a new key's word-prefixes to `heads`."""
        if self.heads is not None:
            end = key.find(" ")
            while end > 0:
                self.heads.add(key[:end])
                end = key.find(" ", end + 1)

    def _grow(self) -> None:
        """Twice the slots, every key placed again."""
        assert isinstance(self.slots, array) and isinstance(self.ends, array)
        slots = array("I", [0]) * (2 * len(self.slots))
        mask, text, start = len(slots) - 1, self.text, 0
        for key_id, end in enumerate(self.ends):
            i = zlib.crc32(text[start:end]) & mask
            while slots[i]:
                i = (i + 1) & mask
            slots[i] = key_id + 1
            start = end
        self.slots = slots

    def sound(self) -> bool:
        """Whether the arrays fit together (a table read from a file is checked so: a bad one
        would fail on every lookup, or loop forever in a full `slots`)."""
        n = len(self.slots)
        return n >= 16 and n & (n - 1) == 0 and 2 * len(self.ends) <= n and \
            (not len(self.ends) or self.ends[-1] == len(self.text)) and \
            (self.heads is None or self.heads.sound())


class _ChecksumWriter:
    """A file wrapper that counts and checksums what goes through it."""

    def __init__(self, fh: IO[bytes], base: int) -> None:
        self.fh, self.base, self.length, self.crc = fh, base, 0, 0

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self.length += view.nbytes
        self.crc = zlib.crc32(view, self.crc)
        return self.fh.write(view)

    def align(self) -> None:
        """Pad to a multiple of 8 bytes, so a mapped section of numbers is aligned."""
        self.write(b"\0" * (-(self.base + self.length) % 8))


class _SectionPickler(pickle.Pickler):
    """Pickles into memory; each large array or byte string goes to the file as a section and
    is pickled as a reference to it."""

    def __init__(self, buffer: IO[bytes], out: _ChecksumWriter) -> None:
        super().__init__(buffer, protocol=5)
        self.out = out

    def persistent_id(self, obj: Any) -> tuple[str, str, int, int] | None:  # noqa: D102
        kind = type(obj)
        if kind is str or kind is int or kind is float:
            return None  # most objects: the index's columns of codes
        if isinstance(obj, array):
            typecode, nbytes = obj.typecode, len(obj) * obj.itemsize
        elif isinstance(obj, bytes | bytearray):
            typecode, nbytes = "B", len(obj)
        else:
            return None
        if nbytes < SECTION_MIN_BYTES:
            return None
        self.out.align()
        offset = self.out.base + self.out.length
        self.out.write(obj)
        return ("section", typecode, offset, nbytes)


class _SectionUnpickler(pickle.Unpickler):
    """Turns section references back into memoryviews of the mapped file."""

    def __init__(self, data: memoryview, mapped: memoryview) -> None:
        super().__init__(io.BytesIO(data))
        self.mapped = mapped

    def persistent_load(self, pid: Any) -> memoryview:  # noqa: D102
        kind, typecode, offset, nbytes = pid
        if kind != "section" or typecode not in _SECTION_TYPES or type(offset) is not int or \
                type(nbytes) is not int or offset < 0 or offset % 8 or nbytes < 0 or \
                offset + nbytes > len(self.mapped):
            raise pickle.UnpicklingError(f"bad section reference {pid!r}")
        part = self.mapped[offset:offset + nbytes]
        return part if typecode == "B" else part.cast(typecode)


def write_index_file(fh: IO[bytes], version: int, index: object) -> None:
    """Magic, a header to fill in, the sections, the pickle; then the header; then to disk."""
    fh.write(INDEX_MAGIC + _HEADER.pack(0, 0, 0, 0, 0, 0))
    base = len(INDEX_MAGIC) + _HEADER.size
    out = _ChecksumWriter(fh, base)
    buffer = io.BytesIO()
    _SectionPickler(buffer, out).dump(index)
    out.align()
    pickle_offset, sections_crc = base + out.length, out.crc
    pickled = buffer.getbuffer()
    out.write(pickled)
    fh.seek(len(INDEX_MAGIC))
    fh.write(_HEADER.pack(version, pickle_offset, len(pickled), out.length, sections_crc,
                          zlib.crc32(pickled)))
    fh.flush()
    os.fsync(fh.fileno())


def read_index_file(fh: IO[bytes], version: int) -> Any:
    """The object in an index file, its sections mapped from the file; None when the file is
    of another version or layout, or its payload is not what the header says (cut short,
    bytes flipped)."""
    head = fh.read(len(INDEX_MAGIC) + _HEADER.size)
    if len(head) != len(INDEX_MAGIC) + _HEADER.size or not head.startswith(INDEX_MAGIC):
        return None  # an older layout: never unpickled
    got, pickle_offset, pickle_length, length, sections_crc, pickle_crc = \
        _HEADER.unpack_from(head, len(INDEX_MAGIC))
    size = os.fstat(fh.fileno()).st_size
    if got != version or size != len(head) + length or \
            not len(head) <= pickle_offset <= pickle_offset + pickle_length == size:
        return None
    try:
        mapped = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # a file system that cannot map files: read it whole
        fh.seek(0)
        mapped = memoryview(fh.read())
    pickled = mapped[pickle_offset:pickle_offset + pickle_length]
    if len(mapped) != size or zlib.crc32(pickled) != pickle_crc:
        return None
    sections = _Checksum(mapped[len(head):pickle_offset])
    try:
        index = _SectionUnpickler(pickled, mapped).load()
    finally:
        sections.join()
    return index if sections.crc == sections_crc else None


class _Checksum:
    """The CRC-32 of a buffer, computed in a thread of its own (here and now when no thread
    can be started: a process limit must not make a sound index look damaged)."""

    def __init__(self, data: memoryview) -> None:
        self.crc: int | None = None
        self.thread: threading.Thread | None = threading.Thread(
            target=self._run, args=(data,), daemon=True)
        try:
            self.thread.start()
        except RuntimeError:  # "can't start new thread"
            self.thread = None
            self._run(data)

    def _run(self, data: memoryview) -> None:
        self.crc = zlib.crc32(data)

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()
