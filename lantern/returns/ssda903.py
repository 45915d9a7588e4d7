"""The SSDA903 return (children looked after, 2025-26 onwards) written straight from the
live record, as CSV tables the DfE's validator recognises by their headers.

The return covers every child looked after at any time in the collection year (1 April
to 31 March) and the care leavers whose 17th to 21st birthday fell in it with what the
council knew of them then. The record is judged as it stood on the reference date (31
March unless told otherwise): anything recorded as happening after it has not happened
yet, so an episode that ended in May is still open.

- Header: one row per child. MOTHER is 1 for a girl looked after in the year whose own
  child is on the record (a child whose mother relationship names her; MC_DOB is the
  first such child's birth date), 0 for any other girl looked after in the year, and
  blank for boys and for care leavers not looked after in the year (rules 393, 607, 628).
- Episodes: the SSDA903 episodes of every period of care open in the year, from the care
  area's own derivation (:func:`lantern.care.selectors.episodes_of`), the whole period.
- Reviews held in the year; UASC from the child's record (DUC: the day the status ended,
  or the 18th birthday while it lasts).
- OC2 for each child looked after continuously for 12 months at 31 March, as the DfE
  counts it: the period began on or before 1 April and had not ended before 31 March (one
  ending on 31 March itself still counts), from the health record of the year. Offending and substance misuse are not recorded in
  Lantern: CONVICTED (from age 10) and SUBSTANCE_MISUSE are written 0. A child of 4 to 16
  with no SDQ score in the year is written SDQ4 (other reason), one of 17 SDQ1; under 4s
  have neither (rule 188), nor has a child 17 before the year began (rule 189; a 17th
  birthday on 1 April itself still asks for one, rule 197B), and
  only under 5s have HEALTH_CHECK (rule 546).
- OC3 from keeping in touch, for a birthday from 17 to 21 in the year that has a record;
  care leavers with nothing recorded are left out until it is.
- Missing: missing and away episodes that started in the year while the child was looked
  after (the missing area's ``MissingEpisode``); a child who came back after their care
  ended is written as missing from care until it ended (rule 577).
- SWEpisodes: each social worker allocation in the year, SW_ID ``SW`` and the worker's
  number, while the child was looked after: from the day their care in the return began
  to the day it ended (the validator refuses social worker episodes starting before or
  after, SW12STG2), leaving out allocations of under
  three days (SW09STG2). SW_REASON says why the worker was allocated: FCONTA for the
  first, else the end reason of the one before mapped to the DfE's reasons, OTHERS when
  it says nothing that maps. The validator wants each child's latest social worker
  episode open at 31 March (SW17STG2), so it is written without an end.
- PrevPerm: previous permanence (an adoption, special guardianship or child arrangements
  order before care) is not recorded in Lantern yet, so each child who started to be looked
  after in the year is written Z1, not known, which the DfE requires of them (rule 630).
- PlacedAdoption: each adoption timeline (``legal.AdoptionJourney``) of a child looked
  after in the year whose decision that the child should be placed for adoption was made by
  the reference date: DATE_PLACED is that decision, DATE_PLACED_CEASED and
  REASON_PLACED_CEASED the decision that the child should no longer be placed, if made by
  then; a decision reversed before the year began is left out (rule 118). A child with a
  placement order or an adoption placement but no timeline recorded is
  written with the earliest day the record shows the decision had been made (the order or
  the placement, whichever came first), which the DfE requires of them (rules 551, 553); a
  period that then ended other than in adoption ends it that day (RD4, other).
- AD1: each child adopted in the year (a period ending E11 or E12) whose timeline records
  the adoption order: the decision (DATE_INT), matching, the number, sex and legal status of
  the adopters. FOSTER_CARE follows the last placement (A3 and A5 are with the child's own
  foster carers, rule 335), else what the timeline says.
- URN: as the episodes give it (lantern.care.episodes.urn_for: XXXXXXX for a foster or
  adoption placement without an Ofsted URN, blank for any other, rule 242).

A child whose period of care cannot be turned into episodes (a gap in its placements,
say) is left out of the return and listed with the reason.

:func:`misread` names what the validator flags that the return gets right (checked against
the child's own rows, so it cannot excuse a real error).
"""

