"""The rule catalogue: every statutory, guidance, local and KPI timescale as data.

Each row of ``/work/shared/TIMESCALES.md`` becomes one :class:`Rule` with the
same id (F1, A1, CP2, LA12 ...), its status (how binding it is), how well the
number was verified, and its source. The obligations engine
(:mod:`lantern.core.engine`) reads these rows; nothing else in the product
holds a timescale of its own.

Vocabulary used by the rows:

- ``starts_on`` / ``satisfied_by`` / ``ends_on`` are fact kinds from
  :mod:`lantern.core.facts`. A satisfying fact must share the scope (episode)
  of the starting fact unless ``match_child_wide`` is set. ``ends_on`` facts
  in the same scope, or ``ends_on_any_scope`` facts anywhere for the child,
  make an open obligation *no longer required* (supersession).
- ``recurrence`` ONCE: one obligation per starting fact (or per anchor, see
  ``anchor_occurrence``). ROLLING: a chain of intervals; each interval runs
  from the last *actual* satisfying event (an early visit pulls the next due
  date forward), and only the last interval is ever open.
- ``anchor_occurrence``: 0 means every starting fact starts a clock; ``n``
  means only the n-th starting fact of each run in a scope does (a run ends
  at an ``ends_on`` fact). CP2 uses 1 (the first strategy discussion that
  started s47), LA14 uses 2 (the second LAC review starts the 6-monthly cycle).
- ``then_period``: for "within X, then every Y" rows (AD1, AD3).
- ``cadence_group`` + ``condition``: rows that share one rolling chain and
  take turns by status or age (LA5-LA8 by the placement's reg 28 status,
  first review, approval, year and long-term designation; H2/H3 by age 5;
  PF3/PF4 by year of the arrangement). The group's first row in catalogue
  order is its head: the chain's starting, satisfying and ending facts are
  the head's. Each interval takes the first row whose condition holds on the
  day it starts, trying rows with a higher ``rank`` first (LA7 and LA8 before
  the general LA5/LA6), and the head when none holds.
- ``period_when``: (condition, period) pairs tested on the day an interval
  starts; the first that holds replaces ``period`` (LA8: weekly until the
  first LAC review, then 4-weekly).
- ``override_from``: fact kinds whose ``interval_days`` /
  ``interval_working_days`` attribute overrides the period for that episode
  (e.g. a conference setting CP visit frequency): the latest such fact on or
  before the interval starts. For a ONCE rule started by one of these kinds
  the starting fact speaks for itself (each IRO dispute stage carries its own
  response time; a stage without one takes the rule's period).
- ``one_clock_per_satisfier``: a satisfying fact meets at most one clock of
  the rule in a scope, the earliest open one first (one response per IRO
  dispute stage, even when the next stage opens on the day of a response).
- ``engine_supported``: False for rows kept for reference, returns or later
  modelling; the engine ignores them explicitly.

Statuses follow TIMESCALES.md. Where a row mixes a statutory duty with a
local number (F2, CP1, CP12, IR8), the status is that of the *number* the
engine applies, and the source text keeps the full wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

from lantern.core import facts as k
from lantern.core.calendar import ENGLAND, WorkingDayCalendar
from lantern.core.units import Period, Unit, add_period


class Status(StrEnum):
    """How binding a timescale is."""

    STAT_REG = "STAT-REG"  # Act or statutory instrument: "must"
    STAT_GUID = "STAT-GUID"  # statutory guidance: follow unless good reason
    LOCAL = "LOCAL"  # local practice / partnership procedure
    KPI = "KPI"  # national performance measure, not a legal deadline


class Verification(StrEnum):
    """How the number was checked (see TIMESCALES.md)."""

    PRIMARY = "P"
    SECONDARY = "S"
    UNVERIFIED = "UNVERIFIED"


class Recurrence(StrEnum):
    ONCE = "once"
    ROLLING = "rolling"


class Area(StrEnum):
    FRONT_DOOR = "front door"
    ASSESSMENT = "assessment"
    CHILD_PROTECTION = "child protection"
    CHILD_IN_NEED = "child in need"
    LOOKED_AFTER = "looked after"
    HEALTH_AND_EDUCATION = "health and education"
    MISSING = "missing"
    LEGAL = "legal"
    ADOPTION = "adoption"
    CARE_LEAVERS = "care leavers"
    PRIVATE_FOSTERING = "private fostering"
    IRO_AND_SAFEGUARDING = "IRO and safeguarding"
    WORKFORCE = "workforce"


class Condition(StrEnum):
    """When a row of a cadence group applies to an interval (tested at the
    interval's start)."""

    ALWAYS = "always"
    UNDER_5 = "under_5"  # child under 5, or date of birth unknown (conservative)
    AGED_5_OR_OVER = "aged_5_or_over"
    EPISODE_FIRST_YEAR = "episode_first_year"
    EPISODE_LATER_YEARS = "episode_later_years"
    SHORT_TERM_OR_FIRST_YEAR = "short_term_or_first_year"
    LONG_TERM_AFTER_FIRST_YEAR = "long_term_after_first_year"
    # Reg 28(3)/(4), read from the placement's start (attrs reg28 and period)
    # and its period of care ("period:<period>") on the day the interval starts:
    AFTER_FIRST_REVIEW = "after_first_review"  # a LAC review held in the period of care
    PARENT_BEFORE_ASSESSMENT_AND_FIRST_REVIEW = "parent_before_assessment_and_first_review"
    TEMPORARY_APPROVAL_NOT_YET_APPROVED = "temporary_approval_not_yet_approved"


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One timescale. See the module docstring for the vocabulary."""

    id: str
    area: Area
    title: str
    starts_on: tuple[str, ...]
    satisfied_by: tuple[str, ...]
    period: Period | None
    recurrence: Recurrence = Recurrence.ONCE
    ends_on: tuple[str, ...] = ()
    status: Status
    verification: Verification
    source: str
    effective_from: date | None = None
    effective_to: date | None = None
    configurable: bool = False
    notes: str = ""
    deadline_text: str = ""  # the table's wording of the deadline
    anchor: str = ""  # what exactly starts the clock, in practice language
    then_period: Period | None = None
    start_filter: tuple[tuple[str, object], ...] = ()
    anchor_occurrence: int = 0
    ends_on_any_scope: tuple[str, ...] = ()
    match_child_wide: bool = False
    met_before_start: bool = False  # "before placement, or within N"
    cadence_group: str = ""
    condition: Condition = Condition.ALWAYS
    episode_start: tuple[str, ...] = ()
    override_from: tuple[str, ...] = ()
    period_by_attr: tuple[tuple[str, object, Period], ...] = ()
    period_when: tuple[tuple[Condition, Period], ...] = ()
    rank: int = 0  # within a cadence group: higher ranks are tried first
    one_clock_per_satisfier: bool = False
    engine_supported: bool = True
    jurisdiction: str = "England"

    def in_effect(self, on: date) -> bool:
        """Whether this version of the rule applies to a clock starting ``on``."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_to is not None and on > self.effective_to)


class UnknownRule(KeyError):
    """No rule with that id in the catalogue."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown rule"


class RuleChangeRefused(Exception):
    """A council tried to change a rule in a way its status does not allow."""


class NoFixedDeadline(ValueError):
    """The rule has no numeric deadline (e.g. "immediately", a precondition)."""


# --- helpers for the table ----------------------------------------------------------


def wd(n: int) -> Period:
    return Period(n, Unit.WORKING_DAYS)


def days(n: int) -> Period:
    return Period(n, Unit.CALENDAR_DAYS)


def weeks(n: int) -> Period:
    return Period(n, Unit.WEEKS)


def months(n: int) -> Period:
    return Period(n, Unit.MONTHS)


def hours(n: int) -> Period:
    return Period(n, Unit.HOURS)


WT_2013 = date(2013, 4, 15)  # Working Together 2013 in force (replaced IA/CA)
CPPCR_IN_FORCE = date(2011, 4, 1)  # Care Planning, Placement and Case Review (England) Regs 2010
CFA_2014_S14 = date(2014, 4, 22)  # 26-week limit (Children and Families Act 2014 s14)

ONCE, ROLLING = Recurrence.ONCE, Recurrence.ROLLING
REG, GUID, LOCAL, KPI = Status.STAT_REG, Status.STAT_GUID, Status.LOCAL, Status.KPI
P, S, U = Verification.PRIMARY, Verification.SECONDARY, Verification.UNVERIFIED

_CP_ENDS = (k.CP_PLAN_ENDED,)
_LAC_ENDS_ANY = (k.CEASED_LOOKED_AFTER,)
_REVIEW_ENDS_ANY = (k.CEASED_LOOKED_AFTER, k.AUTHORITY_TO_PLACE)


def _rule(**kwargs: object) -> Rule:
    """Build a row; LOCAL rows and non-statutory UNVERIFIED numbers are
    configurable per council unless the row says otherwise."""
    if "configurable" not in kwargs:
        status, verification = kwargs["status"], kwargs["verification"]
        kwargs["configurable"] = status is LOCAL or (verification is U and status is not REG)
    return Rule(**kwargs)  # type: ignore[arg-type]


# --- the catalogue ---------------------------------------------------------------------

_FRONT_DOOR = (
    _rule(
        id="F1", area=Area.FRONT_DOOR,
        title="Referral received: decision on the type of response",
        starts_on=(k.CONTACT_RECEIVED,), satisfied_by=(k.CONTACT_DECISION,),
        period=wd(1), deadline_text="1 working day",
        status=GUID, verification=S, effective_from=WT_2013,
        source="WT (2013 onward; retained in 2018 and 2023), 'Referral' section / flow chart 1",
        anchor="date/time the contact arrived at the front door, not when it was accepted as a "
        "referral (TIMESCALES.md counting note)",
        notes="Day of receipt = day 0; due by end of next working day. Fri 16 Sep 2022 -> Tue 20 Sep 2022 (State Funeral).",
    ),
    _rule(
        id="F2", area=Area.FRONT_DOOR,
        title="Referral decision: feedback to the professional referrer",
        starts_on=(k.CONTACT_DECISION,), satisfied_by=(k.REFERRER_FEEDBACK,),
        period=wd(1), deadline_text="within 1 working day (local)",
        status=LOCAL, verification=U,
        source="STAT-GUID (duty to acknowledge/inform, WT) + LOCAL (exact 1 WD / 3 WD)",
        start_filter=(("professional", True),),
        notes="Duty is statutory guidance; the number is local. Default 1 working day. Only for "
        "professional referrers (the decision fact carries professional=True).",
    ),
    _rule(
        id="F3", area=Area.FRONT_DOOR,
        title="Immediate protection needed (emergency)",
        starts_on=(k.IMMEDIATE_PROTECTION_NEEDED,), satisfied_by=(),
        period=None, deadline_text="immediately / same day",
        status=GUID, verification=S, source="WT flow chart 2",
        notes="No numeric deadline: raise an alert rather than a dated obligation.",
        engine_supported=False,
    ),
    _rule(
        id="F4", area=Area.FRONT_DOOR,
        title="Contact: front-door RAG screening decision",
        starts_on=(k.CONTACT_RECEIVED,), satisfied_by=(k.CONTACT_DECISION,),
        period=hours(24), deadline_text="LA-defined (e.g. red 4 hours, amber 24 hours)",
        period_by_attr=(("rag", "red", hours(4)), ("rag", "amber", hours(24)),
                        ("rag", "green", hours(72))),
        status=LOCAL, verification=U, source="LOCAL",
        anchor="date and time the contact arrived (aware datetime)",
        notes="Defaults: red 4 hours, amber 24 hours, green 72 hours, unrated 24 hours (attr rag "
        "on the contact). A council override with when=('rag', colour) sets one colour's target.",
    ),
    _rule(
        id="F6", area=Area.FRONT_DOOR,
        title="Multi-agency check answered",
        starts_on=(k.CHECK_REQUESTED,), satisfied_by=(k.CHECK_ANSWERED,),
        period=hours(24), deadline_text="LA-defined, by the contact's RAG rating",
        period_by_attr=(("rag", "red", hours(4)), ("rag", "amber", hours(24)),
                        ("rag", "green", hours(72))),
        status=LOCAL, verification=U, source="LOCAL (partnership information-sharing agreement)",
        anchor="date and time the check was requested (aware datetime)",
        notes="Not in TIMESCALES.md: a local clock on partner agencies' answers, by the RAG "
        "rating of the contact (red 4 hours, amber 24 hours, green 72 hours by default).",
    ),
    _rule(
        id="F5", area=Area.FRONT_DOOR,
        title="Early help plan reviews",
        starts_on=(k.EARLY_HELP_STARTED,), satisfied_by=(k.EARLY_HELP_REVIEW,),
        period=weeks(12), recurrence=ROLLING, anchor_occurrence=1,
        ends_on=(k.EARLY_HELP_ENDED,),
        deadline_text="LA-defined (commonly every 6-12 weeks)",
        status=LOCAL, verification=U,
        source="LOCAL - no national timescale (WT says early help assessment should be timely)",
        notes="Default every 12 weeks from the last actual review.",
    ),
)

_ASSESSMENT = (
    _rule(
        id="A1", area=Area.ASSESSMENT,
        title="Referral: assessment concluded",
        starts_on=(k.REFERRAL_RECEIVED,), satisfied_by=(k.ASSESSMENT_COMPLETED,),
        period=wd(45), deadline_text="45 working days (maximum)",
        ends_on=(k.REFERRAL_NFA, k.CIN_EPISODE_CLOSED),
        status=GUID, verification=S, effective_from=WT_2013,
        source="WT 'Timeliness' / assessment section (2013, 2018, 2023)",
        anchor="referral date, not the assessment start date",
        notes="Reasons must be recorded past 45 WD (late_reason). Mon 3 Nov 2025 -> Thu 8 Jan 2026. "
        "Interim 10/20 WD checkpoints are local.",
    ),
    _rule(
        id="A2", area=Area.ASSESSMENT,
        title="Assessment completed: manager authorisation",
        starts_on=(k.ASSESSMENT_COMPLETED,), satisfied_by=(k.ASSESSMENT_AUTHORISED,),
        period=wd(5), deadline_text="LA-defined",
        status=LOCAL, verification=U,
        source="LOCAL; DfE CIN census records a separate assessment authorisation date",
        notes="Default 5 working days. Census field exists (S); which date DfE uses for its 45-WD "
        "measure is unverified, so both are stored.",
    ),
    _rule(
        id="A3", area=Area.ASSESSMENT,
        title="Legacy initial assessment (10 WD) / core assessment (35 WD)",
        starts_on=(k.REFERRAL_RECEIVED,), satisfied_by=(k.ASSESSMENT_COMPLETED,),
        period=wd(10), deadline_text="abolished",
        status=GUID, verification=S, effective_to=date(2013, 4, 14),
        source="Removed by WT 2013",
        notes="Historical data migration only (core assessment 35 WD from its start).",
        engine_supported=False,
    ),
    _rule(
        id="A4", area=Area.ASSESSMENT,
        title="Young carer / parent carer / disabled child assessment",
        starts_on=(k.CARER_ASSESSMENT_REQUESTED,), satisfied_by=(k.CARER_ASSESSMENT_COMPLETED,),
        period=wd(45), deadline_text="same as A1 unless local protocol",
        status=GUID, verification=U, source="STAT-GUID (local assessment protocol)",
    ),
)

_CHILD_PROTECTION = (
    _rule(
        id="CP1", area=Area.CHILD_PROTECTION,
        title="Reasonable cause to suspect significant harm: strategy discussion",
        starts_on=(k.SIGNIFICANT_HARM_SUSPECTED,), satisfied_by=(k.STRATEGY_DISCUSSION,),
        period=wd(1), deadline_text="as soon as possible; often same day or 1 WD (3 WD non-urgent)",
        status=LOCAL, verification=U,
        source="STAT-GUID for the duty (WT 'Strategy discussion'); numbers LOCAL",
        notes="Default 1 working day.",
    ),
    _rule(
        id="CP2", area=Area.CHILD_PROTECTION,
        title="Strategy discussion that started s47: initial child protection conference",
        starts_on=(k.STRATEGY_DISCUSSION,), start_filter=(("s47", True),), anchor_occurrence=1,
        satisfied_by=(k.ICPC,), ends_on=(k.ICPC_NOT_REQUIRED, k.CIN_EPISODE_CLOSED),
        period=wd(15), deadline_text="15 working days",
        status=GUID, verification=S, effective_from=WT_2013,
        source="WT 'Initial child protection conferences'",
        anchor="the first strategy discussion in the episode at which s47 enquiries were initiated "
        "(attr s47=True); later strategy discussions do not restart it",
        notes="Fri 28 Apr 2023 -> Tue 23 May 2023. DfE measures from the s47 start date instead: "
        "see CP2-DFE.",
    ),
    _rule(
        id="CP2-DFE", area=Area.CHILD_PROTECTION,
        title="DfE ICPC timeliness (C4): s47 actual start to ICPC",
        starts_on=(k.S47_STARTED,), anchor_occurrence=1,
        satisfied_by=(k.ICPC,), ends_on=(k.ICPC_NOT_REQUIRED, k.CIN_EPISODE_CLOSED),
        period=wd(15), deadline_text="15 working days (bands 0-10, 11-15, 16-20, 21+)",
        status=KPI, verification=S,
        source="DfE CIN statistics C4 / LG Inform metric notes (measure since 2012/13)",
        anchor="s47 actual start date",
        notes="Companion measure to CP2, kept in the ledger so the DfE figure is a query over "
        "obligations. Usually the same day as CP2's anchor, not always.",
    ),
    _rule(
        id="CP3", area=Area.CHILD_PROTECTION,
        title="s47 enquiry: outcome recorded",
        starts_on=(k.S47_STARTED,), satisfied_by=(k.S47_COMPLETED,),
        period=None, deadline_text="no separate national number (within A1's 45 WD)",
        status=GUID, verification=S, source="STAT-GUID / LOCAL",
        engine_supported=False,
    ),
    _rule(
        id="CP4", area=Area.CHILD_PROTECTION,
        title="ICPC: first core group meeting",
        starts_on=(k.CP_PLAN_STARTED,), satisfied_by=(k.CORE_GROUP,), ends_on=_CP_ENDS,
        period=wd(10), deadline_text="10 working days",
        status=GUID, verification=S, effective_from=WT_2013,
        source="WT 'The child protection plan' (core group)",
        anchor="the ICPC that made the plan (CP plan start date = ICPC date); day 0",
    ),
    _rule(
        id="CP5", area=Area.CHILD_PROTECTION,
        title="Core group: subsequent core group meetings",
        starts_on=(k.CORE_GROUP,), anchor_occurrence=1, satisfied_by=(k.CORE_GROUP,),
        ends_on=_CP_ENDS, recurrence=ROLLING,
        period=weeks(4), deadline_text="commonly every 4-6 weeks (some monthly)",
        status=LOCAL, verification=U, source="LOCAL",
        notes="Default every 4 weeks from the last actual meeting.",
    ),
    _rule(
        id="CP6", area=Area.CHILD_PROTECTION,
        title="ICPC: outline CP plan / detailed CP plan",
        starts_on=(k.ICPC,), satisfied_by=(), period=None,
        deadline_text="outline at ICPC; detailed plan by core group (local)",
        status=GUID, verification=S, source="STAT-GUID (content) / LOCAL (timing)",
        engine_supported=False,
    ),
    _rule(
        id="CP7", area=Area.CHILD_PROTECTION,
        title="ICPC: first review child protection conference",
        starts_on=(k.CP_PLAN_STARTED,), satisfied_by=(k.RCPC,), ends_on=_CP_ENDS,
        period=months(3), deadline_text="3 months",
        status=GUID, verification=S, effective_from=WT_2013,
        source="WT 'Child protection review conference'",
        anchor="the ICPC that made the plan (CP plan start date = ICPC date)",
        notes="Calendar months with month-end clamping: 30 Nov 2025 -> 28 Feb 2026.",
    ),
    _rule(
        id="CP8", area=Area.CHILD_PROTECTION,
        title="Review conference: next review conference",
        starts_on=(k.RCPC,), anchor_occurrence=1, satisfied_by=(k.RCPC,),
        ends_on=_CP_ENDS, recurrence=ROLLING,
        period=months(6), deadline_text="not more than 6 months",
        status=GUID, verification=S, effective_from=WT_2013, source="WT",
        anchor="the date the previous review conference was actually held",
    ),
    _rule(
        id="CP9", area=Area.CHILD_PROTECTION,
        title="Child on a CP plan: statutory visits",
        starts_on=(k.CP_PLAN_STARTED,), anchor_occurrence=1, satisfied_by=(k.CP_VISIT,),
        ends_on=_CP_ENDS, recurrence=ROLLING, override_from=(k.CP_PLAN_STARTED, k.RCPC),
        period=wd(10), deadline_text="commonly every 10 WD (fortnightly) or at least every 4 weeks",
        status=LOCAL, verification=U,
        source="LOCAL (WT requires the plan to set visiting frequency; no national number)",
        notes="Default every 10 working days from the last actual visit. A conference can set the "
        "frequency for the child: attr interval_days (calendar days) or interval_working_days on "
        "cp_plan_started or the latest rcpc.",
    ),
    _rule(
        id="CP10", area=Area.CHILD_PROTECTION,
        title="Pre-birth s47: pre-birth ICPC",
        starts_on=(k.S47_STARTED,), satisfied_by=(k.ICPC,), period=None,
        deadline_text="commonly by 28-32 weeks' gestation or at least 10 weeks before EDD",
        status=LOCAL, verification=U, source="LOCAL",
        notes="Clock based on expected date of delivery; needs EDD, not modelled yet.",
        engine_supported=False,
    ),
    _rule(
        id="CP11", area=Area.CHILD_PROTECTION,
        title="Birth of baby on a pre-birth CP plan: review conference or core group",
        starts_on=(), satisfied_by=(k.CORE_GROUP, k.RCPC), period=None,
        deadline_text="e.g. core group/review within 10 days of birth (London); RCPC within 20 WD "
        "of birth or 3 months from ICPC, whichever sooner (Liverpool)",
        status=LOCAL, verification=S, source="LOCAL (Bromley/London CP procedures; Liverpool)",
        notes="Local rules differ; configure per council before enabling.",
        engine_supported=False,
    ),
    _rule(
        id="CP12", area=Area.CHILD_PROTECTION,
        title="Child on a CP plan moves in from another LA: transfer-in conference",
        starts_on=(k.CP_TRANSFER_IN_NOTIFIED,), satisfied_by=(k.TRANSFER_IN_CONFERENCE,),
        period=wd(15), deadline_text="15 WD of notification is commonly used",
        status=LOCAL, verification=U, source="STAT-GUID/LOCAL",
        notes="DfE COLLECT has a separate transfer-in ICPC working days summary (S).",
    ),
    _rule(
        id="CP13", area=Area.CHILD_PROTECTION,
        title="Conference reports shared with parents",
        starts_on=(), satisfied_by=(), period=None,
        deadline_text="e.g. at least 2 WD before conference (ICPC 48 hours / RCPC 3 WD)",
        status=LOCAL, verification=S, source="LOCAL (East Riding, Liverpool procedures)",
        notes="Deadline counts back from a scheduled conference; not modelled as a forward clock.",
        engine_supported=False,
    ),
    _rule(
        id="CP14", area=Area.CHILD_PROTECTION,
        title="Conference decisions / minutes circulated",
        starts_on=(k.ICPC, k.RCPC), satisfied_by=(), period=wd(1),
        deadline_text="e.g. decisions within 1 WD, minutes within 10-20 WD",
        status=LOCAL, verification=U, source="LOCAL", engine_supported=False,
    ),
    _rule(
        id="CP15", area=Area.CHILD_PROTECTION,
        title="Child on plan 2 years or more; repeat plan within 2 years",
        starts_on=(k.CP_PLAN_STARTED,), satisfied_by=(), period=None,
        deadline_text="flag, not a deadline",
        status=KPI, verification=S, source="KPI (DfE key indicators; COLLECT report list)",
        notes="Dashboard flag.", engine_supported=False,
    ),
)

_CHILD_IN_NEED = (
    _rule(
        id="CIN1", area=Area.CHILD_IN_NEED,
        title="Assessment concludes child is in need: CIN plan in place",
        starts_on=(k.ASSESSMENT_COMPLETED,), start_filter=(("child_in_need", True),),
        satisfied_by=(k.CIN_PLAN_STARTED,), match_child_wide=True,
        ends_on=(k.CIN_EPISODE_CLOSED,),
        period=wd(10), deadline_text="LOCAL (often within 10 WD)",
        status=LOCAL, verification=U, source="LOCAL; WT expects a plan but sets no number",
    ),
    _rule(
        id="CIN2", area=Area.CHILD_IN_NEED, title="CIN plan reviews",
        starts_on=(k.CIN_PLAN_STARTED,), anchor_occurrence=1, satisfied_by=(k.CIN_REVIEW,),
        ends_on=(k.CIN_PLAN_ENDED,), recurrence=ROLLING,
        period=months(3), deadline_text="commonly every 6 weeks to 3 months",
        status=LOCAL, verification=S, source="LOCAL (example only)",
        notes="Default 3-monthly from the last actual review.",
    ),
    _rule(
        id="CIN3", area=Area.CHILD_IN_NEED, title="CIN visits",
        starts_on=(k.CIN_PLAN_STARTED,), anchor_occurrence=1, satisfied_by=(k.CIN_VISIT,),
        ends_on=(k.CIN_PLAN_ENDED,), recurrence=ROLLING,
        period=weeks(4), deadline_text="commonly every 4-6 weeks",
        status=LOCAL, verification=U, source="LOCAL",
        notes="Default every 4 weeks from the last actual visit.",
    ),
    _rule(
        id="CIN4", area=Area.CHILD_IN_NEED,
        title="Step-down from CP plan to CIN: first CIN review",
        starts_on=(k.CIN_PLAN_STARTED,), start_filter=(("step_down_from_cp", True),),
        satisfied_by=(k.CIN_REVIEW,), ends_on=(k.CIN_PLAN_ENDED,),
        period=months(3), deadline_text="first CIN review within e.g. 3 months",
        status=LOCAL, verification=U, source="LOCAL",
        notes="Not evaluated: with defaults it duplicates CIN2's first interval.",
        engine_supported=False,
    ),
)

_REG28_VISIT_ENDS = (k.PLACEMENT_ENDED,)

_LOOKED_AFTER = (
    _rule(
        id="LA1", area=Area.LOOKED_AFTER,
        title="Child first placed: care plan prepared",
        starts_on=(k.BECAME_LOOKED_AFTER,), satisfied_by=(k.CARE_PLAN,),
        ends_on=(k.CEASED_LOOKED_AFTER,), met_before_start=True,
        period=wd(10), deadline_text="before placement, or within 10 working days",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE,
        source="CPPCR reg 4(2)", anchor="start of the first placement (becoming looked after)",
        notes="Not under s31A care order. A care plan dated before the start meets it.",
    ),
    _rule(
        id="LA2", area=Area.LOOKED_AFTER, title="Placement: placement plan",
        starts_on=(k.PLACEMENT_STARTED,), satisfied_by=(k.PLACEMENT_PLAN,),
        ends_on=(k.PLACEMENT_ENDED,), met_before_start=True,
        period=wd(5), deadline_text="before placement, or within 5 working days",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 9(2)",
        notes="Every placement (new placement = new plan).",
    ),
    _rule(
        id="LA3", area=Area.LOOKED_AFTER,
        title="Placement: written notification (child, parents, ICB, GP, school, IRO ...)",
        starts_on=(k.PLACEMENT_STARTED,), satisfied_by=(k.PLACEMENT_NOTIFIED,),
        met_before_start=True,
        period=wd(5), deadline_text="before placement, or (emergency) within 5 working days",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 13(1)",
        notes="Current wording names NHS England / ICB (parliamentary answer Jan 2025).",
    ),
    _rule(
        id="LA4", area=Area.LOOKED_AFTER, title="Start of any placement: first statutory visit",
        starts_on=(k.PLACEMENT_STARTED,), satisfied_by=(k.LAC_VISIT,),
        ends_on=_REG28_VISIT_ENDS, ends_on_any_scope=_LAC_ENDS_ANY,
        period=weeks(1), deadline_text="within 1 week (7 calendar days)",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE,
        source="CPPCR reg 28(2)(a) (as made)",
    ),
    _rule(
        id="LA5", area=Area.LOOKED_AFTER,
        title="Reg 28 visits: first year of a placement (and later years unless long-term)",
        starts_on=(k.LAC_VISIT,), anchor_occurrence=1, satisfied_by=(k.LAC_VISIT,),
        ends_on=_REG28_VISIT_ENDS, ends_on_any_scope=_LAC_ENDS_ANY, recurrence=ROLLING,
        cadence_group="reg28", condition=Condition.SHORT_TERM_OR_FIRST_YEAR,
        episode_start=(k.PLACEMENT_STARTED,),
        period=weeks(6), deadline_text="intervals of not more than 6 weeks",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE,
        source="CPPCR reg 28(2)(b); reg 28(2)(c)(ii) after the first year",
        anchor="the last actual visit in this placement (first year is per placement)",
        notes="Also covers 6-weekly visits after the first year when the placement is not "
        "designated long-term (reg 28(2)(c)(ii)).",
    ),
    _rule(
        id="LA6", area=Area.LOOKED_AFTER,
        title="Reg 28 visits after the first year: long-term placement",
        starts_on=(k.LAC_VISIT,), anchor_occurrence=1, satisfied_by=(k.LAC_VISIT,),
        ends_on=_REG28_VISIT_ENDS, ends_on_any_scope=_LAC_ENDS_ANY, recurrence=ROLLING,
        cadence_group="reg28", condition=Condition.LONG_TERM_AFTER_FIRST_YEAR,
        episode_start=(k.PLACEMENT_STARTED,),
        period=months(3), deadline_text="intervals of not more than 3 months",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE,
        source="CPPCR reg 28(2)(c)(i)",
        notes="Long-term: attr long_term=True on placement_started, or a placement_long_term "
        "fact. Otherwise LA5 continues 6-weekly.",
    ),
    _rule(
        id="LA7", area=Area.LOOKED_AFTER,
        title="Child placed with parent before assessment completed (reg 19): weekly visits",
        starts_on=(k.LAC_VISIT,), anchor_occurrence=1, satisfied_by=(k.LAC_VISIT,),
        ends_on=_REG28_VISIT_ENDS, ends_on_any_scope=_LAC_ENDS_ANY, recurrence=ROLLING,
        cadence_group="reg28", condition=Condition.PARENT_BEFORE_ASSESSMENT_AND_FIRST_REVIEW,
        rank=1, episode_start=(k.PLACEMENT_STARTED,),
        period=weeks(1), deadline_text="weekly until first LAC review, then not more than 6 weeks",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 28(3)",
        anchor="the last actual visit in this placement",
        notes="Placement attr reg28='parent_assessment'. Weekly while no LAC review has been "
        "held in the placement's period of care (attr period) on or before the interval starts; "
        "after the first review the 6-weekly LA5 rows apply. The first visit is LA4.",
    ),
    _rule(
        id="LA8", area=Area.LOOKED_AFTER,
        title="Temporary connected-person placement (reg 24) or ICO at home: visits",
        starts_on=(k.LAC_VISIT,), anchor_occurrence=1, satisfied_by=(k.LAC_VISIT,),
        ends_on=_REG28_VISIT_ENDS, ends_on_any_scope=_LAC_ENDS_ANY, recurrence=ROLLING,
        cadence_group="reg28", condition=Condition.TEMPORARY_APPROVAL_NOT_YET_APPROVED,
        rank=1, episode_start=(k.PLACEMENT_STARTED,),
        period=weeks(1), period_when=((Condition.AFTER_FIRST_REVIEW, weeks(4)),),
        deadline_text="at least weekly until first LAC review, then not more than 4 weeks",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 28(4)",
        anchor="the last actual visit in this placement",
        notes="Placement attr reg28='temporary_approval'. Weekly while no LAC review has been "
        "held in the placement's period of care (attr period), then 4-weekly; the general "
        "LA5/LA6 rows apply from the connected person's full approval "
        "(connected_person_approved), or from a full care order made while the child lives at "
        "home (care_order_made, at_home=True: reg 28(5), LA9, replaces the interim order).",
    ),
    _rule(
        id="LA9", area=Area.LOOKED_AFTER,
        title="Full care order made, child living with parent: visit within a week",
        starts_on=(k.CARE_ORDER_MADE,), start_filter=(("at_home", True),),
        satisfied_by=(k.LAC_VISIT,),
        ends_on=_REG28_VISIT_ENDS, ends_on_any_scope=_LAC_ENDS_ANY,
        period=weeks(1), deadline_text="within 1 week of the order, then not more than 6 weeks",
        status=REG, verification=P, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 28(5)",
        anchor="date of the order, not a placement",
        notes="The care_order_made fact carries at_home=True and the placement's scope. The "
        "6-weekly visits after it are the LA5 rows of the placement's reg 28 chain.",
    ),
    _rule(
        id="LA10", area=Area.LOOKED_AFTER, title="Additional visits",
        starts_on=(), satisfied_by=(k.LAC_VISIT,), period=None,
        deadline_text="when reasonably requested by child/carer, or on notice of concerns",
        status=REG, verification=U, source="CPPCR reg 28 (later paragraphs)",
        notes="Event-driven, not scheduled.", engine_supported=False,
    ),
    _rule(
        id="LA11", area=Area.LOOKED_AFTER, title="Visit includes seeing the child (alone if appropriate)",
        starts_on=(), satisfied_by=(), period=None, deadline_text="each visit",
        status=REG, verification=U, source="CPPCR reg 29 (conduct of visits)",
        notes="Record a seen-alone flag on each visit.", engine_supported=False,
    ),
    _rule(
        id="LA12", area=Area.LOOKED_AFTER, title="Becoming looked after: first LAC review",
        starts_on=(k.BECAME_LOOKED_AFTER,), anchor_occurrence=1, satisfied_by=(k.LAC_REVIEW,),
        ends_on=(k.CEASED_LOOKED_AFTER,), ends_on_any_scope=_REVIEW_ENDS_ANY,
        period=wd(20), deadline_text="within 20 working days",
        status=REG, verification=S, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 33(1)",
        anchor="the date the child became looked after; placement moves do not reset it",
        notes="Older '4 weeks/28 days' (1991 regs) must not be used. Fri 20 Dec 2024 -> Wed 22 Jan 2025.",
    ),
    _rule(
        id="LA13", area=Area.LOOKED_AFTER, title="First LAC review: second review",
        starts_on=(k.LAC_REVIEW,), anchor_occurrence=1, satisfied_by=(k.LAC_REVIEW,),
        ends_on=(k.CEASED_LOOKED_AFTER,), ends_on_any_scope=_REVIEW_ENDS_ANY,
        period=months(3), deadline_text="not more than 3 months",
        status=REG, verification=S, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 33(2)",
        anchor="the date the first review was actually held",
    ),
    _rule(
        id="LA14", area=Area.LOOKED_AFTER, title="Later LAC reviews",
        starts_on=(k.LAC_REVIEW,), anchor_occurrence=2, satisfied_by=(k.LAC_REVIEW,),
        ends_on=(k.CEASED_LOOKED_AFTER,), ends_on_any_scope=_REVIEW_ENDS_ANY, recurrence=ROLLING,
        period=months(6), deadline_text="not more than 6 months",
        status=REG, verification=S, effective_from=CPPCR_IN_FORCE, source="CPPCR reg 33(2)",
        anchor="the previous actual review (from the second review on)",
        notes="Reg 33(3): bring forward if the IRO requests, before a significant change to the "
        "care plan, before ceasing to look after. Authority to place for adoption ends CPPCR "
        "reviews (AAR reviews take over).",
    ),
    _rule(
        id="LA15", area=Area.LOOKED_AFTER, title="Plan for permanence",
        starts_on=(k.LAC_REVIEW,), anchor_occurrence=1, satisfied_by=(k.PERMANENCE_PLAN,),
        met_before_start=True, ends_on=(k.CEASED_LOOKED_AFTER,), ends_on_any_scope=_REVIEW_ENDS_ANY,
        period=months(3), deadline_text="by the second review (about 4 months)",
        status=GUID, verification=U, source="Vol 2",
        anchor="the first looked-after review of the period of care: due when the second "
        "review is (3 months on, LA13); a plan agreed before the first review counts",
    ),
    _rule(
        id="LA16", area=Area.LOOKED_AFTER, title="IRO appointed",
        starts_on=(k.BECAME_LOOKED_AFTER,), satisfied_by=(), period=None,
        deadline_text="before first review",
        status=REG, verification=U, source="CPPCR (IRO provisions, Part 6)",
        engine_supported=False,
    ),
    _rule(
        id="LA17", area=Area.LOOKED_AFTER,
        title="Temporary approval of connected person as foster carer (reg 24)",
        starts_on=(k.PLACEMENT_STARTED,), start_filter=(("kind", "connected_person_temporary"),),
        satisfied_by=(k.CONNECTED_PERSON_APPROVED, k.TEMPORARY_APPROVAL_EXTENDED),
        ends_on=(k.PLACEMENT_ENDED,),
        period=weeks(16), deadline_text="max 16 weeks",
        status=REG, verification=S, source="CPPCR reg 24(1)",
        anchor="date of temporary approval / placement",
        notes="Met by full approval or by the one reg 25 extension (dated the day it takes "
        "effect: the later of the decision and the end of the 16 weeks). Wales uses 24 weeks: do "
        "not copy Welsh figures. The extension's 8 weeks: LA18.",
    ),
    _rule(
        id="LA18", area=Area.LOOKED_AFTER, title="Extension of temporary approval",
        starts_on=(k.TEMPORARY_APPROVAL_EXTENDED,), satisfied_by=(k.CONNECTED_PERSON_APPROVED,),
        ends_on=(k.PLACEMENT_ENDED,), ends_on_any_scope=_LAC_ENDS_ANY,
        period=weeks(8), deadline_text="once, up to 8 more weeks",
        status=REG, verification=P, source="CPPCR reg 25(2)",
        anchor="the day the extension takes effect (the later of the decision and the end of "
        "the 16 weeks)",
        notes="Needs fostering panel view, IRO informed, nominated officer approval "
        "(reg 25(4)-(5)); runs until IRM review outcome if sought (reg 25(3), not modelled); if "
        "approval lapses the placement must end (reg 25(6)).",
    ),
    _rule(
        id="LA19", area=Area.LOOKED_AFTER, title="Short breaks (reg 48) criteria",
        starts_on=(), satisfied_by=(), period=None,
        deadline_text="single stay at most 17 days; total at most 75 days in 12 months",
        status=REG, verification=P, source="CPPCR reg 48(2)",
        notes="Rolling window. Short-break review frequency (3 then 6 months) UNVERIFIED.",
        engine_supported=False,
    ),
    _rule(
        id="LA20", area=Area.LOOKED_AFTER, title="Secure accommodation without court order",
        starts_on=(), satisfied_by=(), period=hours(72),
        deadline_text="max 72 hours (aggregate) in any 28 days",
        status=REG, verification=U, source="Children (Secure Accommodation) Regulations 1991",
        notes="Hour-based rolling 28-day window.", engine_supported=False,
    ),
    _rule(
        id="LA21", area=Area.LOOKED_AFTER, title="Staying Put (16+ in foster care)",
        starts_on=(), satisfied_by=(), period=None, deadline_text="to age 21",
        status=REG, verification=S, source="CA 1989 s23CZA", notes="Age-based.",
        engine_supported=False,
    ),
)

_HEALTH_ENDS_ANY = (k.CEASED_LOOKED_AFTER,)

_HEALTH_AND_EDUCATION = (
    _rule(
        id="H1", area=Area.HEALTH_AND_EDUCATION,
        title="Becoming looked after: initial health assessment",
        starts_on=(k.BECAME_LOOKED_AFTER,), anchor_occurrence=1,
        satisfied_by=(k.HEALTH_ASSESSMENT_INITIAL,), ends_on=(k.CEASED_LOOKED_AFTER,),
        period=wd(20), deadline_text="before first placement or first LAC review; guidance 20 WD",
        status=GUID, verification=S,
        source="STAT-REG CPPCR reg 7; STAT-GUID Promoting the health and well-being of "
        "looked-after children (DfE/DHSC 2015)",
        notes="The 20 WD number is guidance. Not needed if an assessment was done in the previous "
        "3 months (not modelled). Referral to health within e.g. 5 WD is local.",
    ),
    _rule(
        id="H2", area=Area.HEALTH_AND_EDUCATION, title="Review health assessment: under 5",
        starts_on=(k.HEALTH_ASSESSMENT_INITIAL, k.HEALTH_ASSESSMENT_REVIEW), anchor_occurrence=1,
        satisfied_by=(k.HEALTH_ASSESSMENT_REVIEW,),
        ends_on=(k.CEASED_LOOKED_AFTER,), ends_on_any_scope=_HEALTH_ENDS_ANY, recurrence=ROLLING,
        cadence_group="rha", condition=Condition.UNDER_5,
        period=months(6), deadline_text="at least once every 6 months",
        status=REG, verification=S, source="CPPCR reg 7",
        notes="5th birthday rule: the interval after an assessment is chosen by the child's age "
        "on the day of that assessment. Under 5 then (or date of birth unknown): 6 months, even "
        "if the child turns 5 before it falls due (conservative). From 5: 12 months (H3).",
    ),
    _rule(
        id="H3", area=Area.HEALTH_AND_EDUCATION, title="Review health assessment: age 5+",
        starts_on=(k.HEALTH_ASSESSMENT_INITIAL, k.HEALTH_ASSESSMENT_REVIEW), anchor_occurrence=1,
        satisfied_by=(k.HEALTH_ASSESSMENT_REVIEW,),
        ends_on=(k.CEASED_LOOKED_AFTER,), ends_on_any_scope=_HEALTH_ENDS_ANY, recurrence=ROLLING,
        cadence_group="rha", condition=Condition.AGED_5_OR_OVER,
        period=months(12), deadline_text="at least once every 12 months",
        status=REG, verification=S, source="CPPCR reg 7",
    ),
    _rule(
        id="H4", area=Area.HEALTH_AND_EDUCATION, title="Strengths and Difficulties Questionnaire (4-16)",
        starts_on=(), satisfied_by=(), period=months(12), deadline_text="annually",
        status=GUID, verification=S, source="Health guidance / DfE SSDA903 return",
        engine_supported=False,
    ),
    _rule(
        id="H5", area=Area.HEALTH_AND_EDUCATION, title="Dental check; immunisations up to date",
        starts_on=(), satisfied_by=(), period=months(12), deadline_text="annually (dental)",
        status=KPI, verification=U, source="SSDA903 outcome measures", engine_supported=False,
    ),
    _rule(
        id="E1", area=Area.HEALTH_AND_EDUCATION,
        title="Becoming looked after: personal education plan initiated",
        starts_on=(k.BECAME_LOOKED_AFTER,), anchor_occurrence=1, satisfied_by=(k.PEP,),
        ends_on=(k.CEASED_LOOKED_AFTER,),
        period=wd(10), deadline_text="part of care plan; commonly within 10 WD, completed before "
        "first LAC review (20 WD)",
        status=GUID, verification=U,
        source="STAT-REG (PEP part of care plan, CPPCR reg 5 & Sch 1 para 2 - P) + STAT-GUID "
        "Promoting the education of looked-after and previously looked-after children (2018)",
        notes="Timing is guidance/local: default 10 working days.",
    ),
    _rule(
        id="E2", area=Area.HEALTH_AND_EDUCATION, title="PEP reviews",
        starts_on=(k.PEP,), satisfied_by=(k.PEP,), period=None, deadline_text="each school term",
        status=GUID, verification=U, source="Education guidance (2018)",
        notes="Needs a school-term calendar, not fixed intervals.", engine_supported=False,
    ),
    _rule(
        id="E3", area=Area.HEALTH_AND_EDUCATION,
        title="Placement change in key stage 4: nominated officer approval first",
        starts_on=(), satisfied_by=(), period=None, deadline_text="before the move",
        status=REG, verification=P, source="CPPCR reg 10",
        notes="Precondition, not a clock.", engine_supported=False,
    ),
)

_MISSING = (
    _rule(
        id="M1", area=Area.MISSING, title="Return from missing: return home interview",
        starts_on=(k.MISSING_RETURNED,), satisfied_by=(k.RHI_HELD,), ends_on=(k.RHI_DECLINED,),
        period=hours(72), deadline_text="within 72 hours",
        status=GUID, verification=S,
        source="Statutory guidance on children who run away or go missing from home or care "
        "(DfE, Jan 2014)",
        anchor="the time of return (aware datetime); weekends and bank holidays count",
        notes="An interview offered and declined ends the clock (no longer required). "
        "Elapsed hours across BST changes. Revision of the guidance anticipated: re-check.",
    ),
    _rule(
        id="M2", area=Area.MISSING, title="Child missing: police notified / LA informed",
        starts_on=(k.MISSING_STARTED,), satisfied_by=(), period=None,
        deadline_text="immediately / same day",
        status=LOCAL, verification=U, source="STAT-GUID / LOCAL", engine_supported=False,
    ),
    _rule(
        id="M3", area=Area.MISSING, title="Repeated missing: strategy meeting",
        starts_on=(k.MISSING_STARTED,), satisfied_by=(k.STRATEGY_DISCUSSION,), period=None,
        deadline_text="local trigger, e.g. 3 episodes in 30 days",
        status=LOCAL, verification=S, source="LOCAL (e.g. Derbyshire)",
        notes="Rolling-window rule.", engine_supported=False,
    ),
    _rule(
        id="M4", area=Area.MISSING, title="Exploitation screening / MACE referral",
        starts_on=(), satisfied_by=(), period=None, deadline_text="LOCAL",
        status=LOCAL, verification=U, source="LOCAL", engine_supported=False,
    ),
)

_LEGAL = (
    _rule(
        id="L1", area=Area.LEGAL, title="Care/supervision application issued: disposal",
        starts_on=(k.PROCEEDINGS_ISSUED,), satisfied_by=(k.PROCEEDINGS_DISPOSED, k.PROCEEDINGS_EXTENDED),
        period=weeks(26), deadline_text="26 weeks",
        anchor="the day the application was issued; a court-approved extension granted in time "
        "meets it and starts L10",
        status=REG, verification=S, effective_from=CFA_2014_S14,
        source="CA 1989 s32(1)(a) (inserted by Children and Families Act 2014 s14)",
        notes="Extensions up to 8 weeks at a time where necessary (length UNVERIFIED). PLO "
        "relaunched Jan 2023.",
    ),
    _rule(
        id="L10", area=Area.LEGAL, title="Care proceedings: extended timetable",
        starts_on=(k.PROCEEDINGS_EXTENDED,), override_from=(k.PROCEEDINGS_EXTENDED,),
        satisfied_by=(k.PROCEEDINGS_DISPOSED, k.PROCEEDINGS_EXTENDED), one_clock_per_satisfier=True,
        period=weeks(8), deadline_text="the date the court extended the timetable to (up to 8 "
        "weeks at a time)",
        status=REG, verification=U, effective_from=CFA_2014_S14, configurable=False,
        source="CA 1989 s32(5)-(8) (inserted by Children and Families Act 2014 s14)",
        anchor="the day the extension was granted; due on the new end of the timetable (the "
        "fact's interval_days)",
        notes="Each further extension meets the current clock and starts the next.",
    ),
    _rule(
        id="L2", area=Area.LEGAL, title="PLO court stages (CMH by day 12)",
        starts_on=(k.PROCEEDINGS_ISSUED,), satisfied_by=(), period=None,
        deadline_text="day 12 for CMH",
        status=REG, verification=U, source="Family Procedure Rules PD12A",
        notes="Court-driven: record actual hearing dates rather than computing.",
        engine_supported=False,
    ),
    _rule(
        id="L3", area=Area.LEGAL, title="Pre-proceedings: decision to issue or step down",
        starts_on=(k.PRE_PROCEEDINGS_STARTED,), satisfied_by=(k.PRE_PROCEEDINGS_DECISION,),
        period=weeks(16), deadline_text="commonly 12-16 weeks, with reviews (e.g. at 6 weeks)",
        status=GUID, verification=U,
        source="STAT-GUID/best practice - Public Law Working Group / PLO pre-proceedings "
        "best practice guidance (2023)",
        notes="Default 16 weeks (figure not found in the sources checked); pre-birth cases "
        "often start earlier.",
    ),
    _rule(
        id="L11", area=Area.LEGAL, title="Pre-proceedings review meetings",
        starts_on=(k.PRE_PROCEEDINGS_MEETING,), satisfied_by=(k.PRE_PROCEEDINGS_MEETING,),
        ends_on=(k.PRE_PROCEEDINGS_DECISION,), recurrence=ROLLING,
        period=weeks(6), deadline_text="a review meeting with the parents every 6 weeks (local)",
        status=LOCAL, verification=U,
        source="LOCAL, after the Public Law Working Group pre-proceedings best practice guidance "
        "(2023): reviews, e.g. at 6 weeks",
        anchor="the initial pre-proceedings meeting, then each review meeting, until the decision "
        "to issue or step down",
    ),
    _rule(
        id="L4", area=Area.LEGAL, title="Emergency protection order duration",
        starts_on=(), satisfied_by=(), period=days(8),
        deadline_text="up to 8 days; one extension up to 7 days",
        status=REG, verification=U, source="CA 1989 s45", engine_supported=False,
    ),
    _rule(
        id="L5", area=Area.LEGAL, title="Police protection",
        starts_on=(), satisfied_by=(), period=hours(72), deadline_text="max 72 hours",
        status=REG, verification=U, source="CA 1989 s46", engine_supported=False,
    ),
    _rule(
        id="L6", area=Area.LEGAL, title="Interim care order duration",
        starts_on=(), satisfied_by=(), period=None,
        deadline_text="time limits removed by Children and Families Act 2014",
        status=REG, verification=U, source="CA 1989 as amended",
        notes="Store order end dates as given by the court.", engine_supported=False,
    ),
    _rule(
        id="L7", area=Area.LEGAL, title="Supervision order duration",
        starts_on=(), satisfied_by=(), period=months(12),
        deadline_text="up to 1 year, extendable to max 3 years from making",
        status=REG, verification=U, source="CA 1989 Sch 3", engine_supported=False,
    ),
    _rule(
        id="L8", area=Area.LEGAL, title="Notice of intention to apply for special guardianship",
        starts_on=(), satisfied_by=(), period=months(3),
        deadline_text="applicant gives 3 months' notice",
        status=REG, verification=U, source="CA 1989 s14A(7)", engine_supported=False,
    ),
    _rule(
        id="L9", area=Area.LEGAL, title="Section 20 accommodation: prolonged use",
        starts_on=(), satisfied_by=(), period=None, deadline_text="no statutory time limit",
        status=GUID, verification=U, source="STAT-GUID / case law",
        notes="Flag long s20 episodes (local threshold).", engine_supported=False,
    ),
)

_ADOPTION_ENDS = (k.ADOPTIVE_PLACEMENT_ENDED, k.ADOPTION_ORDER_MADE)

_ADOPTION = (
    _rule(
        id="AD1", area=Area.ADOPTION,
        title="Authority to place, child not yet placed: adoption reviews",
        starts_on=(k.AUTHORITY_TO_PLACE,), anchor_occurrence=1, satisfied_by=(k.ADOPTION_REVIEW,),
        ends_on=(k.ADOPTIVE_PLACEMENT_ENDED,),
        ends_on_any_scope=(k.PLACED_FOR_ADOPTION, k.ADOPTION_ORDER_MADE), recurrence=ROLLING,
        period=months(3), then_period=months(6),
        deadline_text="not more than 3 months after authority, then not more than 6 months",
        status=REG, verification=P, source="AAR 2005 reg 36(1)",
        notes="LAC reviews (CPPCR) stop once authority to place exists.",
    ),
    _rule(
        id="AD2", area=Area.ADOPTION, title="Placed for adoption: first adoption review",
        starts_on=(k.PLACED_FOR_ADOPTION,), satisfied_by=(k.ADOPTION_REVIEW,),
        ends_on=_ADOPTION_ENDS,
        period=weeks(4), deadline_text="not more than 4 weeks",
        status=REG, verification=P, source="AAR 2005 reg 36(3)(a)",
    ),
    _rule(
        id="AD3", area=Area.ADOPTION, title="Adoption reviews after the first",
        starts_on=(k.ADOPTION_REVIEW,), anchor_occurrence=1, satisfied_by=(k.ADOPTION_REVIEW,),
        ends_on=_ADOPTION_ENDS, recurrence=ROLLING,
        period=months(3), then_period=months(6),
        deadline_text="not more than 3 months; then not more than 6 months",
        status=REG, verification=P, source="AAR 2005 reg 36(3)(b)-(c)",
        anchor="the first review in this adoptive placement",
        notes="Until adoption order or disruption.",
    ),
    _rule(
        id="AD4", area=Area.ADOPTION, title="Placed for adoption: visits",
        starts_on=(k.PLACED_FOR_ADOPTION,), satisfied_by=(), period=weeks(1),
        deadline_text="within 1 week, then at least weekly until first review, then as set at "
        "each review",
        status=REG, verification=P, source="AAR 2005 reg 36(4)",
        notes="Frequency after the first review is per child.", engine_supported=False,
    ),
    _rule(
        id="AD5", area=Area.ADOPTION, title="Child under 6 weeks: parental written agreement",
        starts_on=(), satisfied_by=(), period=None, deadline_text="6 weeks of age",
        status=REG, verification=P, source="AAR 2005 reg 35(4)", notes="Age rule.",
        engine_supported=False,
    ),
    _rule(
        id="AD6", area=Area.ADOPTION, title="Adoption panel recommendation: agency decision",
        starts_on=(k.ADOPTION_PANEL_RECOMMENDATION,), satisfied_by=(k.ADOPTION_DECISION,),
        period=wd(7), deadline_text="commonly 7 working days",
        status=GUID, verification=U, source="STAT-REG/GUID (AAR / statutory adoption guidance)",
    ),
    _rule(
        id="AD7", area=Area.ADOPTION, title="Adopter approval stages",
        starts_on=(), satisfied_by=(), period=months(2),
        deadline_text="stage 1 about 2 months; stage 2 about 4 months",
        status=GUID, verification=U, source="STAT-GUID (2013 two-stage process)",
        notes="About adopters, not children.", engine_supported=False,
    ),
    _rule(
        id="AD8", area=Area.ADOPTION,
        title="Scorecard A1/A10: entry to care to moving in with adoptive family",
        starts_on=(k.BECAME_LOOKED_AFTER,), satisfied_by=(k.PLACED_FOR_ADOPTION,),
        period=days(426), deadline_text="threshold 14 months (426 days)",
        status=KPI, verification=S,
        source="DfE adoption scorecards (gov.uk news 14 Jan 2014)",
        notes="A10 replaced A1 in ASGLB data from Q1 2021/22. Child-level flag, 3-year average.",
        engine_supported=False,
    ),
    _rule(
        id="AD9", area=Area.ADOPTION, title="Scorecard A2: placement order to match decision",
        starts_on=(k.AUTHORITY_TO_PLACE,), satisfied_by=(), period=days(121),
        deadline_text="threshold 4 months (121 days)",
        status=KPI, verification=S, source="DfE adoption scorecards; LG Inform metric notes",
        engine_supported=False,
    ),
    _rule(
        id="AD10", area=Area.ADOPTION, title="Scorecard A3: % waiting under 14 months",
        starts_on=(), satisfied_by=(), period=None, deadline_text="KPI (%)",
        status=KPI, verification=S, source="DfE adoption scorecards", engine_supported=False,
    ),
)

_CARE_LEAVERS = (
    _rule(
        id="CL1", area=Area.CARE_LEAVERS, title="Care-leaver eligibility (13 weeks after 14)",
        starts_on=(), satisfied_by=(), period=weeks(13),
        deadline_text="looked after 13 weeks in total, starting after 14th and ending after "
        "16th birthday",
        status=REG, verification=S, source="CA 1989 Sch 2 para 19B; CPPCR regs 40-44",
        notes="Aggregate over episodes; excludes pre-planned short breaks of 4 weeks or less.",
        engine_supported=False,
    ),
    _rule(
        id="CL2", area=Area.CARE_LEAVERS, title="Eligible child: needs assessment and pathway plan",
        starts_on=(), satisfied_by=(k.PATHWAY_PLAN,), period=months(3),
        deadline_text="not more than 3 months after 16th birthday or becoming eligible",
        status=REG, verification=U, source="CPPCR reg 42 (3-month figure UNVERIFIED)",
        engine_supported=False,
    ),
    _rule(
        id="CL3", area=Area.CARE_LEAVERS, title="Pathway plan reviews",
        starts_on=(k.PATHWAY_PLAN,), anchor_occurrence=1, satisfied_by=(k.PATHWAY_PLAN_REVIEW,),
        ends_on=(k.LEAVING_CARE_ENDED,), recurrence=ROLLING,
        period=months(6), deadline_text="at least every 6 months",
        status=REG, verification=S,
        source="Care Leavers (England) Regs 2010 (reviews) and CPPCR for eligible children",
        notes="Also on request and on change of accommodation (Vol 3).",
    ),
    _rule(
        id="CL4", area=Area.CARE_LEAVERS, title="Personal adviser visits",
        starts_on=(), satisfied_by=(), period=days(7), then_period=months(2),
        deadline_text="within 7 days of a move, then at least every 2 months",
        status=REG, verification=S, source="Care Leavers (England) Regs 2010 / Vol 3",
        notes="Decision: 2 calendar months, not 8 weeks. Not evaluated yet.",
        engine_supported=False,
    ),
    _rule(
        id="CL5", area=Area.CARE_LEAVERS, title="Personal adviser support offered to 25",
        starts_on=(), satisfied_by=(), period=None, deadline_text="to age 25",
        status=REG, verification=S, source="CA 1989 s23CZB", engine_supported=False,
    ),
    _rule(
        id="CL6", area=Area.CARE_LEAVERS, title="Staying Put to 21",
        starts_on=(), satisfied_by=(), period=None, deadline_text="to 21",
        status=REG, verification=S, source="CA 1989 s23CZA", engine_supported=False,
    ),
)

_PF_ENDS = (k.PF_ARRANGEMENT_ENDED,)

_PRIVATE_FOSTERING = (
    _rule(
        id="PF1", area=Area.PRIVATE_FOSTERING, title="Notification of proposed arrangement",
        starts_on=(), satisfied_by=(k.PF_NOTIFICATION_RECEIVED,), period=None,
        deadline_text="at least 6 weeks before start, or immediately if within 6 weeks",
        status=REG, verification=P, source="PF Regs 2005 reg 3(1)",
        notes="Carer's duty; counts back from the start.", engine_supported=False,
    ),
    _rule(
        id="PF2", area=Area.PRIVATE_FOSTERING, title="Notification received: officer visits",
        starts_on=(k.PF_NOTIFICATION_RECEIVED,), anchor_occurrence=1, satisfied_by=(k.PF_VISIT,),
        ends_on=_PF_ENDS,
        period=wd(7), deadline_text="within 7 working days",
        status=REG, verification=P, source="PF Regs 2005 reg 4(1) and reg 7 (reg 7 UNVERIFIED)",
    ),
    _rule(
        id="PF3", area=Area.PRIVATE_FOSTERING, title="Private fostering visits: first year",
        starts_on=(k.PF_VISIT,), anchor_occurrence=1, satisfied_by=(k.PF_VISIT,),
        ends_on=_PF_ENDS, recurrence=ROLLING,
        cadence_group="pf_visits", condition=Condition.EPISODE_FIRST_YEAR,
        episode_start=(k.PF_NOTIFICATION_RECEIVED,),
        period=weeks(6), deadline_text="intervals of not more than 6 weeks",
        status=REG, verification=P, source="PF Regs 2005 reg 8(1)(a)",
        notes="Arrangement deemed to begin when the LA becomes aware (reg 8(6)).",
    ),
    _rule(
        id="PF4", area=Area.PRIVATE_FOSTERING, title="Private fostering visits: later years",
        starts_on=(k.PF_VISIT,), anchor_occurrence=1, satisfied_by=(k.PF_VISIT,),
        ends_on=_PF_ENDS, recurrence=ROLLING,
        cadence_group="pf_visits", condition=Condition.EPISODE_LATER_YEARS,
        episode_start=(k.PF_NOTIFICATION_RECEIVED,),
        period=weeks(12), deadline_text="intervals of not more than 12 weeks",
        status=REG, verification=P, source="PF Regs 2005 reg 8(1)(b)",
    ),
    _rule(
        id="PF5", area=Area.PRIVATE_FOSTERING, title="End of arrangement: notification to LA",
        starts_on=(), satisfied_by=(), period=hours(48), deadline_text="within 48 hours",
        status=REG, verification=U, source="PF Regs (end-of-arrangement provision)",
        notes="Carer's duty.", engine_supported=False,
    ),
)

_IRO_AND_SAFEGUARDING = (
    _rule(
        id="IR1", area=Area.IRO_AND_SAFEGUARDING, title="IRO dispute resolution: formal process",
        starts_on=(k.IRO_DISPUTE_RAISED,), satisfied_by=(k.IRO_DISPUTE_RESOLVED,),
        period=wd(20), deadline_text="no more than 20 working days",
        status=GUID, verification=S, source="IRO Handbook (2010) para 6.2",
        notes="IRO may skip stages and refer to Cafcass at any point.",
    ),
    _rule(
        id="IR2", area=Area.IRO_AND_SAFEGUARDING, title="IRO alert / informal resolution stages",
        starts_on=(k.IRO_DISPUTE_STAGE,), satisfied_by=(k.IRO_DISPUTE_RESPONSE,),
        ends_on=(k.IRO_DISPUTE_RESOLVED, k.IRO_DISPUTE_STAGE),
        override_from=(k.IRO_DISPUTE_STAGE,), one_clock_per_satisfier=True,
        period=wd(10), deadline_text="e.g. 5-10 WD per stage",
        status=LOCAL, verification=S, source="LOCAL (Nottinghamshire: 10 WD)",
        anchor="the day the stage opened",
        notes="Every stage starts its own clock, with the response time configured for that "
        "stage (attr interval_working_days on the stage; default 10 working days). Met by the "
        "stage's response (one response per stage); no longer required when the dispute is "
        "resolved or the IRO opens the next stage.",
    ),
    _rule(
        id="IR3", area=Area.IRO_AND_SAFEGUARDING, title="LAC review record / decisions",
        starts_on=(k.LAC_REVIEW,), satisfied_by=(), period=wd(5),
        deadline_text="e.g. decisions within 5 WD, record within 15-20 WD",
        status=LOCAL, verification=S, source="LOCAL (Southwark: manager sign-off within 5 WD)",
        engine_supported=False,
    ),
    _rule(
        id="IR4", area=Area.IRO_AND_SAFEGUARDING, title="Statutory complaints stages",
        starts_on=(), satisfied_by=(), period=wd(10),
        deadline_text="stage 1 10 WD (extendable to 20); stage 2 25 WD (max 65); stage 3 panel "
        "within 30 WD",
        status=REG, verification=U,
        source="Children Act 1989 Representations Procedure (England) Regs 2006",
        engine_supported=False,
    ),
    _rule(
        id="IR5", area=Area.IRO_AND_SAFEGUARDING,
        title="Serious child safeguarding incident: notification to the national panel",
        starts_on=(k.SERIOUS_INCIDENT_KNOWN,), satisfied_by=(k.SERIOUS_INCIDENT_NOTIFIED,),
        period=wd(5), deadline_text="within 5 working days",
        status=GUID, verification=S,
        source="STAT-REG duty (Children Act 2004 s16C) + STAT-GUID timing (WT 2018/2023 ch. 5)",
        anchor="when the LA becomes aware",
    ),
    _rule(
        id="IR6", area=Area.IRO_AND_SAFEGUARDING, title="Notification: rapid review completed",
        starts_on=(k.SERIOUS_INCIDENT_NOTIFIED,), satisfied_by=(k.RAPID_REVIEW_COMPLETED,),
        period=wd(15), deadline_text="15 working days",
        status=GUID, verification=U, source="WT",
    ),
    _rule(
        id="IR7", area=Area.IRO_AND_SAFEGUARDING, title="LCSPR completion",
        starts_on=(), satisfied_by=(), period=months(6), deadline_text="about 6 months",
        status=GUID, verification=U, source="WT", engine_supported=False,
    ),
    _rule(
        id="IR8", area=Area.IRO_AND_SAFEGUARDING,
        title="Allegation against a person working with children: LADO consideration",
        starts_on=(k.ALLEGATION_RECEIVED,), satisfied_by=(k.LADO_CONSIDERED,),
        period=wd(1), deadline_text="within 1 working day",
        status=LOCAL, verification=U, source="STAT-GUID (WT/KCSIE) / LOCAL",
    ),
)

_WORKFORCE = (
    _rule(
        id="W1", area=Area.WORKFORCE, title="Case supervision / management oversight",
        starts_on=(k.SERVICE_STARTED,), anchor_occurrence=1, satisfied_by=(k.SUPERVISION,),
        match_child_wide=True, ends_on=(k.SERVICE_ENDED,), recurrence=ROLLING,
        period=weeks(4), deadline_text="commonly monthly (4-6 weekly)",
        status=LOCAL, verification=U,
        source="LOCAL - Standards for employers of social workers (LGA): regular supervision, "
        "no national frequency",
        notes="Default every 4 weeks per open service; any case supervision for the child counts.",
    ),
    _rule(
        id="W2", area=Area.WORKFORCE, title="ASYE supervision",
        starts_on=(), satisfied_by=(), period=weeks(1),
        deadline_text="weekly for 6 weeks, fortnightly to 6 months, monthly thereafter",
        status=GUID, verification=U, source="STAT-GUID-ish - ASYE framework",
        notes="About workers, not children.", engine_supported=False,
    ),
    _rule(
        id="W3", area=Area.WORKFORCE, title="Child open to a service: allocated social worker",
        starts_on=(k.SERVICE_STARTED, k.WORKER_UNALLOCATED), satisfied_by=(k.WORKER_ALLOCATED,),
        ends_on=(k.SERVICE_ENDED,),
        period=wd(1), deadline_text="on allocation; unallocated flags",
        status=LOCAL, verification=U, source="KPI / Ofsted (allocation); number LOCAL",
        anchor="the service opening, or the day the child became unallocated",
        notes="Default 1 working day; an open W3 obligation is the 'unallocated' flag.",
    ),
    _rule(
        id="W4", area=Area.WORKFORCE, title="Foster carer annual review",
        starts_on=(), satisfied_by=(), period=months(12), deadline_text="at intervals of not "
        "more than 1 year",
        status=REG, verification=U,
        source="Fostering Services (England) Regulations 2011 (review of approval)",
        notes="About carers, not children.", engine_supported=False,
    ),
)

CATALOGUE: tuple[Rule, ...] = (
    _FRONT_DOOR
    + _ASSESSMENT
    + _CHILD_PROTECTION
    + _CHILD_IN_NEED
    + _LOOKED_AFTER
    + _HEALTH_AND_EDUCATION
    + _MISSING
    + _LEGAL
    + _ADOPTION
    + _CARE_LEAVERS
    + _PRIVATE_FOSTERING
    + _IRO_AND_SAFEGUARDING
    + _WORKFORCE
)

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in CATALOGUE}
assert len(_BY_ID) == len(CATALOGUE), "duplicate rule id in CATALOGUE"


def get_rule(rule_id: str) -> Rule:
    """The catalogue row with this id."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise UnknownRule(f"no rule {rule_id!r} in the catalogue (ids look like 'A1', 'CP2', 'LA12')") from None


# --- per-council rule book ----------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """A council's change to one rule, with the recorded reason."""

    rule_id: str
    period: Period | None = None
    enabled: bool = True
    reason: str = ""
    when: tuple[str, object] | None = None  # one variant, e.g. ("rag", "red")


@dataclass(frozen=True)
class RuleBook:
    """The catalogue as one council applies it. Immutable: ``with_override``
    returns a new book.

    Policy: LOCAL rules change freely. STAT-GUID and KPI rules change only with
    a recorded reason. STAT-REG rules cannot be changed or disabled.
    """

    overrides: tuple[Override, ...] = ()
    catalogue: tuple[Rule, ...] = field(default=CATALOGUE, repr=False)

    @cached_property
    def _rules(self) -> dict[str, Rule]:
        rules = {rule.id: rule for rule in self.catalogue}
        for override in self.overrides:
            if override.period is None:
                continue
            rule = rules[override.rule_id]
            if override.when is None:
                rules[override.rule_id] = replace(rule, period=override.period)
            else:
                name, value = override.when
                kept = tuple(v for v in rule.period_by_attr if (v[0], v[1]) != (name, value))
                rules[override.rule_id] = replace(
                    rule, period_by_attr=((name, value, override.period), *kept))
        return rules

    @cached_property
    def _disabled(self) -> frozenset[str]:
        return frozenset(o.rule_id for o in self.overrides if not o.enabled)

    def rule(self, rule_id: str) -> Rule:
        """The rule as this council applies it (period override included)."""
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownRule(f"no rule {rule_id!r} in this rule book") from None

    def is_enabled(self, rule_id: str) -> bool:
        self.rule(rule_id)
        return rule_id not in self._disabled

    def override_for(self, rule_id: str, when: tuple[str, object] | None = None) -> Override | None:
        self.rule(rule_id)
        return next((o for o in self.overrides if o.rule_id == rule_id and o.when == when), None)

    def active(self) -> tuple[Rule, ...]:
        """Enabled rules, in catalogue order, with overrides applied."""
        return tuple(self._rules[r.id] for r in self.catalogue if r.id not in self._disabled)

    def with_override(
        self,
        rule_id: str,
        *,
        period: Period | None = None,
        enabled: bool = True,
        reason: str = "",
        when: tuple[str, object] | None = None,
    ) -> RuleBook:
        """A new rule book with this council change applied (replacing any
        earlier override of the same rule and variant). ``when`` names one
        variant of a rule whose period depends on an attribute, such as
        ``("rag", "red")`` for F4."""
        base = self.rule(rule_id)
        if base.status is Status.STAT_REG and (period is not None or not enabled):
            raise RuleChangeRefused(
                f"{rule_id} is set by regulation ({base.source}); it cannot be changed or disabled"
            )
        if base.status in (Status.STAT_GUID, Status.KPI) and not reason.strip():
            raise RuleChangeRefused(
                f"{rule_id} is {base.status.value} ({base.source}); record the reason for "
                "departing from it"
            )
        if period is not None:
            if base.period is None:
                raise RuleChangeRefused(f"{rule_id} has no numeric deadline to change")
            if period.amount <= 0:
                raise RuleChangeRefused(f"{rule_id}: a period must be positive, not {period}")
        if when is not None:
            if period is None or not enabled:
                raise RuleChangeRefused(f"{rule_id}: a variant can only change its period")
            if not any((v[0], v[1]) == when for v in base.period_by_attr):
                raise RuleChangeRefused(f"{rule_id} has no variant {when[0]}={when[1]}")
        kept = tuple(o for o in self.overrides if (o.rule_id, o.when) != (rule_id, when))
        new = Override(rule_id=rule_id, period=period, enabled=enabled, reason=reason.strip(),
                       when=when)
        return RuleBook(overrides=kept + (new,), catalogue=self.catalogue)


DEFAULT_RULEBOOK = RuleBook()


def due_date(
    rule_id: str,
    start: date | datetime,
    *,
    rulebook: RuleBook | None = None,
    calendar: WorkingDayCalendar = ENGLAND,
) -> date | datetime:
    """The first deadline of ``rule_id`` for a clock starting at ``start``.

    Hour-based rules need an aware datetime and return one (Europe/London);
    all others return a date.
    """
    rule = (rulebook or DEFAULT_RULEBOOK).rule(rule_id)
    if rule.period is None:
        raise NoFixedDeadline(f"{rule_id} has no numeric deadline ({rule.deadline_text})")
    return add_period(start, rule.period, calendar)


def rules_in(area: Area, rules: Iterable[Rule] = CATALOGUE) -> tuple[Rule, ...]:
    """The rules of one practice area."""
    return tuple(rule for rule in rules if rule.area is area)
