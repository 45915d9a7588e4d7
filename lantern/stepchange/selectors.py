"""Reads of step ups and step downs. The child comes through the access module first
(``child_record``); lists across children start from ``Child.objects.visible_to(user)``.

The premature step-down measure: of the step downs authorised in a period, the share
followed within a window (months) by a step back up (a period at a higher level of need
starting after the step down) or by a new referral. Step downs whose window is still open
and that nothing has followed yet are counted apart and left out of the share.
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.http import Http404

from lantern.access.policy import only_visible
from lantern.frontdoor.models import Referral
from lantern.people.models import Child, Involvement, Level
from lantern.protection.models import Plan as CPPlan
from lantern.staff.models import MANAGER_ROLES, Allocation, AllocationKind

from .checklists import CHECKLISTS
from .models import DOWN_KINDS, Direction, Kind, State, StepChange

# Levels of need from lowest to highest; universal services (no open period) is below them all.
LEVEL_ORDER = {Level.EARLY_HELP: 1, Level.CHILD_IN_NEED: 2, Level.CHILD_PROTECTION: 3, Level.LOOKED_AFTER: 4}
# The level a child is at after each kind of step down.
LEVEL_AFTER = {Kind.CP_TO_CIN: LEVEL_ORDER[Level.CHILD_IN_NEED],
               Kind.CIN_TO_EARLY_HELP: LEVEL_ORDER[Level.EARLY_HELP], Kind.CSC_TO_UNIVERSAL: 0}
STATE_TAGS = {State.PROPOSED: "orange", State.AUTHORISED: "green", State.DECLINED: "red",
              State.RECORDED: "blue"}


# A child's level of need and step changes ------------------------------------------------


def level_history(child) -> list[Involvement]:
    """Every period at a level of need, newest first (one query)."""
    return list(Involvement.objects.filter(child=child).order_by("-start", "-id"))


def current_level(history: list[Involvement]) -> str | None:
    """The level of the open period (the one the step-change services act on), if any."""
    return next((inv.level for inv in history if inv.end is None), None)


def checklist_rows(step: StepChange) -> list[tuple[str, bool]]:
    """The checklist of the step's kind, each label with whether it was confirmed."""
    return [(label, bool(step.checklist.get(key))) for key, label in CHECKLISTS.get(step.kind, ())]


def _with_display(steps: list[StepChange]) -> list[StepChange]:
    for step in steps:
        step.checklist_rows = checklist_rows(step)
        step.tag_colour = STATE_TAGS.get(step.state, "grey")
    return steps


def _steps():
    return StepChange.objects.select_related("proposed_by", "decided_by")


def child_step_changes(child) -> list[StepChange]:
    """Every step up and down of a child, newest first (one query)."""
    return _with_display(list(_steps().filter(child=child).order_by("-on", "-id")))


def step_for(child, step_id) -> StepChange:
    """One step change of a child the user may see (404 otherwise, as if it did not exist)."""
    try:
        step = _steps().get(child=child, pk=int(step_id))
    except (StepChange.DoesNotExist, ValueError, TypeError):
        raise Http404("No such step change") from None
    step.child = child
    return _with_display([step])[0]


def pending_step_down(child) -> StepChange | None:
    """The child's step down awaiting a manager, if any (there is at most one)."""
    return StepChange.objects.filter(child=child, state=State.PROPOSED).first()


def on_cp_plan(child) -> bool:
    return CPPlan.objects.filter(child=child, end__isnull=True).exists()


def down_kinds(level: str | None, *, cp_plan: bool) -> list[str]:
    """The kinds of step down that fit a child's current level of need."""
    kinds = []
    if cp_plan:
        kinds.append(Kind.CP_TO_CIN)
    if level == Level.CHILD_IN_NEED and not cp_plan:
        kinds.append(Kind.CIN_TO_EARLY_HELP)
    if level in (Level.CHILD_IN_NEED, Level.CHILD_PROTECTION):
        kinds.append(Kind.CSC_TO_UNIVERSAL)
    return kinds


def up_kinds(level: str | None) -> list[str]:
    """The step ups recorded directly (child in need to child protection happens only
    through an initial conference)."""
    kinds = []
    if level == Level.EARLY_HELP:
        kinds.append(Kind.EARLY_HELP_TO_CIN)
    if level != Level.LOOKED_AFTER:
        kinds.append(Kind.TO_CARE)
    return kinds


