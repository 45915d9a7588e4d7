"""lantern bench: speed figures on the current (seeded) database.

Prints the time to rebuild every child's obligations, the time to refresh one
child's obligations, and the server time and query count of the child record
page, My work and Team, over many requests through the test client; the record and
care pages of children with long histories (3 years of child protection, 8 years in care);
and the legal tracker and the largest family's legal page.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantern.obligations.models import Obligation
from lantern.obligations.services import obligations_rebuild_all, obligations_refresh
from lantern.people.models import Child
from lantern.staff.models import Role, User
from lantern.web.runtime import tune_gc


def _pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Measure rebuild/refresh times and page server times and query counts."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--skip-rebuild", action="store_true")

    def _user(self, role, username):
        user = User.objects.filter(username=username).first() or User.objects.filter(role=role).first()
        if user is None:
            raise CommandError(f"no {role} account: seed the council first (lantern seed)")
        return user

    def _pages(self, label, user, urls, missing_ok=False):
        client = Client()
        client.force_login(user)
        times, queries = [], []
        for url in urls:
            reset_queries()  # keep the debug query log from filling up and hiding queries
            with CaptureQueriesContext(connection) as ctx:
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
            if response.status_code == 404 and missing_ok:
                self.stdout.write(f"{label:<22} not measured: the page is not there yet")
                return
            if response.status_code != 200:
                raise CommandError(f"{label}: {url} answered {response.status_code}")
            queries.append(len(ctx.captured_queries))
        self.stdout.write(
            f"{label:<22} median {statistics.median(times):7.1f} ms  p95 {_pct(times, 95):7.1f} ms  "
            f"queries median {statistics.median(queries):.0f} max {max(queries)}  (n={len(urls)})")

    def handle(self, *args, requests, seed, skip_rebuild, **options):
        rng = random.Random(seed)
        children = Child.objects.count()
        if not children:
            raise CommandError("the database has no children: run lantern seed first")
        self.stdout.write(f"Lantern bench on {connection.vendor}: {children} children, "
                          f"{Obligation.objects.count()} obligations")
        tune_gc()  # as `lantern obligations rebuild` and the WSGI application do
        if not skip_rebuild:
            with transaction.atomic():
                Obligation.objects.all().delete()
            began = time.perf_counter()
            obligations_rebuild_all()
            self.stdout.write(f"rebuild all obligations  {time.perf_counter() - began:7.1f} s "
                              f"({Obligation.objects.count()} rows)")
        # Refresh one child: prefer children with the longest histories.
        busy = list(Child.objects.annotate(n=Count("allocations")).order_by("-n", "pk")
                    .values_list("pk", flat=True)[:1000])
        sample = [rng.choice(busy) for _ in range(requests)]
        times = []
        for pk in sample:
            child = Child.objects.get(pk=pk)
            began = time.perf_counter()
            with transaction.atomic():
                obligations_refresh(child=child)
            times.append((time.perf_counter() - began) * 1000)
        self.stdout.write(f"{'refresh one child':<22} median {statistics.median(times):7.1f} ms  "
                          f"p95 {_pct(times, 95):7.1f} ms  (n={len(times)})")
        leader = self._user(Role.SENIOR_LEADER, "demo.senior_leader")
        self._pages("child record page", leader, [f"/children/{pk}/" for pk in sample])
        worker = self._user(Role.SOCIAL_WORKER, "demo.social_worker")
        self._pages("My work", worker, ["/work/"] * requests)
        manager = self._user(Role.TEAM_MANAGER, "demo.team_manager")
        self._pages("Team", manager, ["/work/team/"] * requests)
        self._team_of_size(requests)
        self._front_door(requests, rng)
        self._cp_history(requests, leader)
        self._care_history(requests, leader)
        self._care_service(requests, leader)
        self._legal(requests, leader)
        self._access_check(requests * 5, rng)

    def _access_check(self, n, rng):
        """The record page's access check (access.policy.child_for) alone over many children,
        each opened by its allocated worker, against a plain fetch by id; then again with 1% of
        children restricted (and the sampled ones granted to their workers), rolled back after."""
        from datetime import timedelta

        from django.http import Http404
        from django.utils import timezone

        from lantern.access.models import Grant, Restriction
        from lantern.access.policy import child_for
        from lantern.staff.models import Allocation, AllocationKind

        now = timezone.now()
        today = timezone.localdate(now)
        workers = dict(Allocation.objects.current(today).filter(kind=AllocationKind.SOCIAL_WORKER)
                       .values_list("child_id", "worker_id"))
        if not workers:
            return
        users = {u.pk: u for u in User.objects.filter(pk__in=set(workers.values()))}
        held = list(workers)
        sample = [rng.choice(held) for _ in range(n)]

        def run(label):
            plain, checked = [], []
            for pk in sample:
                user = users[workers[pk]]
                began = time.perf_counter()
                Child.objects.get(pk=pk)
                plain.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                try:
                    child_for(user, pk)
                except Http404:
                    pass
                checked.append((time.perf_counter() - began) * 1000)
            added = [c - p for c, p in zip(checked, plain, strict=True)]
            self.stdout.write(f"{label:<22} median {statistics.median(checked):7.2f} ms  "
                              f"p95 {_pct(checked, 95):7.2f} ms  plain get p95 {_pct(plain, 95):5.2f} ms  "
                              f"added p95 {_pct(added, 95):5.2f} ms  (n={n})")

        run("access check")
        leader = self._user(Role.SENIOR_LEADER, "demo.senior_leader")
        with transaction.atomic():
            ids = list(Child.objects.values_list("pk", flat=True))
            restricted = set(rng.sample(ids, max(50, len(ids) // 100))) | set(sample[: n // 10])
            Restriction.objects.bulk_create([
                Restriction(child_id=pk, kind="high_profile", owner=leader, reason="bench", set_at=now,
                            last_reviewed_on=today, review_by=today + timedelta(days=90), recorded_by=leader)
                for pk in restricted])
            Grant.objects.bulk_create([
                Grant(user_id=workers[pk], child_id=pk, kind="involved_worker", reason="bench", starts=now,
                      expires=now + timedelta(days=180), granted_by=leader)
                for pk in restricted if pk in workers])
            run(f"access, {len(restricted)} restricted")
            transaction.set_rollback(True)

    def _care_service(self, requests, leader):
        """Deriving every period of care's SSDA903 episodes, and the service's care pages."""
        import tracemalloc

        from lantern.care.selectors import all_episodes

        tracemalloc.start()
        began = time.perf_counter()
        periods = episodes = 0
        for _period, derived in all_episodes():
            periods += 1
            episodes += len(derived)
        took = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        self.stdout.write(f"{'derive 903 episodes':<22} {took:7.1f} s for {periods} periods of care, "
                          f"{episodes} episodes (peak {peak:.0f} MB traced)")
        n = max(10, requests // 10)
        self._pages("care measures", leader, ["/care/measures/"] * n)
        self._pages("placed out of area", leader, ["/care/out-of-area/"] * n)

    def _legal(self, requests, leader):
        """The legal tracker over every active family (open pre-proceedings or proceedings)
        and the family page of the largest family, as a senior leader."""
        from django.db.models import Q

        from lantern.legal.models import LegalCase

        active = LegalCase.objects.filter(
            Q(pre_proceedings__decision_on__isnull=True, pre_proceedings__isnull=False)
            | Q(proceedings__concluded_on__isnull=True, proceedings__isnull=False)).distinct()
        families = active.count()
        self.stdout.write(f"legal work: {families} active famil{'y' if families == 1 else 'ies'} "
                          f"({LegalCase.objects.count()} in all)")
        n = max(10, requests // 4)
        self._pages(f"legal tracker ({families} families)", leader, ["/legal/"] * n)
        largest = (LegalCase.objects.annotate(kids=Count("memberships", distinct=True))
                   .order_by("-kids", "pk").values_list("pk", "kids").first())
        if largest is not None:
            self._pages(f"family page ({largest[1]} children)", leader, [f"/legal/{largest[0]}/"] * n)
        if families < 120:
            self._legal_at_size(n, leader, 120 - families)

    def _legal_at_size(self, n, leader, extra):
        """Too few active families: add synthetic ones (two children each, half in
        proceedings with hearings, connected people and viability assessments) up to 120,
        measure the tracker and throw them away."""
        from datetime import timedelta

        from django.utils import timezone

        from lantern.legal import factories as f
        from lantern.legal.models import HearingKind

        class Rollback(Exception):
            pass

        now = timezone.now()
        today = timezone.localdate(now)
        ids = list(Child.objects.order_by("pk").values_list("pk", flat=True)[: 2 * extra])
        if len(ids) < 2:
            return
        try:
            with transaction.atomic():
                for i in range(extra):
                    kids = list(Child.objects.filter(pk__in=ids[2 * i % len(ids): 2 * i % len(ids) + 2]))
                    case = f.legal_case(kids, leader, opened_on=today - timedelta(weeks=30), at=now,
                                        reference=f"BENCH-{i:04d}", family_name=f"The Bench{i:03d} family")
                    if i % 2:
                        f.proceedings(case, issued_on=today - timedelta(weeks=i % 30), at=now, hearings=(
                            (HearingKind.CASE_MANAGEMENT, today - timedelta(days=7)),
                            (HearingKind.FINAL, today + timedelta(days=i % 60 + 1))))
                    else:
                        f.pre_proceedings(case, started_on=today - timedelta(weeks=i % 20), at=now,
                                          reviews=i % 3)
                    f.connected_person(case, identified_on=today - timedelta(weeks=4), at=now,
                                       viability=("positive", "negative", "requested")[i % 3],
                                       completed_on=today - timedelta(weeks=1))
                self._pages(f"legal tracker (+{extra} to 120)", leader, ["/legal/"] * n)
                raise Rollback
        except Rollback:
            pass

    def _team_of_size(self, requests, workers=12, children=200):
        """The Team page for the seeded team closest to 12 workers with 200 children."""
        from django.utils import timezone

        from lantern.staff.models import Allocation, AllocationKind, Team

        today = timezone.localdate()
        current = Allocation.objects.current(today).filter(kind=AllocationKind.SOCIAL_WORKER,
                                                           worker__team__isnull=False)
        sizes = {row["worker__team"]: row for row in current.values("worker__team").annotate(
            children=Count("child", distinct=True), workers=Count("worker", distinct=True))}
        if not sizes:
            return
        best = min(sizes.values(), key=lambda r: (abs(r["workers"] - workers) * 20
                                                   + abs(r["children"] - children)))
        team = Team.objects.get(pk=best["worker__team"])
        manager = team.manager or self._user(Role.SENIOR_LEADER, "demo.senior_leader")
        label = f"Team ({best['workers']} workers, {best['children']} children)"
        self._pages(label, manager, [f"/work/team/?team={team.pk}"] * requests)

    def _cp_history(self, requests, leader):
        """A child with three years of child protection history (a plan with 20 core groups,
        80 visits and 6 review conferences), built, measured and thrown away."""
        from datetime import timedelta

        from django.utils import timezone

        from lantern.frontdoor.models import Referral
        from lantern.frontdoor.services import contact_record
        from lantern.people.models import Involvement
        from lantern.people.services import child_create
        from lantern.plans.models import Action, Visit
        from lantern.protection.models import (
            Conference,
            CoreGroup,
            Enquiry,
            Participant,
            Plan,
            StrategyDiscussion,
        )

        class Rollback(Exception):
            pass

        now = timezone.now()
        today = timezone.localdate(now)
        start = today - timedelta(days=3 * 365)
        screener = self._user(Role.FRONT_DOOR, "demo.front_door")
        try:
            with transaction.atomic():
                child = child_create(actor=screener, today=today, first_name="Bench",
                                     last_name="Protection", date_of_birth=start - timedelta(days=2500))
                contact = contact_record(
                    actor=screener, now=now, submission_key=f"bench-cp-{now.timestamp()}",
                    received_at=now - timedelta(days=3 * 365 + 2), method="phone", source="5A",
                    concerns="Bench", categories=["neglect"], consent="consent_given", children=[child])
                referral = Referral.objects.create(contact=contact, child=child, source="5A",
                                                   primary_need="N1", referral_date=start - timedelta(days=2),
                                                   created_by=screener, created_at=now)
                Involvement.objects.create(child=child, level="cp", start=start)
                held = now - timedelta(days=3 * 365 + 1)
                discussion = StrategyDiscussion.objects.create(
                    child=child, referral=referral, held_at=held, decision="s47_joint", chair=leader,
                    recorded_by=leader, recorded_at=now)
                Participant.objects.bulk_create([Participant(discussion=discussion, agency=a, attended=True)
                                                 for a in ("police", "health", "education", "social_care")])
                enquiry = Enquiry.objects.create(child=child, referral=referral, strategy=discussion,
                                                 start=start - timedelta(days=1), joint=True, worker=leader,
                                                 outcome="icpc", completed=start, recorded_by=leader,
                                                 recorded_at=now)
                plan = Plan.objects.create(child=child, referral=referral, start=start,
                                           initial_category="NEG", latest_category="NEG",
                                           recorded_by=leader, recorded_at=now)
                Conference.objects.create(child=child, referral=referral, kind="initial", held_on=start,
                                          enquiry=enquiry, plan=plan, outcome="plan", category="NEG",
                                          decisions="Bench", chair=leader, recorded_by=leader,
                                          recorded_at=now)
                Conference.objects.bulk_create([Conference(
                    child=child, referral=referral, kind="review", plan=plan, outcome="continue",
                    held_on=start + timedelta(days=90 + 170 * i), category="NEG", decisions="Bench",
                    chair=leader, recorded_by=leader, recorded_at=now) for i in range(6)])
                CoreGroup.objects.bulk_create([CoreGroup(
                    plan=plan, held_on=start + timedelta(days=9 + 54 * i), agencies=["social_care"],
                    notes="Bench", recorded_by=leader, recorded_at=now) for i in range(20)])
                Visit.objects.bulk_create([Visit(
                    child=child, cp_plan=plan, visited_on=start + timedelta(days=13 * (i + 1)), seen=True,
                    seen_alone=i % 3 > 0, not_alone_reason="" if i % 3 else "Bench",
                    child_said="Bench", worker=leader, recorded_by=leader, recorded_at=now)
                    for i in range(80)])
                Action.objects.bulk_create([Action(
                    child=child, cp_plan=plan, what=f"Bench action {i}", owner_agency="social_care",
                    due=start + timedelta(days=30 * i), measure="Bench", added_on=start,
                    recorded_by=leader, recorded_at=now) for i in range(12)])
                obligations_refresh(child=child)
                self._pages("record, 3 years of CP", leader, [f"/children/{child.pk}/"] * requests)
                self._pages("CP plan page, same child", leader,
                            [f"/children/{child.pk}/protection/plans/{plan.pk}/"] * requests,
                            missing_ok=True)
                raise Rollback
        except Rollback:
            pass

    def _care_history(self, requests, leader):
        """A child with eight years in care (12 placements, 4 legal statuses, 60 statutory
        visits, 16 reviews, 30 missing episodes), built, measured on the record and care pages and thrown away."""
        from datetime import timedelta

        from django.utils import timezone

        from lantern.care.models import CareVisit, LegalStatus, PeriodOfCare, Placement, Review
        from lantern.people.models import Involvement
        from lantern.people.services import child_create

        class Rollback(Exception):
            pass

        now = timezone.now()
        today = timezone.localdate(now)
        start = today - timedelta(days=8 * 365)
        iro = self._user(Role.IRO, "demo.iro")
        mine = {"recorded_by": leader, "recorded_at": now}
        try:
            with transaction.atomic():
                child = child_create(actor=self._user(Role.FRONT_DOOR, "demo.front_door"), today=today,
                                     first_name="Bench", last_name="Care",
                                     date_of_birth=start - timedelta(days=2000))
                Involvement.objects.create(child=child, level="lac", start=start)
                period = PeriodOfCare.objects.create(child=child, start=start, category_of_need="N1",
                                                     home_postcode="HU1 2AA", **mine)
                LegalStatus.objects.bulk_create([
                    LegalStatus(period=period, child=child, status=code,
                                start=start + timedelta(days=d), **mine)
                    for code, d in (("V2", 0), ("C1", 40), ("C2", 300), ("E1", 2000))])
                days = [start + timedelta(days=240 * i) for i in range(12)]
                Placement.objects.bulk_create([Placement(
                    child=child, period=period, start=on, end=days[i + 1] if i < 11 else None,
                    placement_type="U6" if i % 3 else "K2", provider="PR1" if i % 3 else "PR4",
                    carer_kind="in_house_foster" if i % 3 else "childrens_home",
                    carer_name=f"Bench carer {i}", postcode="HU5 3JA" if i % 2 else "LS1 4AP",
                    urn="" if i % 3 else "SC999999", in_area=bool(i % 2),
                    miles_from_home=2.0 if i % 2 else 55.3, end_reason="CREQB" if i < 11 else "",
                    **mine) for i, on in enumerate(days)])
                placements = list(Placement.objects.filter(period=period).order_by("-start"))
                visits = [start + timedelta(days=45 * i + 1) for i in range(60)]
                CareVisit.objects.bulk_create([CareVisit(
                    child=child, placement=next(p for p in placements if p.start <= on),
                    visited_on=on, seen=True, seen_alone=i % 4 > 0,
                    not_alone_reason="" if i % 4 else "Bench", worker=leader, **mine)
                    for i, on in enumerate(visits)])
                Review.objects.bulk_create([Review(
                    child=child, period=period, held_on=start + timedelta(days=15 + 180 * i),
                    participation="PN1", iro=iro, decisions="Bench", **mine) for i in range(16)])
                from lantern.missing.factories import missing_episodes

                missing_episodes(child, period, start, leader, at=now)
                obligations_refresh(child=child)
                self._pages("record page, 8 years in care", leader, [f"/children/{child.pk}/"] * requests)
                self._pages("care page, 8 years in care", leader,
                            [f"/children/{child.pk}/care/"] * requests)
                self._pages("missing page, 30 episodes", leader,
                            [f"/children/{child.pk}/missing/"] * requests)
                raise Rollback
        except Rollback:
            pass

    def _front_door(self, requests, rng):
        from lantern.frontdoor.models import Contact

        screener = self._user(Role.FRONT_DOOR, "demo.front_door")
        waiting = Contact.objects.filter(decided=False).count()
        self.stdout.write(f"front door: {waiting} contacts waiting")
        self._pages("front-door queue", screener, ["/front-door/"] * requests)
        ids = list(Contact.objects.filter(decided=False).values_list("pk", flat=True)[:500])
        if ids:
            self._pages("screening page", screener,
                        [f"/front-door/contacts/{rng.choice(ids)}/" for _ in range(requests)])
        self._family_history(requests, screener)

    def _family_history(self, requests, screener):
        """A child with 10 siblings and 50 earlier contacts, built and thrown away."""
        from datetime import timedelta

        from django.utils import timezone

        from lantern.frontdoor.selectors import family_history
        from lantern.frontdoor.services import contact_record
        from lantern.people.models import Relationship
        from lantern.people.services import child_create

        class Rollback(Exception):
            pass

        now = timezone.now()
        times = []
        try:
            with transaction.atomic():
                kids = [child_create(actor=screener, today=timezone.localdate(), first_name=f"Bench{i}",
                                     last_name="Family", date_of_birth=now.date() - timedelta(days=400 * (i + 1)))
                        for i in range(11)]
                Relationship.objects.bulk_create([
                    Relationship(child=kids[0], other_child=kid, kind="sibling") for kid in kids[1:]])
                for i in range(50):
                    contact_record(actor=screener, now=now, submission_key=f"bench-{i}-{now.timestamp()}",
                                   received_at=now - timedelta(days=7 * (i + 1)), method="phone",
                                   source="5A", concerns="Bench", categories=["neglect"],
                                   consent="consent_given", children=[kids[0], kids[1 + i % 10]])
                contact = contact_record(actor=screener, now=now, submission_key=f"bench-now-{now.timestamp()}",
                                         received_at=now, method="phone", source="5A", concerns="Bench",
                                         categories=["neglect"], consent="consent_given", children=[kids[0]])
                for _ in range(requests):
                    reset_queries()
                    with CaptureQueriesContext(connection) as ctx:
                        began = time.perf_counter()
                        history = family_history(contact)
                        times.append((time.perf_counter() - began) * 1000)
                assert len(history.children) == 11 and history.children[0].contact_count == 50
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"{'family history (10 siblings, 50 contacts)':<22} median {statistics.median(times):7.1f} ms  "
            f"p95 {_pct(times, 95):7.1f} ms  queries {len(ctx.captured_queries)}  (n={len(times)})")
