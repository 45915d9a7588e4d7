"""The synthetic council's legal work: families' cases whose pre-proceedings, proceedings,
orders, plans for permanence and adoption journeys tell the same story as the children's
care histories, in realistic proportions, and the ledger's clocks for them.

The small council is seeded once for the module, read into plain rows, and rolled back.
"""

from collections import Counter, defaultdict
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import transaction

from lantern.care.models import CarerKind, LegalStatus, PeriodOfCare, Placement
from lantern.legal.models import (
    AdoptionJourney,
    AdoptionReview,
    CommissionedAssessment,
    ConnectedPerson,
    CourtOrder,
    FamilyGroupConference,
    GatewayAction,
    GatewayMeeting,
    Hearing,
    LegalCase,
    LegalCaseChild,
    PermanencePlan,
    PreProceedings,
    PreProceedingsMeeting,
    Proceedings,
    ProceedingsExtension,
    ViabilityAssessment,
)
from lantern.obligations.models import Obligation
from lantern.seed.sizes import SIZES

from .harness import TODAY, Rollback, seed

SMALL = SIZES["small"]
CFA_2014 = date(2014, 4, 22)
# Marked, so that the test database is set up before the module's council is seeded.
pytestmark = pytest.mark.django_db
LEGAL_MODELS = (LegalCase, GatewayMeeting, PreProceedings, PreProceedingsMeeting,
                FamilyGroupConference, CommissionedAssessment, ConnectedPerson,
                ViabilityAssessment, Proceedings, ProceedingsExtension, Hearing, CourtOrder,
                PermanencePlan, AdoptionJourney, AdoptionReview)


def _dates(obj):
    return [(f.name, getattr(obj, f.name)) for f in obj._meta.concrete_fields
            if f.get_internal_type() == "DateField" and getattr(obj, f.name) is not None]


def _read(summary):
    invalid, future = [], []
    for model in LEGAL_MODELS:
        for obj in model.objects.order_by("pk"):
            future += [(model.__name__, obj.pk, name) for name, d in _dates(obj) if d > TODAY]
            if hasattr(obj, "recorded_at") and (obj.recorded_by_id is None or obj.recorded_at is None):
                invalid.append((model.__name__, obj.pk, "not recorded"))
        for obj in model.objects.order_by("pk")[:40]:
            try:
                obj.full_clean()
            except Exception as error:  # noqa: BLE001 - collected and reported by the test
                invalid.append((model.__name__, obj.pk, str(error)))
    future += [("GatewayAction", a.pk, "due/done") for a in GatewayAction.objects.all()
               if a.due_on > TODAY or (a.done_on and a.done_on > TODAY)]
    statuses = defaultdict(list)
    for period, code, start in LegalStatus.objects.order_by("start").values_list(
            "period_id", "status", "start"):
        statuses[period].append((start, code))
    return SimpleNamespace(
        summary=summary, invalid=invalid, future=future,
        cases={c.pk: c for c in LegalCase.objects.all()},
        members=list(LegalCaseChild.objects.values_list("case_id", "child_id")),
        pre=list(PreProceedings.objects.all()),
        meetings=list(PreProceedingsMeeting.objects.values_list("pre_proceedings_id", "kind",
                                                                 "held_on")),
        gateways=list(GatewayMeeting.objects.values_list("case_id", "held_on", "decision",
                                                         "chair_id", "social_worker_id")),
        proceedings={p.pk: p for p in Proceedings.objects.all()},
        orders=list(CourtOrder.objects.values_list("proceedings_id", "child_id", "kind",
                                                   "made_on")),
        extensions=list(ProceedingsExtension.objects.values_list("proceedings_id", "weeks",
                                                                 "granted_on")),
        hearings=list(Hearing.objects.values_list("proceedings_id", "kind", "listed_for")),
        periods={p.pk: p for p in PeriodOfCare.objects.all()},
        statuses=statuses,
        connected=list(Placement.objects.filter(carer_kind=CarerKind.CONNECTED_PERSON)
                       .select_related("connected_person")),
        a6=list(Placement.objects.filter(placement_type="A6").values_list("period_id", "start")),
        people={p.pk: p for p in ConnectedPerson.objects.all()},
        viabilities=list(ViabilityAssessment.objects.values_list(
            "person_id", "requested_on", "completed_on", "outcome")),
        plans=list(PermanencePlan.objects.values_list("period_id", "plan", "agreed_on")),
        journeys=list(AdoptionJourney.objects.all()),
        adoption_reviews=list(AdoptionReview.objects.values_list("journey_id", "held_on")),
        obligations=list(Obligation.objects.filter(rule_id__in=("L1", "L3", "L10", "L11", "AD1",
                                                                 "AD2", "LA15")).values_list(
            "rule_id", "child_id", "scope", "met_on")),
    )


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    found = {}
    with django_db_blocker.unblock(), pytest.raises(Rollback), transaction.atomic():
        found["council"] = _read(seed(1, SMALL))
        raise Rollback
    return found["council"]


