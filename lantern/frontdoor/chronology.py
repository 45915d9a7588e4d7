"""Front-door records in the chronology: contacts and their decisions (a referral shows as
the decision that made it and the child in need period it opened)."""

from lantern.core.calendar import LONDON
from lantern.web.chronology import Entry

from .models import ContactChild


def entries(child, *, kinds=None, limit=50):
    out = []
    if kinds is None or "contact" in kinds:
        links = (ContactChild.objects.filter(child=child)
                 .select_related("contact", "contact__decision", "contact__decision__decided_by")
                 .order_by("-contact__received_at")[:limit])
        for link in links:
            contact = link.contact
            day = contact.received_at.astimezone(LONDON).date()
            who = ", ".join(p for p in (contact.referrer_role, contact.referrer_agency) if p)
            out.append(Entry(day, "contact", f"Contact from {contact.get_source_display()}",
                             f"{who}: {contact.concerns}" if who else contact.concerns))
            decision = getattr(contact, "decision", None)
            if decision is not None:
                out.append(Entry(decision.decided_at.astimezone(LONDON).date(), "contact",
                                 f"Front-door decision: {decision.get_outcome_display()}",
                                 decision.rationale, str(decision.decided_by)))
    return out
