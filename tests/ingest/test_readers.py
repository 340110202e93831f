from datetime import date
from pathlib import Path

from conflictwatch.extract.dates import infer_publication_date
from conflictwatch.ingest.readers import read_feed, read_html, read_jsonl, read_text
from conflictwatch.records import Document, IngestProblem

FIX = Path(__file__).parents[1] / "fixtures" / "ingest"


def docs(items: object) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]  # type: ignore[attr-defined]


def problems(items: object) -> list[IngestProblem]:
    return [i for i in items if isinstance(i, IngestProblem)]  # type: ignore[attr-defined]


def test_text_gets_dateline_date_marked_inferred() -> None:
    [doc] = docs(read_text((FIX / "good.txt").read_bytes(), "good.txt"))
    assert doc.published == date(2020, 3, 3) and doc.published_inferred
    assert doc.id == f"doc-{doc.sha256[:12]}"


def test_given_date_wins_and_is_not_inferred() -> None:
    [doc] = docs(read_text((FIX / "good.txt").read_bytes(), "good.txt", date(2020, 3, 4)))
    assert doc.published == date(2020, 3, 4) and not doc.published_inferred


def test_seed_caption_date_is_inferred(seed_text: str) -> None:
    assert infer_publication_date(seed_text) == date(2019, 12, 20)


def test_dateline_forms() -> None:
    assert infer_publication_date("BEIRUT, 7 May 2020 (Wire) - Shelling") == date(2020, 5, 7)
    assert infer_publication_date("Published 2021-04-08\nClashes") == date(2021, 4, 8)
    assert infer_publication_date("Clashes killed 4 people in 2020.") is None
    assert infer_publication_date("x" * 5000 + " May 7, 2020") is None  # not at the top


def test_html_main_text_and_metadata() -> None:
    [doc] = docs(read_html((FIX / "good.html").read_bytes(), "good.html"))
    assert doc.title and doc.author == "Jane Example"
    assert doc.published == date(2020, 3, 3) and not doc.published_inferred
    assert doc.publisher == "Conflict Monitor"
    good = (FIX / "good.txt").read_text(encoding="utf-8").splitlines()[-1].strip()
    assert good[:60] in doc.text


def test_malformed_html_still_yields_main_text_without_script() -> None:
    [doc] = docs(read_html((FIX / "garbage.html").read_bytes(), "garbage.html"))
    assert "Gao" in doc.text
    assert "function" not in doc.text and "<script" not in doc.text


def test_rss_and_atom_items_become_documents() -> None:
    rss = docs(read_feed((FIX / "feed.xml").read_bytes(), "feed.xml"))
    assert len(rss) == 2
    assert rss[0].url and rss[0].title and rss[0].published == date(2021, 4, 8)
    assert rss[0].publisher == "Fixture feed"
    assert "military sources said" in rss[0].text  # full content, not the description
    atom = docs(read_feed((FIX / "atom.xml").read_bytes(), "atom.xml"))
    assert len(atom) == 1 and atom[0].published is not None


def test_broken_feed_is_reported_not_raised() -> None:
    items = list(read_feed((FIX / "broken_feed.xml").read_bytes(), "broken_feed.xml"))
    assert problems(items)
    assert all(p.reason for p in problems(items))


def test_feed_teaser_fetches_linked_page() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Short</title><link>http://127.0.0.1:1/a</link><description>Teaser.</description>
    </item></channel></rss>"""
    page = (FIX / "good.html").read_bytes()
    [doc] = docs(read_feed(feed, "f.xml", fetch_html=lambda url: (page, url)))
    assert doc.url == "http://127.0.0.1:1/a" and "Sarmin" in doc.text


def test_feed_link_failure_keeps_summary_or_reports() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Short</title><link>http://127.0.0.1:1/a</link><description>Teaser.</description>
    </item><item><title>Empty</title><link>http://127.0.0.1:1/b</link></item></channel></rss>"""

    def fail(url: str) -> tuple[bytes, str]:
        raise RuntimeError("unreachable")

    items = list(read_feed(feed, "f.xml", fetch_html=fail))
    assert [d.text for d in docs(items)] == ["Teaser."]
    levels = sorted(p.level for p in problems(items))
    assert levels == ["error", "warning"]


def test_jsonl_keeps_ids_and_reports_bad_line_with_number() -> None:
    items = list(read_jsonl((FIX / "docs.jsonl").read_bytes(), "docs.jsonl"))
    assert [d.id for d in docs(items)] == ["fx-1", "fx-3"]
    assert docs(items)[0].published == date(2020, 6, 7)
    [bad] = problems(items)
    assert bad.origin == "docs.jsonl:2" and "invalid JSON" in bad.reason


def test_jsonl_missing_text_and_non_object() -> None:
    data = b'{"id": "a"}\n[1, 2]\n{"id": "b", "text": "   "}\n'
    reasons = [p.reason for p in problems(read_jsonl(data, "x.jsonl"))]
    assert len(reasons) == 3 and "not an object" in reasons[1]
