"""The Content-Security-Policy, enforced by a real browser, breaks none of the GOV.UK and MoJ
JavaScript: no violation is reported and the scripts run (the js-enabled classes are set)."""

import pytest
from django.test import Client

from lantern.staff.factories import UserFactory
from lantern.staff.models import Role
from lantern.web.testing.axe import CHROMIUM, CHROMIUM_ARGS, requires_chromium, session_cookie

pytestmark = [pytest.mark.browser, requires_chromium]


def _visit(base_url, paths, cookie=None):
    from playwright.sync_api import sync_playwright

    problems, enhanced = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()  # the policy enforced, unlike the axe checks
            if cookie:
                context.add_cookies([{**cookie, "url": base_url}])
            page = context.new_page()
            page.on("console", lambda message: problems.append(message.text)
                    if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            for path in paths:
                response = page.goto(base_url + path, wait_until="load")
                assert response is not None and response.status == 200, path
                assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
                page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')",
                                       timeout=5000)
                enhanced[path] = page.evaluate("document.body.className")
        finally:
            browser.close()
    return problems, enhanced


def test_the_sign_in_page_runs_its_scripts_under_the_policy(live_server):
    problems, enhanced = _visit(live_server.url, ["/sign-in/", "/password-reset/"])
    assert not problems, problems
    assert all("js-enabled" in classes for classes in enhanced.values())


def test_signed_in_pages_run_their_scripts_under_the_policy(live_server, world):
    client = Client()
    client.force_login(world.users["senior_leader"])
    paths = ["/work/", "/children/", f"/children/{world.child.pk}/", "/security/events/",
             "/sign-in/authenticator-app/"]
    problems, enhanced = _visit(live_server.url, paths, session_cookie(client))
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert set(enhanced) == set(paths)


def test_the_new_pages_are_accessible(live_server):
    from lantern.web.testing.axe import chromium_page, format_violations, run_axe

    leader = UserFactory(username="leader", role=Role.SENIOR_LEADER, team=None)
    client = Client()
    client.force_login(leader)
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for path in ["/security/events/", "/sign-in/authenticator-app/", "/password-reset/",
                     "/password-reset/sent/", "/password-reset/MQ/not-a-token/"]:
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            violations = run_axe(page)
            if violations:
                found[path] = format_violations(violations)
    assert not found, found


def test_the_second_factor_pages_are_accessible(live_server):
    """Recovery codes (offered, made and shown, entered at sign-in with an error) and the
    administrators' second factors list and reset form."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lantern.security.middleware import CODE_NEEDED
    from lantern.web.testing.axe import chromium_page, format_violations, run_axe

    admin = UserFactory(username="sysadmin", role=Role.ADMIN, team=None)
    worker = UserFactory(username="worker")
    signed_in, needs_code = Client(), Client()
    signed_in.force_login(admin)  # past the second factor (the app is set up after)
    TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)
    needs_code.force_login(worker)  # only the password given: the code is needed
    assert needs_code.session[CODE_NEEDED]
    found = {}

    def check(page, what):
        violations = run_axe(page)
        if violations:
            found[what] = format_violations(violations)

    with chromium_page(live_server.url, session_cookie=session_cookie(signed_in)) as page:
        for path in ["/security/second-factors/", f"/security/second-factors/{worker.pk}/reset/",
                     "/sign-in/recovery-codes/"]:
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            check(page, path)
        page.get_by_role("button", name="Make recovery codes").click()
        page.wait_for_selector("#recovery-codes")
        check(page, "the codes shown")
    with chromium_page(live_server.url, session_cookie=session_cookie(needs_code)) as page:
        response = page.goto(live_server.url + "/sign-in/recovery-code/", wait_until="load")
        assert response is not None and response.status == 200
        check(page, "/sign-in/recovery-code/")
        page.get_by_label("Recovery code").fill("ABCD")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_selector(".govuk-error-summary")
        check(page, "the recovery code with an error")
    assert not found, found
