"""The synthetic council: deterministic, valid identifiers, allocated cases, working demo logins."""

import hashlib
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from lantern.audit.chain import verify
from lantern.core.identifiers import nhs_number_is_valid, postcode_is_valid, upn_is_valid
from lantern.people.models import Address, Child, Involvement
from lantern.seed.generator import search_name
from lantern.seed.staffing import DEMO_LOGINS, DEMO_PASSWORD
from lantern.staff.models import Allocation, User

from .harness import TINY, TODAY, digest_of_a_run, seed


def children_digest() -> str:
    rows = Child.objects.order_by("council_id").values_list(
        "council_id", "first_name", "middle_names", "last_name", "date_of_birth",
        "expected_date_of_birth", "sex", "ethnicity", "nhs_number", "upn")
    involvements = Involvement.objects.order_by("child__council_id", "start", "level").values_list(
        "child__council_id", "level", "start", "end")
    return hashlib.sha256(repr((list(rows), list(involvements))).encode()).hexdigest()




@pytest.mark.django_db
def test_the_same_seed_and_today_give_the_same_council():
    first = digest_of_a_run(1, children_digest)
    assert not Child.objects.exists()  # the run was rolled back
    assert digest_of_a_run(1, children_digest) == first
    assert digest_of_a_run(2, children_digest) != first


@pytest.mark.django_db
def test_the_tiny_council_meets_its_targets():
    summary = seed()
    assert summary.rows["children"] >= TINY.children
    open_levels = list(Involvement.objects.filter(end__isnull=True).values_list("level", flat=True))
    assert open_levels.count("cin") == TINY.open_cin
    assert open_levels.count("cp") == TINY.open_cp
    assert open_levels.count("lac") == TINY.open_lac
    assert open_levels.count("care_leaver") == TINY.open_care_leavers
    assert len(set(Child.objects.values_list("council_id", flat=True))) == Child.objects.count()


@pytest.mark.django_db
def test_identifiers_pass_their_checks():
    seed()
    children = list(Child.objects.all())
    assert all(c.council_id.startswith("LAN") and len(c.council_id) == 10 for c in children)
    with_nhs = [c for c in children if c.nhs_number]
    assert len(with_nhs) >= 0.85 * len(children)
    assert all(nhs_number_is_valid(c.nhs_number) for c in with_nhs)
    assert all(upn_is_valid(c.upn) for c in children if c.upn)
    assert any(c.upn for c in children)
    assert all(c.date_of_birth or c.expected_date_of_birth for c in children)
    assert all(
        c.search_name == search_name(c.first_name, c.middle_names, c.last_name, c.preferred_name)
        for c in children
    )
    for child in children[:20]:
        child.full_clean()  # the model's own validators agree
    assert all(postcode_is_valid(p) for p in Address.objects.values_list("postcode", flat=True))
    assert all(p.startswith("HU") for p in
               Address.objects.filter(town="Hull").values_list("postcode", flat=True))


@pytest.mark.django_db
def test_open_cases_are_allocated_except_a_few():
    seed()
    open_cases = set(Involvement.objects.filter(end__isnull=True, level__in=["cin", "cp", "lac"])
                     .values_list("child_id", flat=True))
    current = Allocation.objects.current(TODAY)
    with_worker = set(current.filter(kind="social_worker").values_list("child_id", flat=True))
    with_team = set(current.filter(kind="team").values_list("child_id", flat=True))
    assert open_cases <= with_team
    unallocated = open_cases - with_worker
    assert len(unallocated) <= max(1, round(0.05 * len(open_cases)))
    looked_after = set(Involvement.objects.filter(end__isnull=True, level="lac")
                       .values_list("child_id", flat=True))
    assert looked_after <= set(current.filter(kind="iro").values_list("child_id", flat=True))
    leavers = set(Involvement.objects.filter(end__isnull=True, level="care_leaver")
                  .values_list("child_id", flat=True))
    assert leavers <= set(current.filter(kind="personal_adviser").values_list("child_id", flat=True))
    for allocation in current.filter(kind="social_worker").select_related("worker", "recorded_by"):
        assert allocation.worker.team_id == allocation.team_id
        assert allocation.recorded_by.is_manager


