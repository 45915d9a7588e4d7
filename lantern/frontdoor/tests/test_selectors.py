"""Family history, the queue and timeliness, and their query counts at size."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.core.calendar import LONDON
from lantern.frontdoor.models import Referral
from lantern.frontdoor.selectors import QueueFilter, family_history, queue, timeliness
from lantern.frontdoor.services import contact_rag_set, decision_record
from lantern.people.factories import AdultFactory, ChildFactory
from lantern.people.models import Involvement, Relationship

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _family(world, siblings: int):
    kids = [ChildFactory(last_name="Hartley", date_of_birth=date(2012 + i % 10, 1, 1)) for i in range(siblings)]
    for kid in kids:
        Relationship.objects.create(child=world.child, other_child=kid, kind="sibling")
    return kids


def test_family_history_shows_siblings_earlier_work_and_flags_a_rereferral(world, record_contact):
    (sister,) = _family(world, 1)
    earlier = record_contact(received_at=datetime(2026, 4, 1, 9, 0, tzinfo=LONDON),
                             children=[world.child, sister], categories=["domestic_abuse"], source="3E")
    decision_record(actor=world.users["front_door"], now=NOW, contact=earlier, outcome="referral",
                    rationale="Assess", decided_at=datetime(2026, 4, 1, 12, 0, tzinfo=LONDON),
                    primary_need="N1", risk_analysis="r", protective_factors="p", lived_experience="l")
    Involvement.objects.create(child=sister, level="cp", start=date(2026, 5, 1), end=date(2026, 9, 1))
    mother = AdultFactory(first_name="Joanne")
    contact = record_contact(adults=[(mother, "parent")])
    history = family_history(contact)
    me, her = history.children
    assert me.child == world.child and her.child == sister
    assert me.rereferral and me.rereferral.referral_date == date(2026, 4, 1)
    assert me.contact_count == 1 and me.contacts[0][1] == "Referral to children's social care for assessment"
    assert [c.pk for c in me.domestic_abuse] == [earlier.pk]
    assert [(p.start, p.end) for p in her.protection] == [(date(2026, 5, 1), date(2026, 9, 1))]
    assert me.open_level.level == "cin"
    assert history.adults == [(mother, "Parent", 0)]


def test_a_referral_more_than_12_months_ago_is_not_a_rereferral(world, record_contact):
    Referral.objects.create(contact=record_contact(received_at=datetime(2025, 10, 1, 9, tzinfo=LONDON)),
                            child=world.child, referral_date=date(2025, 10, 1), source="5A",
                            primary_need="N1", created_by=world.users["front_door"], created_at=NOW)
    history = family_history(record_contact())
    assert history.children[0].rereferral is None and len(history.children[0].referrals) == 1


def test_family_history_queries_do_not_grow_with_siblings_or_contacts(world, record_contact):
    kids = _family(world, 10)
    start = datetime(2024, 1, 1, 9, 0, tzinfo=LONDON)
    for i in range(50):
        record_contact(received_at=start + timedelta(days=7 * i), children=[world.child, kids[i % 10]])
    contact = record_contact()
    with CaptureQueriesContext(connection) as ctx:
        history = family_history(contact)
    assert len(history.children) == 11 and history.children[0].contact_count == 50
    assert len(ctx.captured_queries) <= 10


def test_the_queue_reads_clocks_from_the_ledger_in_fixed_queries(world, record_contact):
    contacts = [record_contact(received_at=NOW - timedelta(hours=30 - i / 10),
                               children=[ChildFactory(date_of_birth=date(2015, 1, 1))]) for i in range(30)]
    contact_rag_set(actor=world.users["front_door"], now=NOW, contact=contacts[-1], rag="red")
    decision_record(actor=world.users["front_door"], now=NOW, contact=contacts[0], outcome="advice",
                    rationale="Advice", decided_at=NOW)
    with CaptureQueriesContext(connection) as ctx:
        rows = queue(now=NOW)
    assert len(ctx.captured_queries) <= 3
    assert len(rows) == 29 and contacts[0].pk not in {r.contact.pk for r in rows}
    red = next(r for r in rows if r.contact.pk == contacts[-1].pk)
    assert red.overdue and red.due_at == contacts[-1].received_at + timedelta(hours=4)
    assert rows[0] == red  # most overdue first
    only_red = queue(now=NOW, filters=QueueFilter(rag="red"))
    assert [r.contact.pk for r in only_red] == [contacts[-1].pk]


def test_timeliness_counts_contacts_within_target_and_names_the_late_ones(world, record_contact):
    on_time = record_contact(received_at=NOW - timedelta(hours=5))
    late = record_contact(received_at=NOW - timedelta(hours=50), children=[ChildFactory(date_of_birth=date(2014, 1, 1))])
    for contact in (on_time, late):
        decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="advice",
                        rationale="Advice", decided_at=NOW)
    t = timeliness(today=NOW.date())
    assert sum(w.decided for w in t.weeks) == 2 and sum(w.in_time for w in t.weeks) == 1
    assert [(row[0], row[4]) for row in t.late] == [(late.pk, late.children.get().full_name)]
    assert t.median_hours == 27.5
