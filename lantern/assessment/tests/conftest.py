from datetime import date, datetime

import pytest
from django.utils import timezone

from lantern.core.calendar import LONDON
from lantern.frontdoor.models import Referral
from lantern.frontdoor.services import contact_record
from lantern.obligations.services import obligations_refresh

MONDAY_3_NOV_2025 = date(2025, 11, 3)


@pytest.fixture
def refer(world):
    """A referral for the child received on ``on`` (by default Mon 3 Nov 2025, the worked
    example), as the front door would leave it: a contact, then a referral."""
    counter = iter(range(1, 10_000))

    def make(on=MONDAY_3_NOV_2025, *, child=None, nfa=False):
        child = child or world.child
        arrived = datetime.combine(on, datetime.min.time(), LONDON).replace(hour=10)
        contact = contact_record(actor=world.users["front_door"], now=arrived,
                                 submission_key=f"assessment-test-{next(counter)}", received_at=arrived,
                                 method="phone", source="2A", concerns="Shouting heard, child crying",
                                 categories=["domestic_abuse"], consent="consent_given",
                                 children=[child])
        referral = Referral.objects.create(contact=contact, child=child, referral_date=on, source="2A",
                                           primary_need="N1", nfa=nfa,
                                           created_by=world.users["front_door"], created_at=timezone.now())
        obligations_refresh(child=child)
        return referral

    return make
