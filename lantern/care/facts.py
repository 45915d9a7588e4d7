"""Children in care as facts for the rules core.

A period of care (``period:<id>``) carries becoming and ceasing to be looked after,
the care plan (LA1), reviews (LA12-LA14), health assessments (H1-H3) and personal
education plans (E1). A placement (``placement:<id>``) carries its start (with what
regulation 28 needs to know: long-term, temporary approval, placed with a parent
before assessment, and the period it belongs to), plan and notifications (LA2, LA3),
visits where the child was seen (LA4-LA9), the temporary approval's extension and
full approval (LA17, LA18), a full care order made while the child lives at home
(LA9) and its end. A dispute (``dispute:<id>``) carries its stages and resolution
(IR1, IR2).
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact

from .models import (
    CareVisit,
    Dispute,
    DisputeStage,
    HealthKind,
    HealthRecord,
    LegalStatus,
    Pep,
    PeriodOfCare,
    Placement,
    Review,
)

HEALTH_FACTS = {HealthKind.INITIAL: kinds.HEALTH_ASSESSMENT_INITIAL,
                HealthKind.REVIEW: kinds.HEALTH_ASSESSMENT_REVIEW}
AT_HOME = "P1"
FULL_CARE_ORDER = "C2"


def _placement_facts(out, child_ids):
    placements = defaultdict(list)
    for row in Placement.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "period_id", "start", "end", "placement_type", "long_term_from",
            "temporary_approval", "parent_before_assessment", "approved_on", "extension_from",
            "plan_agreed_on", "notified_on"):
        (pk, child_id, period_id, start, end, place, long_term_from, temporary,
         parent_first, approved, extended, plan_on, notified_on) = row
        placements[child_id].append((start, end, place, pk))
        scope = f"placement:{pk}"
        reg28 = "parent_assessment" if parent_first else ("temporary_approval" if temporary else "")
        attrs = (("kind", "connected_person_temporary" if temporary else place),
                 ("long_term", bool(long_term_from and long_term_from <= start)),
                 ("period", str(period_id)), ("reg28", reg28))
        facts = out[child_id]
        facts.append(Fact(kinds.PLACEMENT_STARTED, f"placement:{pk}", start, scope, attrs))
        if long_term_from and long_term_from > start:
            facts.append(Fact(kinds.PLACEMENT_LONG_TERM, f"placement:{pk}:long-term",
                              long_term_from, scope))
        if plan_on:
            facts.append(Fact(kinds.PLACEMENT_PLAN, f"placement:{pk}:plan", plan_on, scope))
        if notified_on:
            facts.append(Fact(kinds.PLACEMENT_NOTIFIED, f"placement:{pk}:notified", notified_on,
                              scope))
        if extended:
            facts.append(Fact(kinds.TEMPORARY_APPROVAL_EXTENDED, f"placement:{pk}:extended",
                              extended, scope))
        if approved:
            facts.append(Fact(kinds.CONNECTED_PERSON_APPROVED, f"placement:{pk}:approved",
                              approved, scope))
        if end:
            facts.append(Fact(kinds.PLACEMENT_ENDED, f"placement:{pk}:end", end, scope))
    return placements


def care_facts(child_ids):
    out = defaultdict(list)
    for pk, child_id, start, end, care_plan_on in PeriodOfCare.objects.filter(
            child_id__in=child_ids).values_list("pk", "child_id", "start", "end", "care_plan_on"):
        scope = f"period:{pk}"
        out[child_id].append(Fact(kinds.BECAME_LOOKED_AFTER, f"period:{pk}", start, scope))
        if care_plan_on:
            out[child_id].append(Fact(kinds.CARE_PLAN, f"period:{pk}:care-plan", care_plan_on,
                                      scope))
        if end:
            out[child_id].append(Fact(kinds.CEASED_LOOKED_AFTER, f"period:{pk}:end", end, scope))
    placements = _placement_facts(out, child_ids)
    for pk, child_id, _status, start in LegalStatus.objects.filter(
            child_id__in=child_ids, status=FULL_CARE_ORDER).values_list(
                "pk", "child_id", "status", "start"):
        for p_start, p_end, place, placement_id in placements.get(child_id, ()):
            if place == AT_HOME and p_start <= start and (p_end is None or start < p_end):
                out[child_id].append(Fact(kinds.CARE_ORDER_MADE, f"legalstatus:{pk}", start,
                                          f"placement:{placement_id}", (("at_home", True),)))
    for pk, child_id, placement_id, on in CareVisit.objects.filter(
            child_id__in=child_ids, seen=True).values_list("pk", "child_id", "placement_id",
                                                            "visited_on"):
        out[child_id].append(Fact(kinds.LAC_VISIT, f"carevisit:{pk}", on,
                                  f"placement:{placement_id}"))
    for pk, child_id, period_id, on in Review.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "period_id", "held_on"):
        out[child_id].append(Fact(kinds.LAC_REVIEW, f"carereview:{pk}", on, f"period:{period_id}"))
    for pk, child_id, period_id, kind, on in HealthRecord.objects.filter(
            child_id__in=child_ids, kind__in=list(HEALTH_FACTS)).values_list(
                "pk", "child_id", "period_id", "kind", "on"):
        out[child_id].append(Fact(HEALTH_FACTS[kind], f"health:{pk}", on, f"period:{period_id}"))
    for pk, child_id, period_id, on in Pep.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "period_id", "held_on"):
        out[child_id].append(Fact(kinds.PEP, f"pep:{pk}", on, f"period:{period_id}"))
    for pk, child_id, raised, closed in Dispute.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "raised_on", "closed_on"):
        out[child_id].append(Fact(kinds.IRO_DISPUTE_RAISED, f"dispute:{pk}", raised,
                                  f"dispute:{pk}"))
        if closed:
            out[child_id].append(Fact(kinds.IRO_DISPUTE_RESOLVED, f"dispute:{pk}:closed", closed,
                                      f"dispute:{pk}"))
    for pk, child_id, dispute_id, opened, days, responded in DisputeStage.objects.filter(
            dispute__child_id__in=child_ids).values_list(
                "pk", "dispute__child_id", "dispute_id", "opened_on", "response_working_days",
                "responded_on"):
        scope = f"dispute:{dispute_id}"
        out[child_id].append(Fact(kinds.IRO_DISPUTE_STAGE, f"disputestage:{pk}", opened, scope,
                                  (("interval_working_days", days),)))
        if responded:
            out[child_id].append(Fact(kinds.IRO_DISPUTE_RESPONSE, f"disputestage:{pk}:response",
                                      responded, scope))
    return out


care_facts.produces = frozenset({
    kinds.BECAME_LOOKED_AFTER, kinds.CARE_PLAN, kinds.CEASED_LOOKED_AFTER,
    kinds.PLACEMENT_STARTED, kinds.PLACEMENT_LONG_TERM, kinds.PLACEMENT_PLAN,
    kinds.PLACEMENT_NOTIFIED, kinds.TEMPORARY_APPROVAL_EXTENDED, kinds.CONNECTED_PERSON_APPROVED,
    kinds.PLACEMENT_ENDED, kinds.CARE_ORDER_MADE, kinds.LAC_VISIT, kinds.LAC_REVIEW,
    kinds.HEALTH_ASSESSMENT_INITIAL, kinds.HEALTH_ASSESSMENT_REVIEW, kinds.PEP,
    kinds.IRO_DISPUTE_RAISED, kinds.IRO_DISPUTE_RESOLVED, kinds.IRO_DISPUTE_STAGE,
    kinds.IRO_DISPUTE_RESPONSE})
