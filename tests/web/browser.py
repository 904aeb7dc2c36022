"""The system Chromium driven by Playwright over the demo site: fixtures and page checks that
every browser story shares (the conftest makes the fixtures available)."""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
OFF_SITE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
# Scrolls through the page so lazy images load, then lists each image that did not.
BROKEN_IMAGES = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 30));
  }
  window.scrollTo(0, 0);
  await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
  return [...document.images].filter((i) => !i.complete || i.naturalWidth === 0)
    .map((i) => i.currentSrc || i.src);
}"""
# The Layout Instability API's shifts since the page started loading (buffered), less those
# right after input: the page's cumulative layout shift, as a sum (never below the score).
LAYOUT_SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(total), 200);
})"""
DEVICES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install the Debian package (.ci/run does)",
    ),
]


@contextmanager
def served(app) -> Iterator[str]:
    """`app` over HTTP on a free loopback port while the block runs; yields its address."""
    http = make_server("127.0.0.1", 0, _closing_bodies(app), threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()


def _closing_bodies(app):
    """`app` with each response body read and closed before the server writes it.

    Werkzeug's development server skips a body's close() when the browser resets the
    connection while it drains the request (tabs closing mid-load do), leaving files that
    send_file opened to be collected with a ResourceWarning in whichever test runs next.
    """

    def buffered(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered


@pytest.fixture(scope="module")
def server(site):
    """The demo site over HTTP on a free loopback port."""
    with served(site) as address:
        yield address


@pytest.fixture(scope="module")
def chromium():
    """The system Chromium, headless."""
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
    )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_tab(chromium, server, problems: list[str], **options):
    """A fresh browser tab on the site; script errors and CSP refusals go to `problems`."""
    options.setdefault("viewport", DEVICES["desktop"])
    context = chromium.new_context(base_url=server, **options)
    context.route(OFF_SITE, lambda route: route.abort())
    tab = context.new_page()

    def note_refusal(message) -> None:
        if "Content Security Policy" in message.text:
            problems.append(message.text)

    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("console", note_refusal)
    return tab


@pytest.fixture
def page(chromium, server):
    """A browser tab with JavaScript; the test fails if a script breaks or CSP refuses anything."""
    problems: list[str] = []
    tab = open_tab(chromium, server, problems)
    yield tab
    tab.context.close()
    assert problems == []


def images_on(tab) -> int:
    """How many <img> the page has, after checking every one of them loaded."""
    assert tab.evaluate(BROKEN_IMAGES) == [], tab.url
    return tab.locator("img").count()


def screenshot(tab, name: str, *, full_page: bool = True) -> None:
    """Save what the tab shows to test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