def _members(council):
    out = defaultdict(set)
    for case, child in council.members:
        out[case].add(child)
    return out


def test_rows_are_valid_recorded_and_never_in_the_future(council):
    assert council.invalid == []
    assert council.future == []


def test_about_fourteen_families_are_active_for_every_hundred_children_looked_after(council):
    open_pp = {p.case_id for p in council.pre if p.decision_on is None}
    open_proc = {p.case_id for p in council.proceedings.values() if p.concluded_on is None}
    active = len(open_pp | open_proc)
    assert council.summary.legal["families active"] == active
    assert abs(active - round(SMALL.open_lac * 120 / 870)) <= 5
    assert open_pp and open_proc
    references = [c.reference for c in council.cases.values()]
    assert len(set(references)) == len(references)
    assert all(r.startswith(f"LF-{c.opened_on.year}-") and len(r) == 12
               for r, c in zip(references, council.cases.values(), strict=True))


def test_every_case_holds_its_childrens_work(council):
    members = _members(council)
    assert all(members[pk] for pk in council.cases)
    for proceedings_id, child, _kind, _made in council.orders:
        assert child in members[council.proceedings[proceedings_id].case_id]
    for p in council.connected:
        assert p.connected_person_id is not None
        assert p.child_id in members[p.connected_person.case_id]
    for case_id, held, _decision, chair, worker in council.gateways:
        case = council.cases[case_id]
        assert case.opened_on <= held and chair != worker
        assert case.closed_on is None or case.closed_on >= case.opened_on


