"""The synthetic council: plan it in plain Python, then write it in bulk.

Bulk writes skip the per-record services (which check permission and refresh one
child's obligations at a time): this module writes what those services would
have written, including ``Child.search_name`` and one audit event per child, and
rebuilds the obligations ledger once at the end.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from lantern.audit.chain import append_many
from lantern.geo.postcodes import postcodes_in_area
from lantern.obligations.services import obligations_rebuild_all
from lantern.people.models import Address, Adult, Child, Involvement, Relationship
from lantern.staff.models import Allocation, Team, User

from . import timelines as tl
from .access import write_access
from .allocations import Allocator, balance_demo_caseload
from .assessments import write_assessments
from .care import write_care, write_keeping_in_touch, write_missing
from .earlyhelp import write_early_help
from .families import FamilyPlan, Planner
from .frontdoor import FrontDoorPlanner
from .frontdoor_write import write_front_door
from .legal import write_legal
from .protection import write_protection
from .sizes import Size
from .staffing import DEMO_PASSWORD, plan_staffing

LONDON = ZoneInfo("Europe/London")
BATCH = 2000
# Postcode letters to read for the council's own area and its neighbour (where some
# children are placed out of area).
AREA_LETTERS = {"E06000010": ("H",), "E06000011": ("H", "Y", "D")}
NEIGHBOUR = {"E06000010": "E06000011"}


class Reporter:
    """Progress of each stage; the command shows it with rich, tests ignore it."""

    @contextmanager
    def stage(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        yield lambda n=1: None


@dataclass
class Summary:
    size: str
    seed: int
    today: date
    rows: dict[str, int] = field(default_factory=dict)
    open_on_today: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    demo_caseload: int = 0
    front_door: dict[str, object] = field(default_factory=dict)
    legal: dict[str, int] = field(default_factory=dict)


def search_name(first: str, middle: str, last: str, preferred: str) -> str:
    """As ``Child.save`` builds it: the non-blank names, lower-cased, single-spaced."""
    return " ".join(p for p in (first, middle, last, preferred) if p).lower()


def _batches(items: list, size: int = BATCH):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _bulk(model, objs: list, advance) -> list:
    for chunk in _batches(objs):
        model.objects.bulk_create(chunk, batch_size=BATCH)
        advance(len(chunk))
    return objs


def generate(*, size: Size, seed: int, today: date, reporter: Reporter | None = None) -> Summary:
    reporter = reporter or Reporter()
    summary = Summary(size.name, seed, today)
    council = settings.LANTERN_COUNCIL
    area = council.get("area_code", "E06000010")
    started = clock.perf_counter()

    def lap(name: str, since: float) -> float:
        now = clock.perf_counter()
        summary.timings[name] = round(now - since, 2)
        return now

    with reporter.stage("Planning families", 1) as advance:
        home = postcodes_in_area(area, AREA_LETTERS.get(area, ("H",)))
        if not home:
            raise ValueError(f"No postcodes found for area {area}")
        neighbour = NEIGHBOUR.get(area)
        away = postcodes_in_area(neighbour, AREA_LETTERS[neighbour]) if neighbour else []
        planner = Planner(size, seed=seed, today=today, home_postcodes=home,
                          away_postcodes=away, la_code=council.get("la_code", "810"))
        families = planner.plan()
        staffing = plan_staffing(size, seed=seed)
        # Re-referrals change the children's stories: before allocations are planned.
        front_door = FrontDoorPlanner(size, seed=seed, today=today, families=families,
                                      staffing=staffing)
        front_door.add_rereferrals()
        allocator = Allocator(staffing, today=today)
        allocations = [a for f in families for c in f.children for a in allocator.plan(f, c)]
        summary.demo_caseload = balance_demo_caseload(allocations, staffing, today)
        summary.open_on_today = planner.open_counts(families)
        advance(1)
    t = lap("plan", started)
    with reporter.stage("Planning contacts", 1) as advance:
        contacts = front_door.plan()
        summary.front_door = front_door.stats.as_dict()
        advance(1)
    t = lap("plan front door", t)

    with transaction.atomic():
        users = _write_staff(staffing, today, reporter, summary)
        t = lap("staff", t)
        children, adults = _write_people(families, reporter, summary)
        t = lap("people", t)
        _write_allocations(allocations, children, users, staffing, reporter, summary)
        t = lap("allocations", t)
        admin = users[staffing.demo["demo.admin"]]
        _write_audit(families, children, admin, size, seed, today, reporter, summary)
        t = lap("audit", t)
        # After the people and the audit trail's opening events; before obligations.
        write_front_door(contacts, children=children, adults=adults, users=users, admin=admin,
                         at=_aware(today, 7).astimezone(UTC), reporter=reporter, summary=summary)
        del contacts
        t = lap("front door", t)
        write_assessments(seed=seed, today=today, admin=admin, at=_aware(today, 7).astimezone(UTC),
                          reporter=reporter, summary=summary)
        t = lap("assessments", t)
        write_protection(seed=seed, today=today, admin=admin, at=_aware(today, 7).astimezone(UTC),
                         reporter=reporter, summary=summary)
        t = lap("protection", t)
        write_care(seed=seed, today=today, admin=admin, at=_aware(today, 7).astimezone(UTC),
                   reporter=reporter, summary=summary)
        t = lap("care", t)
        write_missing(seed=seed, today=today, admin=admin, at=_aware(today, 7).astimezone(UTC),
                      summary=summary)
        write_keeping_in_touch(seed=seed, today=today, admin=admin,
                               at=_aware(today, 7).astimezone(UTC), summary=summary)
        t = lap("missing and leaving care", t)
        write_early_help(seed=seed, today=today, admin=admin, at=_aware(today, 7).astimezone(UTC),
                         summary=summary)
        t = lap("early help", t)
        # After the care records it reads back; before obligations (L1, L3, LA15, AD1-AD3).
        write_legal(seed=seed, today=today, admin=admin, at=_aware(today, 7).astimezone(UTC),
                    summary=summary)
        t = lap("legal", t)
        write_access(seed=seed, today=today, at=_aware(today, 7).astimezone(UTC), summary=summary)
        t = lap("access", t)

    total = Child.objects.count()
    with reporter.stage("Obligations", total) as advance:
        state = {"done": 0}

        def progress(done: int, _total: int) -> None:
            advance(done - state["done"])
            state["done"] = done

        obligations_rebuild_all(batch_size=500, progress=progress)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh planner statistics for every loaded table
            cursor.execute("ANALYZE")
    lap("obligations", t)
    from lantern.obligations.models import Obligation

    summary.rows["obligations"] = Obligation.objects.count()
    summary.timings["total"] = round(clock.perf_counter() - started, 2)
    return summary


def _aware(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), LONDON)


def _write_staff(staffing, today: date, reporter: Reporter, summary: Summary) -> dict[int, User]:
    with reporter.stage("Staff and teams", len(staffing.staff)) as advance:
        teams = {t.key: Team(name=t.name, service=t.service) for t in staffing.teams}
        Team.objects.bulk_create(list(teams.values()))
        demo_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo login
        demo_keys = set(staffing.demo.values())
        joined = _aware(tl.birthday(today, -5))
        users: dict[int, User] = {}
        for s in staffing.staff:
            user = User(username=s.username, first_name=s.first_name, last_name=s.last_name,
                        email=f"{s.username}@lantern.example", role=s.role, job_title=s.job_title,
                        team=teams[s.team] if s.team is not None else None, date_joined=joined,
                        is_staff=s.username == "demo.admin")
            if s.key in demo_keys:
                user.password = demo_hash
            else:
                user.set_unusable_password()
            users[s.key] = user
        _bulk(User, list(users.values()), advance)
        for s in staffing.staff:
            if s.line_manager is not None:
                users[s.key].line_manager = users[s.line_manager]
        User.objects.bulk_update(list(users.values()), ["line_manager"], batch_size=500)
        for t in staffing.teams:
            teams[t.key].manager = users[t.manager] if t.manager is not None else None
        Team.objects.bulk_update(list(teams.values()), ["manager"])
    summary.rows["teams"] = len(teams)
    summary.rows["staff"] = len(users)
    return users


def _write_people(families: list[FamilyPlan], reporter: Reporter, summary: Summary
                  ) -> tuple[dict, dict]:
    """Children, adults and their links. Returns the written children and adults, keyed by
    the ``id()`` of their plans."""
    plans = [c for f in families for c in f.children]
    children: dict[int, Child] = {}
    with reporter.stage("Children", len(plans)) as advance:
        objs = []
        for c in plans:
            obj = Child(
                council_id=c.council_id, first_name=c.first_name, middle_names=c.middle_names,
                last_name=c.last_name, preferred_name=c.preferred_name,
                date_of_birth=c.date_of_birth, expected_date_of_birth=c.expected_date_of_birth,
                sex=c.sex, ethnicity=c.ethnicity, nhs_number=c.nhs_number, upn=c.upn,
                uasc=c.uasc, uasc_ceased=c.uasc_ceased, disabilities=c.disabilities,
                search_name=search_name(c.first_name, c.middle_names, c.last_name, c.preferred_name),
            )
            children[id(c)] = obj
            objs.append(obj)
        _bulk(Child, objs, advance)

    with reporter.stage("Family networks", len(families)) as advance:
        adults: list[Adult] = []
        links: list[tuple[FamilyPlan, object, Adult]] = []
        for f in families:
            home = f.homes[-1] if f.homes else None
            for a in f.adults:
                obj = Adult(first_name=a.first_name, last_name=a.last_name,
                            date_of_birth=a.date_of_birth, sex=a.sex, phone=a.phone,
                            address=f"{home.line1}, {home.town}" if home else "",
                            postcode=home.postcode if home else "")
                adults.append(obj)
                links.append((f, a, obj))
        _bulk(Adult, adults, lambda n: None)
        relationships: list[Relationship] = []
        by_family: dict[int, list] = {}
        for f, a, obj in links:
            by_family.setdefault(id(f), []).append((a, obj))
        for f in families:
            for c in f.children:
                child = children[id(c)]
                away = c.open_level in (tl.LAC, tl.CL) or c.uasc
                for a, obj in by_family.get(id(f), ()):
                    start = c.date_of_birth
                    if a.since and (start is None or a.since > start):
                        start = a.since
                    relationships.append(Relationship(
                        child=child, adult=obj, kind=a.kind,
                        parental_responsibility=a.parental_responsibility,
                        lives_with_child=a.lives_with and not away, start=start))
                for other in f.children:
                    if other is not c:
                        relationships.append(Relationship(
                            child=child, other_child=children[id(other)], kind="sibling",
                            lives_with_child=not away and other.open_level not in (tl.LAC, tl.CL),
                            start=max(d for d in (c.date_of_birth, other.date_of_birth) if d)
                            if (c.date_of_birth or other.date_of_birth) else None))
            advance(1)
        for chunk in _batches(relationships):
            Relationship.objects.bulk_create(chunk, batch_size=BATCH)

    addresses = [Address(child=children[id(c)], line1=p.line1, town=p.town, postcode=p.postcode,
                         start=p.start, end=p.end)
                 for c in plans for p in c.places]
    with reporter.stage("Addresses", len(addresses)) as advance:
        _bulk(Address, addresses, advance)
    involvements = [Involvement(child=children[id(c)], level=s.level, start=s.start, end=s.end,
                                end_reason=s.end_reason)
                    for c in plans for s in c.stages]
    with reporter.stage("Levels of need", len(involvements)) as advance:
        _bulk(Involvement, involvements, advance)
    summary.rows.update(children=len(plans), adults=len(adults),
                        relationships=len(relationships), addresses=len(addresses),
                        involvements=len(involvements))
    return children, {id(a): obj for _f, a, obj in links}


def _write_allocations(allocations, children, users, staffing, reporter, summary) -> None:
    teams = {t.name: t for t in Team.objects.all()}
    team_by_key = {t.key: teams[t.name] for t in staffing.teams}
    objs = [Allocation(child=children[id(a.child)], kind=a.kind,
                       worker=users[a.worker] if a.worker is not None else None,
                       team=team_by_key[a.team], start=a.start, end=a.end,
                       end_reason=a.end_reason, recorded_by=users[a.recorded_by],
                       recorded_at=a.recorded_at)
            for a in allocations]
    with reporter.stage("Allocations", len(objs)) as advance:
        _bulk(Allocation, objs, advance)
    summary.rows["allocations"] = len(objs)


def _write_audit(families, children, admin: User, size: Size, seed: int, today: date,
                 reporter: Reporter, summary: Summary) -> None:
    # In UTC: the chain's digest covers ``at.isoformat()``, and the database gives
    # datetimes back in UTC, so a London offset would not verify.
    at = _aware(today, 7).astimezone(UTC)
    plans = [c for f in families for c in f.children]
    entries = [{
        "actor": admin, "at": at, "obj": None,
        "action": f"Synthetic council created: size {size.name}, seed {seed}, "
                  f"{len(plans)} children",
    }]
    for c in plans:
        child = children[id(c)]
        entries.append({
            "actor": admin, "at": at, "obj": child, "child": child,
            "action": f"Child {c.first_name} {c.last_name} added to the record (synthetic council)",
            "after": {"council_id": c.council_id},
        })
    with reporter.stage("Audit trail", len(entries)) as advance:
        for chunk in _batches(entries, 10_000):
            append_many(chunk)
            advance(len(chunk))
    summary.rows["audit events"] = len(entries)
