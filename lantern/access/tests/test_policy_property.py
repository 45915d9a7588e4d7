"""The children a user may see, against an independent oracle: plain Python over the same
random teams, management lines, allocations, grants, restrictions and staff links. Both the
record check (``visible_children``, and ``sees_child`` for one record) and the id subquery for lists (``visible_child_ids``,
with ``only_visible``) must give the oracle's answer for every user."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lantern.access.models import Grant, Restriction, StaffLink
from lantern.access.policy import only_visible, sees_child, visible_child_ids
from lantern.people.models import Adult, Child, Relationship
from lantern.staff.models import (
    SERVICE_WIDE_ROLES,
    Allocation,
    AllocationKind,
    Role,
    Service,
    Team,
    User,
)

N_USERS, N_TEAMS, N_CHILDREN, N_ADULTS = 7, 3, 5, 2
NOW = timezone.datetime(2026, 3, 10, 11, 30, tzinfo=timezone.get_default_timezone())


@dataclass
class Scenario:
    roles: list
    active: list
    user_team: list
    line_manager: list
    team_service: list
    team_manager: list
    allocations: list  # (child, kind, worker or None, team, start offset, length or None)
    grants: list  # (user, child, start offset hours, hours, revoked)
    restrictions: list  # (child, owner, ended)
    relationships: list  # (child, adult)
    links: list  # (user, ("child" | "adult", index))
    restricted_roles: frozenset = field(default_factory=frozenset)


def maybe(strategy):
    return st.none() | strategy


@st.composite
def scenarios(draw):
    users, teams, children = range(N_USERS), range(N_TEAMS), range(N_CHILDREN)
    kinds = st.sampled_from([AllocationKind.SOCIAL_WORKER, AllocationKind.TEAM, AllocationKind.PERSONAL_ADVISER])
    return Scenario(
        roles=draw(st.lists(st.sampled_from(list(Role)), min_size=N_USERS, max_size=N_USERS)),
        active=draw(st.lists(st.sampled_from([True, True, True, False]), min_size=N_USERS, max_size=N_USERS)),
        user_team=draw(st.lists(maybe(st.sampled_from(teams)), min_size=N_USERS, max_size=N_USERS)),
        line_manager=draw(st.lists(maybe(st.sampled_from(users)), min_size=N_USERS, max_size=N_USERS)),
        team_service=draw(st.lists(st.sampled_from([Service.SAFEGUARDING, Service.FRONT_DOOR,
                                                    Service.CHILDREN_IN_CARE]), min_size=N_TEAMS,
                                   max_size=N_TEAMS)),
        team_manager=draw(st.lists(maybe(st.sampled_from(users)), min_size=N_TEAMS, max_size=N_TEAMS)),
        allocations=draw(st.lists(st.tuples(st.sampled_from(children), kinds, maybe(st.sampled_from(users)),
                                            st.sampled_from(teams), st.integers(-60, 5),
                                            maybe(st.integers(1, 90))), max_size=8)),
        grants=draw(st.lists(st.tuples(st.sampled_from(users), st.sampled_from(children),
                                       st.sampled_from([-30, -3, -1, 1, 2]), st.integers(1, 48), st.booleans()),
                             max_size=5)),
        restrictions=draw(st.lists(st.tuples(st.sampled_from(children), st.sampled_from(users), st.booleans()),
                                   max_size=3)),
        relationships=draw(st.lists(st.tuples(st.sampled_from(children), st.sampled_from(range(N_ADULTS))),
                                    max_size=4)),
        links=draw(st.lists(st.tuples(st.sampled_from(users),
                                      st.one_of(st.tuples(st.just("child"), st.sampled_from(children)),
                                                st.tuples(st.just("adult"), st.sampled_from(range(N_ADULTS))))),
                            max_size=2)),
        restricted_roles=draw(st.sampled_from([frozenset({Role.SENIOR_LEADER}),
                                               frozenset({Role.SENIOR_LEADER, Role.SERVICE_MANAGER})])),
    )


def oracle(s: Scenario, today, now) -> dict[int, set[int]]:
    """For each user (by index), the children (by index) they may see."""
    def line_of(worker):
        chain, current = [], worker
        for _ in range(3):
            current = s.line_manager[current] if current is not None else None
            chain.append(current)
        return chain

    def front_door(u):
        if s.roles[u] in (Role.FRONT_DOOR, Role.OUT_OF_HOURS):
            return True
        if s.roles[u] not in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
            return False
        mine = s.user_team[u]
        return ((mine is not None and s.team_service[mine] == Service.FRONT_DOOR)
                or any(s.team_manager[t] == u and s.team_service[t] == Service.FRONT_DOOR for t in range(N_TEAMS)))

    current = [a for a in s.allocations if
               (a[2] is not None or a[1] == AllocationKind.TEAM)
               and today + timedelta(days=a[4]) <= today
               and (a[5] is None or today + timedelta(days=a[4] + a[5]) > today)]
    seen = {}
    for u in range(N_USERS):
        seen[u] = set()
        if not s.active[u]:
            continue
        service_wide = s.roles[u] in SERVICE_WIDE_ROLES or front_door(u)
        for c in range(N_CHILDREN):
            adults = {a for child, a in s.relationships if child == c}
            linked = any(user == u and ((kind == "child" and who == c) or (kind == "adult" and who in adults))
                         for user, (kind, who) in s.links)
            granted = any(user == u and child == c and not revoked
                          and now + timedelta(hours=start) <= now < now + timedelta(hours=start + hours)
                          for user, child, start, hours, revoked in s.grants)
            live = [r for r in s.restrictions if r[0] == c and not r[2]]
            if live:
                allowed = s.roles[u] in s.restricted_roles or any(r[1] == u for r in live)
            else:
                allowed = service_wide or any(
                    a[0] == c and (a[2] == u or (s.user_team[u] is not None and a[3] == s.user_team[u])
                                   or u in line_of(a[2]) or s.team_manager[a[3]] == u)
                    for a in current)
            if not linked and (granted or allowed):
                seen[u].add(c)
    return seen


def build(s: Scenario, today, now):
    teams = [Team.objects.create(name=f"Team {i}", service=s.team_service[i]) for i in range(N_TEAMS)]
    users = [User.objects.create(username=f"u{i}", role=s.roles[i], is_active=s.active[i],
                                 team=teams[s.user_team[i]] if s.user_team[i] is not None else None)
             for i in range(N_USERS)]
    for i, m in enumerate(s.line_manager):
        users[i].line_manager = users[m] if m is not None else None
        users[i].save(update_fields=["line_manager"])
    for i, m in enumerate(s.team_manager):
        teams[i].manager = users[m] if m is not None else None
        teams[i].save(update_fields=["manager"])
    children = [Child.objects.create(first_name="Child", last_name=str(i), council_id=f"P{i}",
                                     date_of_birth=today - timedelta(days=3000)) for i in range(N_CHILDREN)]
    adults = [Adult.objects.create(first_name="Adult", last_name=str(i)) for i in range(N_ADULTS)]
    for c, kind, w, t, start, length in s.allocations:
        if w is None and kind != AllocationKind.TEAM:
            continue
        begin = today + timedelta(days=start)
        Allocation.objects.create(child=children[c], kind=kind, worker=users[w] if w is not None else None,
                                  team=teams[t], start=begin,
                                  end=begin + timedelta(days=length) if length else None,
                                  recorded_by=users[0], recorded_at=now)
    for u, c, start, hours, revoked in s.grants:
        Grant.objects.create(user=users[u], child=children[c], reason="r", starts=now + timedelta(hours=start),
                             expires=now + timedelta(hours=start + hours), granted_by=users[0],
                             revoked_at=now - timedelta(minutes=1) if revoked else None)
    for c, owner, ended in s.restrictions:
        Restriction.objects.create(child=children[c], kind="high_risk", owner=users[owner], reason="r",
                                   set_at=now - timedelta(days=1), last_reviewed_on=today,
                                   review_by=today + timedelta(days=30), recorded_by=users[0],
                                   ended_at=now if ended else None)
    for c, a in s.relationships:
        Relationship.objects.create(child=children[c], adult=adults[a], kind="mother")
    for u, (kind, who) in s.links:
        StaffLink.objects.create(user=users[u], child=children[who] if kind == "child" else None,
                                 adult=adults[who] if kind == "adult" else None, reason="r",
                                 recorded_by=users[0], recorded_at=now)
    return users, children


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s=scenarios())
def test_what_each_user_sees_is_what_the_oracle_says(s, settings):
    settings.LANTERN_RESTRICTED_ROLES = s.restricted_roles
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        now = timezone.now()
        today = timezone.localdate(now)
        users, children = build(s, today, now)
        index = {c.pk: i for i, c in enumerate(children)}
        expected = oracle(s, today, now)
        for u, user in enumerate(users):
            user = User.objects.get(pk=user.pk)  # fresh: no cached front-door answer
            record = {index[pk] for pk in Child.objects.visible_to(user).values_list("pk", flat=True)}
            listed = {index[pk] for pk in Child.objects.filter(pk__in=visible_child_ids(user, now=now))
                      .values_list("pk", flat=True)}
            rows = {index[pk] for pk in only_visible(Child.objects.all(), user, field="pk")
                    .values_list("pk", flat=True)}
            one_by_one = {index[c.pk] for c in children if sees_child(user, c.pk, now=now)}
            assert record == expected[u], (u, s)
            assert one_by_one == expected[u], (u, s)
            assert listed == expected[u], (u, s)
            assert rows == expected[u], (u, s)
        transaction.set_rollback(True)
