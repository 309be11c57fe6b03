"""The page, end to end, in Debian's headless Chromium driven by Playwright.

Chromium comes from the system (``apt-get install chromium``), never from ``playwright
install``. Without it these tests skip on a laptop and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TIDINGS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"UI tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _serve(db: Path) -> Iterator[str]:
    import uvicorn

    from tidings.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def seed_url(seed_store: Path) -> Iterator[str]:
    yield from _serve(seed_store)


@pytest.fixture(scope="module")
def hostile_url(hostile_store: Path) -> Iterator[str]:
    yield from _serve(hostile_store)


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the page's Content-Security-Policy forbids eval, which Playwright's wait_for_function
    # needs; it also makes the hostile-article test check the escaping alone, without the CSP's help
    page = browser.new_page(viewport={"width": 1400, "height": 1200}, bypass_csp=True)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    yield page
    page.close()


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=15000)


def rows(page: Any) -> Any:
    return page.locator("#events tbody tr")


def test_page_shows_every_view_of_the_seed_store(page: Any, seed_url: str) -> None:
    import httpx

    total = httpx.get(seed_url + "api/stats").json()["events"]
    open_page(page, seed_url)
    assert rows(page).count() == total
    assert f"of {total}" in page.locator("#count").inner_text()
    assert page.locator("#timeline .vis-item").count() > 0
    assert page.locator("#timeline .vis-item.q4").count() > 0  # coloured by quad class
    assert page.locator("#map path.leaflet-interactive").count() >= 1  # event places
    assert page.locator("#map path").count() > 100  # the country shapes
    assert page.locator("#network canvas").count() > 0
    assert page.evaluate("window.tidings.ready") is True
    assert page.errors == []


def test_filter_by_actor_updates_the_views(page: Any, seed_url: str) -> None:
    open_page(page, seed_url)
    before = rows(page).count()
    page.fill("#filters input[name=actor]", "Iraq")
    page.click("#filters button[type=submit]")
    page.wait_for_function(f"document.querySelectorAll('#events tbody tr').length < {before}")
    page.wait_for_selector("body[data-ready]:not([data-loading])")
    count = rows(page).count()
    assert 0 < count < before
    for i in range(count):
        assert "Iraq" in rows(page).nth(i).locator("td").nth(2).inner_text()
    assert "actor: Iraq" in page.locator("#chips").inner_text()
    assert "actor=Iraq" in page.url
    assert f"{count} events" in page.locator("#timeline-note").inner_text()
    # clearing the chip brings every event back
    page.click("#chips .chip button")
    page.wait_for_function(f"document.querySelectorAll('#events tbody tr').length === {before}")
    assert page.errors == []


def test_open_an_event_and_see_its_evidence(page: Any, seed_url: str) -> None:
    open_page(page, seed_url)
    rows(page).filter(has_text="intervention").first.click()
    page.wait_for_selector("#article mark.trigger")
    assert page.locator("#article mark.trigger").inner_text() == "intervention"
    assert page.locator("#article mark.actor").first.inner_text() == "coalition"
    assert page.locator("#article mark.date").inner_text() == "June 15, 2014"
    assert "ASSAULT" in page.locator("#detail h3").inner_text()
    assert "2014-06-15" in page.locator("#detail").inner_text()
    assert rows(page).filter(has_text="intervention").first.get_attribute("class") == "selected"
    assert page.locator("#timeline .vis-item.vis-selected .vis-item-content").count() == 1
    # another event's trigger in the article selects that event
    page.locator("#article mark.other").first.click()
    page.wait_for_function("document.querySelector('#article mark.trigger').textContent !== 'intervention'")
    assert page.errors == []


def test_hostile_article_is_shown_as_text_and_runs_nothing(page: Any, hostile_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, hostile_url)
    for i in range(rows(page).count()):
        rows(page).nth(i).click()
        page.wait_for_selector("#article mark.trigger")
    page.wait_for_timeout(300)
    article = page.locator("#article")
    text = article.inner_text()
    assert "<script>" in text and "</script>" in text and "<img src=x onerror=" in text
    assert article.locator("script, img, b").count() == 0
    page.locator("#article").hover()
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("body script:not([src])").count() == 0


def test_page_runs_under_its_content_security_policy(browser: Any, seed_url: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # CSP enforced: no eval, no inline script
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    open_page(page, seed_url)
    rows(page).first.click()
    page.wait_for_selector("#article mark.trigger")
    page.close()
    assert errors == []
