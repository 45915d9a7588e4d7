"""Synthetic council: restricted records, staff linked to families, grants of access and
emergency access, written through the access services so that each is audited and a
security event, as it would be in use.

About one child in 300 is restricted: adopted children's records, and high-profile,
high-risk and serious case review records; one restriction in ten is past its review. A
member of staff in 150 is linked to an adult in a family (their relatives' records are then
restricted automatically). A few restricted records are open to an IRO for a task that ends
within a fortnight, and personal advisers have opened a few records in an emergency, flagged
to the children's team managers (the demo team manager among them), one already reviewed.
"""

import random
from datetime import date, datetime, timedelta

from django.db.models import Q

from lantern.access.models import RestrictionKind
from lantern.access.services import (
    BreakGlassRefused,
    break_glass_open,
    break_glass_review,
    grant_give,
    restriction_set,
    staff_link_record,
)
from lantern.legal.models import AdoptionJourney
from lantern.people.models import Child, Relationship
from lantern.staff.models import Allocation, AllocationKind, Role, User

REASONS = {
    RestrictionKind.ADOPTION: "Adopted: the adoptive family's identity and address are confidential.",
    RestrictionKind.HIGH_PROFILE: "The family's circumstances have been reported in the local press.",
    RestrictionKind.HIGH_RISK: "Threats made to staff; the family's address is not to be shared.",
    RestrictionKind.SERIOUS_CASE_REVIEW: "Subject of a child safeguarding practice review.",
}
EMERGENCY_REASONS = (
    "The young person rang the out-of-hours line in crisis and I need the safety plan.",
    "Police called about the child tonight and asked whether there is a child protection plan.",
    "The child arrived at A&E with a carer I do not know; I need to check who has parental responsibility.",
)


def _one(role: str, username: str) -> User | None:
    return User.objects.filter(username=username).first() or User.objects.filter(role=role, is_active=True).first()


def write_access(*, seed: int, today: date, at: datetime, summary) -> dict[str, int]:
    """Write the council's restricted records and the rest; returns counts (also in
    ``summary.rows``)."""
    from lantern.audit.models import AuditEvent

    rng = random.Random(f"access:{seed}")
    audited = AuditEvent.objects.count()
    leader = _one(Role.SENIOR_LEADER, "demo.senior_leader")
    managers = list(User.objects.filter(role=Role.SERVICE_MANAGER, is_active=True).order_by("pk"))
    if leader is None or not managers:
        return {}
    ids = list(Child.objects.filter(date_of_birth__isnull=False).order_by("pk").values_list("pk", flat=True))
    adopted = list(AdoptionJourney.objects.filter(order_on__isnull=False).order_by("child_id")
                   .values_list("child_id", flat=True).distinct())
    wanted = max(6, len(ids) // 300)
    chosen = rng.sample(adopted, min(len(adopted), wanted // 3))
    others = [pk for pk in rng.sample(ids, min(len(ids), wanted * 2)) if pk not in set(chosen)]
    kinds = {pk: RestrictionKind.ADOPTION for pk in chosen}
    for pk in others[: wanted - len(chosen)]:
        kinds[pk] = rng.choice([RestrictionKind.HIGH_PROFILE, RestrictionKind.HIGH_PROFILE, RestrictionKind.HIGH_RISK,
                                RestrictionKind.SERIOUS_CASE_REVIEW])
    demo_manager = User.objects.filter(username="demo.service_manager").first()
    counts = {"restricted records": 0, "restrictions past review": 0, "staff links": 0, "access grants": 0,
              "emergency access": 0}
    restricted = []
    for n, (pk, kind) in enumerate(sorted(kinds.items())):
        overdue = n % 10 == 3
        set_on = today - timedelta(days=100 if overdue else rng.randint(1, 80))
        set_at = at - (today - set_on)
        owner = demo_manager if demo_manager is not None and n % 4 == 0 else rng.choice(managers)
        restriction_set(actor=leader, child=Child.objects.get(pk=pk), kind=kind, reason=REASONS[kind],
                        review_by=set_on + timedelta(days=90), today=set_on, now=set_at, owner=owner)
        restricted.append(pk)
        counts["restricted records"] += 1
        counts["restrictions past review"] += overdue
    counts["staff links"] = _staff_links(rng, leader, today, at)
    iro = _one(Role.IRO, "demo.iro")
    for pk in restricted[: max(2, len(restricted) // 20)]:
        if iro is not None:
            grant_give(actor=leader, child=Child.objects.get(pk=pk), user=iro, kind="task", now=at - timedelta(days=5),
                       reason="Covering the review while the child's IRO is on leave")
            counts["access grants"] += 1
    counts["emergency access"] = _emergency(rng, today, at)
    summary.rows.update(counts)
    # Each is on the audit trail, as the trail's count says.
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + AuditEvent.objects.count() - audited
    return counts


def _staff_links(rng, leader, today: date, at: datetime) -> int:
    """Social workers (not the demo logins) linked to an adult in a family network."""
    staff = list(User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True).exclude(username__startswith="demo.")
                 .order_by("pk"))
    adults = list(Relationship.objects.filter(adult__isnull=False, end__isnull=True).order_by("adult_id")
                  .values_list("adult_id", flat=True).distinct()[:5000])
    if not staff or not adults:
        return 0
    from lantern.people.models import Adult

    done = 0
    for user in rng.sample(staff, max(1, len(staff) // 150)):
        adult = Adult.objects.get(pk=rng.choice(adults))
        staff_link_record(actor=leader, user=user, adult=adult, today=today, now=at - timedelta(days=rng.randint(5, 60)),
                          reason="Declared to the service manager when a relative's family was referred")
        done += 1
    return done


def _emergency(rng, today: date, at: datetime) -> int:
    """Personal advisers open records of children open to the service that they do not hold."""
    advisers = list(User.objects.filter(role=Role.PERSONAL_ADVISER, is_active=True).order_by("pk"))
    if not advisers:
        return 0
    demo_team = User.objects.filter(username="demo.team_manager").values_list("team_id", flat=True).first()
    current = (Allocation.objects.current(today).filter(kind=AllocationKind.SOCIAL_WORKER)
               .filter(child__restrictions__isnull=True))
    held = list(current.filter(Q(team_id=demo_team) if demo_team else Q()).order_by("child_id")
                .values_list("child_id", flat=True)[:200])
    opened = []
    for n, pk in enumerate(rng.sample(held, min(3, len(held)))):
        child = Child.objects.get(pk=pk)
        try:
            opened.append(break_glass_open(actor=rng.choice(advisers), identifier=child.council_id,
                                           reason=EMERGENCY_REASONS[n % len(EMERGENCY_REASONS)],
                                           now=at - timedelta(days=n + 1, hours=10)))
        except BreakGlassRefused:
            continue
    flags = [o.flag for o in opened if o.flag is not None]
    if flags and flags[-1].manager is not None:
        break_glass_review(actor=flags[-1].manager, flag=flags[-1], now=at - timedelta(hours=20),
                           note="Justified: the young person was at risk that night and the adviser acted on it.")
    return len(flags)
