"""Every URL in the URLconf, as every role, against the expected-access table.

A new URL that is not in the table fails this test, so nothing escapes the
access choke point unnoticed. A forbidden child and a missing child both 404.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ALL_ROLES = ["social_worker", "colleague", "stranger", "team_manager", "other_team_manager",
             "service_manager", "senior_leader", "front_door", "out_of_hours", "iro",
             "performance", "personal_adviser", "admin"]
CAN_SEE_CHILD = {"social_worker", "colleague", "team_manager", "service_manager", "senior_leader",
                 "front_door", "out_of_hours", "iro", "performance"}


CARE_PRACTITIONERS = {"social_worker", "colleague", "team_manager", "service_manager",
                      "senior_leader", "out_of_hours", "iro"}
CARE_READERS = {"team_manager", "other_team_manager", "service_manager", "senior_leader", "iro",
                "performance"}
MISSING_RECORDERS = CARE_PRACTITIONERS | {"front_door"}
FRONT_DOOR = {"front_door", "out_of_hours", "team_manager", "service_manager", "senior_leader"}


def everyone(code):
    return {role: code for role in ALL_ROLES}


def child_page(allowed):
    return {role: 200 if role in allowed else 404 for role in ALL_ROLES}


# url name -> {role: expected status}; anonymous users are always sent to sign in.
EXPECTED = {
    "web:home": everyone(302),
    "web:sign-in": everyone(302),
    "web:sign-out": everyone(405),
    "people:search": everyone(200),
    "people:record": child_page(CAN_SEE_CHILD),
    "people:add": child_page({"social_worker", "colleague", "stranger", "team_manager",
                              "other_team_manager", "service_manager", "front_door",
                              "out_of_hours", "admin"}),
    "staff:allocate": child_page({"team_manager", "service_manager", "senior_leader", "front_door"}),
    "audit:viewed-by": child_page({"team_manager", "service_manager", "senior_leader"}),
    "obligations:my-work": everyone(200),
    "obligations:team": everyone(200),
    "obligations:rules": everyone(200),
    "frontdoor:queue": child_page(FRONT_DOOR | {"other_team_manager"}),
    "frontdoor:new": child_page({"social_worker", "colleague", "stranger", "team_manager",
                                 "other_team_manager", "service_manager", "front_door",
                                 "out_of_hours"}),
    "frontdoor:contact": child_page(FRONT_DOOR),
    "frontdoor:timeliness": child_page(FRONT_DOOR | {"other_team_manager", "performance"}),
    "assessment:list": child_page(CAN_SEE_CHILD),
    "earlyhelp:index": child_page(CAN_SEE_CHILD),
    "assessment:start": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                                    "senior_leader"}),
    "assessment:detail": child_page(CAN_SEE_CHILD),
    "stepchange:index": child_page(CAN_SEE_CHILD),
    "stepchange:propose": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                                      "senior_leader"}),
    "stepchange:step-up": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                                      "senior_leader", "front_door", "out_of_hours"}),
    "stepchange:decide": child_page({"team_manager", "service_manager", "senior_leader"}),
    "protection:index": child_page(CAN_SEE_CHILD),
    "protection:strategy": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                                       "senior_leader", "out_of_hours", "iro"}),
    "protection:enquiry": child_page(CAN_SEE_CHILD),
    "protection:plan": child_page(CAN_SEE_CHILD),
    "childinneed:index": child_page(CAN_SEE_CHILD),
    "childinneed:plan": child_page(CAN_SEE_CHILD),
    "returns:quality": everyone(200),
    "plans:quality": child_page({"team_manager", "other_team_manager", "service_manager", "senior_leader",
                                 "performance"}),
    "stepchange:measure": child_page({"team_manager", "other_team_manager", "service_manager",
                                      "senior_leader", "performance"}),
    "security:verify": everyone(302),
    "security:enrol": everyone(200),
    "security:password-reset": everyone(200),
    "security:password-reset-sent": everyone(200),
    "security:password-reset-confirm": everyone(200),
    "security:password-reset-complete": everyone(200),
    "security:events": child_page({"senior_leader", "admin"}),
    # recovery codes: nobody in the walk needs a code or has an app, so both send them on
    "security:recovery": everyone(302),
    "security:recovery-codes": everyone(302),
    "security:second-factors": child_page({"admin"}),
    "security:second-factor-reset": child_page({"admin"}),  # the social worker's account
    "access:emergency": child_page(set(ALL_ROLES) - {"admin"}),
    "access:child": child_page({"service_manager", "senior_leader"}),
    "access:restrictions": child_page({"service_manager", "senior_leader"}),
    "access:grants": child_page({"service_manager", "senior_leader"}),
    "access:staff-links": child_page({"service_manager", "senior_leader"}),
    "access:flags": child_page({"team_manager", "other_team_manager", "service_manager", "senior_leader"}),
    "access:flag": child_page({"other_team_manager", "service_manager", "senior_leader"}),  # flagged to tm2
    "access:break-glass": child_page({"senior_leader"}),
    "leavingcare:index": child_page(CAN_SEE_CHILD),
    "care:index": child_page(CAN_SEE_CHILD),
    **{f"care:{name}": child_page(CARE_PRACTITIONERS) for name in (
        "become-looked-after", "legal-status", "change-placement", "cease", "record-visit",
        "record-review", "health-add", "pep-record", "family-time-arrange")},
    # Sample ids of 0 name no placement, dispute, stage or arrangement: 404 for everyone.
    **{f"care:{name}": everyone(404) for name in (
        "placement-record", "extend-approval", "approve-carer", "resolve-placement",
        "dispute-escalate", "dispute-respond", "dispute-close", "family-time-end",
        "family-time-session")},
    "care:reviews": child_page(CAN_SEE_CHILD),
    "care:health": child_page(CAN_SEE_CHILD),
    "care:family-time": child_page(CAN_SEE_CHILD),
    "care:iro-contact": child_page({"iro"}),
    "care:dispute-raise": child_page({"iro"}),
    "care:disputes": child_page(CARE_READERS),
    "care:measures": child_page(CARE_READERS),
    "care:out-of-area": child_page(CARE_READERS),
    "missing:index": child_page(CAN_SEE_CHILD),
    "missing:new": child_page(MISSING_RECORDERS),
    "missing:return": everyone(404),  # sample episode id 0
    "missing:interview": everyone(404),
    "missing:service": child_page({"team_manager", "other_team_manager", "service_manager",
                                   "senior_leader", "performance"}),
    # legal: the tracker, the family page and the measures
    "legal:case": child_page(CAN_SEE_CHILD - {"front_door"}),
    "legal:tracker": child_page(set(ALL_ROLES) - {"admin", "personal_adviser", "front_door"}),
    "legal:measures": child_page(CARE_READERS),
    # legal: cases, gateway meetings, pre-proceedings and alternatives to care
    # Recorders (social workers and managers) who may see a child of the case; decisions are
    # managers'. legal:new needs ?child=<id> (none here: 404; its roles are in test_pages_preproceedings).
    "legal:new": everyone(404),
    "legal:gateway": child_page({"team_manager", "service_manager", "senior_leader"}),
    **{f"legal:{name}": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                                    "senior_leader"})
       for name in ("fgc-offer", "assessment-commission", "person-add", "child-add")},
    **{f"legal:{name}": everyone(404) for name in (  # sample ids of 0
        "action-done", "letter", "pp-meeting", "pp-decision", "fgc-outcome", "assessment-complete",
        "person-rule-out", "viability-request", "viability-complete", "placement-link")},
    # legal: proceedings, hearings, orders, permanence and adoption
    # Social workers and managers who may see a child of the case record proceedings (the
    # extension is a manager's); the child's permanence page is for all who may see the child,
    # its recording pages for social workers and managers who may see the child.
    "legal:permanence": child_page(CAN_SEE_CHILD),
    "legal:issue": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                               "senior_leader"}),
    **{f"legal:{name}": child_page({"social_worker", "colleague", "team_manager", "service_manager",
                                    "senior_leader"})
       for name in ("permanence-plan", "adoption-decision")},
    **{f"legal:{name}": everyone(404) for name in (  # sample ids of 0
        "hearing-list", "hearing-outcome", "extension", "order", "conclude", "adoption-step",
        "adoption-review")},
    # privacy: subject access, retention review and legal holds, for the data-protection roles
    "privacy:subject-access": child_page({"senior_leader"}),
    "privacy:retention": child_page({"senior_leader"}),
    "privacy:hold": child_page({"senior_leader"}),
}
PUBLIC = {"web:sign-in", "security:password-reset", "security:password-reset-sent",
          "security:password-reset-confirm", "security:password-reset-complete"}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


@pytest.fixture
def contact(world):
    from django.utils import timezone

    from lantern.frontdoor.services import contact_record

    now = timezone.now()
    return contact_record(
        actor=world.users["front_door"], now=now, submission_key="url-walk", received_at=now, method="phone", source="1B", concerns="Worried",
        categories=["neglect"], consent="consent_given", children=[world.child])


@pytest.fixture
def assessment(world, contact):
    from datetime import timedelta

    from django.utils import timezone

    from lantern.assessment.models import Assessment
    from lantern.frontdoor.models import Referral

    now = timezone.now()
    referral = Referral.objects.create(contact=contact, child=world.child, source="1B", primary_need="N1",
                                       referral_date=timezone.localdate(now) - timedelta(days=3),
                                       created_by=world.users["front_door"], created_at=now)
    return Assessment.objects.create(child=world.child, referral=referral, start=referral.referral_date,
                                     worker=world.users["social_worker"],
                                     recorded_by=world.users["social_worker"], recorded_at=now)


@pytest.fixture
def step_down(world):
    from django.utils import timezone

    from lantern.people.models import Involvement
    from lantern.stepchange.services import step_down_propose

    today = timezone.localdate()
    Involvement.objects.create(child=world.child, level="cin", start=today)
    return step_down_propose(actor=world.users["social_worker"], today=today, child=world.child,
                             kind="csc_to_universal", on=today, reason="Needs met",
                             checklist={"needs_met": True, "family_told": True, "partners_told": True})


@pytest.fixture
def plans(world, assessment):
    """A strategy discussion with its enquiry, a child protection plan and a child in need plan:
    sample values for their URLs (a plan id's value depends on which area's route it is in)."""
    from django.utils import timezone

    from lantern.childinneed.models import Plan as CINPlan
    from lantern.protection.models import Enquiry, Plan, StrategyDiscussion

    now, sw, referral = timezone.now(), world.users["social_worker"], assessment.referral
    mine = {"child": world.child, "referral": referral, "recorded_by": sw, "recorded_at": now}
    strategy = StrategyDiscussion.objects.create(**mine, held_at=now, decision="s47_joint",
                                                 chair=world.users["team_manager"])
    enquiry = Enquiry.objects.create(**mine, strategy=strategy, start=referral.referral_date, joint=True,
                                     worker=sw)
    cp = Plan.objects.create(**mine, start=referral.referral_date, initial_category="NEG", latest_category="NEG")
    cin = CINPlan.objects.create(**mine, start=referral.referral_date)
    return {"<int:enquiry_id>": enquiry.pk, "protection/plans/<int:plan_id>": f"protection/plans/{cp.pk}",
            "child-in-need/plans/<int:plan_id>": f"child-in-need/plans/{cin.pk}"}


@pytest.fixture
def flag(world):
    """The personal adviser's emergency access to the other team's child, flagged to its manager."""
    from django.utils import timezone

    from lantern.access.services import break_glass_open

    return break_glass_open(actor=world.users["personal_adviser"], identifier=world.other_child.council_id,
                            reason="The young person rang the duty line in crisis.", now=timezone.now()).flag


@pytest.fixture
def legal_case(world):
    from django.utils import timezone

    from lantern.legal.factories import legal_case

    return legal_case([world.child], world.users["social_worker"], opened_on=timezone.localdate(),
                      at=timezone.now())


# Legal pages take the case of the world's child; any other legal id of 0 names nothing (404).
LEGAL_IDS = {f"<int:{name}_id>": 0 for name in (
    "meeting", "action", "pp", "conference", "assessment_commissioned", "person", "viability",
    "proceedings", "hearing", "extension", "order", "plan", "journey", "review")}


def _url(route, world, child, contact=None, assessment=None, step_down=None, plans=None, flag=None,
         case=None):
    path = "/" + route
    for param, value in {**(plans or {"<int:enquiry_id>": 0, "<int:plan_id>": 0}), "<int:child_id>": child.pk,
                         **LEGAL_IDS, "<int:case_id>": case.pk if case else 0,
                         "<int:flag_id>": flag.pk if flag else 0,
                         "<int:step_id>": step_down.pk if step_down else 0,
                         "<int:contact_id>": contact.pk if contact else 0,
                         "<int:assessment_id>": assessment.pk if assessment else 0,
                         "<int:placement_id>": 0, "<int:dispute_id>": 0, "<int:stage_id>": 0,
                         "<int:arrangement_id>": 0, "<int:episode_id>": 0,
                         "<int:user_id>": world.users["social_worker"].pk,
                         "<uidb64>": "MQ", "<token>": "not-a-token"}.items():
        path = path.replace(param, str(value))
    assert "<" not in path, f"no sample value for a parameter in {route}: add one to this test"
    return path


def test_every_url_is_in_the_table():
    names = {name for name, _ in _walk(get_resolver().url_patterns)}
    assert names == set(EXPECTED), "a URL was added or removed: update EXPECTED"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_gets_what_the_table_says(client, world, contact, assessment, step_down, plans, flag,
                                           legal_case, role):
    client.force_login(world.users[role])
    for name, route in _walk(get_resolver().url_patterns):
        response = client.get(_url(route, world, world.child, contact, assessment, step_down=step_down,
                                   plans=plans, flag=flag, case=legal_case))
        assert response.status_code == EXPECTED[name][role], f"{role} on {name}"
        if response.status_code == 200:
            html = response.content.decode()
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert "<" not in title and title.endswith("– Lantern – Hull"), f"{name}: {title}"
            assert html.count("<h1") == 1, f"{name} must have exactly one h1"


def test_anonymous_users_are_sent_to_sign_in(client, world):
    for name, route in _walk(get_resolver().url_patterns):
        response = client.get(_url(route, world, world.child))
        if name in PUBLIC:
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), name


def test_a_forbidden_child_looks_exactly_like_a_missing_one(client, world):
    client.force_login(world.users["stranger"])
    forbidden = client.get(f"/children/{world.child.pk}/")
    missing = client.get("/children/999999/")
    assert forbidden.status_code == missing.status_code == 404
    # The same page, but for the script nonce and CSRF mask every response draws afresh.
    from .helpers import same_page

    assert same_page(forbidden.content) == same_page(missing.content)
    assert b"Page not found" in forbidden.content
    # Both are security events, so ids tried in turn show up.
    from lantern.audit.models import SecurityEvent

    assert list(SecurityEvent.objects.filter(kind="not_found").order_by("id").values_list("user", "detail")) == [
        (world.users["stranger"].pk, f"GET /children/{world.child.pk}/"),
        (world.users["stranger"].pk, "GET /children/999999/")]
