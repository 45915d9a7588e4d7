"""Assessments in the chronology: started, each day the child was seen (alone or not),
completed (with the outcome) and authorised.

One query: the child's latest assessments joined to the days the child was seen
(a LEFT JOIN, so an assessment with no visits still comes back once).
"""

from lantern.web.chronology import Entry

from .models import FACTOR_LABELS, Assessment, Outcome

OUTCOMES = dict(Outcome.choices)


def _name(first, last, username) -> str:
    return f"{first} {last}".strip() or username or ""


def entries(child, *, kinds=None, limit=50):
    if kinds is not None and "assessment" not in kinds:
        return []
    latest = Assessment.objects.filter(child=child).order_by("-start", "-id").values("pk")[:limit]
    rows = (Assessment.objects.filter(pk__in=latest).order_by("-start", "-id", "-seen__seen_on")
            .values_list("pk", "start", "completed", "outcome", "factors", "late_reason", "authorised",
                         "referral__referral_date", "worker__first_name", "worker__last_name",
                         "worker__username", "authorised_by__first_name", "authorised_by__last_name",
                         "authorised_by__username", "seen__seen_on", "seen__alone",
                         "seen__not_alone_reason"))
    out, done = [], set()
    for (pk, start, completed, outcome, factors, late_reason, authorised, referred, wf, wl, wu,
         af, al, au, seen_on, alone, why) in rows:
        worker = _name(wf, wl, wu)
        if seen_on is not None:
            out.append(Entry(seen_on, "assessment", "Child seen alone" if alone else "Child seen, not alone",
                             "" if alone else why, worker))
        if pk in done:
            continue
        done.add(pk)
        out.append(Entry(start, "assessment", "Assessment started",
                         f"Referral received {referred:%-d %b %Y}", worker))
        if completed:
            detail = "Factors: " + "; ".join(f"{c} {FACTOR_LABELS.get(c, '')}".strip() for c in factors or ())
            if late_reason:
                detail += f". Completed late: {late_reason}"
            out.append(Entry(completed, "assessment",
                             f"Assessment completed: {OUTCOMES.get(outcome, outcome).lower()}", detail, worker))
        if authorised:
            out.append(Entry(authorised, "assessment", "Assessment authorised", "", _name(af, al, au)))
    out.sort(key=lambda e: e.on, reverse=True)
    return out[:limit]
