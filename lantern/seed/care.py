"""Children in care for the synthetic council, written in bulk.

Read back from what earlier stages wrote (the looked-after stages of each child's level
of need, addresses, family networks, social worker and IRO allocations), so it runs
after ``write_protection`` and before the obligations are rebuilt. Each looked-after
stage becomes a period of care holding what the care services would have recorded,
in the order practice records it:

* legal statuses: section 20 (V2), or an interim care order (C1) followed by a full
  order (C2) at the final hearing; a few police protection (L1, up to 72 hours) or
  emergency protection orders (L2) first, remands (J1) for some older teenagers, and
  placement orders (E1) for children whose plan is adoption;
* placements, each starting the day the one before ended, with a reason for every
  move: foster carers (in-house or agency) for most, connected persons (some under
  temporary approval, its extension and full approval; a few not assessed), children's
  homes with Ofsted URNs (a few not registered), placements with parents under a care
  order, placed for adoption (A6) after a placement order, supported accommodation at
  16 or over; about a quarter out of the council's area, on real postcodes of
  neighbouring councils, with the area and the distance from home worked out as the
  placement service does; long-term designation of settled foster placements, as a
  change of placement with the same carer;
* regulation 28 visits, looked-after reviews chaired by the child's IRO, health
  assessments, dental checks, immunisations and SDQ scores, personal education plans,
  a few IRO disputes and family time with some cancelled sessions; most on time, some
  late.

Every period's episodes derive cleanly (:mod:`lantern.care.episodes`) and keep to the
SSDA903 validator's rules: no provider for temporary moves, URNs for children's homes
and supported accommodation, placement with parents only on a care order, adoption
only from a placement order and an A6 placement that follows a foster placement, the
home postcode never the placement's except at home.

One ``random.Random`` keyed by the seed, used in a fixed order over the children, so
the same seed and ``today`` give the same records.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings

from lantern.audit.chain import append_many
from lantern.care.models import (
    CarerKind,
    CareVisit,
    Dispute,
    DisputeOutcome,
    DisputeStage,
    FamilyTimeArrangement,
    FamilyTimeMode,
    FamilyTimeSession,
    HealthKind,
    HealthRecord,
    LegalStatus,
    Pep,
    PeriodOfCare,
    Placement,
    Review,
    SessionOutcome,
    VisitPlace,
)
from lantern.care.services.journey import _where
from lantern.geo.postcodes import postcodes_in_area
from lantern.people.models import Address, Child, Involvement, Relationship
from lantern.staff.models import Allocation, AllocationKind, Role, User

from . import care_text as words
from .assessments import LONDON, WorkingDays, _age, _weighted
from .frontdoor_write import _insert as insert
from .names import STREET_FIRST
from .timelines import LAC, birthday

BATCH = 400  # periods of care planned before a write (and one audit event)
# Out-of-area placements for a Hull-like council: real postcodes of its neighbours, by weight.
NEIGHBOURS = {
    "E06000010": (("E06000011", ("H", "Y"), "East Riding of Yorkshire", 50),
                  ("E06000013", ("D",), "North Lincolnshire", 12),
                  ("E06000014", ("Y",), "York", 12),
                  ("E08000017", ("D",), "Doncaster", 10),
                  ("E08000035", ("L",), "Leeds", 14)),
}
HOME_LETTERS = {"E06000010": ("H",)}
# Share of placements of each kind made outside the council's area.
# Supported accommodation (K3) only in the area: without the Ofsted provider lookup the SSDA903
# validator (rule 241) takes the council's own area as the provider's.
OUT_OF_AREA = {"foster": 0.25, "connected": 0.22, "home": 0.62, "supported": 0.0, "adoption": 0.45}
ON_TIME = {"visit": 0.88, "first visit": 0.9, "review": 0.88, "first review": 0.86,
           "health": 0.8, "initial health": 0.72, "pep": 0.85, "plan": 0.85, "care plan": 0.85}
VISIT_SEEN = 0.95
SEEN_ALONE = 0.78
CATEGORY_MIX = (("N1", 64), ("N2", 4), ("N3", 3), ("N4", 11), ("N5", 13), ("N6", 3), ("N8", 2))
PARTICIPATION_MIX = (("PN1", 44), ("PN2", 10), ("PN3", 7), ("PN4", 5), ("PN5", 16), ("PN6", 7),
                     ("PN7", 11))
MOVE_REASONS = (("CARPL", 36), ("CREQB", 15), ("CREQO", 10), ("CHILD", 8), ("STAND", 5),
                ("ALLEG", 3), ("CLOSE", 4), ("LAREQ", 6), ("OTHER", 6), ("APPRR", 2))
EXITS = {"Adopted": "adopted", "Special guardianship order made": "sgo",
         "Child arrangements order made": "cao", "Turned 18: left care": "eighteen"}
DISPUTE_SHARE = 0.05
FOSTER = ("U4", "U6")
CONNECTED = ("U1", "U3")


@dataclass
class Rows:
    """Planned rows of one batch, in the order they are written (parents first)."""

    periods: list[PeriodOfCare] = field(default_factory=list)
    statuses: list[LegalStatus] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    visits: list[CareVisit] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    health: list[HealthRecord] = field(default_factory=list)
    peps: list[Pep] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    dispute_stages: list[DisputeStage] = field(default_factory=list)
    family_time: list[FamilyTimeArrangement] = field(default_factory=list)
    sessions: list[FamilyTimeSession] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    model: type
    label: str
    links: tuple[str, ...] = ()
    keyed: bool = False


TABLES = {  # in the order of ``Rows``
    "periods": Table(PeriodOfCare, "periods of care", keyed=True),
    "statuses": Table(LegalStatus, "legal statuses", ("period",)),
    "placements": Table(Placement, "placements", ("period",), keyed=True),
    "visits": Table(CareVisit, "statutory visits", ("placement",)),
    "reviews": Table(Review, "looked-after reviews", ("period",)),
    "health": Table(HealthRecord, "health records", ("period",)),
    "peps": Table(Pep, "personal education plans", ("period",)),
    "disputes": Table(Dispute, "IRO disputes", ("period",), keyed=True),
    "dispute_stages": Table(DisputeStage, "IRO dispute stages", ("dispute",)),
    "family_time": Table(FamilyTimeArrangement, "family time arrangements", ("period",),
                         keyed=True),
    "sessions": Table(FamilyTimeSession, "family time sessions", ("arrangement",)),
}


@dataclass
class Stay:
    """One planned placement (before it becomes a row)."""

    start: date
    end: date | None
    kind: str  # foster, connected, home, supported, parents, adoption
    place: str
    same_carer: bool = False
    long_term: bool = False
    reason: str = ""  # why it ended (when another placement follows)


@dataclass(frozen=True)
class Kid:
    pk: int
    born: date
    sex: str
    uasc: bool
    first_name: str
    last_name: str


def _exit(reason: str) -> str:
    if reason in EXITS:
        return EXITS[reason]
    return "home" if reason else "open"


class Planner:
    """Plans one child's periods of care into ``rows``."""

    def __init__(self, *, rng: random.Random, days: WorkingDays, today: date, area: str,
                 home_pool: list[str], away_pools: list, held: dict, iros: dict,
                 iro_users: list, managers: dict, spare: list) -> None:
        self.rng, self.days, self.today, self.area = rng, days, today, area
        self.home_pool, self.away_pools = home_pool, away_pools
        self.held, self.iros, self.iro_users = held, iros, iro_users
        self.managers, self.spare = managers, spare
        self.rows = Rows()
        self.counts: Counter[str] = Counter()

    # --- Days and people ----------------------------------------------------------------

    def _wd(self, day: date, n: int) -> date:
        return self.days.add(day, n)

    def _on_or_after(self, day: date) -> date:
        return self.days.days[bisect.bisect_left(self.days.days, day)]

    def _on_or_before(self, day: date) -> date:
        return self.days.days[bisect.bisect_right(self.days.days, day) - 1]

    def _at(self, day: date, hour: int = 17) -> datetime:
        return datetime.combine(min(day, self.today), time(hour, 0), LONDON).astimezone(UTC)

    def _worker(self, child_id: int, day: date) -> int:
        spells = self.held.get(child_id, ())
        for start, end, worker in spells:
            if start <= day and (end is None or end > day):
                return worker
        later = [w for s, _e, w in spells if s > day]
        if later:
            return later[0]
        return spells[-1][2] if spells else self.rng.choice(self.spare)

    def _iro(self, child_id: int, day: date) -> int:
        spells = self.iros.get(child_id, ())
        for start, end, worker in spells:
            if start <= day and (end is None or end > day):
                return worker
        if spells:
            return spells[0][2] if day < spells[0][0] else spells[-1][2]
        return self.iro_users[child_id % len(self.iro_users)]

    def _manager(self, worker: int) -> int:
        return self.managers.get(worker) or worker

    # --- One child ----------------------------------------------------------------------

    def child(self, kid: Kid, stages: list, homes: list, family_postcodes: list) -> None:
        last_end = None
        for start, end, reason in stages:
            if start < kid.born or (last_end is not None and start <= last_end):
                self.counts["stages skipped"] += 1
                continue
            home = "" if kid.uasc else self._home_postcode(start, homes, family_postcodes)
            self._period(kid, start, end, _exit(reason), home)
            last_end = end

    def _home_postcode(self, start: date, homes: list, family: list) -> str:
        """Where the child lived before they became looked after (or the family's home)."""
        before = [p for s, e, p, _town in homes if s < start and (e is None or e >= start)]
        if before:
            return before[-1]
        if family:
            return family[0]
        return homes[0][2] if homes else self.rng.choice(self.home_pool)

    def _period(self, kid: Kid, start: date, end: date | None, exit_kind: str, home: str) -> None:
        rng = self.rng
        stop = end if end is not None else self.today + timedelta(days=1)  # exclusive
        age = _age(kid.born, start)
        category = "N8" if kid.uasc else _weighted(rng, CATEGORY_MIX)
        if category == "N6" and age < 10:
            category = "N5"
        worker = self._worker(kid.pk, start)
        statuses = self._legal(kid, start, stop, age, exit_kind)
        adoption_day = next((d for d, code in statuses if code == "E1"), None)
        stays = self._stays(kid, start, stop, exit_kind, statuses, adoption_day)
        end_reason = self._end_reason(exit_kind, stays, statuses) if end is not None else ""
        plan_due = self._wd(start, 10)
        care_plan_on = None
        if rng.random() < ON_TIME["care plan"]:
            care_plan_on = min(self._wd(start, rng.randint(0, 10)), plan_due)
        elif self._wd(start, 11) < stop:
            care_plan_on = self._wd(start, rng.randint(11, 30))
        if care_plan_on is not None and (care_plan_on > self.today or care_plan_on >= stop):
            care_plan_on = None
        period = PeriodOfCare(
            child_id=kid.pk, start=start, end=end, end_reason=end_reason,
            category_of_need=category, home_postcode=home,
            reason=words.REASONS_CARE.get(category, ""), care_plan_on=care_plan_on,
            recorded_by_id=worker, recorded_at=self._at(start))
        self.rows.periods.append(period)
        for day, code in statuses:
            self.rows.statuses.append(LegalStatus(
                period=period, child_id=kid.pk, status=code, start=day,
                recorded_by_id=self._worker(kid.pk, day), recorded_at=self._at(day)))
        placements = [self._placement(kid, period, stay, i, home) for i, stay in enumerate(stays)]
        self.counts["periods"] += 1
        self.counts[f"exit {exit_kind}"] += 1
        for placement in placements:
            self._visits(kid, period, placement, stop)
        first_review = self._reviews(kid, period, stop, exit_kind, placements)
        self._health(kid, period, stop)
        self._peps(kid, period, stop)
        if (stop - start).days > 90 and rng.random() < DISPUTE_SHARE:
            self._dispute(kid, period, first_review or start, stop)
        if not kid.uasc and (exit_kind != "adopted" or rng.random() < 0.6):
            self._family_time(kid, period, stop, statuses)

    # --- Legal statuses ---------------------------------------------------------------------

    def _legal(self, kid: Kid, start: date, stop: date, age: int, exit_kind: str
               ) -> list[tuple[date, str]]:
        """(day, code) from the period's first day; every change on a later day, before the
        period ends."""
        rng = self.rng
        length = (stop - start).days
        if kid.uasc or length < 4:
            return [(start, "V2")]
        out: list[tuple[date, str]] = []
        day = start
        roll = rng.random()
        if roll < 0.03:
            out.append((start, "L1"))
            day = start + timedelta(days=rng.randint(1, 2))
        elif roll < 0.06:
            out.append((start, "L2"))
            day = start + timedelta(days=rng.randint(3, 8))
        elif (roll < 0.09 and age >= 12 and exit_kind == "home" and length <= 240):
            self.counts["remands"] += 1
            return [(start, "J1")]
        court = exit_kind in ("adopted", "sgo", "cao") or rng.random() < 0.55
        code = "C1" if court else "V2"
        if out and day >= stop:
            return [(start, code)]
        out.append((day, code))
        if code == "V2" and exit_kind not in ("home",) and rng.random() < 0.18:
            switch = day + timedelta(days=rng.randint(30, 200))
            if switch < stop - timedelta(days=2):
                day, code = switch, "C1"
                out.append((day, code))
        if code == "C1":
            # Care proceedings: about a quarter finish within 26 weeks, a long tail runs past a
            # year (the national picture: a median near 40 weeks).
            band = rng.random()
            weeks = (rng.randint(18, 26) if band < 0.25 else rng.randint(27, 45) if band < 0.75
                     else rng.randint(46, 70))
            final = day + timedelta(weeks=weeks)
            if exit_kind == "adopted":
                final = start + timedelta(days=int(length * rng.uniform(0.3, 0.4)))
            full = not (exit_kind in ("sgo", "cao") and rng.random() < 0.6)
            if full and day < final < stop and final <= self.today:
                out.append((final, "C2"))
                day = final
        if exit_kind == "adopted" or (
                exit_kind == "open" and age < 4 and length > 400 and rng.random() < 0.2):
            order = day + timedelta(days=rng.randint(1, 60))
            if exit_kind == "adopted":
                order = max(day + timedelta(days=1),
                            start + timedelta(days=int(length * rng.uniform(0.42, 0.5))))
            if order < stop - timedelta(days=20) and order <= self.today:
                out.append((order, "E1"))
        return out

    @staticmethod
    def _status_on(statuses: list, day: date) -> str:
        code = statuses[0][1]
        for d, c in statuses:
            if d <= day:
                code = c
        return code

    def _end_reason(self, exit_kind: str, stays: list[Stay], statuses: list) -> str:
        rng = self.rng
        last = stays[-1]
        if exit_kind == "adopted" and last.place == "A6":
            return "E11" if rng.random() < 0.75 else "E12"
        if exit_kind == "sgo":
            if last.place in CONNECTED:
                return "E45"
            if last.place in FOSTER and rng.random() < 0.4:
                return "E46"
            return "E47" if rng.random() < 0.8 else "E48"
        if exit_kind == "cao":
            return "E41"
        if exit_kind == "eighteen":
            if last.place in FOSTER + CONNECTED and rng.random() < 0.45:
                return "E17"  # staying put with the carers
            return "E5" if rng.random() < 0.8 else "E6"
        if statuses[-1][1] == "J1":
            return "E14"
        return "E4A" if rng.random() < 0.88 else "E4B"

    # --- Placements --------------------------------------------------------------------------

    def _kind_for(self, kid: Kid, age: int, first: bool) -> tuple[str, str]:
        """(kind, placement type) for a placement starting at this age."""
        rng = self.rng
        if kid.uasc:
            if age >= 16:
                return ("supported", "K3") if rng.random() < 0.5 else ("foster", "U6")
            return ("home", "K2") if rng.random() < 0.25 else ("foster", "U6")
        if age >= 16:
            pairs = (("foster", 50), ("connected", 6), ("home", 12), ("supported", 32))
        elif age >= 11:
            pairs = (("foster", 66), ("connected", 12), ("home", 22))
        elif age >= 8:
            pairs = (("foster", 80), ("connected", 16), ("home", 4))
        else:
            pairs = (("foster", 79), ("connected", 21))
        kind = _weighted(rng, pairs)
        if kind == "foster":
            return kind, "U6" if first or rng.random() < 0.85 else "U4"
        if kind == "connected":
            return kind, "U3" if first or rng.random() < 0.85 else "U1"
        if kind == "home":
            return kind, "K2"
        return kind, "K3"

    def _stays(self, kid: Kid, start: date, stop: date, exit_kind: str, statuses: list,
               adoption_day: date | None) -> list[Stay]:
        rng = self.rng
        # Days of placement changes: a run of stays, shorter at first.
        adoption_from = None
        if exit_kind == "adopted" and adoption_day is not None:
            span = (stop - adoption_day).days
            adoption_from = adoption_day + timedelta(days=max(1, int(span * rng.uniform(0.2, 0.5))))
            if adoption_from >= stop - timedelta(days=14):
                adoption_from = None
        elif adoption_day is not None and rng.random() < 0.35:
            candidate = adoption_day + timedelta(days=rng.randint(30, 180))
            if candidate < stop - timedelta(days=7):
                adoption_from = candidate  # placed for adoption, the order not yet made
        main_stop = adoption_from or stop
        cuts = [start]
        day = start
        emergency = rng.random() < 0.35
        while True:
            if day == start and emergency:  # an emergency placement, soon followed by a planned one
                length = rng.randint(5, 60)
            else:
                length = max(14, int(rng.lognormvariate(6.0 if day == start else 6.3, 0.9)))
            day = day + timedelta(days=length)
            if day >= main_stop - timedelta(days=7):
                break
            cuts.append(day)
        if adoption_from is not None:
            cuts.append(adoption_from)
        stays: list[Stay] = []
        for i, cut in enumerate(cuts):
            until = cuts[i + 1] if i + 1 < len(cuts) else (stop if stop <= self.today else None)
            age = _age(kid.born, cut)
            if adoption_from is not None and cut == adoption_from:
                stays.append(Stay(cut, until, "adoption", "A6"))
                continue
            kind, place = self._kind_for(kid, age, i == 0)
            if kind == "supported" and age < 16:
                kind, place = "foster", "U6"
            stays.append(Stay(cut, until, kind, place))
        self._with_parents(kid, stays, statuses, exit_kind, stop)
        if adoption_from is not None and len(stays) >= 2 and stays[-2].place not in FOSTER + CONNECTED:
            stays[-2].kind, stays[-2].place = "foster", "U6"  # placed for adoption from foster care
        out: list[Stay] = []
        for i, stay in enumerate(stays):
            nxt = stays[i + 1] if i + 1 < len(stays) else None
            if nxt is not None:
                stay.reason = _weighted(rng, MOVE_REASONS)
                if nxt.place == "A6" or nxt.place == "P1":
                    stay.reason = "CARPL"
            out += self._designate(kid, stay, nxt)
        return out

    def _with_parents(self, kid, stays, statuses, exit_kind, stop) -> None:
        """Some children on a care order go home on a placement with parents before the order
        is discharged; a few live at home on a full care order. Never under section 20."""
        rng = self.rng
        last = stays[-1]
        codes_from = {s[1] for s in statuses if s[0] >= last.start}
        allowed = {self._status_on(statuses, last.start)} | codes_from
        if kid.uasc or not allowed <= {"C1", "C2"}:
            return
        home_share = 0.45 if exit_kind == "home" else (0.08 if exit_kind == "open" else 0.0)
        if rng.random() < home_share and len(stays) >= 1:
            if len(stays) == 1:
                split = last.start + timedelta(days=max(7, int((stop - last.start).days * 0.7)))
                if split >= stop - timedelta(days=7) or split > self.today:
                    return
                stays.append(Stay(split, last.end, "parents", "P1"))
                last.end = split
            else:
                last.kind, last.place = "parents", "P1"

    def _designate(self, kid: Kid, stay: Stay, nxt: Stay | None) -> list[Stay]:
        """A settled foster placement designated long-term: from then on a placement of the
        long-term type with the same carer (reason: change in the status of placement only)."""
        rng = self.rng
        if stay.place == "U4" or stay.place == "U1":
            stay.long_term = True
            return [stay]
        if stay.place not in ("U6", "U3"):
            return [stay]
        stop = stay.end or self.today
        age = _age(kid.born, stay.start)
        if (stop - stay.start).days < 300 or age >= 15 or rng.random() > 0.5:
            return [stay]
        split = stay.start + timedelta(days=rng.randint(180, 420))
        if split >= stop - timedelta(days=30) or split > self.today:
            return [stay]
        after = Stay(split, stay.end, stay.kind, "U4" if stay.place == "U6" else "U1",
                     same_carer=True, long_term=True, reason=stay.reason)
        stay.end, stay.reason = split, "PLACE"
        self.counts["long-term designations"] += 1
        return [stay, after]

    def _postcode(self, kind: str, home: str) -> tuple[str, str]:
        """(postcode, town) for a new placement: in the council's area or a neighbour's."""
        rng = self.rng
        if self.away_pools and rng.random() < OUT_OF_AREA.get(kind, 0.2):
            pool, town = self.away_pools[rng.choices(
                range(len(self.away_pools)), [w for *_r, w in self.away_pools])[0]][:2]
        else:
            pool, town = self.home_pool, "Hull"
        postcode = rng.choice(pool)
        while postcode == home:
            postcode = rng.choice(pool)
        return postcode, town

    def _carer(self, stay: Stay, kid: Kid, area_in: bool) -> tuple[str, str, str, str]:
        """(carer kind, carer name, provider, URN)."""
        rng = self.rng
        first, surname = rng.choice(words.CARER_FIRST), rng.choice(words.CARER_SURNAMES)
        if stay.kind == "foster":
            roll = rng.random()
            if roll < (0.6 if area_in else 0.25):
                name = (f"{first} and {rng.choice(words.CARER_FIRST)} {surname}"
                        if rng.random() < 0.6 else f"{first} {surname}")
                return CarerKind.IN_HOUSE_FOSTER, name, "PR1", ""
            voluntary = rng.random() < 0.2
            agency = rng.choice(words.VOLUNTARY_AGENCIES if voluntary else words.AGENCIES)
            return (CarerKind.AGENCY_FOSTER, f"{first} {surname} ({agency})",
                    "PR5" if voluntary else "PR4", "")
        if stay.kind == "connected":
            return (CarerKind.CONNECTED_PERSON, f"{rng.choice(words.CONNECTED_WHO)}, {first} "
                    f"{kid.last_name if rng.random() < 0.6 else surname}", "PR1", "")
        if stay.kind == "home":
            street = rng.choice(STREET_FIRST)
            own = area_in and rng.random() < 0.3
            provider = words.COUNCIL_HOMES if own else rng.choice(words.HOME_PROVIDERS)
            return (CarerKind.CHILDRENS_HOME, f"{street} House ({provider})",
                    "PR1" if own else ("PR5" if rng.random() < 0.1 else "PR4"),
                    f"SC{rng.randint(100000, 999999)}")
        if stay.kind == "supported":
            return (CarerKind.SUPPORTED, f"{rng.choice(STREET_FIRST)} Court "
                    f"({rng.choice(words.SUPPORTED_PROVIDERS)})", rng.choice(("PR4", "PR5")),
                    f"2{rng.randint(100000, 999999)}")
        if stay.kind == "parents":
            return CarerKind.PARENTS, f"{rng.choice(words.PARENTS_WHO)} ({kid.last_name})", "PR0", ""
        agency = rng.choice(words.ADOPTION_AGENCIES)
        return (CarerKind.ADOPTION, f"Prospective adopters {first} and "
                f"{rng.choice(words.CARER_FIRST)} {surname} ({agency})",
                "PR1" if agency.startswith("Regional") else "PR5", "")

    def _placement(self, kid: Kid, period: PeriodOfCare, stay: Stay, i: int, home: str
                   ) -> Placement:
        rng = self.rng
        previous = self.rows.placements[-1] if i else None
        if stay.same_carer and previous is not None:
            postcode, area, in_area, miles = (previous.postcode, previous.area_code,
                                              previous.in_area, previous.miles_from_home)
            carer_kind, carer, provider, urn = (previous.carer_kind, previous.carer_name,
                                                previous.provider, previous.urn)
            address = previous.address
        else:
            if stay.kind == "parents" and home:
                raw, town = home, "Hull"
            else:
                raw, town = self._postcode(stay.kind, home)
            postcode, area, in_area, miles = _where(raw, home)
            carer_kind, carer, provider, urn = self._carer(stay, kid, in_area)
            if provider == "PR1" and stay.kind in ("home",) and not in_area:
                provider = "PR4"  # the council's own homes are in its area
            address = (f"{rng.randint(1, 180)} {rng.choice(STREET_FIRST)} "
                       f"{rng.choice(('Road', 'Avenue', 'Close', 'Grove', 'Way'))}, {town}")
        worker = self._worker(kid.pk, stay.start)
        planned = not (i == 0 and rng.random() < 0.4) and rng.random() < 0.9
        plan_on = notified = None
        stop = stay.end or self.today + timedelta(days=1)
        for which in ("plan", "notified"):
            if rng.random() < ON_TIME["plan"]:
                day = (stay.start - timedelta(days=rng.randint(1, 10)) if planned and rng.random() < 0.5
                       else self._wd(stay.start, rng.randint(0, 5)))
            else:
                day = self._wd(stay.start, rng.randint(6, 25))
            if day > self.today or (day >= stop and day > stay.start):
                day = None
            if which == "plan":
                plan_on = day
            else:
                notified = day
        placement = Placement(
            child_id=kid.pk, period=period, start=stay.start, end=stay.end,
            placement_type=stay.place, provider=provider, carer_kind=carer_kind,
            carer_name=carer, same_carer=stay.same_carer, urn=urn, address=address,
            postcode=postcode, area_code=area, in_area=in_area, miles_from_home=miles,
            planned=planned, long_term_from=stay.start if stay.long_term else None,
            plan_agreed_on=plan_on, notified_on=notified,
            end_reason=stay.reason if stay.end is not None and stay.reason else "",
            end_detail=words.END_DETAIL.get(stay.reason, "") if stay.reason else "",
            recorded_by_id=worker, recorded_at=self._at(stay.start))
        if stay.same_carer and previous is not None:
            placement.regulated = previous.regulated
            placement.temporary_approval = previous.temporary_approval
            placement.approved_on = previous.approved_on
            placement.extension_from = previous.extension_from
            placement.resolved_on = previous.resolved_on
            placement.resolved_how = previous.resolved_how
            if placement.temporary_approval and placement.approved_on is None:
                placement.approved_on = stay.start  # approved before the long-term match
        elif stay.kind == "connected":
            self._connected(placement, stop)
        elif stay.kind == "home" and _age(kid.born, stay.start) >= 11 and rng.random() < 0.15:
            placement.regulated = False  # registration applied for: Ofsted's URN, not yet registered
            self.counts["unregulated placements"] += 1
            resolved = stay.start + timedelta(days=rng.randint(20, 150))
            if rng.random() < 0.55 and resolved < stop and resolved <= self.today:
                placement.resolved_on, placement.resolved_how = resolved, "Registered with Ofsted"
        elif stay.kind == "parents" and rng.random() < 0.3:
            placement.parent_before_assessment = True
        self.rows.placements.append(placement)
        self.counts[f"placement {stay.place}"] += 1
        self.counts["out of area"] += not in_area
        return placement

    def _connected(self, placement: Placement, stop: date) -> None:
        rng = self.rng
        start = placement.start
        roll = rng.random()
        if roll < 0.55:
            placement.temporary_approval = True
            sixteen = start + timedelta(weeks=16)
            if rng.random() < 0.22:
                decided = sixteen - timedelta(days=rng.randint(1, 14))
                if decided < stop and decided <= self.today:
                    placement.extension_from = sixteen
                    approved = sixteen + timedelta(days=rng.randint(7, 60))
                    if rng.random() < 0.85 and approved < stop and approved <= self.today:
                        placement.approved_on = approved
                    self.counts["temporary approvals extended"] += 1
                    return
            approved = start + timedelta(days=rng.randint(50, 112) if rng.random() < 0.9
                                         else rng.randint(113, 150))
            if approved < stop and approved <= self.today:
                placement.approved_on = approved
        elif roll < 0.9:
            placement.approved_on = start  # already approved as the child's foster carers
        else:
            self.counts["connected persons not assessed"] += 1
            resolved = start + timedelta(days=rng.randint(30, 140))
            if rng.random() < 0.5 and resolved < stop and resolved <= self.today:
                placement.approved_on = placement.resolved_on = resolved
                placement.resolved_how = "Connected person approved"

    # --- Visits ---------------------------------------------------------------------------

    def _visits(self, kid: Kid, period: PeriodOfCare, placement: Placement, stop: date) -> None:
        rng = self.rng
        end = min(placement.end or stop, stop, self.today + timedelta(days=1))
        first_review = self._wd(period.start, 20)
        day = placement.start + timedelta(days=rng.randint(0, 7) if rng.random() < ON_TIME[
            "first visit"] else rng.randint(8, 21))
        while day < end:
            seen = rng.random() < VISIT_SEEN
            self.rows.visits.append(self._visit(kid, placement, day, seen))
            if not seen:
                day += timedelta(days=rng.randint(2, 10))
                continue
            weekly = (placement.parent_before_assessment or (
                placement.temporary_approval and (placement.approved_on is None
                                                  or day < placement.approved_on)))
            year_on = day >= birthday(placement.start, 1)
            late = rng.random() >= ON_TIME["visit"]
            if weekly and day < first_review:
                gap = rng.randint(5, 7) if not late else rng.randint(8, 12)
            elif weekly:
                gap = rng.randint(20, 28) if not late else rng.randint(29, 40)
            elif year_on and placement.long_term_from is not None:
                gap = rng.randint(60, 91) if not late else rng.randint(92, 130)
            else:
                gap = rng.randint(24, 42) if not late else rng.randint(43, 75)
            day += timedelta(days=gap)

    def _visit(self, kid: Kid, placement: Placement, day: date, seen: bool) -> CareVisit:
        rng = self.rng
        worker = self._worker(kid.pk, day)
        visit = CareVisit(child_id=kid.pk, placement=placement, visited_on=day, seen=seen,
                          worker_id=worker, recorded_by_id=worker,
                          recorded_at=self._at(day + timedelta(days=rng.choice((0, 0, 1, 2)))))
        if not seen:
            visit.not_seen_reason = rng.choice(words.NOT_SEEN)
            self.counts["visits not seen"] += 1
            return visit
        years = _age(kid.born, day)
        visit.where = _weighted(rng, ((VisitPlace.PLACEMENT, 84), (VisitPlace.SCHOOL, 7 if years >= 4 else 0),
                                      (VisitPlace.COMMUNITY, 5), (VisitPlace.VIRTUAL, 2),
                                      (VisitPlace.OFFICE, 2)))
        visit.seen_alone = years >= 4 and rng.random() < SEEN_ALONE
        if not visit.seen_alone:
            visit.not_alone_reason = rng.choice(words.NOT_ALONE_YOUNG if years < 4
                                                else words.NOT_ALONE_OLDER)
        if visit.where == VisitPlace.PLACEMENT:
            visit.bedroom_seen = rng.random() < 0.8
        visit.child_said = rng.choice(words.SAID_YOUNG if years < 4 else words.SAID_OLDER)
        return visit

    # --- Reviews --------------------------------------------------------------------------

    def _reviews(self, kid: Kid, period: PeriodOfCare, stop: date, exit_kind: str,
                 placements: list[Placement]) -> date | None:
        rng = self.rng
        first = None
        last = period.start
        n = 0
        plan = {"adopted": "adoption", "sgo": "sgo", "cao": "cao", "home": "home",
                "eighteen": "independence"}.get(exit_kind, "long_term")
        while True:
            if n == 0:
                due = self._wd(period.start, 20)
                held = (self._wd(period.start, rng.randint(8, 20)) if rng.random() < ON_TIME[
                    "first review"] else self._wd(period.start, rng.randint(21, 40)))
            else:
                due = last + relativedelta(months=3 if n == 1 else 6)
                early = 25 if n == 1 else 50
                if rng.random() < ON_TIME["review"]:
                    held = self._on_or_before(due - timedelta(days=rng.randint(0, early)))
                else:
                    held = self._on_or_after(due + timedelta(days=rng.randint(1, 45)))
                held = max(held, last + timedelta(days=1))
            if held > stop or held > self.today:
                break
            years = _age(kid.born, held)
            code = "PN0" if years < 4 else _weighted(rng, PARTICIPATION_MIX)
            iro = self._iro(kid.pk, held)
            self.rows.reviews.append(Review(
                child_id=kid.pk, period=period, held_on=held, participation=code, iro_id=iro,
                permanence_plan=words.PERMANENCE[plan],
                decisions=rng.choice(words.REVIEW_DECISIONS), recorded_by_id=iro,
                recorded_at=self._at(held + timedelta(days=rng.randint(0, 5)))))
            self.counts["reviews late"] += held > due
            if n == 0:
                first = held
            last, n = held, n + 1
        return first

    # --- Health and education -------------------------------------------------------------

    def _health(self, kid: Kid, period: PeriodOfCare, stop: date) -> None:
        rng = self.rng
        end = min(stop, self.today + timedelta(days=1))
        initial = (self._wd(period.start, rng.randint(3, 20)) if rng.random() < ON_TIME[
            "initial health"] else self._wd(period.start, rng.randint(21, 50)))
        if initial >= end:
            return
        self._health_row(kid, period, HealthKind.INITIAL, initial, rng.choice(words.HEALTH_BY))
        self._health_row(kid, period, HealthKind.IMMUNISATIONS, initial, "")
        day = initial
        while True:
            due = day + relativedelta(months=6 if _age(kid.born, day) < 5 else 12)
            day = (due - timedelta(days=rng.randint(0, 40)) if rng.random() < ON_TIME["health"]
                   else due + timedelta(days=rng.randint(1, 70)))
            if day >= end:
                break
            self._health_row(kid, period, HealthKind.REVIEW, day, rng.choice(words.HEALTH_BY))
            if rng.random() < 0.92:
                self._health_row(kid, period, HealthKind.IMMUNISATIONS, day, "")
        years_span = range(period.start.year, end.year + 1)
        for year in years_span:
            dental = date(year, rng.randint(1, 12), rng.randint(1, 28))
            if period.start < dental < end and _age(kid.born, dental) >= 1 and rng.random() < 0.85:
                self._health_row(kid, period, HealthKind.DENTAL, dental, rng.choice(words.DENTAL_BY))
            sdq = date(year, rng.choice((1, 2, 3)), rng.randint(1, 28))
            if (period.start + timedelta(days=300) < sdq < end and 4 <= _age(kid.born, sdq) <= 16
                    and rng.random() < 0.9):
                score = max(0, min(40, int(rng.gauss(14, 7))))
                self._health_row(kid, period, HealthKind.SDQ, sdq, "Carer's questionnaire",
                                 score=score)
                if score >= 20 and rng.random() < 0.4:
                    self._health_row(kid, period, HealthKind.CAMHS,
                                     sdq + timedelta(days=rng.randint(7, 40)), "CAMHS", limit=end)

    def _health_row(self, kid, period, kind, day, by, score=None, limit=None) -> None:
        if limit is not None and day >= limit:
            return
        worker = self._worker(kid.pk, day)
        self.rows.health.append(HealthRecord(
            child_id=kid.pk, period=period, kind=kind, on=day, sdq_score=score, by=by,
            note=words.HEALTH_NOTES.get(kind, ""), recorded_by_id=worker,
            recorded_at=self._at(day + timedelta(days=self.rng.randint(0, 10)))))

    def _peps(self, kid: Kid, period: PeriodOfCare, stop: date) -> None:
        rng = self.rng
        end = min(stop, self.today + timedelta(days=1))
        # Early years PEPs from the term after the third birthday (a funded nursery place).
        school_from = max(period.start, date(kid.born.year + 3, 9, 1)
                          if (kid.born.month, kid.born.day) < (9, 1)
                          else date(kid.born.year + 4, 9, 1))
        eighteen = birthday(kid.born, 18)
        if school_from >= end or school_from >= eighteen:
            return
        day = (self._wd(school_from, rng.randint(3, 10)) if rng.random() < ON_TIME["pep"]
               else self._wd(school_from, rng.randint(11, 35)))
        while day < end and day < eighteen:
            years = _age(kid.born, day)
            school = rng.choice(words.NURSERIES if years < 4 else
                                words.SCHOOLS_PRIMARY if years < 11 else
                                words.SCHOOLS_SECONDARY if years < 16 else words.SCHOOLS_COLLEGE)
            contact = words.VIRTUAL_SCHOOL[0 if years < 11 else 1 if years < 16 else 2]
            self.rows.peps.append(Pep(
                child_id=kid.pk, period=period, held_on=day, school=school,
                virtual_school_contact=contact, targets=rng.choice(words.PEP_TARGETS),
                recorded_by_id=self._worker(kid.pk, day), recorded_at=self._at(day)))
            day = self._on_or_after(day + timedelta(days=rng.randint(95, 125) if rng.random() < 0.85
                                                    else rng.randint(126, 200)))

    # --- Disputes and family time ---------------------------------------------------------

    def _dispute(self, kid: Kid, period: PeriodOfCare, after: date, stop: date) -> None:
        rng = self.rng
        end = min(stop, self.today + timedelta(days=1))
        raised = self._on_or_after(after + timedelta(days=rng.randint(5, 120)))
        if raised >= end:
            return
        concern, why, sought = rng.choice(words.DISPUTES)
        iro = self._iro(kid.pk, raised)
        dispute = Dispute(child_id=kid.pk, period=period, raised_on=raised, iro_id=iro,
                          concern=concern, why=why, outcome_sought=sought,
                          recorded_by_id=iro, recorded_at=self._at(raised))
        self.rows.disputes.append(dispute)
        self.counts["disputes"] += 1
        opened = raised
        stages = rng.choices((1, 2, 3, 4), weights=(50, 30, 15, 5))[0]
        configured = [(s["key"], s["working_days"], s["label"])
                      for s in getattr(settings, "LANTERN_IRO_DISPUTE_STAGES", ())]
        for n, (key, wd, to) in enumerate((configured or words.DISPUTE_STAGES)[:stages]):
            due = self._wd(opened, wd)
            responded = (self._wd(opened, rng.randint(1, wd)) if rng.random() < 0.8
                         else self._wd(opened, wd + rng.randint(1, 6)))
            answered = responded <= self.today
            self.rows.dispute_stages.append(DisputeStage(
                dispute=dispute, stage=key, opened_on=opened, addressed_to=to,
                response_working_days=wd, response_due=due,
                responded_on=responded if answered else None,
                response=rng.choice(words.DISPUTE_RESPONSES) if answered else "",
                recorded_by_id=iro, recorded_at=self._at(opened)))
            if not answered:
                return
            if n + 1 < stages:
                opened = self._wd(responded, 1)
                if opened > self.today:
                    break
            else:
                break
        if responded <= self.today and rng.random() < 0.85:
            dispute.closed_on = responded
            dispute.outcome = _weighted(rng, ((DisputeOutcome.RESOLVED, 70),
                                              (DisputeOutcome.PARTLY, 20),
                                              (DisputeOutcome.NOT_RESOLVED, 6),
                                              (DisputeOutcome.CAFCASS, 2),
                                              (DisputeOutcome.WITHDRAWN, 2)))
            dispute.outcome_note = "Outcome agreed with the service; the IRO will check at the review."

    def _family_time(self, kid: Kid, period: PeriodOfCare, stop: date, statuses: list) -> None:
        rng = self.rng
        end = min(stop, self.today + timedelta(days=1))
        court = any(code in ("C1", "C2", "E1", "L2") for _d, code in statuses)
        for with_whom in sorted({_weighted(rng, words.FAMILY_WHO)
                                 for _ in range(rng.choice((1, 1, 2)))}):
            begin = period.start + timedelta(days=rng.randint(2, 12))
            if begin >= end:
                return
            every = rng.choice((7, 7, 14, 14, 28)) if court else rng.choice((7, 14, 28, 28))
            supervised = court and rng.random() < 0.8
            mode = _weighted(rng, ((FamilyTimeMode.FACE_TO_FACE, 85), (FamilyTimeMode.VIRTUAL, 12),
                                   (FamilyTimeMode.LETTER, 3)))
            worker = self._worker(kid.pk, begin)
            arrangement = FamilyTimeArrangement(
                child_id=kid.pk, period=period, with_whom=with_whom, every_days=every,
                supervised=supervised, mode=mode, start=begin, end=period.end,
                recorded_by_id=worker, recorded_at=self._at(begin))
            self.rows.family_time.append(arrangement)
            # Sessions over the last six months of the arrangement.
            day = max(begin, end - timedelta(days=182))
            while day < end:
                outcome = _weighted(rng, ((SessionOutcome.HELD, 82),
                                          (SessionOutcome.CANCELLED_FAMILY, 9),
                                          (SessionOutcome.CANCELLED_CHILD, 3),
                                          (SessionOutcome.CANCELLED_COUNCIL, 3),
                                          (SessionOutcome.CANCELLED_CARER, 3)))
                self.rows.sessions.append(FamilyTimeSession(
                    arrangement=arrangement, on=day, outcome=outcome,
                    note=words.SESSION_NOTES.get(outcome, ""),
                    recorded_by_id=self._worker(kid.pk, day), recorded_at=self._at(day)))
                day += timedelta(days=every + rng.randint(-1, 2))


