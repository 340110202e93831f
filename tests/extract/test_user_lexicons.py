"""Users extend the shipped lexicons with their own files ($CONFLICTWATCH_LEXICONS)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conflictwatch.extract.lexicon_files import LexiconError, extend_lexicon

TEXT = "On 9 May 2020, Red Scorpion fighters killed 3 villagers near Kidal, Mali."


def _extract(tmp_path: Path, lexicons: Path | None) -> subprocess.CompletedProcess[str]:
    src = tmp_path / "report.txt"
    src.write_text(TEXT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CONFLICTWATCH_LEXICONS"}
    if lexicons is not None:
        env["CONFLICTWATCH_LEXICONS"] = str(lexicons)
    return subprocess.run(
        [sys.executable, "-c", "from conflictwatch.cli import main; main()", "extract",
         str(src), "--no-geo", "--published", "2020-05-10"],
        env=env, capture_output=True, text=True, timeout=120)


def _actor1(out: str) -> str:
    record = next(r for r in map(json.loads, out.splitlines()) if r["kind"] == "incident")
    return next(a["name"] for a in record["actors"] if a["role"] == "actor1")


def test_user_actor_lexicon_adds_a_group(tmp_path: Path) -> None:
    mine = tmp_path / "lexicons"
    mine.mkdir()
    (mine / "actors.yaml").write_text(
        'named:\n  - {re: "Red Scorpions?", name: "Red Scorpion Militia", category: militia,'
        ' country: ML}\n', encoding="utf-8")
    shipped = _extract(tmp_path, None)
    assert shipped.returncode == 0, shipped.stderr
    assert _actor1(shipped.stdout) != "Red Scorpion Militia"
    extended = _extract(tmp_path, mine)
    assert extended.returncode == 0, extended.stderr
    assert _actor1(extended.stdout) == "Red Scorpion Militia"


def test_broken_user_lexicon_is_a_clear_error(tmp_path: Path) -> None:
    mine = tmp_path / "lexicons"
    mine.mkdir()
    (mine / "actors.yaml").write_text("named: {re: [unclosed\n", encoding="utf-8")
    result = _extract(tmp_path, mine)
    assert result.returncode == 2
    assert "actors.yaml" in result.stderr and "Traceback" not in result.stderr


def test_extend_rules() -> None:
    base = {"named": [{"re": "a"}], "countries": [1], "version": 1}
    out = extend_lexicon(base, {"named": [{"re": "b"}], "version": 2, "new": [3]})
    assert out == {"named": [{"re": "b"}, {"re": "a"}], "countries": [1], "version": 2,
                   "new": [3]}
    with pytest.raises(LexiconError, match="named"):
        extend_lexicon(base, {"named": {"re": "b"}})
