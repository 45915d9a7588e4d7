"""Synthetic council: early help assessments for the children its families' stories put on
early help. Most early help episodes (about 85%) have an assessment, begun within three weeks
by a lead practitioner of the council's early help team, a family hub, a school, health or
another organisation, completed within about ten weeks (before the episode ended); those still
under way today are open. Most lead to an early help plan; some find needs met, some families
decline, and a few are referred on to children's social care. A plan is reviewed every 8 to
12 weeks while early help lasts, about one review in seven late (13 to 16 weeks: F5)."""

import random
from datetime import date, datetime, timedelta

from lantern.audit.chain import append_many
from lantern.earlyhelp.models import EarlyHelpAssessment, EarlyHelpReview, Organisation, Outcome
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
LATE_REVIEW_SHARE = 0.15
PROGRESS = (
    "School attendance has improved; the family are keeping to the morning routine.",
    "Parenting course attended; home conditions better. Carry on with the plan.",
    "Housing referral made; still waiting. Key worker to chase and visit fortnightly.",
    "Little change: mother finding it hard to engage. Agreed to a family group conference.",
    "Sleep and behaviour at home much better; plan to end early help at the next review if it holds.",
)


def _reviews(rng, agreed: date, until: date) -> list[date]:
    """Review days from the plan agreed on ``agreed`` up to ``until`` (inclusive)."""
    days, last = [], agreed
    while True:
        weeks = rng.randint(13, 16) if rng.random() < LATE_REVIEW_SHARE else rng.randint(8, 12)
        last = last + timedelta(weeks=weeks, days=rng.randint(-3, 3))
        if last > until:
            return days
        days.append(last)


def write_early_help(*, seed: int, today: date, admin, at: datetime, summary) -> int:
    rng = random.Random(f"early-help:{seed}")
    leads = [lead for lead in LEADS for _ in range(lead[1])]
    outcomes = [o for o, weight in OUTCOMES for _ in range(weight)]
    rows, reviews = [], []
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
        outcome = rng.choice(outcomes) if done else ""
        row = EarlyHelpAssessment(
            child_id=child_id, started_on=began, organisation=organisation, organisation_name=rng.choice(names),
            lead_practitioner=rng.choice(practitioners), completed_on=completed if done else None,
            outcome=outcome, recorded_by_id=admin.pk, recorded_at=at)
        rows.append(row)
        if outcome == Outcome.PLAN:
            reviews.extend((row, day) for day in _reviews(rng, completed, last_day))
    EarlyHelpAssessment.objects.bulk_create(rows, batch_size=2000)
    EarlyHelpReview.objects.bulk_create(
        [EarlyHelpReview(assessment=row, held_on=day, progress=rng.choice(PROGRESS), recorded_by_id=admin.pk,
                         recorded_at=at) for row, day in reviews], batch_size=2000)
    append_many([{"actor": admin, "at": at, "obj": None,
                  "action": f"Early help assessments added (synthetic council): {len(rows)}, with "
                            f"{len(reviews)} plan reviews",
                  "after": {"early help assessments": len(rows), "early help plan reviews": len(reviews)}}])
    summary.rows["early help assessments"] = len(rows)
    summary.rows["early help plan reviews"] = len(reviews)
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + 1
    return len(rows)
