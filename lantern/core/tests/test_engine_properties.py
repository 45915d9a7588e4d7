"""Invariants of the engine, checked on generated fact histories."""

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.core import facts as k
from lantern.core.calendar import LONDON
from lantern.core.engine import ChildFacts, Fact, evaluate
from lantern.core.rules import RuleBook

BOOK = RuleBook()
SETTINGS = settings(max_examples=40, deadline=None)

KINDS = [
    k.REFERRAL_RECEIVED, k.REFERRAL_DECISION, k.REFERRAL_NFA, k.ASSESSMENT_COMPLETED,
    k.STRATEGY_DISCUSSION, k.S47_STARTED, k.ICPC, k.CP_PLAN_STARTED, k.CORE_GROUP, k.RCPC,
    k.CP_VISIT, k.CP_PLAN_ENDED, k.BECAME_LOOKED_AFTER, k.CEASED_LOOKED_AFTER,
    k.PLACEMENT_STARTED, k.PLACEMENT_ENDED, k.PLACEMENT_LONG_TERM, k.LAC_VISIT, k.LAC_REVIEW,
    k.HEALTH_ASSESSMENT_INITIAL, k.HEALTH_ASSESSMENT_REVIEW, k.CARE_PLAN, k.PLACEMENT_PLAN,
    k.MISSING_RETURNED, k.RHI_HELD, k.SERVICE_STARTED, k.WORKER_ALLOCATED,
    k.WORKER_UNALLOCATED, k.SERVICE_ENDED, k.SUPERVISION, k.AUTHORITY_TO_PLACE,
    k.CARE_ORDER_MADE, k.CONNECTED_PERSON_APPROVED, k.TEMPORARY_APPROVAL_EXTENDED,
    k.IRO_DISPUTE_RAISED, k.IRO_DISPUTE_STAGE, k.IRO_DISPUTE_RESPONSE, k.IRO_DISPUTE_RESOLVED,
]
SCOPES = ["s:1", "s:2", "period:1"]
START = date(2024, 1, 1)
REG28 = {"LA5", "LA6", "LA7", "LA8"}  # one chain per placement, whichever row applies

attrs = st.sampled_from(
    [(), (("s47", True),), (("long_term", True),), (("interval_days", 7),),
     (("late_reason", "sickness"),), (("at_home", True),), (("interval_working_days", 3),),
     (("period", "1"), ("reg28", "parent_assessment")),
     (("kind", "connected_person_temporary"), ("period", "1"), ("reg28", "temporary_approval"))]
)


@st.composite
def fact_lists(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    out = []
    for i in range(n):
        day = START + timedelta(days=draw(st.integers(min_value=0, max_value=500)))
        on: date | datetime = day
        if draw(st.booleans()) and draw(st.booleans()):
            on = datetime.combine(day, time(draw(st.integers(0, 23))), tzinfo=LONDON)
        out.append(
            Fact(
                kind=draw(st.sampled_from(KINDS)), ref=f"f:{i}", on=on,
                scope=draw(st.sampled_from(SCOPES)), attrs=draw(attrs),
            )
        )
    return out


dobs = st.one_of(st.none(), st.dates(min_value=date(2008, 1, 1), max_value=date(2023, 12, 31)))


def run(facts, dob):
    return evaluate(ChildFacts("child:1", dob, tuple(facts)), rulebook=BOOK)


@SETTINGS
@given(fact_lists(), dobs, st.randoms(use_true_random=False))
def test_output_does_not_depend_on_fact_order(facts, dob, rnd):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert run(facts, dob) == run(shuffled, dob)


@SETTINGS
@given(fact_lists(), dobs, st.sampled_from(KINDS), st.sampled_from(SCOPES), attrs,
       st.integers(min_value=1, max_value=60))
def test_a_later_fact_never_unmeets_an_obligation(facts, dob, kind, scope, extra_attrs, gap):
    before = run(facts, dob)
    last = max((f.on if not isinstance(f.on, datetime) else f.on.date() for f in facts),
               default=START)
    later = Fact(kind=kind, ref="later", on=last + timedelta(days=gap), scope=scope,
                 attrs=extra_attrs)
    after = {(o.rule_id, o.scope, o.started_by): o for o in run([*facts, later], dob)}
    for ob in before:
        if ob.met_at is not None:
            now = after[(ob.rule_id, ob.scope, ob.started_by)]
            assert (now.met_at, now.met_by) == (ob.met_at, ob.met_by)


@SETTINGS
@given(fact_lists(), dobs)
def test_obligations_are_well_formed(facts, dob):
    obs = run(facts, dob)
    keys = [(o.rule_id, o.scope, o.started_by) for o in obs]
    assert len(keys) == len(set(keys))
    open_per_chain: dict[tuple[str, str], int] = {}
    for ob in obs:
        due = ob.due.date() if isinstance(ob.due, datetime) else ob.due
        start = ob.start.date() if isinstance(ob.start, datetime) else ob.start
        assert due >= start
        assert not (ob.met_at is not None and ob.ended_at is not None)
        if ob.is_open and ob.rule_id in {"CP9", "CP5", "CP8", "LA14", "W1", *REG28}:
            chain = ("reg28" if ob.rule_id in REG28 else ob.rule_id, ob.scope)
            open_per_chain[chain] = open_per_chain.get(chain, 0) + 1
    assert all(count == 1 for count in open_per_chain.values())
