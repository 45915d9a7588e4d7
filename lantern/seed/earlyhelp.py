"""Synthetic council: early help assessments for the children its families' stories put on
early help. Most early help episodes (about 85%) have an assessment, begun within three weeks
by a lead practitioner of the council's early help team, a family hub, a school, health or
another organisation, completed within about ten weeks (before the episode ended); those still
under way today are open. Most lead to an early help plan; some find needs met, some families
decline, and a few are referred on to children's social care."""

import random
from datetime import date, datetime, timedelta

from lantern.audit.chain import append_many
from lantern.earlyhelp.models import EarlyHelpAssessment, Organisation, Outcome
from lantern.people.models import Involvement, Level

ASSESSED_SHARE = 0.85
# Who leads the assessment: (organisation, weight, practitioners, organisation names).
LEADS = (
    (Organisation.COUNCIL, 35, ("Early help key worker", "Family support worker"), ("",)),
    (Organisation.FAMILY_HUB, 20, ("Family hub practitioner", "Parenting practitioner"),
     ("North family hub", "East family hub", "West family hub")),
    (Organisation.SCHOOL, 25, ("Pastoral lead", "Designated safeguarding lead", "Learning mentor"),
     ("Riverside Primary School", "Orchard Academy", "St Mary's Primary School", "Eastfield College")),
    (Organisation.HEALTH, 10, ("Health visitor", "School nurse"), ("Health visiting team", "School nursing team")),
    (Organisation.EARLY_YEARS, 5, ("Nursery manager",), ("Little Acorns Nursery",)),
    (Organisation.VOLUNTARY, 5, ("Family worker",), ("Community family support project",)),
)
OUTCOMES = ((Outcome.PLAN, 75), (Outcome.NO_FURTHER, 10), (Outcome.DECLINED, 7), (Outcome.SOCIAL_CARE, 8))


def write_early_help(*, seed: int, today: date, admin, at: datetime, summary) -> int:
    rng = random.Random(f"early-help:{seed}")
    leads = [lead for lead in LEADS for _ in range(lead[1])]
    outcomes = [o for o, weight in OUTCOMES for _ in range(weight)]
    rows = []
    for child_id, start, end in (Involvement.objects.filter(level=Level.EARLY_HELP)
                                 .order_by("child_id", "start", "pk").values_list("child_id", "start", "end")):
        if rng.random() >= ASSESSED_SHARE:
            continue
        last_day = min(today, end - timedelta(days=1)) if end else today
        began = start + timedelta(days=rng.randint(0, 20))
        if began > last_day:
            began = start
        if began > last_day:
            continue
        organisation, _, practitioners, names = rng.choice(leads)
        completed = began + timedelta(days=rng.randint(14, 70))
        if end is not None and completed > last_day:
            completed = last_day  # an episode that ended had its assessment finished first
        done = completed <= today
        rows.append(EarlyHelpAssessment(
            child_id=child_id, started_on=began, organisation=organisation, organisation_name=rng.choice(names),
            lead_practitioner=rng.choice(practitioners), completed_on=completed if done else None,
            outcome=rng.choice(outcomes) if done else "", recorded_by_id=admin.pk, recorded_at=at))
    EarlyHelpAssessment.objects.bulk_create(rows, batch_size=2000)
    append_many([{"actor": admin, "at": at, "obj": None,
                  "action": f"Early help assessments added (synthetic council): {len(rows)}",
                  "after": {"early help assessments": len(rows)}}])
    summary.rows["early help assessments"] = len(rows)
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + 1
    return len(rows)