def _link(objs: list, names: tuple[str, ...]) -> None:
    for obj in objs:
        for name in names:
            parent = getattr(obj, name)
            if parent is not None:
                setattr(obj, f"{name}_id", parent.pk)


def _write(rows: Rows, *, admin, at: datetime, counts: Counter) -> None:
    for name, table in TABLES.items():
        objs = getattr(rows, name)
        _link(objs, table.links)
        if table.keyed:
            table.model.objects.bulk_create(objs, batch_size=2000)
        else:
            insert(table.model, objs)
        counts[name] += len(objs)
    append_many([{
        "actor": admin, "at": at, "obj": None,
        "action": f"Children in care records added (synthetic council): {len(rows.periods)} "
                  f"periods of care, {len(rows.placements)} placements, {len(rows.visits)} "
                  f"statutory visits, {len(rows.reviews)} looked-after reviews",
        "after": {t.label: len(getattr(rows, name)) for name, t in TABLES.items()},
    }])
    counts["batches"] += 1


def _pools(area: str) -> tuple[list[str], list]:
    home = postcodes_in_area(area, HOME_LETTERS.get(area, ("H",)))
    away = []
    for code, letters, town, weight in NEIGHBOURS.get(area, ()):
        found = postcodes_in_area(code, letters)
        if found:
            away.append((found, town, weight))
    return home, away


