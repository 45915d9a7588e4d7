"""The CIN census (2025-26 onwards) written straight from the live record.

The census looks at the service as it stood on its reference date, 31 March of the
collection year, over the year before it. Everything recorded as happening after the
reference date is treated as not yet happened: a plan ended in May is still open, an
assessment authorised in April is still in progress.

A CIN episode (``CINdetails``) runs from a referral to the day the child stopped being
open to children's social care: the chain of levels of need (child in need, child
protection, looked after) that started on the referral's date, until it ended or moved
to early help. A referral received while an earlier episode was still open belongs to
that episode. The reason for closure follows the record: adoption, special
guardianship, a child arrangements order, a move to another council, death, closure
straight after an assessment (to early help or not), or services ceasing.

What the census holds per episode (assessments, child in need plans, section 47
enquiries with their initial conference, child protection plans with their review
conferences) is included when it falls in the year or is still open at its end, as the
DfE's rules expect. A child whose record cannot be fully expressed (no ethnicity, say)
is still written, and listed with the reason.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from dateutil.relativedelta import relativedelta
from django.conf import settings

from lantern.core.calendar import LONDON, WorkingDayCalendar
from lantern.people.models import Child, Involvement

CSC_LEVELS = frozenset({"cin", "cp", "lac"})
CHUNK = 2000


def census_period(year: int) -> tuple[date, date]:
    """(first day, reference date) of the collection year ending in March ``year``."""
    return date(year - 1, 4, 1), date(year, 3, 31)


@dataclass
class Episode:
    referral_id: int
    start: date
    source: str
    need: str
    nfa: bool
    closed: date | None = None
    reason: str = ""
    referral_ids: list[int] = field(default_factory=list)
    chain: list = field(default_factory=list)  # the levels of need it covered
    following: str | None = None  # the level after it closed, if any
    died: bool = False

    def closure_reason(self, records: dict, first: date | None = None) -> str:
        """The DfE reason for closure of a closed episode (what of it falls after ``first``
        counts as its work: the census only shows the year's)."""
        if self.reason:
            return self.reason
        held = [records.get(pk, {}) for pk in self.referral_ids]
        since = first or date.min
        assessed = any(a.authorised is None or a.authorised >= since for r in held for a in r.get("assessments", ()))
        worked = any(p.end is None or p.end >= since for r in held
                     for p in (*r.get("cin_plans", ()), *r.get("cp_plans", ())))
        worked = worked or any(r.get("enquiries") for r in held)
        return _closure_reason(self.chain, self.following, assessed, worked, self.died)


@dataclass
class CensusSummary:
    children: int = 0
    episodes: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (child id, reason)
    seconds: float = 0.0

    def __str__(self) -> str:
        lines = [f"CIN census written: {self.children} children, {self.episodes} episodes, "
                 f"in {self.seconds:.1f} s"]
        for child, why in self.problems:
            lines.append(f"  child {child}: {why}")
        return "\n".join(lines)


def _closure_reason(chain: list[tuple], next_level: str | None, assessed: bool, planned: bool,
                    died: bool) -> str:
    last_reason = (chain[-1][3] or "").lower()
    if died:
        return "RC2"
    if "adopt" in last_reason:
        return "RC1"
    if "child arrangements" in last_reason:
        return "RC3"
    if "special guardianship" in last_reason:
        return "RC4"
    if "moved" in last_reason or "another local authority" in last_reason or "out of the area" in last_reason:
        return "RC5"
    if assessed and not planned and all(row[0] == "cin" for row in chain):
        return "RC9" if next_level == "early_help" else "RC8"
    return "RC7"


def _activity(records: dict, reference: date) -> list[date]:
    """The dates of what happened in an episode, up to the reference date and after it (an
    episode is not closed until all of it is done: DfE rule 8565)."""
    out: list[date] = []
    for a in records.get("assessments", ()):
        out += [d for d in (a.start, a.authorised) if d]
        if not a.authorised:
            out.append(date.max)  # in progress or awaiting authorisation: not finished
    for e in records.get("enquiries", ()):
        out += [d for d in (e.start, e.icpc.held_on if e.icpc else None) if d]
    for p in records.get("cin_plans", ()):
        out += [p.start, p.end or date.max]
    for p in records.get("cp_plans", ()):
        out.append(p.end or date.max)
    return out


def _chain(levels, received):
    """The levels of need (child in need, protection, care) that a referral on ``received``
    opened, followed while each starts the day the previous one ended; and the level after."""
    start = next((i for i, row in enumerate(levels) if row[1] == received and row[0] in CSC_LEVELS), None)
    if start is None:
        return [], None
    chain = [levels[start]]
    for row in levels[start + 1:]:
        if row[0] in CSC_LEVELS and chain[-1][2] is not None and row[1] == chain[-1][2]:
            chain.append(row)
        elif chain[-1][2] is None or row[1] >= chain[-1][2]:
            break
    end = chain[-1][2]
    following = next((row[0] for row in levels if end is not None and row[1] == end and row not in chain),
                     None)
    return chain, following


def _episodes(reference: date, referrals, involvements, records, deaths):
    """Each child's CIN episodes as they stood on the reference date. A referral received
    while an episode was still open joins it, and the episode then ends when both are done."""
    out: dict[int, list[Episode]] = defaultdict(list)
    for child_id, rows in referrals.items():
        levels = involvements.get(child_id, [])
        current: Episode | None = None
        for pk, received, source, need, nfa in rows:
            if received > reference:
                break
            chain, following = _chain(levels, received)
            if nfa:
                done = received  # a referral with no further action closes the day it arrives
            elif chain:
                end = chain[-1][2]
                done = None if end is None else max([end, *_activity(records.get(pk, {}), reference)])
            else:
                done = None
            if current is not None and (current.closed is None or current.closed >= received):
                current.referral_ids.append(pk)  # received while the episode was open
                current.nfa = current.nfa and nfa
                if current.closed is not None:
                    current.closed = None if done is None else max(current.closed, done)
                    if chain:
                        current.chain, current.following = current.chain + chain, following
            else:
                current = Episode(pk, received, source, need, nfa, referral_ids=[pk], closed=done,
                                  chain=chain, following=following)
                out[child_id].append(current)
        for episode in out[child_id]:
            if episode.closed is not None and episode.closed > reference:
                episode.closed = None
            if episode.closed is not None:
                died = deaths.get(child_id)
                episode.died = died is not None and died <= episode.closed
                if episode.nfa or not episode.chain:
                    episode.reason = "RC7"
    return out


class _Xml:
    """A small streaming writer for the census document."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def open(self, tag: str) -> None:
        self.handle.write(f"<{tag}>")

    def close(self, tag: str) -> None:
        self.handle.write(f"</{tag}>")

    def value(self, tag: str, value) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, date):
            value = value.isoformat()
        self.handle.write(f"<{tag}>{escape(str(value))}</{tag}>")


def _in_year(day: date | None, first: date, reference: date) -> bool:
    return day is not None and first <= day <= reference


def _as_of(day: date | None, reference: date) -> date | None:
    """A date recorded after the reference date has not happened yet on it."""
    return day if day is not None and day <= reference else None


def load_episodes(*, reference: date) -> tuple[dict[int, list[Episode]], dict]:
    """Every child's CIN episodes as they stood on ``reference``, and each referral's records."""
    from lantern.assessment.models import Assessment
    from lantern.childinneed.models import Plan as CINPlan
    from lantern.frontdoor.models import Referral
    from lantern.protection.models import Conference, Enquiry
    from lantern.protection.models import Plan as CPPlan

    referrals: dict[int, list] = defaultdict(list)
    for row in (Referral.objects.filter(referral_date__lte=reference).order_by("child_id", "referral_date", "pk")
                .values_list("child_id", "pk", "referral_date", "source", "primary_need", "nfa")):
        referrals[row[0]].append(row[1:])
    involvements: dict[int, list] = defaultdict(list)
    for row in (Involvement.objects.filter(child_id__in=list(referrals), start__lte=reference)
                .order_by("child_id", "start", "pk").values_list("child_id", "level", "start", "end",
                                                                 "end_reason")):
        involvements[row[0]].append(row[1:])
    records = _records(list(referrals), reference, Assessment=Assessment, CINPlan=CINPlan,
                       Enquiry=Enquiry, Conference=Conference, CPPlan=CPPlan)
    deaths = dict(Child.objects.filter(pk__in=list(referrals), date_of_death__isnull=False)
                  .values_list("pk", "date_of_death"))
    return _episodes(reference, referrals, involvements, records, deaths), records


def write_cin_census(*, year: int, out: Path, now: datetime | None = None,
                     calendar: WorkingDayCalendar | None = None, reference: date | None = None
                     ) -> CensusSummary:
    """Write the CIN census XML for the collection year ending in March ``year``.

    ``reference`` moves the census date (the data-quality check uses today: the return as
    it would stand if it were due now, over the year before)."""
    override = reference
    from lantern.obligations.services import council_calendar

    began = time.perf_counter()
    first, reference = census_period(year)
    if override is not None:
        first, reference = override - relativedelta(years=1) + relativedelta(days=1), override
    days = calendar or council_calendar()
    summary = CensusSummary()
    episodes, records = load_episodes(reference=reference)
    wanted = {child_id: [e for e in items if e.start <= reference and (e.closed is None or e.closed >= first)]
              for child_id, items in episodes.items()}
    wanted = {k: v for k, v in wanted.items() if v}
    from lantern.protection.models import Conference

    plans_by_child = defaultdict(list)
    for items in records.values():
        for p in items.get("cp_plans", ()):
            plans_by_child[p.child_id].append(p)
    reviews = defaultdict(list)
    for plan_id, held in (Conference.objects.filter(kind="review", held_on__lte=reference, held_on__gte=first,
                                                    child_id__in=list(wanted))
                          .order_by("held_on").values_list("plan_id", "held_on")):
        reviews[plan_id].append(held)
    ids = sorted(wanted)
    council = settings.LANTERN_COUNCIL
    stamp = (now or datetime.now(UTC)).astimezone(LONDON).replace(tzinfo=None, microsecond=0)
    out = Path(out)
    with out.open("w", encoding="utf-8") as handle:
        xml = _Xml(handle)
        handle.write('<?xml version="1.0" encoding="utf-8"?>\n')
        xml.open("Message")
        xml.open("Header")
        xml.open("CollectionDetails")
        xml.value("Collection", "CIN")
        xml.value("Year", str(year))
        xml.value("ReferenceDate", reference)
        xml.close("CollectionDetails")
        xml.open("Source")
        for tag, value in (("SourceLevel", "L"), ("LEA", council.get("la_code", "")),
                           ("SoftwareCode", "Lantern"), ("Release", "1"), ("SerialNo", "001"),
                           ("DateTime", stamp.isoformat())):
            xml.value(tag, value)
        xml.close("Source")
        xml.close("Header")
        xml.open("Children")
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            for child in Child.objects.filter(pk__in=chunk).order_by("pk"):
                summary.children += 1
                _write_child(xml, child, wanted[child.pk], records, reviews, plans_by_child, first,
                             reference, days, summary)
        xml.close("Children")
        xml.close("Message")
    summary.seconds = time.perf_counter() - began
    return summary


def _records(child_ids, reference, *, Assessment, CINPlan, Enquiry, Conference, CPPlan) -> dict:
    """Every referral's assessments, plans and enquiries (with their initial conference) up to
    the reference date, keyed by referral id."""
    by_referral: dict = defaultdict(lambda: defaultdict(list))
    for a in Assessment.objects.filter(child_id__in=child_ids, start__lte=reference).order_by("start", "pk"):
        a.authorised = _as_of(a.authorised, reference)
        a.completed = _as_of(a.completed, reference)
        by_referral[a.referral_id]["assessments"].append(a)
    for p in CINPlan.objects.filter(child_id__in=child_ids, start__lte=reference).order_by("start", "pk"):
        p.end = _as_of(p.end, reference)
        by_referral[p.referral_id]["cin_plans"].append(p)
    icpc = {c.enquiry_id: c for c in Conference.objects.filter(
        child_id__in=child_ids, kind="initial", held_on__lte=reference)}
    for e in (Enquiry.objects.filter(child_id__in=child_ids, start__lte=reference)
              .select_related("strategy").order_by("start", "pk")):
        e.icpc = icpc.get(e.pk)
        e.completed = _as_of(e.completed, reference)
        by_referral[e.referral_id]["enquiries"].append(e)
    for p in CPPlan.objects.filter(child_id__in=child_ids, start__lte=reference).order_by("start", "pk"):
        p.end = _as_of(p.end, reference)
        by_referral[p.referral_id]["cp_plans"].append(p)
    return by_referral


def _upn_unknown(child: Child, reference: date) -> str:
    born = child.date_of_birth
    school_age_from = reference + relativedelta(months=4, days=31) - relativedelta(years=6)
    if born is None or born > school_age_from:
        return "UN1"  # not yet of school age (or unborn)
    return "UN2"  # has not attended a state-funded school in England


def _write_child(xml, child, episodes, by_referral, reviews, plans_by_child, first, reference, days,
                 summary) -> None:
    from lantern.core.identifiers import upn_is_valid

    xml.open("Child")
    xml.open("ChildIdentifiers")
    xml.value("LAchildID", child.council_id)
    if child.upn and upn_is_valid(child.upn):
        xml.value("UPN", child.upn)
    else:
        if child.upn:
            summary.problems.append((child.council_id, f"UPN {child.upn} is not valid: left out"))
        xml.value("UPNunknown", _upn_unknown(child, reference))
    if child.date_of_birth and child.date_of_birth <= reference:
        xml.value("PersonBirthDate", child.date_of_birth)
    else:
        xml.value("ExpectedPersonBirthDate", child.expected_date_of_birth or child.date_of_birth)
    xml.value("Sex", child.sex if child.date_of_birth and child.date_of_birth <= reference else "U")
    xml.value("PersonDeathDate", _as_of(child.date_of_death, reference))
    xml.close("ChildIdentifiers")
    xml.open("ChildCharacteristics")
    if not child.ethnicity:
        summary.problems.append((child.council_id, "no ethnicity recorded"))
    xml.value("Ethnicity", child.ethnicity)
    disabilities = child.disabilities or []
    if not disabilities and child.date_of_birth is not None:
        summary.problems.append((child.council_id, "no disability information recorded"))
    else:
        xml.open("Disabilities")
        for code in disabilities:
            xml.value("Disability", code)
        xml.close("Disabilities")
    xml.close("ChildCharacteristics")
    for episode in episodes:
        summary.episodes += 1
        _write_episode(xml, child, episode, by_referral, reviews, plans_by_child, first, reference, days)
    xml.close("Child")


def _gather(by_referral, episode, key):
    return [item for pk in episode.referral_ids for item in by_referral.get(pk, {}).get(key, [])]


def _write_episode(xml, child, episode, by_referral, reviews, plans_by_child, first, reference,
                   days) -> None:
    assessments = [a for a in _gather(by_referral, episode, "assessments")
                   if a.authorised is None or a.authorised >= first]
    cin_plans = [p for p in _gather(by_referral, episode, "cin_plans") if p.end is None or p.end >= first]
    enquiries = []
    for e in _gather(by_referral, episode, "enquiries"):
        held = e.icpc.held_on if e.icpc else None
        not_required = e.completed is not None and e.outcome != "icpc"
        if (held is not None and held < first) or (not_required and e.completed < first):
            continue  # concluded before the year
        enquiries.append((e, held, not_required))
    cp_plans = [p for p in _gather(by_referral, episode, "cp_plans") if p.end is None or p.end >= first]
    if episode.closed is not None and not episode.reason:
        episode.reason = _closure_reason(episode.chain, episode.following, bool(assessments),
                                         bool(cin_plans or cp_plans or enquiries), episode.died)
    xml.open("CINdetails")
    xml.value("CINreferralDate", episode.start)
    xml.value("ReferralSource", episode.source)
    xml.value("PrimaryNeedCode", episode.need)
    xml.value("CINclosureDate", episode.closed)
    xml.value("ReasonForClosure", episode.reason)
    xml.value("ReferralNFA", episode.nfa)
    if episode.nfa:
        xml.close("CINdetails")
        return
    for a in assessments:
        xml.open("Assessments")
        xml.value("AssessmentActualStartDate", a.start)
        xml.value("AssessmentAuthorisationDate", a.authorised)
        if a.authorised is not None and a.factors:
            xml.open("FactorsIdentifiedAtAssessment")
            for code in a.factors:
                xml.value("AssessmentFactors", code)
            xml.close("FactorsIdentifiedAtAssessment")
        xml.close("Assessments")
    for p in cin_plans:
        xml.open("CINPlanDates")
        xml.value("CINPlanStartDate", p.start)
        xml.value("CINPlanEndDate", p.end)
        xml.close("CINPlanDates")
    for e, held, not_required in enquiries:
        xml.open("Section47")
        xml.value("S47ActualStartDate", e.start)
        strategy_day = e.strategy.held_at.astimezone(LONDON).date()
        xml.value("InitialCPCtarget", days.add_working_days(strategy_day, 15))
        xml.value("DateOfInitialCPC", held)
        xml.value("ICPCnotRequired", not_required)
        xml.close("Section47")
    for p in cp_plans:
        xml.open("ChildProtectionPlans")
        xml.value("CPPstartDate", p.start)
        xml.value("CPPendDate", p.end)
        xml.value("InitialCategoryOfAbuse", p.initial_category)
        xml.value("LatestCategoryOfAbuse", p.latest_category)
        xml.value("NumberOfPreviousCPP", sum(1 for q in plans_by_child[child.pk] if q.start < p.start))
        held_reviews = reviews.get(p.pk, [])
        if held_reviews:
            xml.open("Reviews")
            for day in held_reviews:
                xml.value("CPPreviewDate", day)
            xml.close("Reviews")
        xml.close("ChildProtectionPlans")
    xml.close("CINdetails")
