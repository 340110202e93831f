"""Bytes to text: refuse binary content, decode UTF-8 or whatever the bytes really are."""

from __future__ import annotations

import charset_normalizer

MAGIC_NUMBERS: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"RIFF": "RIFF media file",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
    b"SQLite format 3\x00": "SQLite database",
}


class UnreadableInput(ValueError):
    """Content that is not text we can read; the message is the reason shown to the user."""


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of `data`, or None if it may be text."""
    for magic, name in MAGIC_NUMBERS.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data (NUL bytes)"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode to (text, encoding). UTF-8 first, then the declared charset, then detection."""
    kind = sniff_binary(data)
    if kind:
        raise UnreadableInput(f"binary content ({kind}), not text")
    for encoding in ("utf-8-sig", declared):
        if not encoding:
            continue
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnreadableInput("undecodable: not UTF-8 and no text encoding fits")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise UnreadableInput(f"undecodable: looks binary even as {best.encoding}")
    return text, best.encoding


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)
