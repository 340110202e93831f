"""The dashboard in a real browser: map, timeline, filters, record page, review, exports, XSS."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx


def wait_until(page: Any, expression: str, timeout: float = 30.0) -> None:
    """Poll a JS expression until it is true (page.wait_for_function stalls for tens of
    seconds with this chromium/playwright pair, although the page updates at once)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        time.sleep(0.05)


def wait_map(page: Any) -> None:
    page.wait_for_selector("#map[data-ready='1']", timeout=10000)


def test_map_filter_marker_record_review_export(page: Any, live_server: dict[str, Any],
                                                 tmp_path: Path) -> None:
    base = live_server["url"]
    page.goto(base + "/")
    wait_map(page)
    assert page.locator("#map").get_attribute("data-count") == "4"
    page.wait_for_selector("#timeline .uplot", timeout=5000)
    wait_until(page, "document.querySelector('#map').dataset.boundaries === '1'")
    page.wait_for_timeout(300)
    page.screenshot(path=str(tmp_path / "map.png"), full_page=True)
    assert page.locator("#events tbody tr").count() == 4

    # filter by date: the table (htmx) and the map follow
    page.fill("input[name=date_from]", "2019-12-17")
    page.fill("input[name=date_to]", "2019-12-19")
    page.dispatch_event("input[name=date_to]", "change")
    wait_until(page, "document.querySelector('#total').textContent.trim() === '3'")
    wait_until(page, "document.querySelector('#map').dataset.count === '3'")

    # zoom to Syria by filtering, click a marker, follow its popup to the record
    page.select_option("select[name=country]", "SY")
    wait_until(page, "document.querySelector('#total').textContent.trim() === '2'")
    wait_until(page, "document.querySelector('#map').dataset.count === '2'")
    page.evaluate("void window.cwMap.setView([35.84, 36.7], 11)")
    page.wait_for_timeout(400)
    page.wait_for_selector(".town-label:has-text('Testville')", timeout=5000)  # gazetteer
    assert page.locator(".town-label:has-text('Hamlet')").count() == 0  # too small to label
    page.locator("#map").screenshot(path=str(tmp_path / "map-zoomed.png"))
    markers = page.locator("#map path.leaflet-interactive[fill='#f57c00']")
    assert markers.count() == 2
    markers.first.click(force=True)
    page.wait_for_selector(".leaflet-popup a.open-record", timeout=5000)
    page.click(".leaflet-popup a.open-record")
    page.wait_for_selector(".report-text mark.ev")
    assert page.url.split("/events/")[1] in ("saraqib%23e1", "ariha-ar%23e1")
    page.goto(base + "/events/saraqib%23e1")

    # the record: highlighted evidence in the report text
    marks = page.locator(".report-text mark.ev")
    assert "killing 9 civilians" in marks.all_inner_texts()
    assert page.locator(".fig-killed").inner_text().startswith("9")

    # sign in with a token and correct the killed figure
    page.click("text=Sign in with a token")
    page.fill("input[name=token]", live_server["token"])
    page.click("button:has-text('sign in')")
    page.wait_for_selector("#review-form")
    page.fill("input[name=killed]", "11")
    page.fill("input[name=note]", "hospital figures")
    page.click("button:has-text('save correction')")
    page.wait_for_selector("#status.corrected")
    assert page.locator(".fig-killed").inner_text().startswith("11")
    history = page.locator("#history").inner_text()
    assert "correct by reviewer" in history and "hospital figures" in history
    page.screenshot(path=str(tmp_path / "record.png"), full_page=True)

    # the table and the export show the corrected figure
    page.goto(base + "/?country=SY")
    row = page.locator("#events tr[data-id='saraqib#e1']")
    assert row.locator("td.killed").inner_text() == "11"
    assert row.locator("td.review").inner_text() == "corrected"
    href = page.locator("a.export[data-format=acled]").get_attribute("href")
    csv = httpx.get(base + href).text
    saraqib = next(line for line in csv.splitlines() if line.startswith("saraqib#e1"))
    assert saraqib.endswith(",11,saraqib,corrected")
    assert not page.errors, page.errors


def test_untrusted_report_text_shows_as_text(page: Any, live_server: dict[str, Any],
                                             tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server["url"] + "/events/baghdad-evil%23e1")
    text = page.locator(".report-text").inner_text()
    assert '<script>alert("pwned")</script>' in text and '<img src=x onerror="alert(1)">' in text
    assert page.locator(".report-text script, .report-text img").count() == 0
    assert page.locator(".report-text mark.ev").count() == 3
    page.goto(live_server["url"] + "/")
    wait_map(page)
    page.wait_for_timeout(300)
    assert dialogs == [] and not page.errors


def test_right_to_left_report(page: Any, live_server: dict[str, Any], tmp_path: Path) -> None:
    page.goto(live_server["url"] + "/events/ariha-ar%23e1")
    box = page.locator(".report-text")
    assert box.get_attribute("dir") == "auto"
    assert page.evaluate("getComputedStyle(document.querySelector('.report-text')).direction"
                         ) == "rtl"
    assert "قتل ثلاثة مدنيين" in page.locator(".report-text mark.ev").all_inner_texts()
    page.screenshot(path=str(tmp_path / "rtl.png"))


def test_timeline_brush_filters_table_and_map(page: Any, live_server: dict[str, Any]) -> None:
    page.goto(live_server["url"] + "/")
    wait_map(page)
    over = page.locator("#timeline .u-over")
    box = over.bounding_box()
    # the series spans 2019-12-10 .. 2019-12-19 (9 days wide): drag from ~16.8 to the end
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.75, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.85, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    wait_until(page, "document.querySelector('#total').textContent.trim() === '3'")
    wait_until(page, "document.querySelector('#map').dataset.count === '3'")
    assert page.input_value("input[name=date_from]") == "2019-12-17"
    assert page.input_value("input[name=date_to]") == "2019-12-19"


def test_openapi_docs_render_offline(page: Any, live_server: dict[str, Any]) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_server["url"] + "/docs")
    page.wait_for_selector(".opblock-tag", timeout=15000)
    assert "incidents" in page.locator(".opblock-tag").all_inner_texts()
    assert all(u.startswith(live_server["url"]) or u.startswith("data:") for u in requested)
