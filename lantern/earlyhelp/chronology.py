"""Early help assessments in the chronology: started (by whom, for which organisation) and
completed (with what they led to), read with the other areas' parts in one query
(lantern.web.chronology)."""

from lantern.web.chronology import Entry, part, person

from .models import EarlyHelpAssessment, Organisation, Outcome

KIND = "earlyhelp"


def parts(child, kinds):
    if kinds is not None and KIND not in kinds:
        return []
    assessments = EarlyHelpAssessment.objects.filter(child=child)
    return [
        part(assessments, "earlyhelp-start", "started_on", "lead_practitioner", "organisation",
             "organisation_name", by=person("recorded_by")),
        part(assessments.filter(completed_on__isnull=False), "earlyhelp-complete", "completed_on", "outcome"),
    ]


def entry(row):
    tag, on, a, b, c, _d, by = row
    if tag == "earlyhelp-start":
        organisation = c or Organisation(b).label
        return [Entry(on, KIND, "Early help assessment started", f"Led by {a} ({organisation})", by)]
    return [Entry(on, KIND, "Early help assessment completed", Outcome(a).label)]
