import os
from pathlib import Path

import pytest

from tests.conftest import require_service

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OVERFLOW_MARK = "page wider than the screen: "
OVERFLOW_PROBE = f"""
window.addEventListener("load", () => setTimeout(() => {{
  const extra = document.documentElement.scrollWidth - window.innerWidth;
  if (extra > 0) console.error("{OVERFLOW_MARK}" + location.pathname + " +" + extra + "px");
}}, 50));
"""


@pytest.fixture(scope="session")
def browser():
    require_service(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request, live_server):
    from tests.migrated_data import ensure

    ensure()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    # Whatever the Content-Security-Policy blocks, the browser reports on the console; so does
    # every page wider than the 390 px phone (issue 18), checked once it has loaded.
    page.add_init_script(OVERFLOW_PROBE)
    blocked, too_wide = [], []

    def listen(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)
        elif message.text.startswith(OVERFLOW_MARK):
            too_wide.append(message.text.removeprefix(OVERFLOW_MARK))

    page.on("console", listen)
    yield page
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"
    assert not too_wide, f"pages wider than the phone: {too_wide}"
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