from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from django.apps import apps
from django.db.models import Q

from lantern.care.eligibility import birthday as nth_birthday
from lantern.core import codes
from lantern.core.calendar import LONDON
from lantern.people.models import Child
from lantern.people.selectors import age_on
from lantern.returns.validation import read_table

CHUNK = 2000
DAY = "%d/%m/%Y"
ADOPTION_PLACES = frozenset({"A3", "A4", "A5", "A6"})
ADOPTED = frozenset({"E11", "E12"})
SHORTEST_SW_DAYS = 3  # rule SW09STG2 (2025-26)

TABLES: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
            "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
            "LS_ADOPTR"),
    "placed_for_adoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                            "REASON_PLACED_CEASED"),
    "previous_permanence": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "sw_episodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}

SDQ_REASON = codes.CodeSet(
    "sdq_reason", "SSDA903 reason no SDQ score",
    (
        ("SDQ1", "No form returned as the child was aged under 4 or over 17 at the date of the "
         "latest assessment"),
        ("SDQ2", "Carer(s) refused to complete and return the questionnaire"),
        ("SDQ3", "Not possible to complete the questionnaire due to the severity of the child's "
         "disability"),
        ("SDQ4", "Other"),
        ("SDQ5", "Child or young person refuses to allow an SDQ to be completed"),
    ),
)

# What an allocation's end reason says about why the next worker was allocated.
SW_REASONS = (
    (r"\bdied\b|\bdeath\b", "SWDIED"),
    (r"restructur", "ORGRST"),
    (r"caseload|rebalanc", "MANAGE"),
    (r"\bleft\b|\bleaving\b|\bresign", "LEFTRL"),
    (r"absen|\bleave\b|sick|maternity|return", "ABSENC"),
    (r"child (asked|requested)", "CHCHAN"),
    (r"(parent|carer)s? (asked|requested)", "PCCHAN"),
    (r"transfer|another team|moved to|stepped|new team", "TSPROC"),
)


@dataclass
class ReturnSummary:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    problems: list[tuple[str, str]] = field(default_factory=list)  # (child id, reason)
    seconds: float = 0.0

    @property
    def children(self) -> int:
        return self.counts["header"]

    def __str__(self) -> str:
        tables = ", ".join(f"{name} {n}" for name, n in self.counts.items())
        lines = [f"SSDA903 return written: {self.children} children ({tables}) in {self.seconds:.1f} s"]
        for child, why in self.problems:
            lines.append(f"  child {child}: {why}")
        return "\n".join(lines)


def collection_period(year: int) -> tuple[date, date]:
    """(first day, last day) of the collection year ending in March ``year``."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def sw_reason(previous_end_reason: str) -> str:
    """The DfE reason for a change of social worker, from why the previous allocation ended."""
    text = (previous_end_reason or "").strip()
    if text.upper() in codes.SW_CHANGE_REASON:
        return text.upper()
    for pattern, code in SW_REASONS:
        if re.search(pattern, text, re.I):
            return code
    return "OTHERS"


def _d(day: date | None) -> str:
    return day.strftime(DAY) if day else ""


def _local(moment) -> date | None:
    return moment.astimezone(LONDON).date() if moment is not None else None


def dfe_birthday(born: date, years: int) -> date:
    """The birthday as the DfE's validators reckon it (pandas' DateOffset): 29 February falls
    on 28 February in a year without one, where the rules core says 1 March. The return's
    own rules (who gets an SDQ, who gets care leaver information) follow the validators."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def _left_after_birthday(born: date | None, periods, derived, collection_end: date) -> bool:
    """Aged 17 (or 18) at the end of the year and an episode ended on or after the 17th (or
    18th) birthday: the DfE does not want care leaver information for them (rule 1016)."""
    if born is None:
        return False
    for age in (17, 18):
        day = dfe_birthday(born, age)
        if day <= collection_end < dfe_birthday(born, age + 1):
            return any(e.dec is not None and e.dec >= day
                       for period in periods for e in derived.get(period.pk, ()))
    return False


