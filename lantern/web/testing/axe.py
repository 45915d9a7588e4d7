"""Accessibility checks for tests: axe-core in headless Chromium.

Other apps' tests use it against pytest-django's ``live_server``::

    from lantern.web.testing.axe import axe_violations, format_violations, requires_chromium

    @requires_chromium
    @pytest.mark.browser
    def test_my_work_is_accessible(live_server, client, user):
        client.force_login(user)
        violations = axe_violations(
            live_server.url + "/my-work/", session_cookie=session_cookie(client)
        )
        assert not violations, format_violations(violations)

Chromium is Debian's package (``/usr/bin/chromium``), never a browser that
Playwright downloads; axe-core comes from the npm registry and is copied to
``var/assets/test/axe.min.js`` by ``npm run build``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (WCAG 2.2 adds
# no level A rule to axe, so it has no "wcag22a" tag).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium package is not installed (CI installs it)"
)


def axe_script() -> Path:
    path = Path(settings.ASSETS_DIR) / "test" / "axe.min.js"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci && npm run build` first")
    return path


def session_cookie(client) -> dict[str, str]:
    """The session cookie of a Django test client that has logged in (force_login)."""
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value}


@contextmanager
def chromium_page(base_url: str, *, session_cookie: dict[str, str] | None = None) -> Iterator:
    """A Playwright page in headless Chromium, with the session cookie set for base_url.

    The Content-Security-Policy is bypassed only so that axe can be injected.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(bypass_csp=True)
            if session_cookie:
                context.add_cookies([{**session_cookie, "url": base_url}])
            yield context.new_page()
        finally:
            browser.close()


def run_axe(page, tags=WCAG_TAGS) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations."""
    page.add_script_tag(path=str(axe_script()))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return results["violations"]


def axe_violations(
    url: str, *, session_cookie: dict[str, str] | None = None, tags=WCAG_TAGS
) -> list[dict]:
    """Open url in headless Chromium (logged in if given a session cookie) and run axe.

    Do the database work (users, force_login) before calling: Django refuses
    database access while Playwright's event loop runs in the thread.
    """
    with chromium_page(url, session_cookie=session_cookie) as page:
        response = page.goto(url, wait_until="load")
        if response is None or not response.ok:
            status = response.status if response else "no response"
            raise AssertionError(f"GET {url} answered {status}")
        return run_axe(page, tags)


def format_violations(violations: list[dict]) -> str:
    """A readable report for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
    return "\n".join(lines)
