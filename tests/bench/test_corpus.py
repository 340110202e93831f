"""The synthetic benchmark corpus: deterministic, news-length, in the CLI's JSONL shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from benchmarks.corpus import THEATRES, generate, main


def test_same_seed_same_documents_other_seed_other_documents() -> None:
    first = list(generate(20, seed=3))
    assert first == list(generate(20, seed=3))
    assert [d["text"] for d in first] != [d["text"] for d in generate(20, seed=4)]


def test_documents_have_the_jsonl_fields_and_unique_ids() -> None:
    docs = list(generate(50))
    assert {tuple(sorted(d)) for d in docs} == {("id", "published", "text", "title", "url")}
    assert len({d["id"] for d in docs}) == 50
    for doc in docs:
        date.fromisoformat(doc["published"])
        assert doc["title"] and doc["url"].startswith("https://")


def test_word_counts_follow_the_words_option() -> None:
    long_counts = [len(d["text"].split()) for d in generate(100, words=500)]
    short_counts = [len(d["text"].split()) for d in generate(100, words=60)]
    assert all(450 <= c <= 600 for c in long_counts), (min(long_counts), max(long_counts))
    assert all(30 <= c <= 130 for c in short_counts), (min(short_counts), max(short_counts))


def test_documents_name_a_known_town_and_a_casualty_figure() -> None:
    towns = {town for theatre in THEATRES for town, _ in theatre.towns}
    for doc in generate(30):
        assert any(town in doc["text"] for town in towns)
        assert any(ch.isdigit() for ch in doc["text"].split("\n", 1)[1])


def test_cli_writes_n_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    assert main(["5", str(out), "--words", "60", "--seed", "1"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(generate(5, seed=1, words=60))