def _as_of(episodes, reference: date):
    """The episodes as they stood on ``reference``: later ones not yet begun, a later end not
    yet happened."""
    out = [e for e in episodes if e.decom <= reference]
    if out and out[-1].dec is not None and out[-1].dec > reference:
        out[-1] = replace(out[-1], dec=None, rec="", reason_place_change="")
    return out


def _upn(child: Child, reference: date) -> str:
    from lantern.core.identifiers import upn_is_valid

    if child.upn and upn_is_valid(child.upn):
        return child.upn
    age = age_on(child.date_of_birth, reference)
    return "UN1" if age is not None and age < 6 else "UN2"


def _missing_model():
    try:
        return apps.get_model("missing", "MissingEpisode")
    except LookupError:
        return None


def _in_return(first: date, reference: date) -> tuple[list[int], dict[int, tuple]]:
    """The children looked after in the year, and the care leavers with a keeping-in-touch
    record for a birthday in it (child id -> (age, record id))."""
    from lantern.care.models import PeriodOfCare
    from lantern.leavingcare.models import KeepingInTouch

    looked_after = set(PeriodOfCare.objects.filter(start__lte=reference)
                       .filter(Q(end__isnull=True) | Q(end__gte=first))
                       .values_list("child_id", flat=True).distinct())
    leavers: dict[int, tuple] = {}
    for pk, child_id, age, born in (KeepingInTouch.objects.filter(child__date_of_birth__isnull=False)
                                    .order_by("child_id", "birthday")
                                    .values_list("pk", "child_id", "birthday",
                                                 "child__date_of_birth")):
        if first <= nth_birthday(born, age) <= reference:
            leavers[child_id] = (age, pk)
    return sorted(looked_after | set(leavers)), leavers


def write_ssda903(year: int, out_dir: Path, reference: date | None = None) -> ReturnSummary:
    """Write the SSDA903 CSV tables for the collection year ending in March ``year`` into
    ``out_dir`` (which must exist), judged as the record stood on ``reference``."""
    began = time.perf_counter()
    first, last = collection_period(year)
    reference = reference or last
    out_dir = Path(out_dir)
    summary = ReturnSummary()
    ids, leavers = _in_return(first, reference)
    handles = {name: (out_dir / f"{name}.csv").open("w", newline="", encoding="utf-8")
               for name in TABLES}
    try:
        writers = {name: csv.writer(handle, lineterminator="\n") for name, handle in handles.items()}
        for name, columns in TABLES.items():
            writers[name].writerow(columns)
        for i in range(0, len(ids), CHUNK):
            rows = _chunk(ids[i:i + CHUNK], leavers, first, reference, summary, last)
            for name, table in rows.items():
                writers[name].writerows(table)
                summary.counts[name] += len(table)
    finally:
        for handle in handles.values():
            handle.close()
    summary.seconds = time.perf_counter() - began
    return summary


