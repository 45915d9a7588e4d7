"""Every event of child protection, child in need, visits, plan actions and step changes
shows in the child's chronology, read in one shared query whatever the history."""

from datetime import date

import pytest
from django.utils import timezone

from lantern.plans.services import action_add, action_review, visit_record
from lantern.protection.services import conference_review_record, core_group_record
from lantern.stepchange.services import step_down_authorise, step_down_propose
from lantern.web.chronology import _shared_entries, chronology_for

from .test_path import on_plan

pytestmark = pytest.mark.django_db


def _history(world, refer, visits=3):
    _, _, plan = on_plan(world, refer)
    sw, iro, today = world.users["social_worker"], world.users["iro"], timezone.localdate()
    core_group_record(actor=sw, today=today, plan=plan, held_on=date(2023, 6, 1),
                      agencies=["police", "social_care"], notes="Safety plan agreed")
    for i in range(visits):
        visit_record(actor=sw, today=today, plan=plan, visited_on=date(2023, 6, 2 + i), seen=True,
                     seen_alone=i % 2 == 0, not_alone_reason="Mother stayed in the room",
                     child_said=f"Talked about school {i}", worker=sw)
    action = action_add(actor=sw, today=today, plan=plan, what="Father to attend the programme",
                        owner_agency="domestic_abuse", due=date(2023, 7, 1),
                        measure="Attends 10 of 12 sessions", added_on=date(2023, 5, 22))
    action_review(actor=sw, today=today, action=action, reviewed_on=date(2023, 8, 21),
                  progress="partly", note="Attended 6 sessions so far")
    conference_review_record(actor=iro, today=today, plan=plan, held_on=date(2023, 8, 21),
                             outcome="end", decisions="Plan to end", chair=iro)
    step = step_down_propose(actor=sw, today=today, child=world.child, kind="cp_to_cin",
                             on=date(2023, 8, 21), reason="Risks reduced",
                             checklist={"risks_reduced": True, "core_group_agreement": True,
                                        "cin_plan_ready": True}, evidence="No new injuries")
    step_down_authorise(actor=world.users["team_manager"], today=today, step=step,
                        decided_on=date(2023, 8, 22), rationale="Sustained change")
    return plan


def test_every_event_of_the_path_is_in_the_chronology(world, refer):
    _history(world, refer)
    titles = [e.title for e in chronology_for(world.child, limit=200)]
    for expected in ("Strategy discussion: section 47 enquiry, jointly with the police",
                     "Section 47 enquiry started jointly with the police",
                     "Section 47 enquiry concluded: initial child protection conference needed",
                     "Initial child protection conference: child protection plan needed (physical abuse)",
                     "Child protection plan started: physical abuse", "Core group meeting",
                     "Visit: child seen alone", "Visit: child seen, not alone",
                     "Plan action reviewed: partly done", "Review child protection conference: plan to end",
                     "Stepped up: child in need to child protection",
                     "Step down proposed: child protection to child in need",
                     "Step down authorised: child protection to child in need",
                     "Child protection plan ended: stepped down to a child in need plan",
                     "Child in need plan started"):
        assert expected in titles, expected


def test_the_shared_parts_are_one_query_and_filter_by_kind(world, refer, django_assert_num_queries):
    _history(world, refer, visits=12)
    with django_assert_num_queries(1):
        entries = _shared_entries(world.child, None, 50)
    assert sum(e.kind == "visit" for e in entries) == 12
    only = _shared_entries(world.child, frozenset({"stepchange"}), 50)
    assert only and {e.kind for e in only} == {"stepchange"}
    assert _shared_entries(world.child, frozenset({"contact"}), 50) == []
