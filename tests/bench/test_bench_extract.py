"""The extraction benchmark harness, exercised on a trivial stand-in extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.bench_extract import (
    RunResult,
    main,
    make_documents,
    markdown,
    medians,
    summary,
    with_geoparse,
)

SCAN = "benchmarks.bench_extract:baseline_scan"


def _result(run: str, seconds: float, words_per_s: float) -> RunResult:
    return RunResult(run, "f", 10, 1000, 0.1, seconds * 2, seconds, words_per_s / 2,
                     5 / seconds, words_per_s, 10 / seconds, 5, 50.0, 1.0, 10, "0")


def test_in_process_run_times_every_document_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    rc = main(["--docs", "6", "--words", "60", "--mem-docs", "2", "--function", SCAN,
               "--geoparse", SCAN, "--in-process", "--out", str(out)])
    assert rc == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    runs = {r["run"]: r for r in payload["results"]}
    assert set(runs) == {"extract", "extract+geo"}
    words = sum(len(d.text.split()) for d in make_documents(6, 0, 60))
    for result in runs.values():
        assert result["docs"] == 6 and result["words"] == words
        assert result["words_per_s"] > 0 and result["words_per_cpu_s"] > 0
        assert result["outputs"] > 0
        assert result["tracemalloc_docs"] == 2
    assert "geocoding_share_of_time" in payload["derived"]


def test_subprocess_run_reports_its_own_memory(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    assert main(["--docs", "3", "--words", "60", "--function", SCAN, "--geoparse", "none",
                 "--rounds", "1", "--out", str(out)]) == 0
    (result,) = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert result["run"] == "extract" and result["maxrss_mb"] > 1 and result["cpus"] != "unpinned"


def test_python_geo_run_interprets_the_parser(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    assert main(["--docs", "3", "--words", "60", "--function", SCAN, "--geoparse", SCAN,
                 "--python-geo", "--rounds", "1", "--out", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    runs = {r["run"]: r for r in payload["results"]}
    assert set(runs) == {"extract", "extract+geo", "extract+geo-python"}
    assert runs["extract"]["geo_compiled"] is None
    assert runs["extract+geo-python"]["geo_compiled"] is False  # CONFLICTWATCH_PURE_PYTHON
    assert "geocoding_python_adds_to_extract_time" in payload["derived"]


def test_missing_pipeline_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["--function", "conflictwatch.no_such_module:f", "--out",
                 str(tmp_path / "x.json")]) == 2
    assert not (tmp_path / "x.json").exists()


def test_with_geoparse_binds_by_keyword_or_position() -> None:
    seen: list[Any] = []

    def keyword(doc: str, *, geoparse: Any = None) -> None:
        seen.append(("kw", geoparse))

    def positional(doc: str, gp: Any = None) -> None:
        seen.append(("pos", gp))

    with_geoparse(keyword, len)("d")
    with_geoparse(positional, len)("d")
    assert seen == [("kw", len), ("pos", len)]


def test_summary_gives_geocoding_share_and_spacy_ratio() -> None:
    results = [_result("extract", 1.0, 8000.0), _result("extract+geo", 4.0, 2000.0),
               _result("spacy en_core_web_sm", 2.0, 4000.0)]
    derived = summary(results)
    assert derived == {"geocoding_adds_to_extract_time": 3.0, "geocoding_share_of_time": 0.75,
                       "extract_vs_spacy_words_per_cpu_s": 2.0,
                       "extract+geo_vs_spacy_words_per_cpu_s": 0.5}
    table = markdown(results, derived)
    assert table.count("\n| ") == 3 and "8,000" in table


def test_rounds_alternate_and_figures_come_from_the_median_round(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    assert main(["--docs", "3", "--words", "60", "--mem-docs", "1", "--function", SCAN,
                 "--geoparse", SCAN, "--in-process", "--rounds", "3", "--out", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert [r["run"] for r in payload["results"]] == ["extract", "extract+geo"] * 3
    results = [_result("extract", 1.0, 8000.0), _result("extract", 3.0, 3000.0),
               _result("extract", 2.0, 4000.0), _result("extract+geo", 2.5, 3200.0)]
    assert medians(results)["extract"].cpu_s == 2.0
    derived = summary(results)
    assert derived["geocoding_adds_to_extract_time"] == 0.25
    assert (derived["extract_words_per_cpu_s_min"], derived["extract_words_per_cpu_s_max"]) == (
        3000.0, 8000.0)


def test_the_ahead_run_extracts_batches_as_the_corpus_loops_do() -> None:
    """extract+geo-ahead geoparses each batch first: the same records as one at a time."""
    from benchmarks.bench_extract import ahead_call

    from conflictwatch.extract.pipeline import extract_document

    calls: list[str] = []

    def geoparse(text: str, *, country_hint: str | None = None) -> list[Any]:
        calls.append(text)
        return []

    docs = make_documents(5, 0, 80)
    one_by_one = [e for d in docs for e in extract_document(d, geoparse=geoparse)]
    calls.clear()
    assert ahead_call(geoparse)(docs) == one_by_one
    assert calls == [d.text for d in docs]  # each text geoparsed once
    derived = summary([_result("extract", 1.0, 100.0), _result("extract+geo-ahead", 1.1, 90.0)])
    assert derived["geocoding_ahead_adds_to_extract_time"] == 0.1


def test_interleaved_runs_take_turns_in_one_process(tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    rc = main(["--docs", "8", "--words", "60", "--interleave", "2", "--function", SCAN,
               "--geoparse", SCAN, "--no-pin", "--out", str(out)])
    assert rc == 0
    figures = json.loads((tmp_path / "extract-interleaved.json").read_text(encoding="utf-8"))
    assert figures["slices"] == 4 and figures["interleave"] == 2
    # two runs take turns (no ahead run for a stand-in extractor): each timed its slices
    assert set(figures["ms_per_doc"]) == {"extract", "extract+geo"}
    assert all(ms > 0 for ms in figures["ms_per_doc"].values())
    assert "geocoding_adds_to_extract_time" in figures


def test_interleave_needs_a_slice_for_each_run(tmp_path: Path) -> None:
    args = ["--words", "60", "--function", SCAN, "--geoparse", SCAN, "--no-pin",
            "--out", str(tmp_path / "x.json")]
    assert main(["--docs", "5", "--interleave", "2", *args]) == 2
    assert main(["--docs", "6", "--interleave", "2", "--python-geo", *args]) == 2
