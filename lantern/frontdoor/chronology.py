"""Front-door records in the chronology: contacts, decisions and referrals."""

from lantern.core.calendar import LONDON
from lantern.web.chronology import Entry

from .models import ContactChild, Referral


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
    if kinds is None or "referral" in kinds:
        for referral in Referral.objects.filter(child=child).order_by("-referral_date")[:limit]:
            out.append(Entry(referral.referral_date, "referral",
                             "Re-referral to children's social care" if referral.rereferral
                             else "Referral to children's social care",
                             f"Primary need {referral.primary_need}"))
    return out
