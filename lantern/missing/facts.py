"""Missing episodes as facts for the rules core (M1).

Each episode is its own scope (``missing:<episode id>``): the child going missing, their
return (which starts the 72-hour clock for the return home interview) and the interview
being held (or declined when offered, which ends the clock), all at their aware datetimes
so the clock counts elapsed hours.
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact

from .models import MissingEpisode


def missing_facts(child_ids):
    out = defaultdict(list)
    for pk, child_id, started_at, returned_at, interview_id, held_at, offered_at, accepted in (
            MissingEpisode.objects.filter(child_id__in=child_ids)
            .values_list("pk", "child_id", "started_at", "returned_at", "interview__pk",
                         "interview__held_at", "interview__offered_at", "interview__accepted")):
        scope = f"missing:{pk}"
        out[child_id].append(Fact(kinds.MISSING_STARTED, scope, started_at, scope))
        if returned_at is not None:
            out[child_id].append(Fact(kinds.MISSING_RETURNED, f"{scope}:return", returned_at, scope))
        if held_at is not None:
            out[child_id].append(Fact(kinds.RHI_HELD, f"rhi:{interview_id}", held_at, scope))
        elif accepted is False and offered_at is not None:
            out[child_id].append(Fact(kinds.RHI_DECLINED, f"rhi:{interview_id}:declined",
                                      offered_at, scope))
    return out


missing_facts.produces = frozenset({kinds.MISSING_STARTED, kinds.MISSING_RETURNED, kinds.RHI_HELD,
                                    kinds.RHI_DECLINED})
