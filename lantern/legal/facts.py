"""Legal work as facts for the rules core (L1, L3, L10, L11, LA15, AD1-AD3).

Pre-proceedings and proceedings belong to a family's case, and each child of the case gets
its facts (scope ``preproceedings:<id>`` or ``proceedings:<id>``). Only care and
supervision applications start the 26-week clock (L1). A court-approved extension is dated
the day it was granted and carries ``interval_days`` to the new end of the timetable: it
meets the clock running then and starts the next (L10). The plan for permanence is scoped
to the period of care (``period:<id>``) like the looked-after reviews it is measured
against (LA15). An adoption timeline is ``adoption:<id>`` until the child is placed and
``adoption:<id>:placed`` from then on, so reviews before placement count for AD1 and those
after it for AD2 and AD3.
"""

from collections import defaultdict
from datetime import date, timedelta

from lantern.core import facts as kinds
from lantern.core.engine import Fact
from lantern.core.rules import get_rule

from .models import (
    PUBLIC_LAW_APPLICATIONS,
    AdoptionJourney,
    AdoptionReview,
    LegalCaseChild,
    PermanencePlan,
    PreProceedings,
    PreProceedingsMeeting,
    Proceedings,
    ProceedingsExtension,
)

L1_WEEKS = get_rule("L1").period.amount  # 26: calendar weeks from issue (CA 1989 s32(1)(a))


def timetable_ends(issued_on: date, extensions: list[tuple[date, int]]) -> date:
    """The end of the proceedings' timetable: 26 weeks from issue, then each extension (in
    the order granted) adds its weeks to the end in force."""
    end = issued_on + timedelta(weeks=L1_WEEKS)
    for _granted, weeks in sorted(extensions):
        end += timedelta(weeks=weeks)
    return end


def _members(child_ids) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for case_id, child_id in LegalCaseChild.objects.filter(child_id__in=child_ids).values_list(
            "case_id", "child_id"):
        members[case_id].append(child_id)
    return members


def _case_facts(members: dict[int, list[int]]) -> dict[int, list[Fact]]:
    """Facts of each case, to be given to every child of it."""
    out: dict[int, list[Fact]] = defaultdict(list)
    if not members:
        return out
    for pk, case_id, started, decided in PreProceedings.objects.filter(case_id__in=members).values_list(
            "pk", "case_id", "started_on", "decision_on"):
        scope = f"preproceedings:{pk}"
        out[case_id].append(Fact(kinds.PRE_PROCEEDINGS_STARTED, scope, started, scope))
        if decided is not None:
            out[case_id].append(Fact(kinds.PRE_PROCEEDINGS_DECISION, f"{scope}:decision", decided, scope))
    for pk, case_id, pp_id, held in PreProceedingsMeeting.objects.filter(
            pre_proceedings__case_id__in=members).values_list(
            "pk", "pre_proceedings__case_id", "pre_proceedings_id", "held_on"):
        out[case_id].append(Fact(kinds.PRE_PROCEEDINGS_MEETING, f"ppmeeting:{pk}", held,
                                 f"preproceedings:{pp_id}"))
    extensions: dict[int, list[tuple[int, date, int]]] = defaultdict(list)
    for pk, proc_id, granted, weeks in ProceedingsExtension.objects.filter(
            proceedings__case_id__in=members).values_list("pk", "proceedings_id", "granted_on", "weeks"):
        extensions[proc_id].append((pk, granted, weeks))
    for pk, case_id, application, issued, concluded in Proceedings.objects.filter(
            case_id__in=members).values_list("pk", "case_id", "application", "issued_on", "concluded_on"):
        if application not in PUBLIC_LAW_APPLICATIONS:
            continue
        scope = f"proceedings:{pk}"
        out[case_id].append(Fact(kinds.PROCEEDINGS_ISSUED, scope, issued, scope))
        granted_so_far: list[tuple[date, int]] = []
        for ext_pk, granted, weeks in sorted(extensions.get(pk, []), key=lambda e: (e[1], e[0])):
            granted_so_far.append((granted, weeks))
            ends = timetable_ends(issued, granted_so_far)
            out[case_id].append(Fact(kinds.PROCEEDINGS_EXTENDED, f"extension:{ext_pk}", granted, scope,
                                     (("interval_days", max(1, (ends - granted).days)),)))
        if concluded is not None:
            out[case_id].append(Fact(kinds.PROCEEDINGS_DISPOSED, f"{scope}:disposed", concluded, scope))
    return out


def legal_facts(child_ids):
    out = defaultdict(list)
    members = _members(child_ids)
    for case_id, facts in _case_facts(members).items():
        for child_id in members[case_id]:
            out[child_id].extend(facts)
    for pk, child_id, period_id, agreed in PermanencePlan.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "period_id", "agreed_on"):
        out[child_id].append(Fact(kinds.PERMANENCE_PLAN, f"permanence:{pk}", agreed, f"period:{period_id}"))
    placed_on: dict[int, date | None] = {}
    for pk, child_id, order_on, placed, ordered, ceased in AdoptionJourney.objects.filter(
            child_id__in=child_ids).values_list(
            "pk", "child_id", "placement_order_on", "placed_on", "order_on", "ceased_on"):
        scope, placed_scope = f"adoption:{pk}", f"adoption:{pk}:placed"
        placed_on[pk] = placed
        if order_on is not None:
            out[child_id].append(Fact(kinds.AUTHORITY_TO_PLACE, f"{scope}:authority", order_on, scope))
        if placed is not None:
            out[child_id].append(Fact(kinds.PLACED_FOR_ADOPTION, f"{scope}:placed", placed, placed_scope))
        if ordered is not None:
            out[child_id].append(Fact(kinds.ADOPTION_ORDER_MADE, f"{scope}:order", ordered, placed_scope))
        if ceased is not None:
            after_placing = placed is not None and placed <= ceased
            out[child_id].append(Fact(kinds.ADOPTIVE_PLACEMENT_ENDED, f"{scope}:ceased", ceased,
                                      placed_scope if after_placing else scope))
    for pk, journey_id, child_id, held in AdoptionReview.objects.filter(
            journey__child_id__in=child_ids).values_list("pk", "journey_id", "journey__child_id", "held_on"):
        placed = placed_on.get(journey_id)
        scope = f"adoption:{journey_id}:placed" if placed is not None and held >= placed else f"adoption:{journey_id}"
        out[child_id].append(Fact(kinds.ADOPTION_REVIEW, f"adoptionreview:{pk}", held, scope))
    return out


legal_facts.produces = frozenset({
    kinds.PRE_PROCEEDINGS_STARTED, kinds.PRE_PROCEEDINGS_DECISION, kinds.PRE_PROCEEDINGS_MEETING,
    kinds.PROCEEDINGS_ISSUED, kinds.PROCEEDINGS_EXTENDED, kinds.PROCEEDINGS_DISPOSED,
    kinds.PERMANENCE_PLAN, kinds.AUTHORITY_TO_PLACE, kinds.PLACED_FOR_ADOPTION,
    kinds.ADOPTION_ORDER_MADE, kinds.ADOPTIVE_PLACEMENT_ENDED, kinds.ADOPTION_REVIEW,
})