def test_pre_proceedings_run_in_order_and_about_half_step_down(council):
    meetings = defaultdict(list)
    for pp_id, kind, held in council.meetings:
        meetings[pp_id].append((held, kind))
    issued = {p.pre_proceedings_id: p.issued_on for p in council.proceedings.values()
              if p.pre_proceedings_id}
    for pp in council.pre:
        days = sorted(meetings[pp.pk])
        assert [k for _d, k in days].count("initial") == 1 and days[0][1] == "initial"
        assert pp.started_on <= pp.letter_sent_on <= days[0][0]
        end = pp.decision_on or TODAY
        assert all(d <= end for d, _k in days)
        if pp.decision == "issue":
            assert pp.outcome == "issued" and issued[pp.pk] == pp.court_application_on
            assert pp.decision_on <= pp.court_application_on
        elif pp.decision == "step_down":
            assert pp.outcome in ("child_protection", "child_in_need", "family_arrangement",
                                  "no_further_action", "moved_away", "other")
            assert pp.pk not in issued
    concluded = [pp for pp in council.pre if pp.decision_on]
    share = sum(pp.decision == "step_down" for pp in concluded) / len(concluded)
    assert 0.35 <= share <= 0.55
    weeks = sorted((pp.decision_on - pp.started_on).days / 7 for pp in concluded)
    assert 12 <= weeks[len(weeks) // 2] <= 20


def test_orders_are_what_the_care_history_says(council):
    orders = defaultdict(set)
    for _proc, child, kind, made in council.orders:
        orders[child].add((kind, made))
    open_children = {child for proc, child, kind, _m in council.orders
                     if kind == "interim_care" and council.proceedings[proc].concluded_on is None}
    for period in council.periods.values():
        runs = council.statuses[period.pk]
        mine = orders[period.child_id]
        for start, code in runs:
            if code == "C1":
                assert ("interim_care", start) in mine
            if code == "C2":
                assert ("care", start) in mine
            if code == "E1":
                assert ("placement", start) in mine
        if period.end_reason in ("E45", "E46", "E47", "E48"):
            assert ("sgo", period.end) in mine
        if period.end_reason == "E41" and {"C1", "C2"} & {c for _s, c in runs}:
            assert ("cao", period.end) in mine
        if period.end is None and runs[-1][1] == "C1":
            assert period.child_id in open_children
    for proc in council.proceedings.values():
        if proc.concluded_on:
            made = [m for p, _c, kind, m in council.orders if p == proc.pk and kind != "interim_care"
                    and kind != "epo"]
            assert max(made) == proc.concluded_on
    extended = defaultdict(int)
    for proc_id, weeks, granted in council.extensions:
        assert 1 <= weeks <= 8 and granted >= council.proceedings[proc_id].issued_on
        extended[proc_id] += weeks
    for proc in council.proceedings.values():
        if proc.application == "care" and proc.concluded_on:
            over = (proc.concluded_on - proc.issued_on).days - 26 * 7
            assert over <= 0 or extended[proc.pk] * 7 >= over
    cmh = [(listed - council.proceedings[p].issued_on).days for p, kind, listed in council.hearings
           if kind == "cmh"]
    assert cmh and all(10 <= d <= 14 for d in cmh)


def test_connected_person_placements_are_assessed_but_a_few(council):
    unassessed = [p for p in council.connected if p.unassessed]
    assert unassessed
    assessed = defaultdict(list)
    for person, _req, completed, outcome in council.viabilities:
        if outcome == "positive":
            assessed[person].append(completed)
    for p in unassessed:
        assert not p.temporary_approval and p.approved_on is None
        assert not assessed[p.connected_person_id]
    before = [p for p in council.connected if p.connected_person.assessed_on
              and p.connected_person.assessed_on <= p.start]
    assert len(before) / len(council.connected) > 0.7
    for person in council.people.values():
        positives = assessed[person.pk]
        assert person.assessed_on == (min(positives) if positives else None)
    for _person, requested, completed, outcome in council.viabilities:
        assert (completed is None) == (outcome == "")
        assert completed is None or completed >= requested


def test_adoption_journeys_follow_the_adoptions(council):
    placed = {period: start for period, start in council.a6}
    journeys = {j.period_id: j for j in council.journeys}
    adopted = [p for p in council.periods.values() if p.end_reason in ("E11", "E12")]
    assert adopted
    for period in adopted:
        j = journeys[period.pk]
        assert j.order_on == period.end and j.placed_on == placed[period.pk]
        assert j.decision_on <= j.placement_order_on <= j.matched_on <= j.placed_on <= j.order_on
    for j in council.journeys:
        assert not (j.order_on and j.ceased_on)
        assert bool(j.ceased_on) == bool(j.ceased_reason)
        if j.adopters_count is not None:
            single = j.adopters_count == 1
            assert single == (j.adopters_legal_status == "L0")
            assert single == (j.adopters_sex in ("M1", "F1"))
            if j.adopters_legal_status in ("L11", "L3"):
                assert j.adopters_sex == "MF"
            if j.adopters_legal_status in ("L12", "L4"):
                assert j.adopters_sex in ("MM", "FF")
    reviews = Counter(journey for journey, _held in council.adoption_reviews)
    assert sum(1 for j in council.journeys if j.placed_on and reviews[j.pk]) >= len(adopted) * 0.8
    plans = {period: plan for period, plan, _agreed in council.plans}
    assert all(plans.get(p.pk, "adoption") == "adoption" for p in adopted)
    sgo = [p for p in council.periods.values() if p.end_reason in ("E45", "E46", "E47", "E48")]
    assert all(plans.get(p.pk, "family_friends") == "family_friends" for p in sgo)


def test_the_ledger_has_the_legal_clocks(council):
    rules = defaultdict(set)
    for rule, child, scope, _met in council.obligations:
        rules[rule].add((child, scope))
    members = _members(council)
    for proc in council.proceedings.values():
        # The 26 weeks apply to applications issued from 22 April 2014 (CFA 2014 s14).
        if proc.application == "care" and proc.issued_on >= CFA_2014:
            for child in members[proc.case_id]:
                assert (child, f"proceedings:{proc.pk}") in rules["L1"]
    for pp in council.pre:
        for child in members[pp.case_id]:
            assert (child, f"preproceedings:{pp.pk}") in rules["L3"]
    assert len(rules["L1"]) >= 20
    assert rules["L10"] and rules["L11"] and rules["AD1"] and rules["LA15"]
    la15 = [met for rule, _c, _s, met in council.obligations if rule == "LA15"]
    assert 0.6 <= sum(1 for m in la15 if m) / len(la15) <= 0.97


def test_a_plan_for_permanence_is_late_or_missing_for_a_minority(council):
    assert council.plans
    kinds = Counter(plan for _p, plan, _a in council.plans)
    assert {"adoption", "family_friends", "long_term_fostering", "return_home"} <= set(kinds)