def _read(today: date) -> dict:
    """What the earlier stages wrote, in a fixed number of queries."""
    stages: dict[int, list] = defaultdict(list)
    for child_id, start, end, reason in (Involvement.objects.filter(level=LAC, start__lte=today)
                                         .order_by("child_id", "start", "pk")
                                         .values_list("child_id", "start", "end", "end_reason")):
        stages[child_id].append((start, end, reason))
    ids = list(stages)
    kids = {pk: Kid(pk, born, sex, uasc, first, last) for pk, born, sex, uasc, first, last in
            Child.objects.filter(pk__in=ids, date_of_birth__isnull=False).values_list(
                "pk", "date_of_birth", "sex", "uasc", "first_name", "last_name")}
    homes: dict[int, list] = defaultdict(list)
    for child_id, start, end, postcode, town in (Address.objects.filter(child_id__in=ids)
                                                 .order_by("child_id", "start", "pk")
                                                 .values_list("child_id", "start", "end",
                                                              "postcode", "town")):
        homes[child_id].append((start, end, postcode, town))
    family: dict[int, list] = defaultdict(list)
    for child_id, postcode in (Relationship.objects.filter(
            child_id__in=ids, adult__isnull=False, kind__in=("mother", "father", "parent"))
            .exclude(adult__postcode="").order_by("child_id", "kind", "pk")
            .values_list("child_id", "adult__postcode")):
        family[child_id].append(postcode)
    held: dict[int, list] = defaultdict(list)
    iros: dict[int, list] = defaultdict(list)
    for child_id, kind, start, end, worker in (
            Allocation.objects.filter(child_id__in=ids, worker__isnull=False,
                                      kind__in=(AllocationKind.SOCIAL_WORKER, AllocationKind.IRO))
            .order_by("child_id", "start", "pk")
            .values_list("child_id", "kind", "start", "end", "worker_id")):
        (held if kind == AllocationKind.SOCIAL_WORKER else iros)[child_id].append(
            (start, end, worker))
    return {"stages": stages, "kids": kids, "homes": homes, "family": family, "held": held,
            "iros": iros}