def _chunk(ids: list[int], leavers: dict, first: date, reference: date, summary, last: date
           ) -> dict[str, list]:
    from lantern.care.models import HealthKind, HealthRecord, PeriodOfCare, Review
    from lantern.care.selectors import episodes_of
    from lantern.leavingcare.models import KeepingInTouch
    from lantern.people.models import Relationship, RelationshipKind

    rows: dict[str, list] = {name: [] for name in TABLES}
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids).order_by("pk")}
    periods = list(PeriodOfCare.objects.filter(child_id__in=ids, start__lte=reference)
                   .filter(Q(end__isnull=True) | Q(end__gte=first)).order_by("child_id", "start"))
    try:
        derived = episodes_of(periods)
    except ValueError:  # find the broken period(s) one at a time, to name the child
        derived = {}
        for period in periods:
            try:
                derived.update(episodes_of([period]))
            except ValueError as why:
                summary.problems.append((children[period.child_id].council_id,
                                         f"the period of care from {period.start:%d/%m/%Y} cannot be "
                                         f"returned: {why}"))
    broken = {p.child_id for p in periods if p.pk not in derived}
    by_child = defaultdict(list)
    for period in periods:
        if period.child_id not in broken:
            by_child[period.child_id].append(period)
    # Mothers: a child on the record whose mother is one of these girls.
    babies: dict[int, date] = {}
    for mother_id, born in (Relationship.objects.filter(
            other_child_id__in=ids, kind__in=[RelationshipKind.MOTHER, RelationshipKind.PARENT],
            child__date_of_birth__lte=reference, child__date_of_birth__isnull=False)
            .order_by("child__date_of_birth").values_list("other_child_id", "child__date_of_birth")):
        babies.setdefault(mother_id, born)
    reviews = defaultdict(list)
    for child_id, held, code in (Review.objects.filter(child_id__in=ids, held_on__gte=first,
                                                       held_on__lte=reference)
                                 .order_by("held_on", "pk").values_list("child_id", "held_on",
                                                                        "participation")):
        reviews[child_id].append((held, code))
    health = defaultdict(lambda: defaultdict(list))
    for child_id, kind, on, score in (HealthRecord.objects.filter(child_id__in=ids, on__gte=first,
                                                                  on__lte=reference)
                                      .order_by("on", "pk").values_list("child_id", "kind", "on",
                                                                        "sdq_score")):
        health[child_id][kind].append((on, score))
    touch = {r.child_id: r for r in KeepingInTouch.objects.filter(
        pk__in=[leavers[c][1] for c in ids if c in leavers])}
    missing = defaultdict(list)
    Missing = _missing_model()
    if Missing is not None:
        for child_id, period_id, kind, started, returned in (
                Missing.objects.filter(child_id__in=ids, period__isnull=False)
                .order_by("started_at", "pk")
                .values_list("child_id", "period_id", "kind", "started_at", "returned_at")):
            missing[child_id].append((period_id, kind, _local(started), _local(returned)))
    allocations = _sw_allocations(ids, reference)
    journeys = _adoption_journeys(ids, reference)

    for pk, child in children.items():
        if pk in broken:
            continue
        born = _d(child.date_of_birth)
        mine = by_child.get(pk, [])
        looked_after = bool(mine)
        if not child.ethnicity:
            summary.problems.append((child.council_id, "no ethnicity recorded"))
        mother = mc_dob = ""
        if looked_after and child.sex == "F":
            mother = "1" if pk in babies else "0"
            mc_dob = _d(babies.get(pk))
        rows["header"].append((child.council_id, child.sex, born, child.ethnicity,
                               _upn(child, reference), mother, mc_dob))
        # Not asked of a 17 or 18 year old who left care on or after that birthday (rule 1016).
        if (pk in leavers and pk in touch
                and not _left_after_birthday(child.date_of_birth, mine, derived, last)):
            record = touch[pk]
            rows["oc3"].append((child.council_id, born, record.in_touch, record.activity,
                                record.oc3_accommodation))
        if not looked_after:
            continue
        adoption = None
        adopted_from = ""
        for period in mine:
            episodes = _as_of(derived[period.pk], reference)
            for e in episodes:
                rows["episodes"].append((
                    child.council_id, _d(e.decom), e.rne, e.ls, e.cin, e.place, e.place_provider,
                    _d(e.dec), e.rec, e.reason_place_change, e.home_post, e.pl_post, e.urn))
            adoption = _placed_for_adoption(episodes) or adoption
            if episodes and episodes[-1].rec in ADOPTED and episodes[-1].dec and first <= episodes[-1].dec:
                adopted_from = episodes[-1].place
        # A decision reversed before the year began is last year's news (rule 118).
        recorded = [j for j in journeys.get(pk, []) if j.ceased_on is None or j.ceased_on >= first]
        if recorded:
            for journey in recorded:
                ceased = journey.ceased_on if journey.ceased_on and journey.ceased_on <= reference else None
                rows["placed_for_adoption"].append((child.council_id, born, _d(journey.decision_on),
                                                    _d(ceased), journey.ceased_reason if ceased else ""))
        elif adoption is not None:
            rows["placed_for_adoption"].append((child.council_id, born, *adoption))
        if adopted_from and (row := _ad1(recorded, adopted_from, reference)):
            rows["ad1"].append((child.council_id, born, *row))
        for held, code in reviews.get(pk, []):
            rows["reviews"].append((child.council_id, born, _d(held), code))
        if child.uasc:
            ceased = child.uasc_ceased or (nth_birthday(child.date_of_birth, 18)
                                           if child.date_of_birth else None)
            rows["uasc"].append((child.council_id, child.sex, born, _d(ceased)))
        current = mine[-1]
        if any(first <= p.start <= reference for p in mine):
            rows["previous_permanence"].append((child.council_id, born, "Z1", "", ""))
        if _continuously_looked_after(current, first, last, reference):
            rows["oc2"].append(_oc2(child, born, health.get(pk, {}), reference, HealthKind, first))
        periods_by_id = {p.pk: p for p in mine}
        for period_id, kind, started, returned in missing.get(pk, []):
            period = periods_by_id.get(period_id)
            if period is None or started is None or not first <= started <= reference:
                continue
            back = returned if returned and returned <= reference else None
            ended = _ended(period, reference)
            if ended is not None and back is not None and back > ended:
                back = ended  # back after care ended: missing from care until care ended (rule 577)
            rows["missing"].append((child.council_id, born, kind, _d(started), _d(back)))
        rows["sw_episodes"] += [(child.council_id, born, *row) for row in _sw_rows(
            allocations.get(pk, []), mine[0].start, _ended(mine[-1], reference), first, reference)]
    return rows


