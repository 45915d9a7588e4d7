"""Visits as facts for the rules core: a visit where the child was seen meets the visiting
clock of its plan (CP9 on a child protection plan, CIN3 on a child in need plan). A visit
where the child was not seen is recorded but does not count as a statutory visit.
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact

from .models import Visit


def visit_facts(child_ids):
    out = defaultdict(list)
    for pk, child_id, cp_plan, cin_plan, on in Visit.objects.filter(
            child_id__in=child_ids, seen=True).values_list("pk", "child_id", "cp_plan_id",
                                                            "cin_plan_id", "visited_on"):
        if cp_plan:
            out[child_id].append(Fact(kinds.CP_VISIT, f"visit:{pk}", on, f"cp:{cp_plan}"))
        else:
            out[child_id].append(Fact(kinds.CIN_VISIT, f"visit:{pk}", on, f"cinplan:{cin_plan}"))
    return out


visit_facts.produces = frozenset({kinds.CP_VISIT, kinds.CIN_VISIT})
