"""Front-door records as facts for the rules core (F1, F2, F4, F6)."""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.codes import is_professional_source
from lantern.core.engine import Fact

from .models import AgencyCheck, ContactChild, Decision


def contact_facts(child_ids):
    out = defaultdict(list)
    links = (ContactChild.objects.filter(child_id__in=child_ids)
             .values_list("child_id", "contact_id", "contact__received_at", "contact__rag",
                          "contact__source"))
    by_contact = defaultdict(list)
    professional = {}
    for child_id, contact_id, received_at, rag, source in links:
        professional[contact_id] = is_professional_source(source)
        scope = f"contact:{contact_id}"
        by_contact[contact_id].append(child_id)
        out[child_id].append(Fact(kinds.CONTACT_RECEIVED, scope, received_at, scope, (("rag", rag),)))
    if not by_contact:
        return out
    for contact_id, decided_at, feedback_at in Decision.objects.filter(
            contact_id__in=by_contact).values_list("contact_id", "decided_at", "feedback_at"):
        scope = f"contact:{contact_id}"
        for child_id in by_contact[contact_id]:
            out[child_id].append(Fact(kinds.CONTACT_DECISION, f"decision:{contact_id}", decided_at,
                                      scope, (("professional", professional[contact_id]),)))
            if feedback_at:
                out[child_id].append(Fact(kinds.REFERRER_FEEDBACK, f"feedback:{contact_id}",
                                          feedback_at, scope))
    # A check is one request to one agency: its clock (F6) is kept once, on the first child
    # the contact names, so agency response times are not counted once per sibling.
    first_child = dict(ContactChild.objects.filter(contact_id__in=by_contact)
                       .order_by("contact_id", "-child_id").values_list("contact_id", "child_id"))
    for pk, contact_id, requested_at, answered_at, rag in AgencyCheck.objects.filter(
            contact_id__in=by_contact).values_list("pk", "contact_id", "requested_at",
                                                   "answered_at", "contact__rag"):
        child_id = first_child.get(contact_id)
        if child_id not in out:
            continue  # that child is outside this batch: its own refresh records the check
        scope = f"check:{pk}"
        out[child_id].append(Fact(kinds.CHECK_REQUESTED, scope, requested_at, scope, (("rag", rag),)))
        if answered_at:
            out[child_id].append(Fact(kinds.CHECK_ANSWERED, f"{scope}:answer", answered_at, scope))
    return out


contact_facts.produces = frozenset({kinds.CONTACT_RECEIVED, kinds.CONTACT_DECISION,
                                    kinds.REFERRER_FEEDBACK, kinds.CHECK_REQUESTED,
                                    kinds.CHECK_ANSWERED})
