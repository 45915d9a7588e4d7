"""Front-door traffic for the synthetic council: plain Python, no database.

Every referral the timelines imply gets the contact that led to it:

* a child in need episode that opened from a referral (not a step down from a
  plan or from care) has a referral on its first day, through a contact received
  that day and decided "referral" (or "strategy" where the child went straight on
  to child protection or into care); siblings who start the same day share one
  contact;
* early help that opened from the front door has a contact decided "early help" a
  few days before, authorised by a front-door manager on the day it opened;
* a fifth of referrals are re-referrals within 12 months (SIZING.md): where the
  stories give too few, short "referral then no further action" episodes are added
  before some referrals (``add_rereferrals``, before anything is written);
* other contacts (no further action, advice, the odd transfer) fill the months to
  about 4.3 contacts per referral, about families already known or known only to
  the front door;
* at ``today`` a live backlog of contacts awaits a decision.

One ``random.Random`` and one seeded Faker, used in a fixed order, so the same
seed and ``today`` give the same front door.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from faker import Faker

from lantern.core.calendar import ENGLAND
from lantern.staff.models import Service

from . import frontdoor_text as words
from . import timelines as tl
from .families import BURN_IN_YEARS, ChildPlan, FamilyPlan
from .names import STREET_FIRST
from .sizes import Size
from .staffing import Staffing
from .timelines import CIN, CL, CP, EH, LAC, Stage

LONDON = ZoneInfo("Europe/London")
CONTACTS_PER_REFERRAL = 4.3
REREFERRAL_SHARE = 0.22
NFA_AT_REFERRAL = "No further action after the referral was screened"
ASSESSED_NFA = "Assessment completed: no further action"
LATE_SHARE = 0.075  # decisions deliberately late (on top of weekends and evenings)
TARGET_HOURS = {"red": 4, "amber": 24, "green": 72, "": 24}  # F4 defaults
YEAR = relativedelta(months=12)

POLICE_HOURS = (7, 6, 5, 4, 3, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7)
OFFICE_HOURS = (.3, .2, .1, .1, .1, .2, .4, 1, 4, 8, 9, 9, 7, 8, 8, 7, 5, 2, 1, .8, .6, .5, .4, .3)
WEEKEND_HOURS = (.5, .3, .2, .2, .2, .3, .5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 1.5, 1, .7)
PUBLIC_HOURS = (.5, .3, .2, .2, .2, .3, .5, 1, 3, 5, 5, 5, 4, 5, 5, 5, 4, 3, 3, 3, 2, 2, 1.5, 1)


def _cumulative(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


HOUR_CUM = {name: _cumulative(w) for name, w in (
    ("police", POLICE_HOURS), ("office", OFFICE_HOURS), ("weekend", WEEKEND_HOURS),
    ("public", PUBLIC_HOURS))}


# --- The plan -------------------------------------------------------------------------


@dataclass(slots=True)
class CheckPlan:
    agency: str
    asked: str
    requested_at: datetime
    requested_by: int  # staff key
    answered_at: datetime | None
    response: str


@dataclass(slots=True)
class DashPlan:
    answers: dict[str, str]
    yes_count: int
    professional_judgement: bool
    risk: str
    police_reference: str
    assessed_by: int
    assessed_at: datetime


@dataclass(slots=True)
class DecisionPlan:
    outcome: str
    rationale: str
    decided_by: int
    decided_at: datetime
    risk_analysis: str = ""
    protective_factors: str = ""
    lived_experience: str = ""
    transfer_to: str = ""
    needs_authorisation: bool = False
    authorised_by: int | None = None
    authorised_at: datetime | None = None
    authorisation_note: str = ""
    feedback_at: datetime | None = None
    feedback_note: str = ""


@dataclass(slots=True)
class ReferralPlan:
    child: ChildPlan
    primary_need: str
    nfa: bool
    rereferral: bool


@dataclass(slots=True)
class ContactPlan:
    received_at: datetime
    method: str
    source: str
    referrer: tuple[str, str, str, str]  # name, role, agency, phone or email
    concerns: str
    categories: list[str]
    consent: str
    no_consent_reason: str
    rag: str
    rag_set_by: int | None
    screener: int | None
    children: list[ChildPlan]
    adults: list[tuple[object, str]]  # (AdultPlan, role)
    recorded_by: int
    recorded_at: datetime
    checks: list[CheckPlan] = field(default_factory=list)
    dash: DashPlan | None = None
    decision: DecisionPlan | None = None
    referrals: list[ReferralPlan] = field(default_factory=list)
    submission_key: str = ""


@dataclass
class Group:
    """Children of one family whose referral (or early help) started the same day."""

    family: FamilyPlan
    day: date
    children: list[ChildPlan]
    kind: str  # "referral", "stepup" (from early help), "care" (straight into care), "eh"
    urgent: bool = False  # went on to child protection or care within weeks
    nfa: set[int] = field(default_factory=set)  # id() of children whose referral was NFA'd


@dataclass
class FrontDoorStats:
    contacts: int = 0
    referrals: int = 0
    rereferrals: int = 0
    decided: int = 0
    late: int = 0  # decided after the screening target for its RAG rating (F4)
    over_24h: int = 0
    backlog: int = 0
    overdue_backlog: int = 0
    added_nfa_referrals: int = 0

    def as_dict(self) -> dict[str, object]:
        pct = lambda a, b: round(100 * a / b, 1) if b else 0.0  # noqa: E731
        return {
            "contacts": self.contacts, "referrals": self.referrals,
            "contacts per referral": round(self.contacts / self.referrals, 2) if self.referrals else 0,
            "re-referrals %": pct(self.rereferrals, self.referrals),
            "late decisions %": pct(self.late, self.decided),
            "decided after 24h %": pct(self.over_24h, self.decided),
            "awaiting decision": self.backlog, "awaiting and overdue": self.overdue_backlog,
        }


def _stage_is_referral(stages: list[Stage], i: int) -> bool:
    s = stages[i]
    if s.level not in (CIN, LAC):
        return False
    prev = stages[i - 1] if i else None
    contiguous = prev is not None and prev.end == s.start
    return not contiguous or prev.level == EH


def _stage_is_front_door_eh(stages: list[Stage], i: int) -> bool:
    s = stages[i]
    prev = stages[i - 1] if i else None
    return s.level == EH and (prev is None or prev.end != s.start)


class FrontDoorPlanner:
    def __init__(self, size: Size, *, seed: int, today: date, families: list[FamilyPlan],
                 staffing: Staffing):
        self.size = size
        self.today = today
        self.families = families
        self.rng = random.Random(f"frontdoor:{seed}")
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed + 104_729)
        # "Now" for the synthetic council: early on ``today`` (as the audit trail has it).
        self.now = datetime.combine(today, time(7, 0), LONDON).astimezone(UTC)
        history_start = tl.birthday(today, -size.years)
        self.earliest = tl.birthday(history_start, -(BURN_IN_YEARS if size.years < 5 else 0))
        self._working: dict[date, bool] = {}
        self.stats = FrontDoorStats()
        self._staff(staffing)
        self._referrers()

    # --- Staff --------------------------------------------------------------------

    def _staff(self, staffing: Staffing) -> None:
        titles = {s.key: s.job_title for s in staffing.staff}
        self.teams = []
        for team in staffing.teams_of(Service.FRONT_DOOR):
            deciders = [m for m in team.members if titles[m] != "Contact officer"] or team.members
            recorders = [m for m in team.members if titles[m] == "Contact officer"] or team.members
            self.teams.append((deciders, recorders, team.manager))
        if not self.teams:
            raise ValueError("The staffing plan has no front-door team")
        self.out_of_hours = [m for t in staffing.teams_of(Service.OUT_OF_HOURS)
                             for m in t.members] or self.teams[0][0]
        self.demo_front_door = staffing.demo["demo.front_door"]
        self.screeners = [m for deciders, _, _ in self.teams for m in deciders]
        self.others = [m for m in self.screeners if m != self.demo_front_door] or self.screeners

    # --- Referrers ------------------------------------------------------------------

    def _person(self) -> tuple[str, str]:
        fake = self.fake
        first = fake.first_name_female() if self.rng.random() < 0.7 else fake.first_name_male()
        return first, fake.last_name()

    def _pro(self, agency: str, role: str, domain: str) -> tuple[str, str, str, str]:
        first, last = self._person()
        slug = "".join(ch for ch in f"{first}.{last}".lower() if ch.isalnum() or ch in ".-")
        if self.rng.random() < 0.5:
            reach = f"{slug}@{domain}"
        else:
            reach = f"01632 960{self.rng.randrange(1000):03d}"  # Ofcom's range for drama
        return f"{first} {last}", role, agency, reach

    def _referrers(self) -> None:
        """Pools of professional referrers: the same DSL refers more than once."""
        rng = self.rng
        scale = max(1, self.size.children // 350)
        words_ = list(STREET_FIRST)
        rng.shuffle(words_)
        names = iter(words_ * 4)
        pools: dict[str, list] = {}

        def org(kinds):
            return f"{next(names)} {rng.choice(kinds)}"

        schools = []
        for _ in range(max(3, scale)):
            name = org(words.SCHOOL_KINDS)
            domain = "".join(ch for ch in name.lower() if ch.isalpha())[:24] + ".sch.example"
            for _ in range(2):
                role = rng.choices([r for r, _ in words.SCHOOL_ROLES],
                                   [w for _, w in words.SCHOOL_ROLES])[0]
                schools.append(self._pro(name, role, domain))
        pools["2A"] = schools
        pools["2B"] = [self._pro("Education welfare service", "Education welfare officer",
                                 "education.council.example"),
                       self._pro("Virtual school", "Virtual school officer", "education.council.example"),
                       self._pro("Special educational needs team", "SEND caseworker",
                                 "education.council.example")]
        gps = [org(words.GP_KINDS) for _ in range(max(2, scale // 2))]
        pools["3A"] = [self._pro(g, rng.choice(("GP", "GP safeguarding lead", "Practice nurse")),
                                 "nhs.example") for g in gps]
        pools["3B"] = [self._pro(f"Health visiting team ({rng.choice(words.AREAS)})", "Health visitor",
                                 "nhs.example") for _ in range(max(2, scale // 2))]
        pools["3C"] = [self._pro("School nursing service", "School nurse", "nhs.example")
                       for _ in range(max(1, scale // 4))]
        pools["3D"] = [self._pro(a, r, "nhs.example") for a, r in (
            ("Community midwifery team", "Community midwife"),
            ("Child and adolescent mental health service", "CAMHS practitioner"),
            ("Community paediatrics", "Community paediatrician"))]
        hospital = f"{next(names)} {rng.choice(words.HOSPITAL_KINDS)}"
        pools["3E"] = [self._pro(f"Emergency department, {hospital}", r, "nhs.example")
                       for r in ("Paediatric liaison nurse", "Emergency department nurse",
                                 "Safeguarding nurse", "Emergency department doctor")]
        pools["3F"] = [self._pro(a, r, "nhs.example") for a, r in (
            (f"Maternity unit, {hospital}", "Safeguarding midwife"),
            ("Adult mental health service", "Community psychiatric nurse"),
            ("Drug and alcohol service", "Recovery worker"))]
        pools["4"] = [self._pro(a, r, "housing.example") for a, r in (
            ("Council housing: tenancy services", "Housing officer"),
            (f"{next(names)} Housing Association", "Tenancy support officer"),
            ("Homelessness prevention team", "Housing options officer"))]
        pools["5A"] = [self._pro("Adult social care", rng.choice(("Social worker (adults)",
                                                                  "Care coordinator")),
                                 "council.example") for _ in range(3)]
        pools["5B"] = [self._pro(a, r, "council.example") for a, r in (
            ("Youth justice service", "Youth justice officer"),
            ("Anti-social behaviour team", "Anti-social behaviour officer"),
            ("Family hub", "Family hub coordinator"))]
        pools["5C"] = [self._pro(f"Children's services, {c.replace(' Council', '')}",
                                 "Social worker", "othercouncil.example")
                       for c in words.TRANSFER_TO[:4]]
        pools["5D"] = [self._pro(f"Early help hub ({rng.choice(words.AREAS)})",
                                 rng.choice(("Early help practitioner", "Family support worker")),
                                 "council.example") for _ in range(max(2, scale // 3))]
        pools["6"] = [self._pro(rng.choice(("Police: public protection unit",
                                            "Police: neighbourhood policing team",
                                            "Police: domestic abuse unit")),
                                rng.choices(("Police constable", "Detective constable",
                                             "Police sergeant"), (6, 3, 1))[0],
                                "police.example") for _ in range(max(4, scale * 2))]
        pools["7"] = [self._pro(a, r, "justice.example") for a, r in (
            ("Probation service", "Probation officer"),
            ("Children and family court advisory service", "Family court adviser"),
            ("Probation service", "Probation service officer"))]
        pools["8"] = [self._pro(f"{next(names)} {k}", r, "community.example") for k, r in (
            ("Community Church", "Children's safeguarding officer"),
            ("Youth Club", "Youth worker"), ("Boxing Club", "Coach"),
            ("Women's Aid project", "Domestic abuse support worker"))]
        self.pools = pools

    def _referrer(self, source: str, child: ChildPlan) -> tuple[str, str, str, str]:
        if source in self.pools:
            return self.rng.choice(self.pools[source])
        if source == "9" or source == "10":
            return ("", "Anonymous caller" if source == "9" else "", "", "")
        if source == "1C":
            return (f"{child.first_name} {child.last_name}", "Young person (self-referral)", "", "")
        first, last = self._person()
        phone = f"07700 900{self.rng.randrange(1000):03d}"
        role = {"1A": self.rng.choice(("Grandparent", "Aunt", "Uncle", "Father (lives apart)",
                                       "Family member")),
                "1B": self.rng.choice(("Neighbour", "Childminder", "Family friend")),
                "1D": "Member of the public"}[source]
        return (f"{first} {last}", role, "", phone)

    # --- Time ---------------------------------------------------------------------

    def _is_working(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = ENGLAND.is_working_day(day)
        return known

    def _next_working(self, day: date) -> date:
        day += timedelta(days=1)
        while not self._is_working(day):
            day += timedelta(days=1)
        return day

    @staticmethod
    def _at(day: date, hours: float) -> datetime:
        return (datetime.combine(day, time(0), LONDON) + timedelta(hours=hours)).astimezone(UTC)

    @staticmethod
    def _hours(moment: datetime) -> tuple[date, float]:
        local = moment.astimezone(LONDON)
        return local.date(), local.hour + local.minute / 60

    def _in_office(self, moment: datetime) -> bool:
        day, hour = self._hours(moment)
        return self._is_working(day) and 8.5 <= hour < 17

    def _next_office(self, moment: datetime) -> datetime:
        day, hour = self._hours(moment)
        if self._is_working(day):
            if hour < 8.5:
                return self._at(day, 8.5)
            if hour < 17:
                return moment
        return self._at(self._next_working(day), 8.5)

    def _arrival(self, day: date, source: str, latest: float = 24.0) -> datetime:
        rng = self.rng
        if source == "6":
            cum = HOUR_CUM["police"]
        elif source in words.INDIVIDUAL or source in ("9", "10"):
            cum = HOUR_CUM["public"]
        elif self._is_working(day):
            cum = HOUR_CUM["office"]
        else:
            cum = HOUR_CUM["weekend"]
        hour = min(bisect.bisect(cum, rng.random() * cum[-1]), 23)
        return self._at(day, min(hour + rng.random(), latest))

    def _decide_at(self, received: datetime, rag: str, *, late: bool, urgent: bool
                   ) -> tuple[datetime, bool]:
        """When the decision was made, and whether out-of-hours made it."""
        rng = self.rng
        if urgent or (rag == "red" and not late):
            moment = received + timedelta(hours=rng.uniform(0.4, 3.6))
            return moment, not self._in_office(moment)
        start = self._next_office(received + timedelta(minutes=rng.uniform(10, 60)))
        moment = start + timedelta(hours=rng.uniform(0.3, 5.0))
        start_day, _ = self._hours(start)
        day, hour = self._hours(moment)
        if day != start_day or hour >= 17.5:
            moment = self._at(self._next_working(start_day), 8.75 + rng.uniform(0, 2.5))
        if late:
            day, _ = self._hours(moment)
            day += timedelta(days=rng.choices((1, 2, 3, 4, 5, 7), (38, 25, 15, 10, 7, 5))[0])
            while not self._is_working(day):
                day += timedelta(days=1)
            moment = self._at(day, 9 + rng.uniform(0, 7.5))
        return moment, False

    # --- Stories to referrals --------------------------------------------------------

    def _groups(self) -> tuple[list[Group], list[Group]]:
        referrals: list[Group] = []
        early_help: list[Group] = []
        for family in self.families:
            by_day: dict[tuple[str, date], Group] = {}
            for child in family.children:
                if child.uasc:
                    continue
                stages = child.stages
                for i, s in enumerate(stages):
                    if s.start < self.earliest or s.start > self.today:
                        continue
                    if _stage_is_referral(stages, i):
                        prev = stages[i - 1] if i else None
                        kind = "care" if s.level == LAC else (
                            "stepup" if prev is not None and prev.end == s.start else "referral")
                        group = by_day.get(("r", s.start))
                        if group is None:
                            group = by_day[("r", s.start)] = Group(family, s.start, [], kind)
                            referrals.append(group)
                        group.children.append(child)
                        nxt = stages[i + 1] if i + 1 < len(stages) else None
                        if s.level == LAC or (nxt is not None and nxt.level in (CP, LAC)
                                              and s.end is not None
                                              and (s.end - s.start).days <= 45):
                            group.urgent = True
                        if kind == "care":
                            group.kind = "care"
                        if s.level == CIN and s.end_reason == NFA_AT_REFERRAL:
                            group.nfa.add(id(child))
                    elif _stage_is_front_door_eh(stages, i):
                        group = by_day.get(("e", s.start))
                        if group is None:
                            group = by_day[("e", s.start)] = Group(family, s.start, [], "eh")
                            early_help.append(group)
                        group.children.append(child)
        return referrals, early_help

    @staticmethod
    def _referral_days(groups: list[Group]) -> dict[int, list[date]]:
        days: dict[int, list[date]] = defaultdict(list)
        for g in groups:
            for c in g.children:
                days[id(c)].append(g.day)
        for v in days.values():
            v.sort()
        return days

    @staticmethod
    def _earlier_within_year(days: list[date] | None, day: date) -> bool:
        if not days:
            return False
        i = bisect.bisect_left(days, day)
        return i > 0 and days[i - 1] >= day - YEAR

    def add_rereferrals(self) -> int:
        """Add short "referral, then no further action" episodes before some referrals (half
        screened out, half closed after an assessment), so that about 22% of referrals are
        re-referrals. Changes the children's stages: call before allocations are planned and
        anything is written. Returns the referrals added."""
        rng = self.rng
        groups, _ = self._groups()
        days = self._referral_days(groups)
        total = sum(len(g.children) for g in groups)
        again = sum(1 for g in groups for c in g.children
                    if self._earlier_within_year(days[id(c)], g.day))
        needed = (REREFERRAL_SHARE * total - again) / (1 - REREFERRAL_SHARE)
        candidates = [g for g in groups if g.kind == "referral"
                      and g.day >= self.earliest + timedelta(days=60)
                      and not any(self._earlier_within_year(days[id(c)], g.day) for c in g.children)]
        rng.shuffle(candidates)
        added = 0
        for g in candidates:
            if added >= needed:
                break
            start = g.day - timedelta(days=rng.randint(30, 330))
            if start < self.earliest:
                continue
            # Half screened out at once; half assessed and closed with no further action.
            if rng.random() < 0.5:
                end, why = start + timedelta(days=rng.randint(1, 8)), NFA_AT_REFERRAL
            else:
                end, why = start + timedelta(days=rng.randint(14, 45)), ASSESSED_NFA
            if end >= g.day - timedelta(days=7):
                continue
            chosen = [c for c in g.children if c.date_of_birth is not None
                      and c.date_of_birth <= start
                      and all((s.end is not None and s.end < start) or s.start > end
                              for s in c.stages)]
            for c in chosen:
                c.stages = sorted([*c.stages, Stage(CIN, start, end, why)],
                                  key=lambda s: s.start)
            added += len(chosen)
        self.stats.added_nfa_referrals = added
        return added

    # --- Contacts -------------------------------------------------------------------

    def plan(self) -> list[ContactPlan]:
        groups, eh_groups = self._groups()
        self.referral_days = self._referral_days(groups)
        contacts: list[ContactPlan] = []
        per_month_referrals: dict[tuple[int, int], int] = defaultdict(int)
        per_month_contacts: dict[tuple[int, int], int] = defaultdict(int)
        for g in groups:
            contacts.append(self._referral_contact(g))
            per_month_referrals[(g.day.year, g.day.month)] += len(g.children)
            per_month_contacts[(g.day.year, g.day.month)] += 1
        for g in eh_groups:
            c = self._early_help_contact(g)
            if c is not None:
                contacts.append(c)
                day = c.received_at.astimezone(LONDON).date()
                per_month_contacts[(day.year, day.month)] += 1
        contacts += self._other_contacts(per_month_referrals, per_month_contacts)
        contacts += self._backlog()
        contacts.sort(key=lambda c: (c.received_at, c.recorded_at))
        for n, c in enumerate(contacts, 1):
            c.submission_key = f"seed-{n}"
        self._count(contacts)
        return contacts

    def _count(self, contacts: list[ContactPlan]) -> None:
        st = self.stats
        st.contacts = len(contacts)
        for c in contacts:
            st.referrals += len(c.referrals)
            st.rereferrals += sum(1 for r in c.referrals if r.rereferral)
            d = c.decision
            if d is None:
                st.backlog += 1
                if self.now - c.received_at > timedelta(hours=TARGET_HOURS[c.rag]):
                    st.overdue_backlog += 1
                continue
            st.decided += 1
            taken = d.decided_at - c.received_at
            st.late += taken > timedelta(hours=TARGET_HOURS[c.rag])
            st.over_24h += taken > timedelta(hours=24)

    def _alive(self, child: ChildPlan, day: date) -> bool:
        dob = child.date_of_birth
        return dob is not None and dob <= day < tl.birthday(dob, 18)

    @staticmethod
    def _level_on(child: ChildPlan, day: date) -> str | None:
        for s in child.stages:
            if s.start <= day and (s.end is None or s.end > day):
                return s.level
        return None

    def _source(self, outcome: str) -> str:
        mix = SOURCE_CUM[outcome == "referral" or outcome == "strategy"]
        return SOURCE_KEYS[bisect.bisect(mix, self.rng.random() * mix[-1])]

    def _referral_contact(self, g: Group) -> ContactPlan:
        rng = self.rng
        outcome = "strategy" if (g.urgent and rng.random() < 0.8) or rng.random() < 0.03 else "referral"
        child = g.children[0]
        if g.kind == "stepup":
            source = "5D"
        elif child.date_of_birth is None:
            source = rng.choice(("3F", "3D", "3B"))  # pre-birth: midwifery
        elif child.date_of_birth == g.day:
            source = rng.choice(("3F", "3B"))
        else:
            source = self._source(outcome)
        latest = 6.0 if g.day == self.today else 24.0
        received = self._arrival(g.day, source, latest=latest)
        contact = self._build(g.family, g.children, received, source, outcome)
        need = None
        for c in g.children:
            need = need or _weighted(rng, words.PRIMARY_NEED[contact.categories[0]])
            contact.referrals.append(ReferralPlan(
                c, need, id(c) in g.nfa,
                self._earlier_within_year(self.referral_days.get(id(c)), g.day)))
        return contact

    def _early_help_contact(self, g: Group) -> ContactPlan | None:
        rng = self.rng
        children = [c for c in g.children if c.date_of_birth is not None]
        if not children:
            return None
        # A few days before early help opened, but after the youngest named child was born.
        day = max(g.day - timedelta(days=rng.randint(4, 10)),
                  max(c.date_of_birth for c in children))
        latest = 5.0 if day == g.day else 24.0
        source = self._source("early_help")
        if source == "6":
            source = rng.choice(("2A", "3B", "5D", "1A"))  # early help rarely comes from police
        received = self._arrival(day, source, latest=latest)
        # Early help opens on the day a front-door manager authorises the decision.
        if g.day >= self.today:
            authorised = self._at(g.day, rng.uniform(5.5, 6.8))
        else:
            authorised = self._at(g.day, rng.uniform(9.5, 16.5))
        authorised = max(authorised, received + timedelta(hours=1))
        return self._build(g.family, children, received, source, "early_help",
                           authorised_at=authorised)

    def _other_contacts(self, referrals: dict, contacts: dict) -> list[ContactPlan]:
        """Contacts that did not become referrals, month by month to the national ratio."""
        rng = self.rng
        last_day = self.today
        weights = []
        pool = []
        for f in self.families:
            kids = [c for c in f.children if not c.uasc and c.date_of_birth is not None]
            if not kids:
                continue
            known = any(c.stages for c in f.children)
            # Families known only to the front door, and a heavy tail of families with many.
            base = 1.0 if known else 2.2
            pool.append((f, kids))
            weights.append(base * rng.lognormvariate(0, 0.9))
        cum = _cumulative(weights)
        out: list[ContactPlan] = []
        months = sorted(referrals)
        for year, month in months:
            first = date(year, month, 1)
            after = date(year + (month == 12), month % 12 + 1, 1)
            days = [first + timedelta(days=i) for i in range((after - first).days)]
            days = [d for d in days if self.earliest <= d <= last_day]
            if not days:
                continue
            want = round(CONTACTS_PER_REFERRAL * referrals[(year, month)]) - contacts[(year, month)]
            day_cum = {
                "police": _cumulative([1.0] * len(days)),
                "public": _cumulative([1.0 if self._is_working(d) else 0.6 for d in days]),
                "pro": _cumulative([1.0 if self._is_working(d) else 0.2 for d in days]),
            }
            for _ in range(max(0, want)):
                outcome = rng.choices(("nfa", "advice", "transfer"), (46, 52.5, 1.5))[0]
                source = self._source(outcome)
                kind = "police" if source == "6" else (
                    "public" if source in words.INDIVIDUAL or source in ("9", "10") else "pro")
                dc = day_cum[kind]
                day = days[min(bisect.bisect(dc, rng.random() * dc[-1]), len(days) - 1)]
                children = None
                for _try in range(12):
                    family, kids = pool[min(bisect.bisect(cum, rng.random() * cum[-1]), len(pool) - 1)]
                    alive = [c for c in kids if self._alive(c, day)
                             and self._level_on(c, day) not in (LAC, CL)]
                    if alive:
                        children = alive if len(alive) == 1 or rng.random() < 0.6 else \
                            rng.sample(alive, rng.randint(1, len(alive)))
                        break
                if children is None:
                    continue
                if any(self._level_on(c, day) in (CIN, CP) for c in children):
                    outcome = "advice_open"
                received = self._arrival(day, source, latest=6.5 if day == self.today else 24.0)
                contact = self._build(family, children, received, source, outcome, wait=True)
                if contact is not None:  # None: not decided yet by today (the backlog has those)
                    out.append(contact)
        return out

    def _backlog(self) -> list[ContactPlan]:
        """Contacts received in the last three days, not yet decided."""
        rng = self.rng
        count = self.size.frontdoor_backlog
        if not count:
            return []
        pool = [(f, [c for c in f.children if not c.uasc and c.date_of_birth is not None])
                for f in self.families]
        pool = [p for p in pool if p[1]]
        out = []
        demo_left = min(4, max(2, count // 2))
        for _ in range(count):
            age = rng.choices(((0.1, 6), (6, 24), (24, 48), (48, 72)), (20, 35, 28, 17))[0]
            received = self.now - timedelta(hours=rng.uniform(*age))
            day, _ = self._hours(received)
            for _try in range(30):
                family, kids = rng.choice(pool)
                children = [c for c in kids if self._alive(c, day)
                            and self._level_on(c, day) not in (LAC, CL)]
                if children:
                    break
            else:
                continue
            source = self._source("nfa" if rng.random() < 0.75 else "referral")
            contact = self._build(family, children, received, source, None)
            hours_old = (self.now - received).total_seconds() / 3600
            if demo_left and hours_old > 4:
                contact.screener = self.demo_front_door
                demo_left -= 1
            elif hours_old > 4 and rng.random() < min(0.85, hours_old / 40):
                contact.screener = rng.choice(self.others)
            out.append(contact)
        return out

    # --- One contact -----------------------------------------------------------------

    def _categories(self, source: str, outcome: str | None) -> list[str]:
        rng = self.rng
        mix = words.CATEGORY_MIX[words.method_group(source)]
        first = _weighted(rng, mix)
        cats = [first]
        extra = rng.choices((0, 1, 2), (70, 25, 5))[0]
        for _ in range(extra):
            other = _weighted(rng, mix)
            if other not in cats:
                cats.append(other)
        return cats

    def _rag(self, outcome: str | None) -> str:
        rng = self.rng
        if outcome == "strategy":
            return rng.choices(("red", "amber"), (85, 15))[0]
        if outcome == "referral":
            return rng.choices(("red", "amber", "green"), (25, 66, 9))[0]
        if outcome == "early_help":
            return rng.choices(("amber", "green"), (45, 55))[0]
        return rng.choices(("red", "amber", "green"), (6.5, 45, 48.5))[0]

    def _concerns(self, family: FamilyPlan, children: list[ChildPlan], category: str) -> str:
        rng = self.rng
        names = [c.first_name if c.date_of_birth else "the unborn baby" for c in children]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        adult = next((a.first_name for a in family.adults if a.sex == "F"), None) or (
            family.adults[0].first_name if family.adults else "The parent")
        text = rng.choice(words.CONCERNS[category])
        return text.format(child=names[0], children=listed, adult=adult,
                           was="was" if len(names) == 1 else "were",
                           has="has" if len(names) == 1 else "have",
                           pct=rng.randint(68, 88))

    def _adults(self, family: FamilyPlan, day: date, abuse: bool) -> list[tuple[object, str]]:
        out = []
        for a in family.adults:
            if a.since is not None and a.since > day:
                continue
            if abuse and a.kind == "mother":
                role = "victim"
            elif abuse and a.kind in ("father", "step_parent") and a.lives_with:
                role = "alleged_perpetrator"
            elif a.kind in ("mother", "father", "parent", "step_parent"):
                role = "parent"
            elif a.lives_with:
                role = "carer"
            else:
                role = "other"
            out.append((a, role))
        return out[:3]

    def _build(self, family: FamilyPlan, children: list[ChildPlan], received: datetime,
               source: str, outcome: str | None, *, authorised_at: datetime | None = None,
               wait: bool = False) -> ContactPlan | None:
        """One contact and, unless ``outcome`` is None, its decision. With ``wait``, a
        decision that would come after "now" leaves no contact (None) rather than a hurried
        one."""
        rng = self.rng
        now = self.now
        day, _ = self._hours(received)
        method = _weighted(rng, words.METHODS[words.method_group(source)])
        referrer = self._referrer(source, children[0])
        categories = self._categories(source, outcome)
        if outcome == "early_help" and "sexual" in categories:
            categories = ["neglect" if c == "sexual" else c for c in categories]
        abuse = "domestic_abuse" in categories
        if source == "9":
            consent, reason = "not_informed", words.NO_CONSENT_REASONS["anonymous"][0]
        else:
            weights = (35, 20, 45) if source == "6" else (72, 14, 14)
            consent = rng.choices(("consent_given", "aware_no_consent", "not_informed"), weights)[0]
            reason = "" if consent == "consent_given" else rng.choice(words.NO_CONSENT_REASONS[consent])
        if outcome == "early_help":
            consent, reason = "consent_given", ""  # early help is by consent
        decided = outcome is not None
        rag = self._rag(outcome if outcome != "advice_open" else "advice")
        deciders, recorders, manager = rng.choice(self.teams)
        decider = rng.choice(deciders)
        recorded_by = rng.choice(recorders)
        lag = {"police_notification": (5, 120), "online_form": (0, 30), "email": (10, 240),
               "letter": (60, 600)}.get(method, (2, 25))
        recorded_at = min(received + timedelta(minutes=rng.uniform(*lag)), now)
        decided_at = None
        if decided:
            if rng.random() < 0.07:
                rag = ""  # decided without a RAG rating
            urgent = outcome == "strategy"
            late = (not urgent and outcome != "early_help" and rng.random() < LATE_SHARE)
            decided_at, ooh = self._decide_at(received, rag, late=late, urgent=urgent)
            if ooh:
                decider = rng.choice(self.out_of_hours)
            if authorised_at is not None and decided_at > authorised_at - timedelta(minutes=30):
                decided_at = received + (authorised_at - received) * rng.uniform(0.2, 0.6)
            if decided_at > now - timedelta(minutes=5):
                if wait:
                    return None
                decided_at = received + (now - received) * rng.uniform(0.3, 0.9)
            recorded_at = min(recorded_at, decided_at)
        else:
            hours_old = (now - received).total_seconds() / 3600
            if hours_old < 2 or rng.random() < 0.12:
                rag = ""  # not rated yet
        contact = ContactPlan(
            received_at=received, method=method, source=source, referrer=referrer,
            concerns=self._concerns(family, children, categories[0]), categories=categories,
            consent=consent, no_consent_reason=reason, rag=rag,
            rag_set_by=(decider if rng.random() < 0.7 else rng.choice(deciders)) if rag else None,
            screener=decider if decided else None, children=children,
            adults=self._adults(family, day, abuse), recorded_by=recorded_by,
            recorded_at=recorded_at)
        limit = decided_at or now
        contact.checks = self._checks(received, limit, rag, decider if decided else
                                      rng.choice(deciders), decided)
        if abuse and rng.random() < (0.95 if source == "6" else 0.8):
            assessed = received + (limit - received) * rng.uniform(0.15, 0.8)
            if decided or rng.random() < 0.5:
                contact.dash = self._dash(outcome, source, day, decider, assessed)
        if decided:
            contact.decision = self._decision(contact, outcome, decider, decided_at, manager,
                                              source, authorised_at, abuse)
        return contact

    def _checks(self, received: datetime, limit: datetime, rag: str, by: int, decided: bool
                ) -> list[CheckPlan]:
        rng = self.rng
        now = self.now
        if not decided and rng.random() < 0.4:
            return []  # not started yet
        n = rng.choices((1, 2, 3, 4), (30, 38, 22, 10))[0]
        agencies: list[str] = []
        while len(agencies) < n:
            a = _weighted(rng, words.AGENCY_MIX)
            if a not in agencies:
                agencies.append(a)
        target = TARGET_HOURS[rag]
        span = limit - received
        out = []
        for a in agencies:
            requested = self._next_office(received + timedelta(minutes=rng.uniform(5, 40))) \
                + timedelta(minutes=rng.uniform(0, 90))
            if requested >= limit:
                requested = received + span * rng.uniform(0.05, 0.5)
            roll = rng.random()
            if roll < 0.78:
                answered = requested + timedelta(hours=rng.uniform(0.3, min(target, 24) * 0.7))
            elif roll < 0.95:
                answered = requested + timedelta(hours=target * rng.uniform(1.1, 3.0))
            else:
                answered = requested + timedelta(days=rng.uniform(3, 14))
            response = rng.choice(words.RESPONSES[a])
            if answered > now:
                answered, response = None, ""
            out.append(CheckPlan(a, rng.choice(words.ASKED[a]), requested, by, answered, response))
        return out

    def _dash(self, outcome: str | None, source: str, day: date, by: int, at: datetime) -> DashPlan:
        rng = self.rng
        if outcome == "strategy":
            weights = (10, 20, 70)
        elif outcome == "referral":
            weights = (30, 35, 35)
        else:
            weights = (65, 27, 8)
        risk = rng.choices(("standard", "medium", "high"), weights)[0]
        judgement = False
        if risk == "standard":
            yes = rng.randint(0, 9)
        elif risk == "medium":
            yes = rng.randint(10, 13)
        elif rng.random() < 0.2:
            judgement, yes = True, rng.randint(6, 13)
        else:
            yes = rng.randint(14, 22)
        ticked = set(rng.sample(range(1, 25), yes))
        answers = {str(q): "yes" if q in ticked else ("not_known" if rng.random() < 0.1 else "no")
                   for q in range(1, 25)}
        reference = f"Log {rng.randint(1, 2999):04d} of {day:%d/%m/%Y}" if source == "6" else ""
        return DashPlan(answers, yes, judgement, risk, reference, by, at)

    def _decision(self, contact: ContactPlan, outcome: str, decider: int, decided_at: datetime,
                  manager: int | None, source: str, authorised_at: datetime | None,
                  abuse: bool) -> DecisionPlan:
        rng = self.rng
        now = self.now
        stored = "advice" if outcome == "advice_open" else outcome
        d = DecisionPlan(stored, rng.choice(words.RATIONALE[outcome]), decider, decided_at)
        if abuse:
            d.risk_analysis = rng.choice(words.RISK_ANALYSIS)
            d.protective_factors = rng.choice(words.PROTECTIVE_FACTORS)
            d.lived_experience = rng.choice(words.LIVED_EXPERIENCE)
        if stored == "transfer":
            d.transfer_to = rng.choice(words.TRANSFER_TO)
        day, _ = self._hours(contact.received_at)
        rereferral = stored == "nfa" and any(
            self._earlier_within_year(self.referral_days.get(id(c)), day) for c in contact.children)
        d.needs_authorisation = stored == "early_help" or rereferral
        if d.needs_authorisation and manager is not None and manager != decider:
            if authorised_at is not None:
                at = max(authorised_at, decided_at + timedelta(minutes=30))
            elif rng.random() < 0.9:
                at = self._next_office(decided_at + timedelta(hours=rng.uniform(0.5, 30)))
            else:
                at = None
            if at is not None and at <= now:
                d.authorised_by, d.authorised_at = manager, at
                d.authorisation_note = rng.choice(words.AUTHORISATION_NOTES)
        told = 0.9 if source in words.PROFESSIONAL else (0.45 if source in words.INDIVIDUAL else 0)
        if rng.random() < told:
            if rng.random() < 0.85:
                at = self._next_office(decided_at + timedelta(hours=rng.uniform(0.1, 5)))
            else:
                at = self._next_office(decided_at + timedelta(days=rng.uniform(2, 6)))
            if at <= now:
                d.feedback_at, d.feedback_note = at, rng.choice(words.FEEDBACK_NOTES)
        return d


_CUM: dict[int, tuple[list, list[float], object]] = {}


def _weighted(rng: random.Random, weights) -> str:
    """A weighted choice from a constant table: {key: weight} or ((key, weight), ...)."""
    known = _CUM.get(id(weights))
    if known is None or known[2] is not weights:
        items = weights if isinstance(weights, dict) else dict(weights)
        known = _CUM[id(weights)] = (list(items), _cumulative(items.values()), weights)
    keys, cum, _ = known
    return keys[min(bisect.bisect(cum, rng.random() * cum[-1]), len(keys) - 1)]


SOURCE_KEYS = list(words.SOURCE_MIX)
# Referrals lean a little less on the police than contacts do (most police
# notifications are screened out), so that all contacts keep the national mix.
SOURCE_CUM = {
    False: _cumulative([words.SOURCE_MIX[k] * (1.08 if k == "6" else 1) for k in SOURCE_KEYS]),
    True: _cumulative([words.SOURCE_MIX[k] * (0.75 if k == "6" else 1) for k in SOURCE_KEYS]),
}
