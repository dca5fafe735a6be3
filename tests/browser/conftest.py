"""Real-browser journeys: Playwright's sync API driving Debian's chromium against pytest-django's live
server. Never downloads a browser (no ``playwright install``); screenshots of key pages are kept in
test-artifacts/screenshots/ to look at."""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_world(transactional_db):
    """The known test world (two communities), committed so that the live server sees it."""
    from linli.places.tests.factories import make_world

    return make_world()


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(viewport=...)``: a fresh page (own cookies) on the live server."""
    contexts, refused = [], []

    def make(*, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Every journey also proves the pages work under the Content-Security-Policy: chromium reports
        # each refused script, style or handler on the console.
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not refused, "内容安全策略拦截了页面的内容：\n" + "\n".join(refused)


@pytest.fixture
def screenshot():
    """``screenshot(page, name)``: keep test-artifacts/screenshots/<name>.png (the whole page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
