"""Writing the planned front door in bulk: contacts and everything hanging off them.

Written a batch of contacts at a time (the contacts first, for their keys, then
their children, adults, checks, DASH checklists, decisions and referrals), so memory
stays flat however long the history. What the services would do one record at a
time is done here in bulk: ``decided`` is set with the decision, and each batch
gets one audit event saying what was added. Obligations are rebuilt by the caller
afterwards.

The rows that hang off a contact go in through ``_insert``: one ``executemany`` of
the values Django would send (each field's ``get_db_prep_save``), without the
per-row work of the SQL compiler. At a large council's size that is most of the
difference between seconds and a minute.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import connection

from lantern.audit.chain import append_many
from lantern.frontdoor.models import (
    AgencyCheck,
    Contact,
    ContactAdult,
    ContactChild,
    DashAssessment,
    Decision,
    Referral,
)

from .frontdoor import LONDON, ContactPlan

BATCH = 2000


def write_front_door(contacts: list[ContactPlan], *, children: dict, adults: dict, users: dict,
                     admin, at: datetime, reporter, summary) -> None:
    counts: Counter[str] = Counter()
    with reporter.stage("Front door", len(contacts)) as advance:
        for i in range(0, len(contacts), BATCH):
            chunk = contacts[i:i + BATCH]
            _write_batch(chunk, children, adults, users, admin, at, counts)
            advance(len(chunk))
    summary.rows.update({
        "contacts": counts["contacts"], "contact children": counts["links"],
        "agency checks": counts["checks"], "DASH checklists": counts["dash"],
        "decisions": counts["decisions"], "referrals": counts["referrals"],
    })
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + counts["batches"]


def _insert(model, objs: list) -> None:
    """INSERT the objects' rows in one ``executemany`` (no primary keys come back)."""
    if not objs:
        return
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "
           f"({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    prepare = [(f.attname, f.get_db_prep_save) for f in fields]
    rows = [[prep(getattr(obj, name), connection) for name, prep in prepare] for obj in objs]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[i:i + BATCH])


def _pk(users: dict, key: int | None):
    return users[key].pk if key is not None else None


def _write_batch(chunk: list[ContactPlan], children, adults, users, admin, at, counts) -> None:
    objs = []
    for p in chunk:
        name, role, agency, reach = p.referrer
        objs.append(Contact(
            received_at=p.received_at, method=p.method, source=p.source, referrer_name=name,
            referrer_role=role, referrer_agency=agency, referrer_contact=reach,
            concerns=p.concerns, categories=p.categories, consent=p.consent,
            no_consent_reason=p.no_consent_reason, rag=p.rag,
            rag_set_by_id=_pk(users, p.rag_set_by), screener_id=_pk(users, p.screener),
            recorded_by_id=users[p.recorded_by].pk, recorded_at=p.recorded_at,
            submission_key=p.submission_key, decided=p.decision is not None,
        ))
    Contact.objects.bulk_create(objs, batch_size=BATCH)
    links, adult_links, checks, dashes, decisions, referrals = [], [], [], [], [], []
    for p, contact in zip(chunk, objs, strict=True):
        cid = contact.pk
        kids = [children[id(c)].pk for c in p.children]
        links += [ContactChild(contact_id=cid, child_id=k) for k in kids]
        adult_links += [ContactAdult(contact_id=cid, adult_id=adults[id(a)].pk, role=role)
                        for a, role in p.adults]
        checks += [AgencyCheck(contact_id=cid, agency=c.agency, asked=c.asked,
                               requested_at=c.requested_at,
                               requested_by_id=users[c.requested_by].pk,
                               answered_at=c.answered_at, response=c.response)
                   for c in p.checks]
        if p.dash is not None:
            d = p.dash
            dashes.append(DashAssessment(
                contact_id=cid, answers=d.answers, yes_count=d.yes_count,
                professional_judgement=d.professional_judgement, risk=d.risk,
                marac_referral=d.risk == "high", police_reference=d.police_reference,
                assessed_by_id=users[d.assessed_by].pk, assessed_at=d.assessed_at))
        d = p.decision
        if d is not None:
            decisions.append(Decision(
                contact_id=cid, outcome=d.outcome, rationale=d.rationale,
                risk_analysis=d.risk_analysis, protective_factors=d.protective_factors,
                lived_experience=d.lived_experience, transfer_to=d.transfer_to,
                decided_by_id=users[d.decided_by].pk, decided_at=d.decided_at,
                needs_authorisation=d.needs_authorisation,
                authorised_by_id=_pk(users, d.authorised_by), authorised_at=d.authorised_at,
                authorisation_note=d.authorisation_note, feedback_at=d.feedback_at,
                feedback_note=d.feedback_note))
            arrived = p.received_at.astimezone(LONDON).date()
            for r in p.referrals:
                referrals.append(Referral(
                    contact_id=cid, child_id=children[id(r.child)].pk, referral_date=arrived,
                    source=p.source, primary_need=r.primary_need, nfa=r.nfa,
                    rereferral=r.rereferral, created_by_id=users[d.decided_by].pk,
                    created_at=d.decided_at))
    for model, rows in ((ContactChild, links), (ContactAdult, adult_links), (AgencyCheck, checks),
                        (DashAssessment, dashes), (Decision, decisions), (Referral, referrals)):
        _insert(model, rows)
    outcomes = Counter(p.decision.outcome if p.decision else "awaiting" for p in chunk)
    append_many([{
        "actor": admin, "at": at, "obj": None,
        "action": f"Front-door history added (synthetic council): contacts "
                  f"{chunk[0].submission_key} to {chunk[-1].submission_key}, received "
                  f"{chunk[0].received_at.astimezone(LONDON):%-d %B %Y} to "
                  f"{chunk[-1].received_at.astimezone(LONDON):%-d %B %Y}",
        "after": {"contacts": len(objs), "referrals": len(referrals), "checks": len(checks),
                  "outcomes": dict(sorted(outcomes.items()))},
    }])
    counts.update(contacts=len(objs), links=len(links), checks=len(checks), dash=len(dashes),
                  decisions=len(decisions), referrals=len(referrals), batches=1)