def write_care(*, seed: int, today: date, admin, at: datetime, reporter, summary
               ) -> dict[str, int]:
    """Plan and write the children in care records; returns counts."""
    rng = random.Random(f"care:{seed}")
    found = _read(today)
    stages, kids = found["stages"], found["kids"]
    if not kids:
        summary.rows.update({t.label: 0 for t in TABLES.values()})
        return {}
    area = settings.LANTERN_COUNCIL.get("area_code", "E06000010")
    home_pool, away_pools = _pools(area)
    iro_users = list(User.objects.filter(role=Role.IRO).order_by("pk").values_list("pk", flat=True))
    managers = dict(User.objects.exclude(line_manager__isnull=True).values_list(
        "pk", "line_manager_id"))
    spare = list(User.objects.filter(role=Role.SOCIAL_WORKER, team__service="children_in_care")
                 .order_by("pk").values_list("pk", flat=True)) or [admin.pk]
    first_day = min(s[0] for history in stages.values() for s in history)
    planner = Planner(rng=rng, days=WorkingDays(first_day - timedelta(days=30),
                                                          today + timedelta(days=60)),
                      today=today, area=area, home_pool=home_pool or ["HU1 1AA"],
                      away_pools=away_pools, held=found["held"], iros=found["iros"],
                      iro_users=iro_users or [admin.pk], managers=managers, spare=spare)
    counts: Counter[str] = Counter()
    with reporter.stage("Children in care", len(kids)) as advance:
        for child_id in sorted(kids):
            planner.child(kids[child_id], stages[child_id], found["homes"].get(child_id, []),
                          found["family"].get(child_id, []))
            advance(1)
            if len(planner.rows.periods) >= BATCH:
                _write(planner.rows, admin=admin, at=at, counts=counts)
                planner.rows = Rows()
        if planner.rows.periods:
            _write(planner.rows, admin=admin, at=at, counts=counts)
    written = {t.label: counts[name] for name, t in TABLES.items()}
    summary.rows.update(written)
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + counts["batches"]
    return {**written, **planner.counts}