@pytest.mark.django_db
def test_demo_logins_sign_in_and_form_a_management_line():
    seed()
    for role, username in DEMO_LOGINS:
        request = RequestFactory().post("/sign-in/")  # the lockout check needs the request
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.role == role
    others = User.objects.exclude(username__startswith="demo.")
    assert not any(u.has_usable_password() for u in others)
    worker = User.objects.get(username="demo.social_worker")
    manager = User.objects.get(username="demo.team_manager")
    assert worker.line_manager == manager
    assert worker.team.manager == manager
    assert worker.team.service == "safeguarding"
    assert manager.line_manager.username == "demo.service_manager"
    assert Allocation.objects.current(TODAY).filter(worker=worker).count() >= 5


@pytest.mark.django_db
def test_the_audit_chain_verifies_after_seeding():
    summary = seed()
    verdict = verify()
    assert verdict.intact, verdict.problem
    # One event per child and one opening event, then one per batch of front-door contacts.
    assert verdict.count == summary.rows["audit events"]
    assert verdict.count > summary.rows["children"] + 1


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--size", "huge"], "Unknown size"),
    (["--today", "31/03/2026"], "--today must be a date"),
    (["--today", "2026-02-30"], "not a real date"),
    (["--seed", "x"], "--seed must be a whole number"),
])
def test_bad_arguments_are_refused_in_one_line(args, message):
    with pytest.raises(CommandError, match=message) as caught:
        call_command("seed", *args, stdout=StringIO())
    assert "\n" not in str(caught.value)


@pytest.mark.django_db
def test_the_command_seeds_once_and_then_leaves_the_council_alone():
    out = StringIO()
    call_command("seed", "--size", "tiny", "--today", "2026-03-31", stdout=out)
    assert "created" in out.getvalue()
    count = Child.objects.count()
    again = StringIO()
    call_command("seed", "--size", "tiny", "--if-empty", stdout=again)
    assert "already exists" in again.getvalue()
    assert Child.objects.count() == count
    with pytest.raises(CommandError, match="already holds children"):
        call_command("seed", "--size", "tiny", stdout=StringIO())
    table = StringIO()
    call_command("demo_logins", stdout=table)
    assert "demo.social_worker" in table.getvalue()
    assert DEMO_PASSWORD in table.getvalue()
    assert "http://127.0.0.1:8000" in table.getvalue()


@pytest.mark.django_db
def test_nothing_starts_after_today():
    seed()
    assert not Allocation.objects.filter(start__gt=TODAY).exists()
    assert not Involvement.objects.filter(start__gt=TODAY).exists()
    assert not Address.objects.filter(start__gt=TODAY).exists()
    assert not Allocation.objects.filter(end__gt=TODAY).exists()
    assert not Involvement.objects.filter(end__gt=TODAY).exists()


@pytest.mark.django_db
def test_the_council_has_restricted_records_staff_links_grants_and_emergency_access():
    from lantern.access.models import BreakGlass, Grant, Restriction, StaffLink
    from lantern.access.policy import can_see_child
    from lantern.audit.models import SecurityEvent

    summary = seed()
    restrictions = list(Restriction.objects.filter(staff_link__isnull=True).select_related("child"))
    assert len(restrictions) == summary.rows["restricted records"] >= 6
    assert sum(r.review_by < TODAY for r in restrictions) == summary.rows["restrictions past review"] >= 1
    assert all((r.review_by - r.last_reviewed_on).days <= 90 for r in Restriction.objects.all())
    # The allocated worker of each restricted child keeps the record through a grant.
    for r in restrictions:
        held = Allocation.objects.current(TODAY).filter(child=r.child, kind="social_worker").first()
        if held is not None:
            assert Grant.objects.filter(child=r.child, user=held.worker, kind="involved_worker").exists()
    links = list(StaffLink.objects.select_related("user", "adult"))
    assert len(links) == summary.rows["staff links"] >= 1
    for link in links:
        related = Child.objects.filter(relationships__adult=link.adult)
        assert related.exists()
        assert all(Restriction.objects.filter(child=c, staff_link=link).exists() for c in related)
        assert not any(can_see_child(link.user, c) for c in related)
    assert Grant.objects.filter(kind="task").count() == summary.rows["access grants"] >= 1
    flags = list(BreakGlass.objects.select_related("manager"))
    assert len(flags) == summary.rows["emergency access"] >= 1
    assert all(f.manager is not None and len(f.reason) >= 20 for f in flags)
    assert sum(f.reviewed_at is not None for f in flags) == 1
    assert SecurityEvent.objects.filter(kind="break_glass").count() == len(flags)
