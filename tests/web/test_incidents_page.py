"""Incidents in the browser: map and table of incidents, an incident's reports with their
evidence, a correction of its figure, the table and the export after it, and a split."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
from test_dashboard import wait_map, wait_until


def sign_in(page: Any, base: str, token: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[name=token]", token)
    page.click("button:has-text('sign in')")


def test_incident_review_split_and_export(page: Any, live_incidents: dict[str, Any],
                                          tmp_path: Path) -> None:
    base = live_incidents["url"]
    page.goto(base + "/")
    wait_map(page)
    assert page.locator("#events").get_attribute("data-mode") == "incidents"
    assert page.locator("#map").get_attribute("data-count") == "4"
    row = page.locator("#events tbody tr", has_text="Saraqib")
    assert row.locator("td.killed").inner_text() == "9"
    row.locator("a").click()
    page.wait_for_selector(".report-text mark.ev")
    assert page.locator("article.report").count() == 2
    assert page.locator("#grade").inner_text() == "contested"
    marks = page.locator(".report-text mark.ev").all_inner_texts()
    assert "killing 9 civilians" in marks and "At least 11 people died" in marks
    page.screenshot(path=str(tmp_path / "incident.png"), full_page=True)
    here = page.url.replace(base, "")

    sign_in(page, base, live_incidents["token"], here)
    page.wait_for_selector("#review-form")
    page.fill("#review-form input[name=killed]", "10")
    page.click("#review-form button:has-text('save correction')")
    page.wait_for_selector("#status.corrected")
    assert page.locator(".fig-killed").inner_text().startswith("10")

    page.goto(base + "/?country=SY")
    row = page.locator("#events tbody tr", has_text="Saraqib")
    assert row.locator("td.killed").inner_text() == "10"
    href = page.locator("a.export[data-format=acled]").get_attribute("href")
    assert href.startswith("/api/export/incidents/acled")
    rows = list(csv.DictReader(io.StringIO(httpx.get(base + href).text)))
    assert sorted(r["fatalities"] for r in rows) == ["10", "3"]

    page.goto(base + here)
    page.check("#split-form input[value='saraqib-wire#e1']")
    page.click("#split-form button")
    page.wait_for_selector("#history")
    assert page.locator("article.report").count() == 1
    assert "split" in page.locator("#history").inner_text()
    page.goto(base + "/")
    wait_until(page, "document.querySelector('#total').textContent.trim() === '5'")
    assert not page.errors, page.errors