# --- Missing and absent episodes (for lantern.missing) ------------------------------------

MISSING_SHARE = 0.10  # of children looked after in the history, teenagers mostly
REPEAT_SHARE = 0.3  # of those: three episodes within 30 days
INTERVIEW_HELD_72H = 0.63


@dataclass(frozen=True)
class InterviewPlan:
    offered_at: datetime
    accepted: bool
    held_at: datetime | None
    by_whom: str
    declined_reason: str
    child_said: str
    push_pull_factors: str
    exploitation_concerns: str
    actions: str


@dataclass(frozen=True)
class MissingPlan:
    child_id: int
    period_id: int
    kind: str  # "M" missing, "A" away from placement without authorisation
    started_at: datetime
    returned_at: datetime | None
    missing_from: str
    where_found: str
    reported_to_police_at: datetime | None
    risk_notes: str
    recorded_by: int
    interview: InterviewPlan | None


def plan_missing(*, rng: random.Random, today: date, stays: list, born: dict, held: dict,
                 spare: list) -> list[MissingPlan]:
    """Missing and absent episodes for about one in ten children looked after, with returns
    and return home interviews (offered to nearly all, about 63% held within 72 hours).

    ``stays`` is (child id, period id, placement start, placement end or None, carer name)
    for every placement, in a fixed order; ``born`` the children's dates of birth; ``held``
    their social worker allocations as (start, end, worker)."""
    by_child: dict[int, list] = defaultdict(list)
    for child_id, period_id, start, end, carer in stays:
        by_child[child_id].append((period_id, start, end, carer))
    out: list[MissingPlan] = []
    for child_id in sorted(by_child):
        dob = born.get(child_id)
        places = [p for p in by_child[child_id] if _age(dob, min(p[2] or today, today)) >= 11]
        if dob is None or not places:
            continue
        teen = any(_age(dob, min(p[2] or today, today)) >= 13 for p in places)
        if rng.random() >= (MISSING_SHARE * (2.4 if teen else 0.5)):
            continue
        period_id, start, end, carer = rng.choice(places)
        stop = min(end or today, today)
        first = max(start, birthday(dob, 11))
        if (stop - first).days < 10:
            continue
        day = first + timedelta(days=rng.randrange((stop - first).days - 5))
        count = 3 if rng.random() < REPEAT_SHARE else rng.choice((1, 1, 2))
        spells = held.get(child_id, ())
        worker = next((w for s, e, w in spells if s <= day and (e is None or e > day)),
                      spells[-1][2] if spells else rng.choice(spare))
        for _ in range(count):
            started = datetime.combine(day, time(rng.randint(15, 23), rng.choice((0, 15, 30, 45))),
                                       LONDON).astimezone(UTC)
            kind = "M" if rng.random() < 0.75 else "A"
            hours = rng.randint(2, 20) if kind == "A" else rng.randint(4, 72)
            returned = started + timedelta(hours=hours)
            if returned.date() > today:
                returned = None
            reported = started + timedelta(minutes=rng.randint(20, 180)) if kind == "M" else None
            interview = None
            if returned is not None and rng.random() < 0.95:
                offered = returned + timedelta(hours=rng.randint(2, 30))
                accepted = rng.random() < 0.8
                held_at = None
                if accepted:
                    within = rng.random() < INTERVIEW_HELD_72H / 0.76
                    held_at = returned + timedelta(hours=rng.randint(20, 71) if within
                                                   else rng.randint(73, 240))
                    if held_at.date() > today:
                        held_at = None
                interview = InterviewPlan(
                    offered_at=offered, accepted=accepted, held_at=held_at,
                    by_whom="Return home interview worker (independent of the care team)",
                    declined_reason="" if accepted else "Young person did not want to talk about it",
                    child_said=rng.choice(words.SAID_OLDER) if held_at else "",
                    push_pull_factors=("Wanted to see friends in the city centre; rows at the "
                                       "placement about phone use") if held_at else "",
                    exploitation_concerns=("Older males offering lifts; new phone and clothes "
                                           "unexplained") if held_at and rng.random() < 0.3 else "",
                    actions="Safety plan reviewed with carers; shared with police missing "
                            "coordinator" if held_at else "")
            out.append(MissingPlan(
                child_id=child_id, period_id=period_id, kind=kind, started_at=started,
                returned_at=returned, missing_from=carer,
                where_found=rng.choice(("Friend's house", "City centre", "Family home",
                                        "Found by police at the bus station")) if returned else "",
                reported_to_police_at=reported,
                risk_notes="Vulnerable to exploitation; has gone missing before" if count > 1 else
                "Not returned by the agreed time; phone switched off",
                recorded_by=worker, interview=interview))
            day = (returned or started).date() + timedelta(days=rng.randint(3, 9))
            if day >= stop:
                break
    return out


