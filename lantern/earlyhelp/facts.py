"""Early help plans as facts for the rules core (F5, plan reviews).

An assessment that agreed an early help plan is the plan's scope (``earlyhelp:<id>``): the
plan starts on the day the assessment was completed, each review is a review of it, and the
end of the early help episode the assessment began in ends it.
"""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact
from lantern.people.models import Involvement, Level

from .models import EarlyHelpAssessment, EarlyHelpReview, Outcome, episode_on


def early_help_facts(child_ids):
    out = defaultdict(list)
    plans = list(EarlyHelpAssessment.objects.filter(child_id__in=child_ids, outcome=Outcome.PLAN)
                 .values_list("pk", "child_id", "started_on", "completed_on"))
    if not plans:
        return out
    episodes = defaultdict(list)
    for episode in (Involvement.objects.filter(child_id__in={p[1] for p in plans}, level=Level.EARLY_HELP)
                    .only("child_id", "start", "end")):
        episodes[episode.child_id].append(episode)
    for pk, child_id, started_on, completed_on in plans:
        scope = f"earlyhelp:{pk}"
        out[child_id].append(Fact(kinds.EARLY_HELP_STARTED, scope, completed_on, scope))
        episode = episode_on(episodes[child_id], started_on)
        if episode is not None and episode.end is not None:
            out[child_id].append(Fact(kinds.EARLY_HELP_ENDED, f"{scope}:end", episode.end, scope))
    by_plan = {pk: child_id for pk, child_id, *_ in plans}
    for pk, assessment_id, held_on in (EarlyHelpReview.objects.filter(assessment_id__in=by_plan)
                                       .values_list("pk", "assessment_id", "held_on")):
        scope = f"earlyhelp:{assessment_id}"
        out[by_plan[assessment_id]].append(Fact(kinds.EARLY_HELP_REVIEW, f"earlyhelp-review:{pk}", held_on, scope))
    return out


early_help_facts.produces = frozenset({kinds.EARLY_HELP_STARTED, kinds.EARLY_HELP_REVIEW, kinds.EARLY_HELP_ENDED})
