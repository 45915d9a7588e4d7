"""Child protection in the chronology: strategy discussions, enquiries, conferences, plans
and core groups, read with the other areas' parts in one query (lantern.web.chronology)."""

from django.db.models import Case, Value, When

from lantern.web.chronology import TEXT, Entry, local_day, part, person

from .models import (
    CATEGORY_LABELS,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    EndReason,
    Enquiry,
    EnquiryOutcome,
    Plan,
    StrategyDecision,
    StrategyDiscussion,
)

KIND = "protection"
DECISIONS, OUTCOMES = dict(StrategyDecision.choices), dict(EnquiryOutcome.choices)
CONFERENCE_OUTCOMES, ENDINGS = dict(ConferenceOutcome.choices), dict(EndReason.choices)


def parts(child, kinds):
    if kinds is not None and KIND not in kinds:
        return []
    joint = Case(When(joint=True, then=Value("joint")), default=Value("single"), output_field=TEXT)
    return [
        part(StrategyDiscussion.objects.filter(child=child), "cp-strategy", local_day("held_at"),
             "decision", "school_not_invited_reason", "single_agency_rationale", "nfa_reasons",
             by=person("chair")),
        part(Enquiry.objects.filter(child=child), "cp-s47", "start", joint, by=person("worker")),
        part(Enquiry.objects.filter(child=child, completed__isnull=False), "cp-s47-end", "completed",
             "outcome", "findings", by=person("worker")),
        part(Conference.objects.filter(child=child), "cp-conference", "held_on", "kind", "outcome",
             "category", "decisions", by=person("chair")),
        part(Plan.objects.filter(child=child), "cp-plan", "start", "initial_category"),
        part(Plan.objects.filter(child=child, end__isnull=False), "cp-plan-end", "end", "end_reason"),
        part(CoreGroup.objects.filter(plan__child=child), "cp-core-group", "held_on", "notes",
             by=person("recorded_by")),
    ]


def entry(row):
    tag, on, a, b, c, d, by = row
    if tag == "cp-strategy":
        detail = "; ".join(x for x in (f"School not invited: {b}" if b else "",
                                       f"Single agency: {c}" if c else "", d) if x)
        return [Entry(on, KIND, f"Strategy discussion: {DECISIONS.get(a, a).lower()}", detail, by)]
    if tag == "cp-s47":
        how = "jointly with the police" if a == "joint" else "by children's social care alone"
        return [Entry(on, KIND, f"Section 47 enquiry started {how}", "", by)]
    if tag == "cp-s47-end":
        return [Entry(on, KIND, f"Section 47 enquiry concluded: {OUTCOMES.get(a, a).lower()}", b, by)]
    if tag == "cp-conference":
        name = "Initial" if a == ConferenceKind.INITIAL else "Review"
        said = CONFERENCE_OUTCOMES.get(b, b).lower()
        if c and b in (ConferenceOutcome.PLAN, ConferenceOutcome.CONTINUE):
            said += f" ({CATEGORY_LABELS.get(c, c).lower()})"
        return [Entry(on, KIND, f"{name} child protection conference: {said}", d, by)]
    if tag == "cp-plan":
        return [Entry(on, KIND, f"Child protection plan started: {CATEGORY_LABELS.get(a, a).lower()}")]
    if tag == "cp-plan-end":
        return [Entry(on, KIND, f"Child protection plan ended: {ENDINGS.get(a, a).lower()}")]
    return [Entry(on, KIND, "Core group meeting", a, by)]
