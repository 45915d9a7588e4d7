"""People records as facts for the rules core."""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact

from .models import Involvement


def involvement_facts(child_ids):
    out = defaultdict(list)
    rows = Involvement.objects.filter(child_id__in=child_ids).values_list(
        "pk", "child_id", "level", "start", "end")
    for pk, child_id, level, start, end in rows:
        scope = f"involvement:{pk}"
        attrs = (("level", level),)
        out[child_id].append(Fact(kinds.SERVICE_STARTED, scope, start, scope, attrs))
        if end:
            out[child_id].append(Fact(kinds.SERVICE_ENDED, f"{scope}:end", end, scope, attrs))
    return out


involvement_facts.produces = frozenset({kinds.SERVICE_STARTED, kinds.SERVICE_ENDED})
