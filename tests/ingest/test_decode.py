from pathlib import Path

import pytest

from conflictwatch.ingest.decode import UnreadableInput, decode_bytes, sniff_binary
from conflictwatch.ingest.language import detect_language

FIX = Path(__file__).parents[1] / "fixtures" / "ingest"


def test_png_behind_txt_name_is_binary() -> None:
    data = (FIX / "image.txt").read_bytes()
    assert sniff_binary(data) == "PNG image"
    with pytest.raises(UnreadableInput, match="PNG"):
        decode_bytes(data)


def test_nul_bytes_are_binary() -> None:
    assert sniff_binary(b"abc\x00def") is not None


def test_latin1_is_decoded_without_replacement_characters() -> None:
    text, encoding = decode_bytes((FIX / "latin1.txt").read_bytes())
    assert "é" in text and "\ufffd" not in text
    assert encoding != "utf-8"


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes("\ufeffKilled".encode())[0] == "Killed"


def test_declared_charset_is_tried_before_guessing() -> None:
    assert decode_bytes("Zürich".encode("cp1252"), "cp1252")[0] == "Zürich"


def test_language_detection() -> None:
    assert detect_language((FIX / "french.txt").read_text(encoding="utf-8")) == "fr"
    assert detect_language((FIX / "good.txt").read_text(encoding="utf-8")) == "en"
    assert detect_language("Too short") is None
