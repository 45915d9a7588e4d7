"""Child protection records as facts for the rules core (CP2, CP2-DFE, CP4, CP5, CP7, CP8, CP9).

Strategy discussions, enquiries and initial conferences belong to the social care
episode (``cin:<referral id>``): the first discussion that started a section 47 enquiry
anchors CP2 and the enquiry's actual start anchors the DfE's measure (CP2-DFE); an
enquiry that concluded no conference is needed ends both. A plan (``cp:<plan id>``)
starts on the initial conference's date and carries its core groups, review
conferences and end; a conference that set the visiting frequency passes it on as
``interval_working_days`` (CP9). Visits come from the plans area.
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.calendar import LONDON
from lantern.core.engine import Fact

from .models import (
    Conference,
    ConferenceKind,
    CoreGroup,
    Enquiry,
    EnquiryOutcome,
    Plan,
    StrategyDecision,
    StrategyDiscussion,
)

S47 = (StrategyDecision.S47_JOINT, StrategyDecision.S47_SINGLE)


def _interval(days):
    return (("interval_working_days", days),) if days else ()


def protection_facts(child_ids):
    out = defaultdict(list)
    for pk, child_id, referral_id, held_at, decision in StrategyDiscussion.objects.filter(
            child_id__in=child_ids).values_list("pk", "child_id", "referral_id", "held_at", "decision"):
        out[child_id].append(Fact(kinds.STRATEGY_DISCUSSION, f"strategy:{pk}",
                                  held_at.astimezone(LONDON).date(), f"cin:{referral_id}",
                                  (("s47", decision in S47),)))
    for pk, child_id, referral_id, start, completed, outcome in Enquiry.objects.filter(
            child_id__in=child_ids).values_list("pk", "child_id", "referral_id", "start", "completed",
                                                "outcome"):
        scope, ref = f"cin:{referral_id}", f"s47:{pk}"
        out[child_id].append(Fact(kinds.S47_STARTED, ref, start, scope))
        if completed:
            out[child_id].append(Fact(kinds.S47_COMPLETED, f"{ref}:completed", completed, scope))
            if outcome != EnquiryOutcome.CONFERENCE:
                out[child_id].append(Fact(kinds.ICPC_NOT_REQUIRED, f"{ref}:no-icpc", completed, scope))
    initial_interval = {}
    for pk, child_id, referral_id, kind, held_on, plan_id, interval in Conference.objects.filter(
            child_id__in=child_ids).values_list("pk", "child_id", "referral_id", "kind", "held_on",
                                                "plan_id", "visit_interval_days"):
        if kind == ConferenceKind.INITIAL:
            out[child_id].append(Fact(kinds.ICPC, f"conference:{pk}", held_on, f"cin:{referral_id}"))
            initial_interval[plan_id] = interval
        elif plan_id:
            out[child_id].append(Fact(kinds.RCPC, f"conference:{pk}", held_on, f"cp:{plan_id}",
                                      _interval(interval)))
    for pk, child_id, start, end in Plan.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "start", "end"):
        scope = f"cp:{pk}"
        out[child_id].append(Fact(kinds.CP_PLAN_STARTED, f"cpplan:{pk}", start, scope,
                                  _interval(initial_interval.get(pk))))
        if end:
            out[child_id].append(Fact(kinds.CP_PLAN_ENDED, f"cpplan:{pk}:end", end, scope))
    for pk, child_id, plan_id, held_on in CoreGroup.objects.filter(
            plan__child_id__in=child_ids).values_list("pk", "plan__child_id", "plan_id", "held_on"):
        out[child_id].append(Fact(kinds.CORE_GROUP, f"coregroup:{pk}", held_on, f"cp:{plan_id}"))
    return out


protection_facts.produces = frozenset({
    kinds.STRATEGY_DISCUSSION, kinds.S47_STARTED, kinds.S47_COMPLETED, kinds.ICPC_NOT_REQUIRED,
    kinds.ICPC, kinds.CP_PLAN_STARTED, kinds.RCPC, kinds.CP_PLAN_ENDED, kinds.CORE_GROUP})
