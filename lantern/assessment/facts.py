"""Referrals and assessments as facts for the rules core (A1, A2).

The front door records referrals but emits only contact facts, so this source
is where the 45-working-day clock (A1) starts: ``referral_received`` on each
referral's date, in the episode scope ``cin:<referral id>``. A referral closed
with no further action ends A1 (``referral_nfa``); a completed assessment meets
it (with its late reason), and starts A2, met by the manager's authorisation.
``child_in_need`` is set only when the outcome is a child in need plan (CIN1).
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact
from lantern.frontdoor.models import Referral

from .models import Assessment, Outcome


def assessment_facts(child_ids):
    out = defaultdict(list)
    for pk, child_id, received, nfa in Referral.objects.filter(child_id__in=child_ids).values_list(
            "pk", "child_id", "referral_date", "nfa"):
        scope = f"cin:{pk}"
        out[child_id].append(Fact(kinds.REFERRAL_RECEIVED, f"referral:{pk}", received, scope))
        if nfa:
            out[child_id].append(Fact(kinds.REFERRAL_NFA, f"referral:{pk}:nfa", received, scope))
    rows = Assessment.objects.filter(child_id__in=child_ids).values_list(
        "pk", "child_id", "referral_id", "start", "completed", "outcome", "late_reason", "authorised")
    for pk, child_id, referral_id, start, completed, outcome, late_reason, authorised in rows:
        scope, ref = f"cin:{referral_id}", f"assessment:{pk}"
        out[child_id].append(Fact(kinds.ASSESSMENT_STARTED, ref, start, scope))
        if completed:
            attrs = (("late_reason", late_reason), ("outcome", outcome),
                     ("child_in_need", outcome == Outcome.CIN_PLAN))
            out[child_id].append(Fact(kinds.ASSESSMENT_COMPLETED, f"{ref}:completed", completed,
                                      scope, attrs))
        if authorised:
            out[child_id].append(Fact(kinds.ASSESSMENT_AUTHORISED, f"{ref}:authorised", authorised,
                                      scope))
    return out


assessment_facts.produces = frozenset({kinds.REFERRAL_RECEIVED, kinds.REFERRAL_NFA,
                                       kinds.ASSESSMENT_STARTED, kinds.ASSESSMENT_COMPLETED,
                                       kinds.ASSESSMENT_AUTHORISED})
