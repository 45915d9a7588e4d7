"""Every page: WCAG 2.2 AA by axe-core in headless Chromium, and the page
template's own promises (one h1, "Error: " titles, no inline script)."""

import re

import pytest
from django.test import Client

from lantern.web.testing.axe import (
    axe_violations,
    format_violations,
    requires_chromium,
    session_cookie,
)

TEST_URLS = "lantern.web.tests.urls"


@pytest.fixture
def signed_in_client(django_user_model):
    user = django_user_model.objects.create_user(
        **{django_user_model.USERNAME_FIELD: "axe.tester"}, password="not-a-real-password-1"
    )
    client = Client()
    client.force_login(user)
    return client


# The page template -------------------------------------------------------------


@pytest.mark.urls(TEST_URLS)
def test_form_with_errors_page_title_and_structure(client):
    html = client.get("/form/").content.decode()
    assert "<title>Error: Record a visit – Lantern – Hull</title>" in html
    assert html.count("<h1") == 1
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "Kingston upon Hull City Council" in html
    assert "govuk-header__logotype" not in html  # no crown


@pytest.mark.urls(TEST_URLS)
def test_no_inline_script_or_style(client):
    html = client.get("/form/").content.decode()
    scripts = [re.sub(r' nonce="[^"]+"', "", tag) for tag in re.findall(r"<script[^>]*>", html)]
    assert scripts == [
        '<script type="module" src="/static/govuk-frontend.min.js">',
        '<script type="module" src="/static/moj-frontend.min.js">',
        '<script type="module" src="/static/init.js">',
    ]
    assert "<style" not in html and " style=" not in html and " onclick=" not in html


@pytest.mark.urls(TEST_URLS)
def test_navigation_only_when_signed_in(client, signed_in_client):
    assert "Sign out" not in client.get("/form/").content.decode()
    html = signed_in_client.get("/obligations/my-work/").content.decode()
    assert re.search(
        r'<li class="govuk-service-navigation__item govuk-service-navigation__item--active">\s*'
        r'<a class="govuk-service-navigation__link" href="/obligations/my-work/" aria-current="page">',
        html,
    )
    assert 'href="/obligations/team/"' in html and 'href="/people/search/"' in html
    sign_out = re.search(r'<form method="post" action="/sign-out/".*?</form>', html, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in sign_out and "Sign out</button>" in sign_out


@pytest.mark.urls(TEST_URLS)
def test_messages_become_notification_banners(client):
    html = client.get("/components/").content.decode()
    assert (
        'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in html
    )
    assert 'aria-labelledby="message-title-1"' in html and 'id="message-title-1"' in html


# In the browser ----------------------------------------------------------------


@requires_chromium
@pytest.mark.browser
def test_sign_in_page_is_accessible(live_server):
    violations = axe_violations(live_server.url + "/sign-in/")
    assert not violations, format_violations(violations)


@requires_chromium
@pytest.mark.browser
@pytest.mark.urls(TEST_URLS)
def test_form_with_errors_is_accessible(live_server):
    violations = axe_violations(live_server.url + "/form/")
    assert not violations, format_violations(violations)


@requires_chromium
@pytest.mark.browser
@pytest.mark.urls(TEST_URLS)
def test_components_signed_in_are_accessible(live_server, signed_in_client):
    violations = axe_violations(
        live_server.url + "/components/", session_cookie=session_cookie(signed_in_client)
    )
    assert not violations, format_violations(violations)


@requires_chromium
@pytest.mark.browser
@pytest.mark.urls(TEST_URLS)
def test_harness_finds_violations(live_server):
    """The harness is not vacuous: a page without a title or h1 fails."""
    from lantern.web.testing.axe import chromium_page, run_axe

    with chromium_page(live_server.url) as page:
        page.set_content('<html><body><input type="text"><img src="x.png"></body></html>')
        ids = {v["id"] for v in run_axe(page)}
    assert {"document-title", "html-has-lang", "image-alt", "label"} <= ids


def test_every_template_title_block_is_plain_text():
    """A page title holds text only: no markup can leak into <title>."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text()
        for title in re.findall(r"{% block title %}(.*?){% endblock %}", text, re.S):
            assert "<" not in title and "{% include" not in title, template
