"""Child in need plans as facts for the rules core (CIN1, CIN2, CIN3).

A plan (``cinplan:<plan id>``) starts its review and visit cycles; starting it meets
CIN1 (any plan for the child counts); its end stops both cycles. Visits come from the
plans area.
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact

from .models import Plan, Review


def cin_plan_facts(child_ids):
    out = defaultdict(list)
    for pk, child_id, start, end, from_cp in Plan.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "start", "end", "from_cp_plan_id"):
        scope = f"cinplan:{pk}"
        out[child_id].append(Fact(kinds.CIN_PLAN_STARTED, f"cinplan:{pk}", start, scope,
                                  (("step_down_from_cp", from_cp is not None),)))
        if end:
            out[child_id].append(Fact(kinds.CIN_PLAN_ENDED, f"cinplan:{pk}:end", end, scope))
    for pk, child_id, plan_id, held_on in Review.objects.filter(
            plan__child_id__in=child_ids).values_list("pk", "plan__child_id", "plan_id", "held_on"):
        out[child_id].append(Fact(kinds.CIN_REVIEW, f"cinreview:{pk}", held_on, f"cinplan:{plan_id}"))
    return out


cin_plan_facts.produces = frozenset({kinds.CIN_PLAN_STARTED, kinds.CIN_REVIEW, kinds.CIN_PLAN_ENDED})
