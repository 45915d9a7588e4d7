"""Planning the synthetic council's staff: teams, roles and the management line.

Plain Python; the generator writes the plan to the database.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

from lantern.staff.models import Role, Service

from .sizes import Size

DEMO_PASSWORD = "lantern-demo-2026"

# Demo logins, one per role, in the order the table shows them.
DEMO_LOGINS: tuple[tuple[str, str], ...] = (
    (Role.SOCIAL_WORKER, "demo.social_worker"),
    (Role.TEAM_MANAGER, "demo.team_manager"),
    (Role.SERVICE_MANAGER, "demo.service_manager"),
    (Role.FRONT_DOOR, "demo.front_door"),
    (Role.OUT_OF_HOURS, "demo.out_of_hours"),
    (Role.IRO, "demo.iro"),
    (Role.PERSONAL_ADVISER, "demo.personal_adviser"),
    (Role.SENIOR_LEADER, "demo.senior_leader"),
    (Role.PERFORMANCE, "demo.performance"),
    (Role.ADMIN, "demo.admin"),
)

TEAM_LABELS = {
    Service.FRONT_DOOR: "Integrated front door",
    Service.ASSESSMENT: "Assessment team",
    Service.SAFEGUARDING: "Safeguarding team",
    Service.CHILDREN_IN_CARE: "Children in care team",
    Service.LEAVING_CARE: "Leaving care team",
    Service.REVIEWING: "Independent reviewing team",
    Service.OUT_OF_HOURS: "Emergency duty team (out of hours)",
    Service.EARLY_HELP: "Early help team",
}
MEMBER_ROLE = {
    Service.FRONT_DOOR: Role.FRONT_DOOR,
    Service.ASSESSMENT: Role.SOCIAL_WORKER,
    Service.SAFEGUARDING: Role.SOCIAL_WORKER,
    Service.CHILDREN_IN_CARE: Role.SOCIAL_WORKER,
    Service.LEAVING_CARE: Role.PERSONAL_ADVISER,
    Service.REVIEWING: Role.IRO,
    Service.OUT_OF_HOURS: Role.OUT_OF_HOURS,
    Service.EARLY_HELP: Role.SOCIAL_WORKER,
}
MEMBER_TITLES = {
    Service.FRONT_DOOR: (("Front door social worker", 6), ("Senior practitioner", 2),
                         ("Contact officer", 2)),
    Service.ASSESSMENT: (("Social worker", 6), ("Senior social worker", 2),
                         ("Social worker (ASYE)", 2)),
    Service.SAFEGUARDING: (("Social worker", 6), ("Senior social worker", 2),
                           ("Advanced practitioner", 1), ("Social worker (ASYE)", 1)),
    Service.CHILDREN_IN_CARE: (("Social worker", 6), ("Senior social worker", 3),
                               ("Social worker (ASYE)", 1)),
    Service.LEAVING_CARE: (("Personal adviser", 9), ("Senior personal adviser", 1)),
    Service.REVIEWING: (("Independent reviewing officer", 1),),
    Service.OUT_OF_HOURS: (("Out-of-hours social worker", 1),),
    Service.EARLY_HELP: (("Early help practitioner", 6), ("Family support worker", 4)),
}
# Areas of the service, each with heads of service; services in the same area share
# service managers.
AREAS = (
    ("Front door and assessment", (Service.FRONT_DOOR, Service.OUT_OF_HOURS, Service.ASSESSMENT)),
    ("Safeguarding", (Service.SAFEGUARDING,)),
    ("Children in care and care leavers", (Service.CHILDREN_IN_CARE, Service.LEAVING_CARE)),
    ("Quality assurance", (Service.REVIEWING,)),
    ("Early help", (Service.EARLY_HELP,)),
)


@dataclass
class TeamPlan:
    key: int
    name: str
    service: str
    manager: int | None = None  # staff key
    members: list[int] = field(default_factory=list)  # practitioners (not the manager)


@dataclass
class StaffPlan:
    key: int
    first_name: str
    last_name: str
    role: str
    job_title: str
    team: int | None = None  # team key
    line_manager: int | None = None  # staff key
    username: str = ""


@dataclass
class Staffing:
    teams: list[TeamPlan]
    staff: list[StaffPlan]
    demo: dict[str, int]  # demo username -> staff key

    def teams_of(self, service: str) -> list[TeamPlan]:
        return [t for t in self.teams if t.service == service]


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")


def plan_staffing(size: Size, *, seed: int) -> Staffing:
    rng = random.Random(f"staff:{seed}")
    fake = Faker("en_GB")
    fake.seed_instance(seed + 7919)
    staff: list[StaffPlan] = []
    teams: list[TeamPlan] = []

    def person(role, title, team=None, manager=None) -> int:
        if rng.random() < 0.8:
            first = fake.first_name_female() if rng.random() < 0.85 else fake.first_name_male()
        else:
            first = fake.first_name_male()
        staff.append(StaffPlan(len(staff), first, fake.last_name(), role, title, team, manager))
        return len(staff) - 1

    def team(name, service) -> TeamPlan:
        teams.append(TeamPlan(len(teams), name, service))
        return teams[-1]

    leadership = team("Leadership team", Service.LEADERSHIP)
    director = person(Role.SENIOR_LEADER, "Director of children's services", leadership.key)
    leadership.manager = director
    if size.assistant_directors:
        ads = [person(Role.SENIOR_LEADER, "Assistant director", leadership.key, director)
               for _ in range(size.assistant_directors)]
    else:
        ads = [director]
    demo: dict[str, int] = {}
    first_of = {}
    for area_index, (area, services) in enumerate(AREAS):
        ad = ads[min(area_index * len(ads) // len(AREAS), len(ads) - 1)]
        if size.assistant_directors == 0 and area_index >= 2:
            heads = None  # small councils: two heads of service cover everything
        else:
            heads = [person(Role.SENIOR_LEADER, f"Head of service: {area.lower()}", leadership.key, ad)
                     for _ in range(size.heads_per_area)]
        if heads is None:
            heads = first_of.setdefault("small-head", [person(
                Role.SENIOR_LEADER, "Head of service: children in care, quality and early help",
                leadership.key, ad)])
        area_teams: list[TeamPlan] = []
        for service in services:
            count, members = size.teams[service]
            label = TEAM_LABELS[service]
            for n in range(count):
                t = team(f"{label} {n + 1}" if count > 1 else label, service)
                area_teams.append(t)
                for _ in range(members):
                    titles = MEMBER_TITLES[service]
                    title = rng.choices([x for x, _ in titles], weights=[w for _, w in titles])[0]
                    t.members.append(person(MEMBER_ROLE[service], title, t.key))
        managers = max(1, math.ceil(len(area_teams) / size.teams_per_service_manager))
        sms = [person(Role.SERVICE_MANAGER, f"Service manager: {area.lower()}", leadership.key,
                      heads[i * len(heads) // managers]) for i in range(managers)]
        for i, t in enumerate(area_teams):
            sm = sms[i * managers // len(area_teams)]
            t.manager = person(Role.TEAM_MANAGER, "Team manager", t.key, sm)
            for m in t.members:
                staff[m].line_manager = t.manager
        if services[0] == Service.SAFEGUARDING:
            demo["demo.senior_leader"] = heads[0]
            demo["demo.service_manager"] = sms[0]
    performance = team("Performance and intelligence", Service.LEADERSHIP)
    performance.manager = person(Role.PERFORMANCE, "Performance and intelligence manager",
                                 performance.key, ads[0])
    for _ in range(size.analysts):
        performance.members.append(person(Role.PERFORMANCE, "Performance analyst", performance.key,
                                          performance.manager))
    systems = team("Systems and business support", Service.LEADERSHIP)
    systems.manager = person(Role.ADMIN, "Systems and business support manager", systems.key,
                             ads[0])
    for _ in range(size.admins):
        systems.members.append(person(Role.ADMIN, "Systems administrator", systems.key,
                                      systems.manager))

    def first_team(service):
        return next(t for t in teams if t.service == service)

    safeguarding = first_team(Service.SAFEGUARDING)
    demo["demo.team_manager"] = safeguarding.manager
    demo["demo.social_worker"] = safeguarding.members[0]
    demo["demo.front_door"] = first_team(Service.FRONT_DOOR).members[0]
    demo["demo.out_of_hours"] = first_team(Service.OUT_OF_HOURS).members[0]
    demo["demo.iro"] = first_team(Service.REVIEWING).members[0]
    demo["demo.personal_adviser"] = first_team(Service.LEAVING_CARE).members[0]
    demo["demo.performance"] = performance.members[0]
    demo["demo.admin"] = systems.members[0]
    # The demo chain must line up: social worker -> team manager -> service manager.
    staff[demo["demo.team_manager"]].line_manager = demo["demo.service_manager"]

    taken = set(demo)
    by_key = {key: name for name, key in demo.items()}
    for s in staff:
        if s.key in by_key:
            s.username = by_key[s.key]
            continue
        base = f"{_ascii(s.first_name)}.{_ascii(s.last_name)}"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}{n}"
        taken.add(name)
        s.username = name
    return Staffing(teams, staff, demo)
