"""Children in care in the chronology: becoming and ceasing to be looked after, legal
statuses, placements and moves (with in or out of area and miles from home), temporary
approval, carer approval and resolution, statutory visits and looked-after reviews, read
with the other areas' parts in one query (lantern.web.chronology)."""

from django.db.models import Case, Q, Value, When
from django.db.models.functions import Concat

from lantern.core import codes
from lantern.web.chronology import TEXT, Entry, as_text, part, person

from .models import CareVisit, LegalStatus, PeriodOfCare, Placement, Review, VisitPlace

KIND = "care"
PLACES = dict(VisitPlace.choices)


def _label(codeset: str, code: str) -> str:
    try:
        return codes.label(codeset, code)
    except KeyError:
        return code


def parts(child, kinds):
    if kinds is not None and KIND not in kinds:
        return []
    where = Case(When(in_area=True, planned=True, then=Value("in")),
                 When(in_area=True, then=Value("in-emergency")),
                 When(planned=True, then=Value("out")), default=Value("out-emergency"),
                 output_field=TEXT)
    how = Case(When(seen=False, then=Value("not_seen")), When(seen_alone=True, then=Value("alone")),
               default=Value("not_alone"), output_field=TEXT)
    why = Concat("not_seen_reason", "not_alone_reason", output_field=TEXT)
    placements = Placement.objects.filter(child=child)
    return [
        part(PeriodOfCare.objects.filter(child=child), "care-start", "start", "category_of_need",
             "reason", by=person("recorded_by")),
        part(PeriodOfCare.objects.filter(child=child, end__isnull=False), "care-end", "end",
             "end_reason", by=person("recorded_by")),
        part(LegalStatus.objects.filter(child=child), "care-status", "start", "status"),
        part(placements, "care-placement", "start", "carer_name", "placement_type", where,
             as_text("miles_from_home")),
        part(placements.filter(end__isnull=False).exclude(end_reason=""), "care-move", "end",
             "carer_name", "end_reason", "end_detail"),
        part(placements.filter(extension_from__isnull=False), "care-extended", "extension_from",
             "carer_name"),
        part(placements.filter(approved_on__isnull=False), "care-approved", "approved_on",
             "carer_name"),
        part(placements.filter(Q(resolved_on__isnull=False), ~Q(resolved_how="Connected person approved")),
             "care-resolved", "resolved_on", "carer_name", "resolved_how"),
        part(CareVisit.objects.filter(child=child), "care-visit", "visited_on", how, "where", why,
             "child_said", by=person("worker")),
        part(Review.objects.filter(child=child), "care-review", "held_on", "participation",
             "permanence_plan", "decisions", by=person("iro")),
    ]


def _placed(on, carer, place, where, miles) -> Entry:
    kind = _label("placement_type", place).lower()
    said = "in the council's area" if where.startswith("in") else "out of area"
    if miles:
        said += f", {float(miles):g} miles from home"
    if where.endswith("emergency"):
        said += " (emergency)"
    return Entry(on, KIND, f"Placed with {carer}", f"{place}: {kind}; {said}")


def entry(row):
    tag, on, a, b, c, d, by = row
    if tag == "care-start":
        need = _label("primary_need", a)
        return [Entry(on, KIND, "Became looked after",
                      "; ".join(x for x in (f"Category of need {a}: {need.lower()}", b) if x), by)]
    if tag == "care-end":
        return [Entry(on, KIND, "Ceased to be looked after",
                      f"{a}: {_label('reason_episode_ceased', a)}", by)]
    if tag == "care-status":
        return [Entry(on, KIND, f"Legal status: {_label('legal_status', a).lower()} ({a})")]
    if tag == "care-placement":
        return [_placed(on, a, b, c, d)]
    if tag == "care-move":
        reason = _label("reason_placement_change", b)
        return [Entry(on, KIND, f"Placement with {a} ended", "; ".join(
            x for x in (f"{b}: {reason.lower()}", c) if x))]
    if tag == "care-extended":
        return [Entry(on, KIND, f"Temporary approval of {a} extended by up to 8 weeks")]
    if tag == "care-approved":
        return [Entry(on, KIND, f"{a} approved as a foster carer")]
    if tag == "care-resolved":
        return [Entry(on, KIND, f"Placement with {a} resolved", b)]
    if tag == "care-visit":
        title = {"not_seen": "Statutory visit: child not seen",
                 "alone": "Statutory visit: child seen alone",
                 "not_alone": "Statutory visit: child seen, not alone"}[a]
        detail = "; ".join(x for x in (PLACES.get(b, b), c,
                                       f"The child said: {d}" if d else "") if x)
        return [Entry(on, KIND, title, detail, by)]
    participation = _label("review_participation", a)
    detail = "; ".join(x for x in (f"{a}: {participation}", f"Plan for permanence: {b}" if b else "",
                                   c) if x)
    return [Entry(on, KIND, "Looked-after review", detail, by)]