def write_missing(*, seed: int, today: date, admin, at: datetime, summary) -> int:
    """Write the planned missing episodes and their return interviews; returns the count."""
    from lantern.missing.models import MissingEpisode, ReturnInterview

    rng = random.Random(f"missing:{seed}")
    stays = list(Placement.objects.order_by("pk").values_list(
        "child_id", "period_id", "start", "end", "carer_name"))
    ids = {row[0] for row in stays}
    born = dict(Child.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    held: dict[int, list] = defaultdict(list)
    for child_id, start, end, worker in (Allocation.objects.filter(
            child_id__in=ids, worker__isnull=False, kind=AllocationKind.SOCIAL_WORKER)
            .order_by("child_id", "start", "pk").values_list("child_id", "start", "end",
                                                             "worker_id")):
        held[child_id].append((start, end, worker))
    spare = list(User.objects.filter(role=Role.SOCIAL_WORKER).order_by("pk")
                 .values_list("pk", flat=True)[:20]) or [admin.pk]
    plans = plan_missing(rng=rng, today=today, stays=stays, born=born, held=held, spare=spare)
    episodes = MissingEpisode.objects.bulk_create([MissingEpisode(
        child_id=p.child_id, period_id=p.period_id, kind=p.kind, started_at=p.started_at,
        returned_at=p.returned_at, missing_from=p.missing_from, where_found=p.where_found,
        reported_to_police_at=p.reported_to_police_at, risk_notes=p.risk_notes,
        recorded_by_id=p.recorded_by, recorded_at=at) for p in plans], batch_size=2000)
    interviews = [ReturnInterview(
        episode=episode, offered_at=i.offered_at, accepted=i.accepted, held_at=i.held_at,
        by_whom=i.by_whom, declined_reason=i.declined_reason, child_said=i.child_said,
        push_pull_factors=i.push_pull_factors,
        exploitation_concerns=(bool(i.exploitation_concerns) if i.held_at else None),
        actions=i.actions, recorded_by_id=p.recorded_by, recorded_at=at)
        for episode, p in zip(episodes, plans, strict=True) if (i := p.interview) is not None]
    ReturnInterview.objects.bulk_create(interviews, batch_size=2000)
    append_many([{"actor": admin, "at": at, "obj": None,
                  "action": f"Missing episodes added (synthetic council): {len(episodes)} "
                            f"episodes, {len(interviews)} return interviews",
                  "after": {"missing episodes": len(episodes),
                            "return interviews": len(interviews)}}])
    summary.rows.update({"missing episodes": len(episodes), "return interviews": len(interviews)})
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + 1
    return len(episodes)


IN_TOUCH_SHARE = 0.88


def write_keeping_in_touch(*, seed: int, today: date, admin, at: datetime, summary) -> int:
    """Keeping in touch with care leavers at each birthday from 17 to 21 that has passed."""
    from lantern.care.eligibility import Span, status
    from lantern.leavingcare.models import KeepingInTouch

    rng = random.Random(f"keeping-in-touch:{seed}")
    short = {pk for pk in LegalStatus.objects.filter(status__in=("V3", "V4"))
             .values_list("period_id", flat=True)}
    spans: dict[int, list] = defaultdict(list)
    for pk, child_id, start, end in (PeriodOfCare.objects.order_by("child_id", "start")
                                     .values_list("pk", "child_id", "start", "end")):
        spans[child_id].append(Span(start, end, pk in short))
    born = dict(Child.objects.filter(pk__in=spans).values_list("pk", "date_of_birth"))
    rows = []
    for child_id in sorted(spans):
        dob = born.get(child_id)
        if dob is None:
            continue
        for age in range(17, 22):
            day = birthday(dob, age)
            if day + timedelta(days=14) > today:
                break
            if not status(dob, spans[child_id], on=day).eligible:
                continue
            touch = rng.random() < IN_TOUCH_SHARE
            accommodation = rng.choice("DDEEUUUBBTZ" if age >= 18 else "DDEEUUBBT")
            rows.append(KeepingInTouch(
                child_id=child_id, birthday=age, contact_on=day + timedelta(days=rng.randint(0, 14)),
                in_touch="YES" if touch else rng.choice(("NO", "REFU")),
                activity=rng.choice(("F2", "F2", "F5", "P5", "F4", "G5", "G4", "G6", "F1"))
                if touch else "0",
                accommodation=accommodation if touch else "",
                suitable=(rng.random() < 0.9) if touch else None,
                recorded_by_id=admin.pk, recorded_at=at))
    KeepingInTouch.objects.bulk_create(rows, batch_size=2000)
    append_many([{"actor": admin, "at": at, "obj": None,
                  "action": f"Keeping in touch with care leavers added (synthetic council): "
                            f"{len(rows)} birthdays", "after": {"keeping in touch": len(rows)}}])
    summary.rows["keeping in touch"] = len(rows)
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + 1
    return len(rows)