def _placed_for_adoption(episodes) -> tuple | None:
    """(DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED) for a period with a placement
    order or an adoption placement, else None."""
    decided = next((e.decom for e in episodes if e.ls == "E1" or e.place in ADOPTION_PLACES), None)
    if decided is None:
        return None
    last = episodes[-1]
    if last.dec is not None and last.rec not in ADOPTED:
        return _d(decided), _d(last.dec), "RD4"
    return _d(decided), "", ""


def _adoption_journeys(ids: list[int], reference: date) -> dict[int, list]:
    """Each child's adoption timelines whose decision was made by the reference date."""
    Journey = apps.get_model("legal", "AdoptionJourney")
    out = defaultdict(list)
    for journey in Journey.objects.filter(child_id__in=ids, decision_on__lte=reference).order_by(
            "decision_on", "pk"):
        out[journey.child_id].append(journey)
    return out


FOSTER_CARER_ADOPTION = {"A3": "1", "A5": "1", "A4": "0", "A6": "0"}


def _ad1(journeys: list, last_place: str, reference: date) -> tuple | None:
    """(DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR) from the timeline
    that records the adoption order, or None when none does."""
    adopted = next((j for j in reversed(journeys) if j.order_on and j.order_on <= reference), None)
    if adopted is None or not adopted.adopters_count:
        return None
    foster = FOSTER_CARER_ADOPTION.get(last_place)
    if foster is None:
        foster = "1" if adopted.adopted_by_foster_carer else "0"
    return (_d(adopted.decision_on), _d(adopted.matched_on), foster, str(adopted.adopters_count),
            adopted.adopters_sex, adopted.adopters_legal_status)


def _continuously_looked_after(period, first: date, last: date, reference: date) -> bool:
    """Looked after for the whole year as the validator reads the episodes: no new period
    after 1 April, none ended before 31 March (an end after the reference date has not
    happened yet)."""
    if period.start > first:
        return False
    return period.end is None or period.end > reference or period.end >= last