def awaiting_decision(user, *, team, today: date) -> list[StepChange] | None:
    """Step downs awaiting a manager for the children allocated in ``team`` that ``user`` may
    see, oldest first; None for a user who does not decide step downs. The few proposals are
    found first and only their children checked against the access rules (two small queries
    whatever the size of the service)."""
    if user.role not in MANAGER_ROLES:
        return None
    allocated = (Allocation.objects.current(today).filter(kind=AllocationKind.SOCIAL_WORKER, worker__team=team)
                 .values("child_id"))
    waiting = list(StepChange.objects.filter(state=State.PROPOSED, child_id__in=allocated)
                   .select_related("child", "proposed_by").order_by("proposed_at", "id"))
    if not waiting:
        return waiting
    seen = set(Child.objects.visible_to(user).filter(pk__in={s.child_id for s in waiting})
               .values_list("pk", flat=True))
    return [s for s in waiting if s.child_id in seen]


# The premature step-down measure ---------------------------------------------------------


@dataclass
class StepDownOutcome:
    """One authorised step down and what followed it within the window."""

    step: StepChange
    window_end: date  # inclusive
    followed_on: date | None = None
    followed_by: str = ""
    window_open: bool = False

    @property
    def child(self) -> Child:
        return self.step.child

    @property
    def followed(self) -> bool:
        return self.followed_on is not None

    @property
    def still_within(self) -> bool:
        return not self.followed and self.window_open


@dataclass
class KindCount:
    kind: str
    label: str
    authorised: int = 0
    followed: int = 0
    not_followed: int = 0
    still_within: int = 0

    @property
    def counted(self) -> int:
        """The step downs whose outcome is known: followed, or window closed without."""
        return self.followed + self.not_followed

    @property
    def share(self) -> int | None:
        """Percentage followed, of those counted; None when none can be counted yet."""
        return round(100 * self.followed / self.counted) if self.counted else None

    def add(self, outcome: StepDownOutcome) -> None:
        self.authorised += 1
        if outcome.followed:
            self.followed += 1
        elif outcome.window_open:
            self.still_within += 1
        else:
            self.not_followed += 1


@dataclass
class PrematureStepDowns:
    start: date
    end: date
    months: int
    today: date
    outcomes: list[StepDownOutcome] = field(default_factory=list)

    @property
    def by_kind(self) -> list[KindCount]:
        counts = {kind: KindCount(kind, Kind(kind).label) for kind in DOWN_KINDS}
        for outcome in self.outcomes:
            counts[outcome.step.kind].add(outcome)
        return list(counts.values())

    @property
    def overall(self) -> KindCount:
        total = KindCount("all", "All step downs")
        for outcome in self.outcomes:
            total.add(outcome)
        return total

    @property
    def followed(self) -> list[StepDownOutcome]:
        return [o for o in self.outcomes if o.followed]

    @property
    def still_within(self) -> list[StepDownOutcome]:
        return [o for o in self.outcomes if o.still_within]


def premature_step_downs(user, *, start: date, end: date, months: int, today: date) -> PrematureStepDowns:
    """Step downs authorised with effect from ``start`` to ``end`` (inclusive) for the children
    ``user`` may see, each with the first step back up or new referral within ``months`` after
    it (the day ``months`` later included). Three queries, whatever the number of children."""
    result = PrematureStepDowns(start=start, end=end, months=months, today=today)
    steps = (only_visible(StepChange.objects.filter(direction=Direction.DOWN, state=State.AUTHORISED,
                                                    on__gte=start, on__lte=end), user)
             .select_related("child").order_by("on", "id"))
    outcomes = []
    for step in steps:
        window_end = step.on + relativedelta(months=months)
        outcomes.append(StepDownOutcome(step, window_end, window_open=window_end >= today))
    if not outcomes:
        return result
    children = steps.values("child_id")
    first, last = outcomes[0].step.on, max(o.window_end for o in outcomes)
    # child -> [(date, level reached or None for a referral, what happened)]
    events: dict[int, list[tuple[date, int | None, str]]] = {}
    levels = dict(Level.choices)
    for child_id, level, on in (Involvement.objects.filter(child_id__in=children, level__in=LEVEL_ORDER,
                                                           start__gt=first, start__lte=last)
                                .values_list("child_id", "level", "start")):
        events.setdefault(child_id, []).append((on, LEVEL_ORDER[level], f"Stepped up to {levels[level].lower()}"))
    for child_id, on in (Referral.objects.filter(child_id__in=children, referral_date__gt=first,
                                                 referral_date__lte=last)
                         .values_list("child_id", "referral_date")):
        events.setdefault(child_id, []).append((on, None, "New referral"))
    for outcome in outcomes:
        step = outcome.step
        after = LEVEL_AFTER[Kind(step.kind)]
        found = sorted((on, what) for on, level, what in events.get(step.child_id, ())
                       if step.on < on <= outcome.window_end and (level is None or level > after))
        if found:
            outcome.followed_on, outcome.followed_by = found[0]
    result.outcomes = outcomes
    return result
