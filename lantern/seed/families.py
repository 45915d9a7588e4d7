"""Planning the synthetic council's families: plain Python, no database.

Everything comes from one ``random.Random`` and one seeded Faker, in a fixed
order, so a seed and a ``today`` always give the same council.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from lantern.core import codes
from lantern.core.calendar import ENGLAND
from lantern.core.identifiers import make_nhs_number, make_upn

from . import timelines as tl
from .names import (
    ETHNICITY_WEIGHTS,
    PREFERRED,
    STREET_FIRST,
    STREET_SECOND,
    UASC_ETHNICITY_WEIGHTS,
    UASC_NAMES,
)
from .sizes import Size
from .timelines import CIN, CL, CP, EH, LAC, Stage, conference_day

PERMANENCE = ("Adopted", "Special guardianship order made", "Child arrangements order made")
BURN_IN_YEARS = 2  # families referred this long before the history starts, so it opens busy
TOWN = "Hull"


@dataclass
class Place:
    line1: str
    town: str
    postcode: str
    start: date
    end: date | None = None


@dataclass
class AdultPlan:
    first_name: str
    last_name: str
    sex: str
    date_of_birth: date
    kind: str  # RelationshipKind value
    parental_responsibility: bool
    lives_with: bool
    phone: str
    since: date | None = None  # when the relationship began (step-parents)


@dataclass
class ChildPlan:
    first_name: str
    middle_names: str
    last_name: str
    preferred_name: str
    sex: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    ethnicity: str
    disabilities: list[str]
    uasc: bool = False
    uasc_ceased: date | None = None
    stages: list[Stage] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    council_id: str = ""
    nhs_number: str = ""
    upn: str = ""

    @property
    def born(self) -> date:
        return self.date_of_birth or self.expected_date_of_birth

    @property
    def open_level(self) -> str | None:
        return tl.open_level(self.stages)


@dataclass
class FamilyPlan:
    seed: int  # drives the choices shared by siblings (team, worker)
    surname: str
    ethnicity: str
    children: list[ChildPlan] = field(default_factory=list)
    adults: list[AdultPlan] = field(default_factory=list)
    homes: list[Place] = field(default_factory=list)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _years(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=int(rng.uniform(low, high) * 365.25))


class Planner:
    """Builds the families for one size, seed and today."""

    def __init__(self, size: Size, *, seed: int, today: date, home_postcodes: list[str],
                 away_postcodes: list[str], la_code: str = "810"):
        self.size = size
        self.today = today
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.home_postcodes = home_postcodes
        self.away_postcodes = away_postcodes or home_postcodes
        self.la_code = la_code
        self.history_start = tl.birthday(today, -size.years)
        self.families: list[FamilyPlan] = []
        known = dict(codes.choices("ethnicity"))
        self.ethnicities = {k: w for k, w in ETHNICITY_WEIGHTS.items() if k in known}
        self.uasc_ethnicities = {k: w for k, w in UASC_ETHNICITY_WEIGHTS.items() if k in known}
        self.disability_codes = [c for c, _ in codes.choices("disability") if c != "NONE"]

    # --- People -----------------------------------------------------------------

    def _first_name(self, sex: str) -> str:
        if sex == "M":
            return self.fake.first_name_male()
        if sex == "F":
            return self.fake.first_name_female()
        return self.fake.first_name()

    def _phone(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"  # Ofcom's range for drama

    def _address(self, postcodes: list[str], start: date, town: str = TOWN) -> Place:
        rng = self.rng
        street = f"{rng.choice(STREET_FIRST)} {rng.choice(STREET_SECOND)}"
        if rng.random() < 0.15:
            line1 = f"Flat {rng.randint(1, 24)}, {rng.randint(1, 120)} {street}"
        else:
            line1 = f"{rng.randint(1, 220)} {street}"
        return Place(line1, town, rng.choice(postcodes), start)

    def _disabilities(self, open_case: bool) -> list[str]:
        if self.rng.random() < (0.1 if open_case else 0.05):
            return sorted(self.rng.sample(self.disability_codes, self.rng.choice((1, 1, 1, 2))))
        return ["NONE"]

    def _child(self, family: FamilyPlan, dob: date | None, *, edd: date | None = None,
               sex: str | None = None) -> ChildPlan:
        rng = self.rng
        if sex is None:
            # Unknown for most unborn babies; every born child's sex is known (the SSDA903
            # flags a looked-after child reported as unknown, rule 232).
            sex = "U" if dob is None and rng.random() < 0.9 else rng.choice("MF")
        if dob is None:
            first, middle = "Unborn baby", ""
        else:
            first = self._first_name(sex)
            middle = self._first_name(sex) if rng.random() < 0.45 else ""
        preferred = PREFERRED.get(first, "") if rng.random() < 0.35 else ""
        ethnicity = family.ethnicity if rng.random() < 0.93 else _weighted(rng, self.ethnicities)
        if dob is None:
            ethnicity = "NOBT" if "NOBT" in self.ethnicities else family.ethnicity
        return ChildPlan(first, middle, family.surname, preferred, sex, dob, edd, ethnicity,
                         [] if dob is None else ["NONE"])

    def _family(self, dobs: list[date | None], *, first_home: date, edd: date | None = None
                ) -> FamilyPlan:
        rng = self.rng
        surname = self.fake.last_name()
        family = FamilyPlan(rng.getrandbits(48), surname, _weighted(rng, self.ethnicities))
        for dob in dobs:
            family.children.append(self._child(family, dob, edd=edd if dob is None else None))
        known = [c.born for c in family.children]
        eldest = min(known)
        # Adults: usually the mother, often the father, sometimes a step-parent or grandparent.
        mother_age = rng.uniform(17, 38)
        mother_dob = eldest - timedelta(days=int(mother_age * 365.25))
        if rng.random() < 0.9:
            family.adults.append(AdultPlan(
                self.fake.first_name_female(), surname if rng.random() < 0.75 else self.fake.last_name(),
                "F", mother_dob, "mother", True, True, self._phone()))
        if rng.random() < 0.45 or not family.adults:
            family.adults.append(AdultPlan(
                self.fake.first_name_male(), surname, "M",
                mother_dob - _years(rng, -2, 8), "father", rng.random() < 0.8,
                rng.random() < 0.5, self._phone()))
        if len(family.adults) == 1 and rng.random() < 0.3:
            family.adults.append(AdultPlan(
                self.fake.first_name_male(), self.fake.last_name(), "M",
                mother_dob - _years(rng, -3, 10), "step_parent", False, True, self._phone(),
                since=max(known) + _years(rng, 0.5, 4)))
        if rng.random() < 0.12:
            family.adults.append(AdultPlan(
                self.fake.first_name_female(), self.fake.last_name(), "F",
                mother_dob - _years(rng, 18, 28), "grandparent", False, rng.random() < 0.3,
                self._phone()))
        # Homes: most families moved once or twice in the years we know them.
        home_from = min(first_home, eldest)
        moves = sorted(
            self.history_start + timedelta(days=rng.randrange(max(1, (self.today - self.history_start).days)))
            for _ in range(rng.choices((0, 1, 2), weights=(65, 27, 8))[0])
        )
        start = home_from
        for when in moves:
            if when <= start:
                continue
            place = self._address(self.home_postcodes, start)
            place.end = when
            family.homes.append(place)
            start = when
        family.homes.append(self._address(self.home_postcodes, start))
        return family

    def _sibling_dobs(self, youngest_age_on: date, youngest_age: float, count: int) -> list[date]:
        dobs = []
        age = youngest_age
        for i in range(count):
            if age >= 17.8 and i:
                break
            dobs.append(youngest_age_on - timedelta(days=int(age * 365.25)))
            age += self.rng.uniform(1.0, 4.0)
        return dobs

    def _family_size(self) -> int:
        return self.rng.choices((1, 2, 3, 4), weights=(42, 30, 17, 11))[0]

    def _referral_age(self) -> float:
        band = self.rng.choices(((0, 1), (1, 5), (5, 10), (10, 16), (16, 17.9)),
                                weights=(16, 26, 26, 27, 5))[0]
        return self.rng.uniform(*band)

    def _care_entry_age(self) -> float:
        band = self.rng.choices(((0, 1), (1, 5), (5, 10), (10, 16), (16, 17.9)),
                                weights=(18, 14, 18, 38, 12))[0]
        return self.rng.uniform(*band)

    # --- Stories ----------------------------------------------------------------

    def _random_day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def _give_stories(self, family: FamilyPlan, story: list[Stage], **copy) -> None:
        for child in family.children:
            child.stages = tl.child_copy(self.rng, story, child.born, self.today,
                                         unborn=child.date_of_birth is None, **copy)

    def _touches_history(self, family: FamilyPlan) -> bool:
        return any(s.end is None or s.end > self.history_start
                   for c in family.children for s in c.stages)

    def referred_family(self, when: date) -> FamilyPlan | None:
        dobs = self._sibling_dobs(when, self._referral_age(), self._family_size())
        family = self._family(dobs, first_home=when)
        self._give_stories(family, tl.referral_story(self.rng, when, self.today))
        return family if self._touches_history(family) else None

    def early_help_family(self, when: date) -> FamilyPlan | None:
        dobs = self._sibling_dobs(when, self.rng.uniform(0, 14), self._family_size())
        family = self._family(dobs, first_home=when)
        self._give_stories(family, tl.early_help_story(self.rng, when, self.today))
        return family if self._touches_history(family) else None

    def long_stay_family(self, entry: date) -> FamilyPlan | None:
        """Children who came into care before the history starts."""
        dobs = self._sibling_dobs(entry, self._care_entry_age(),
                                  self.rng.choices((1, 2, 3), weights=(60, 25, 15))[0])
        family = self._family(dobs, first_home=entry)
        self._give_stories(family, [Stage(LAC, entry, None)], long_stay=0.7)
        return family if self._touches_history(family) else None

    def unaccompanied_child(self, arrival: date) -> FamilyPlan | None:
        rng = self.rng
        ethnicity = _weighted(rng, self.uasc_ethnicities)
        boys, girls, surnames = UASC_NAMES[ethnicity]
        sex = "M" if rng.random() < 0.9 else "F"
        family = FamilyPlan(rng.getrandbits(48), rng.choice(surnames), ethnicity)
        dob = arrival - timedelta(days=int(rng.uniform(14.5, 17.6) * 365.25))
        child = ChildPlan(rng.choice(boys if sex == "M" else girls), "", family.surname, "", sex,
                          dob, None, ethnicity, ["NONE"], uasc=True)
        family.children.append(child)
        child.stages = tl.child_copy(rng, [Stage(LAC, arrival, None)], dob, self.today,
                                     long_stay=0.92, stay_to_25=0.4)
        eighteen = tl.birthday(dob, 18)
        if eighteen <= self.today:
            child.uasc_ceased = eighteen
        return family if self._touches_history(family) else None

    def unborn_family(self) -> FamilyPlan:
        edd = self.today + timedelta(days=self.rng.randint(10, 150))
        referral = edd - timedelta(days=self.rng.randint(100, 200))
        older = self._sibling_dobs(referral, self.rng.uniform(1.5, 8),
                                   self.rng.choices((0, 1, 2), weights=(50, 35, 15))[0])
        family = self._family([None, *older], first_home=referral, edd=edd)
        if self.rng.random() < 0.2:
            cp = conference_day(referral + timedelta(days=self.rng.randint(15, 60)))
            story = [Stage(CIN, referral, cp, "Stepped up: initial child protection conference"),
                     Stage(CP, cp, None)]
        else:
            story = [Stage(CIN, referral, None)]
        self._give_stories(family, story)
        return family

    def forced_family(self, level: str) -> FamilyPlan:
        """One child with an open case at this level (to meet the size's targets)."""
        rng, today = self.rng, self.today
        if level == EH:
            start = today - timedelta(days=rng.randint(1, 250))
            family = self._family(self._sibling_dobs(start, rng.uniform(0, 15), 1), first_home=start)
            story = [Stage(EH, start, None)]
        elif level == CIN:
            start = today - timedelta(days=rng.randint(1, 900))
            family = self._family(self._sibling_dobs(start, rng.uniform(0, 15), 1), first_home=start)
            story = [Stage(CIN, start, None)]
        elif level == CP:
            start = today - timedelta(days=rng.randint(50, 600))
            cp = conference_day(start + timedelta(days=rng.randint(8, 45)))
            while cp > today or not ENGLAND.is_working_day(cp):  # held by today, on a working day
                cp -= timedelta(days=1)
            family = self._family(self._sibling_dobs(start, rng.uniform(0, 15), 1), first_home=start)
            story = [Stage(CIN, start, cp, "Stepped up: initial child protection conference"),
                     Stage(CP, cp, None)]
        elif level == LAC:
            age_now = rng.uniform(0.5, 17.9)
            dob = today - timedelta(days=int(age_now * 365.25))
            entry = self._random_day(max(dob, today - timedelta(days=int(min(age_now, 9) * 365.25))),
                                     today)
            family = self._family([dob], first_home=entry)
            family.children[0].stages = [Stage(LAC, entry, None)]
            return family
        else:  # care leaver: 18 to 25, most under 21
            age_now = rng.uniform(18, 21) if rng.random() < 0.72 else rng.uniform(21, 25)
            dob = today - timedelta(days=int(age_now * 365.25))
            eighteen = tl.birthday(dob, 18)
            entry = tl.birthday(dob, 0) + _years(rng, 8, 17.5)
            family = self._family([dob], first_home=dob)
            family.children[0].stages = [Stage(LAC, entry, eighteen, "Turned 18: left care"),
                                         Stage(CL, eighteen, None)]
            return family
        self._give_stories(family, story)
        return family

    def contact_only_family(self) -> FamilyPlan:
        when = self._random_day(self.history_start, self.today)
        dobs = self._sibling_dobs(when, self.rng.uniform(0, 17), self._family_size())
        return self._family(dobs, first_home=when)

    # --- The whole council ------------------------------------------------------

    def plan(self) -> list[FamilyPlan]:
        size, rng, today = self.size, self.rng, self.today
        # A long history warms itself up; a short one starts with families already open.
        burn_start = tl.birthday(self.history_start, -(BURN_IN_YEARS if size.years < 5 else 0))
        families: list[FamilyPlan] = []

        def add(f):
            if f is not None:
                families.append(f)

        span = (today - burn_start).days
        for _ in range(round(size.referrals_per_year / 2.7 * span / 365.25)):
            add(self.referred_family(burn_start + timedelta(days=rng.randrange(span))))
        # Early help records reach back at most four years (older ones live elsewhere).
        eh_span = (today - tl.birthday(today, -(min(size.years, 3) + 1))).days
        for _ in range(round(size.open_early_help * 0.8 * eh_span / 365.25 / 0.55 / 1.9)):
            add(self.early_help_family(today - timedelta(days=rng.randrange(eh_span))))
        legacy = max(size.open_lac * 0.3, size.open_lac - 0.08 * size.referrals_per_year) * 0.8
        for _ in range(round(legacy)):
            entry = burn_start - timedelta(days=rng.randrange(1, 10 * 365))
            add(self.long_stay_family(entry))
        arrivals = max(1, round(size.open_lac * 0.075 / 2.2 * (size.years + 1.5)))
        for _ in range(arrivals):
            add(self.unaccompanied_child(today - timedelta(days=rng.randrange(int((size.years + 1.5) * 365)))))
        unborn = max(1, round(size.children * 0.01))
        for _ in range(unborn):
            add(self.unborn_family())

        self._calibrate(families)
        known = sum(len(f.children) for f in families)
        while known < size.children:
            f = self.contact_only_family()
            families.append(f)
            known += len(f.children)
        self._finish(families)
        self.families = families
        return families

    def open_counts(self, families: list[FamilyPlan]) -> dict[str, int]:
        counts = {EH: 0, CIN: 0, CP: 0, LAC: 0, CL: 0}
        for f in families:
            for c in f.children:
                level = c.open_level
                if level:
                    counts[level] += 1
        return counts

    def _calibrate(self, families: list[FamilyPlan]) -> None:
        size, rng, today = self.size, self.rng, self.today
        targets = {EH: size.open_early_help, CIN: size.open_cin, CP: size.open_cp,
                   LAC: size.open_lac, CL: size.open_care_leavers}
        counts = self.open_counts(families)
        closing = {
            EH: "Early help plan completed: outcomes met",
            CIN: "Child in need plan ended: needs met",
            CP: "Child protection plan ended: no longer at risk of significant harm",
            LAC: "Returned home to live with parents",
            CL: "Young person no longer wants support from the leaving care service",
        }
        for level in (EH, CIN, CP, LAC, CL):
            surplus = counts[level] - targets[level]
            if surplus > 0:
                open_children = [c for f in families for c in f.children
                                 if c.open_level == level and not c.uasc and c.date_of_birth]
                for child in rng.sample(open_children, min(surplus, len(open_children))):
                    last = child.stages[-1]
                    recent = 200 if level in (EH, CIN, CP) else 3 * 365
                    earliest = max(last.start + timedelta(days=1), today - timedelta(days=recent))
                    end = self._random_day(earliest, today + timedelta(days=1))
                    if end <= last.start:
                        end = last.start + timedelta(days=1)
                    child.stages[-1] = Stage(level, last.start, end, closing[level])
            while surplus < 0:
                family = self.forced_family(level)
                families.append(family)
                surplus += sum(1 for c in family.children if c.open_level == level)

    def _finish(self, families: list[FamilyPlan]) -> None:
        """Identifiers and addresses, once the stories are final."""
        rng, today = self.rng, self.today
        total = sum(len(f.children) for f in families)
        ids = rng.sample(range(10_000_000), total)
        nhs_seen: set[str] = set()
        upn_seen: set[str] = set()
        i = 0
        for family in families:
            for child in family.children:
                child.council_id = f"LAN{ids[i]:07d}"
                i += 1
                open_case = child.open_level in (CIN, CP, LAC)
                if child.date_of_birth is not None:
                    if child.disabilities == ["NONE"]:
                        child.disabilities = self._disabilities(open_case)
                    if rng.random() < 0.95:
                        number = make_nhs_number(rng)
                        while number in nhs_seen:
                            number = make_nhs_number(rng)
                        nhs_seen.add(number)
                        child.nhs_number = number
                    age = (today - child.date_of_birth).days / 365.25
                    if 5 <= age < 26 and rng.random() < (0.7 if child.uasc else 0.97):
                        upn = make_upn(rng, self.la_code)
                        while upn in upn_seen:
                            upn = make_upn(rng, self.la_code)
                        upn_seen.add(upn)
                        child.upn = upn
                child.places = self._places(family, child)

    def _places(self, family: FamilyPlan, child: ChildPlan) -> list[Place]:
        """Family homes over the child's life, with placements while in care and a
        flat of their own as a care leaver."""
        rng, today = self.rng, self.today
        born = child.date_of_birth or (child.stages[0].start if child.stages else today)
        away: list[tuple[date, date | None, str]] = []  # (start, end, kind)
        for s in child.stages:
            if s.level == LAC:
                stays = s.end_reason in PERMANENCE  # lives on with the carers or adopters
                away.append((s.start, None if stays else s.end, "placement"))
            elif s.level == CL:
                away.append((s.start, None, "own"))
        places: list[Place] = []
        if not child.uasc:
            for home in family.homes:
                start = max(home.start, born)
                end = home.end
                if end is not None and end <= start:
                    continue
                places.append(Place(home.line1, home.town, home.postcode, start, end))
        for start, end, kind in away:
            places = _cut(places, start, end)
            if kind == "placement":
                stop = end or today
                moves = 1 + int((stop - start).days / 500 * rng.random() * 2)
                cuts = sorted({start, *(self._random_day(start, stop) for _ in range(moves - 1))})
                for j, when in enumerate(cuts):
                    until = cuts[j + 1] if j + 1 < len(cuts) else end
                    pool = self.home_postcodes if rng.random() < 0.75 else self.away_postcodes
                    place = self._address(pool, when, town=TOWN if pool is self.home_postcodes else "East Riding of Yorkshire")
                    place.end = until
                    places.append(place)
            else:
                place = self._address(self.home_postcodes, start)
                place.end = end
                places.append(place)
        places = [p for p in places if p.start <= today]
        for p in places:
            if p.end is not None and p.end > today:
                p.end = None
        places.sort(key=lambda p: p.start)
        return places


def _cut(places: list[Place], start: date, end: date | None) -> list[Place]:
    """Remove [start, end) from the intervals (end None: to the end of time)."""
    out = []
    for p in places:
        p_end = p.end
        if (end is not None and p.start >= end) or (p_end is not None and p_end <= start):
            out.append(p)
            continue
        if p.start < start:
            out.append(Place(p.line1, p.town, p.postcode, p.start, start))
        if end is not None and (p_end is None or p_end > end):
            out.append(Place(p.line1, p.town, p.postcode, end, p_end))
    return out