def _oc2(child, born: str, health: dict, reference: date, HealthKind, first: date) -> tuple:
    age = age_on(child.date_of_birth, reference)
    scores = [score for _on, score in health.get(HealthKind.SDQ, []) if score is not None]
    score = str(scores[-1]) if scores else ""
    reason = ""
    if age is None or age < 4 or dfe_birthday(child.date_of_birth, 17) < first:
        score = ""  # none under 4, nor from a 17th birthday before the year began (rule 189)
    elif not score:
        reason = "SDQ1" if age > 16 else "SDQ4"
    assessed = bool(health.get(HealthKind.INITIAL) or health.get(HealthKind.REVIEW))
    health_check = ("1" if assessed else "0") if age is not None and age < 5 else ""
    convicted = "0" if age is not None and age >= 10 else ""
    return (child.council_id, born, score, reason, convicted, health_check,
            "1" if health.get(HealthKind.IMMUNISATIONS) else "0",
            "1" if health.get(HealthKind.DENTAL) else "0", "1" if assessed else "0", "0", "", "")


def _sw_allocations(ids: list[int], reference: date) -> dict[int, list[tuple]]:
    from lantern.staff.models import Allocation, AllocationKind

    out = defaultdict(list)
    for row in (Allocation.objects.filter(child_id__in=ids, kind=AllocationKind.SOCIAL_WORKER,
                                          worker__isnull=False, start__lte=reference)
                .order_by("child_id", "start", "pk")
                .values_list("child_id", "worker_id", "start", "end", "end_reason")):
        out[row[0]].append(row[1:])
    return out


def _ended(period, reference: date) -> date | None:
    return period.end if period.end is not None and period.end <= reference else None


def _sw_rows(allocations: list[tuple], care_began: date, care_ended: date | None, first: date,
             reference: date) -> list[tuple]:
    """(SW_ID, SW_DECOM, SW_DEC, SW_REASON) for each allocation in the year while the child
    was looked after (from the day their care in the return began, to its end); the last
    one open."""
    rows = []
    previous = None
    held = [a for a in allocations if care_ended is None or a[1] <= care_ended]
    for i, (worker_id, start, end, end_reason) in enumerate(held):
        if end is not None and end > reference:
            end = None
        start = max(start, care_began)
        last = i == len(held) - 1  # written open whatever its length (SW17STG2), so never too short
        if (end is None or end >= first) and (end is None or last or (end - start).days >= SHORTEST_SW_DAYS):
            joined = (rows and previous is not None and previous[1] is not None
                      and (start - previous[1]).days <= 7)
            reason = sw_reason(previous[2]) if joined else "FCONTA"
            rows.append([f"SW{worker_id:06d}", _d(start), _d(end), reason])
            previous = (start, end, end_reason)
        elif rows and previous is not None:
            # Too short to return: the next worker follows on from the one before it.
            previous = (previous[0], previous[1], end_reason or previous[2])
    if rows:
        rows[-1][2] = ""
    return [tuple(r) for r in rows]


def _day(text: str) -> date | None:
    if not text:
        return None
    d, m, y = (int(part) for part in text.split("/"))
    return date(y, m, d)


def misread(issue, folder: Path, year: int) -> bool:
    """Whether the validator fired on something the return in ``folder`` gets right:

    - SW11bSTG2 fires on any social worker episode ending in the last five days of the year
      after an earlier one, even when the next episode starts that day;
    - 575 and 577 fire on any missing episode still open on 31 March, even when the child is
      still looked after in an episode that began before they went missing."""
    first, last = collection_period(year)
    if issue.rule == "SW11bSTG2":
        rows = sorted((_day(r["SW_DECOM"]), _day(r["SW_DEC"])) for r in read_table(folder, "sw_episodes")
                      if r["CHILD"] == issue.child)
        return any(end and 0 <= (last - end).days <= 5 and following == end
                   for (_start, end), (following, _end) in zip(rows, rows[1:], strict=False))
    if issue.rule in {"575", "577"}:
        still_in = [_day(r["DECOM"]) for r in read_table(folder, "episodes")
                    if r["CHILD"] == issue.child and not r["DEC"]]
        still_missing = [_day(r["MIS_START"]) for r in read_table(folder, "missing")
                         if r["CHILD"] == issue.child and not r["MIS_END"]]
        return bool(still_in and still_missing) and all(
            first <= started and started >= still_in[0] for started in still_missing)
    return False
