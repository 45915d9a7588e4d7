"""Measures of the council's legal work, over the children the reader may see, each with the
children behind it:

- time in pre-proceedings (weeks from the decision to enter them to the decision to issue or
  step down): average and longest, of those concluded in the last 12 months and of those
  still open;
- how pre-proceedings ended in the last 12 months: stepped down, or proceedings issued;
- care and supervision proceedings concluded in the last 12 months within 26 weeks of issue;
- children who entered care through the PLO in the last 12 months (a period of care starting
  on or after the start of the family's pre-proceedings and within a year after their
  decision) with an alternative assessed beforehand (a viability assessment of a connected
  person of the family completed before the period started);
- children who left care in the last 12 months through a special guardianship or child
  arrangements order (SSDA903 reason E41, E45-E48), of all who left care.

Seven queries whatever the size of the service.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from lantern.access.policy import only_visible, visible_child_ids
from lantern.core import codes

from .facts import L1_WEEKS
from .models import (
    LEAVES_CARE_ORDERS,
    PUBLIC_LAW_APPLICATIONS,
    LegalCaseChild,
    PreProceedings,
    PreProceedingsDecision,
    Proceedings,
    ViabilityAssessment,
)

ORDER_REASONS = frozenset(reason for reasons in LEAVES_CARE_ORDERS.values() for reason in reasons)
L1_DAYS = 7 * L1_WEEKS


@dataclass
class Row:
    """A child behind a measure: ``counted`` when they are in its numerator."""

    child_id: int
    name: str
    detail: str
    counted: bool = True
    case_id: int | None = None
    family: str = ""


@dataclass
class Measure:
    key: str
    label: str
    figure: str
    of: str = ""
    rows: list[Row] = field(default_factory=list)
    count: int = 0
    denominator: int = 0

    @property
    def share(self) -> int:
        return round(100 * self.count / self.denominator) if self.denominator else 0


def _weeks(days: int) -> str:
    weeks = days / 7
    return f"{weeks:.1f} weeks"


def _duration(key, label, spans, members) -> Measure:
    """Average and longest of ``spans`` [(case_id, family, start, end)] with the children."""
    days = [(end - start).days for _c, _f, start, end in spans]
    figure = (f"Average {_weeks(round(sum(days) / len(days)))}, longest {_weeks(max(days))}"
              if days else "None")
    rows = []
    for (case_id, family, start, end), length in sorted(zip(spans, days, strict=True),
                                                       key=lambda pair: -pair[1]):
        for child_id, name in members.get(case_id, []):
            rows.append(Row(child_id, name, f"{_weeks(length)} ({start:%-d %b %Y} to {end:%-d %b %Y})",
                            True, case_id, family))
    return Measure(key, label, figure, f"{len(spans)} famil{'y' if len(spans) == 1 else 'ies'}", rows,
                   len(spans), len(spans))


def legal_measures(user, *, today: date) -> list[Measure]:
    from lantern.care.models import PeriodOfCare

    year_ago = today - relativedelta(years=1)
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    child_cases: dict[int, list[int]] = defaultdict(list)
    for case_id, child_id, first, last in LegalCaseChild.objects.filter(
            child_id__in=visible_child_ids(user)).order_by("child__last_name", "child__first_name").values_list(
            "case_id", "child_id", "child__first_name", "child__last_name"):
        members[case_id].append((child_id, f"{first} {last}"))
        child_cases[child_id].append(case_id)
    pps = list(PreProceedings.objects.filter(case_id__in=list(members)).values_list(
        "case_id", "case__family_name", "started_on", "decision_on", "decision"))
    concluded = [(c, f, s, d) for c, f, s, d, _x in pps if d is not None and year_ago < d <= today]
    still_open = [(c, f, s, today) for c, f, s, d, _x in pps if d is None and s <= today]
    time_done = _duration("pre-proceedings-concluded",
                          "Time in pre-proceedings: concluded in the last 12 months", concluded, members)
    time_open = _duration("pre-proceedings-open", "Time in pre-proceedings: still open (so far)",
                          still_open, members)
    decided = [(c, f, d, x) for c, f, _s, d, x in pps if d is not None and year_ago < d <= today]
    ended = []
    for decision, key, label in ((PreProceedingsDecision.STEP_DOWN, "stepped-down", "Stepped down"),
                                 (PreProceedingsDecision.ISSUE, "issued", "Proceedings issued")):
        rows = [Row(child_id, name, f"{label} {d:%-d %b %Y}", x == decision, c, f)
                for c, f, d, x in decided for child_id, name in members.get(c, [])]
        n = sum(1 for *_r, x in decided if x == decision)
        ended.append(Measure(f"pre-proceedings-{key}",
                             f"Pre-proceedings ending in the last 12 months: {label.lower()}",
                             f"{n} of {len(decided)}", "pre-proceedings decided", rows, n, len(decided)))
    procs = list(Proceedings.objects.filter(
        case_id__in=list(members), application__in=PUBLIC_LAW_APPLICATIONS, concluded_on__gt=year_ago,
        concluded_on__lte=today).values_list("case_id", "case__family_name", "issued_on", "concluded_on"))
    rows, n = [], 0
    for c, f, issued, done in procs:
        within = (done - issued).days <= L1_DAYS
        n += within
        for child_id, name in members.get(c, []):
            rows.append(Row(child_id, name, f"{_weeks((done - issued).days)} ({issued:%-d %b %Y} to "
                            f"{done:%-d %b %Y})", within, c, f))
    in_26 = Measure("within-26-weeks", "Care and supervision proceedings concluded within 26 weeks "
                    "(concluded in the last 12 months)", f"{n} of {len(procs)}", "proceedings concluded",
                    rows, n, len(procs))
    # Entering care through the PLO, with an alternative assessed beforehand.
    windows: dict[int, list[tuple[int, str, date, date]]] = defaultdict(list)
    for c, f, started, decided_on, _x in pps:
        until = (decided_on + relativedelta(years=1)) if decided_on else date.max
        windows[c].append((c, f, started, until))
    assessed: dict[int, list[date]] = defaultdict(list)
    for case_id, done in ViabilityAssessment.objects.filter(
            person__case_id__in=list(members), completed_on__isnull=False).values_list(
            "person__case_id", "completed_on"):
        assessed[case_id].append(done)
    periods = list(only_visible(PeriodOfCare.objects.filter(
        child_id__in=list(child_cases), start__gt=year_ago, start__lte=today), user).values_list(
        "child_id", "start").order_by("start"))
    names = {child_id: name for kids in members.values() for child_id, name in kids}
    rows, seen = [], set()
    for child_id, start in periods:
        for case_id in child_cases[child_id]:
            hit = next((w for w in windows.get(case_id, []) if w[2] <= start <= w[3]), None)
            if hit is None or child_id in seen:
                continue
            seen.add(child_id)
            before = [d for d in assessed.get(case_id, []) if d < start]
            rows.append(Row(child_id, names[child_id],
                            f"In care from {start:%-d %b %Y}; " + (
                                f"viability assessment completed {max(before):%-d %b %Y}" if before
                                else "no viability assessment completed before"), bool(before),
                            case_id, hit[1]))
    plo = Measure("plo-alternatives", "Entered care through the PLO in the last 12 months with "
                  "an alternative assessed beforehand", f"{sum(r.counted for r in rows)} of {len(rows)}",
                  "children entering care through the PLO", rows, sum(r.counted for r in rows), len(rows))
    # Leaving care through special guardianship and child arrangements orders.
    reasons = dict(codes.choices("reason_episode_ceased"))
    left = list(only_visible(PeriodOfCare.objects.filter(end__gt=year_ago, end__lte=today), user)
                .values_list("child_id", "child__first_name", "child__last_name", "end", "end_reason")
                .order_by("-end"))
    rows = [Row(child_id, f"{first} {last}", f"Left care {end:%-d %b %Y}: {reasons.get(reason, reason)}",
                reason in ORDER_REASONS) for child_id, first, last, end, reason in left]
    n = sum(r.counted for r in rows)
    orders = Measure("sgo-cao", "Left care in the last 12 months through a special guardianship or "
                     "child arrangements order", f"{n} of {len(rows)}", "children who left care",
                     [r for r in rows if r.counted], n, len(rows))
    return [time_done, time_open, *ended, in_26, plo, orders]

