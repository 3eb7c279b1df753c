"""Browser-test helpers: Playwright driving Debian's Chromium against Django's live server.

Use the `page` fixture (from tests/conftest.py) and `login(page, live_server, username)`.
Screenshots go to test-artifacts/screenshots/ (kept by CI as artifacts).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ARTIFACTS = Path(os.environ.get("AWDA_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def login(page, live_server, username: str, password: str = "pass") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    submit(page, "form [type=submit]")


def submit(page, target, timeout: float = 20_000) -> None:
    """Click a button that posts (a plain form or an htmx form) and return once it is done.

    "Done" means the server has answered the POST (so its transaction is committed and the
    test may read the database) and the page shows the answer: for a plain form, the new
    document (after any redirect) has loaded; for htmx, the swap has settled. A bare
    `wait_for_load_state` after a click is not enough: it can return before the request left.
    """
    locator = page.locator(target) if isinstance(target, str) else target
    page.evaluate("window.__awdaBeforeSubmit = true")
    with page.expect_response(lambda r: r.request.method == "POST", timeout=timeout) as answer:
        locator.click()
    if answer.value.request.is_navigation_request():
        page.wait_for_function(
            "() => !window.__awdaBeforeSubmit && document.readyState === 'complete'",
            timeout=timeout,
        )
    else:
        page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')",
            timeout=timeout,
        )


def screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=full_page)
    return path
