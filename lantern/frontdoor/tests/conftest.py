from datetime import datetime

import pytest

from lantern.core.calendar import LONDON
from lantern.frontdoor.services import contact_record

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)  # a Monday


@pytest.fixture
def record_contact(world):
    """Record a contact as the front door would; keyword arguments override the defaults."""
    counter = iter(range(1, 10_000))

    def record(*, children=None, received_at=datetime(2026, 11, 27, 17, 30, tzinfo=LONDON), now=NOW,
               **kw):
        fields = dict(method="phone", source="5A", concerns="Child arrived at school hungry again",
                      categories=["neglect"], consent="consent_given",
                      referrer_name="A. Teacher", referrer_role="Designated safeguarding lead",
                      referrer_agency="Synthetic Primary School")
        fields.update(kw)
        return contact_record(actor=world.users["front_door"], now=now,
                              submission_key=f"test-{next(counter)}", received_at=received_at,
                              children=children or [world.child], **fields)

    return record
