"""A subject access export: everything Lantern holds about one child, as one HTML document.

The record is gathered in three ways:

- the structured records: every model of the areas in ``LANTERN_SUBJECT_ACCESS_APPS``
  that holds the child (a foreign key or many-to-many to the child), and everything that
  hangs off those rows (a contact's checks and decisions, a case's hearings), walked until
  nothing new turns up. A row that names another child and not this one is left out, so a
  sibling's own record never comes along with a shared contact or legal case;
- the chronology (``lantern.web.chronology``), every entry, oldest first;
- the audit trail: who viewed, searched or exported the record, and what was written.

Third-party information is marked for the data protection officer, never removed: the
names of other people (family members, other children, carers, referrers, professionals),
every field of a row about another person (a connected person, a viability assessment),
and any third party's name where it appears in free text. Each mark is a
``<mark class="redact" data-reason="...">`` numbered R1, R2, ... and listed at the end.
Derived data (the obligations ledger) and access controls are not included.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

DEFAULT_APPS = ["people", "staff", "frontdoor", "assessment", "protection", "childinneed", "plans",
                "stepchange", "care", "missing", "leavingcare", "legal", "earlyhelp"]
SKIP_FIELDS = {"search_name", "submission_key", "password"}
# Text fields that hold another person's name or details: the field, the kind of person.
THIRD_PARTY_FIELDS = {
    "referrer_name": "referrer", "referrer_contact": "referrer", "owner_name": "person responsible",
    "others_present": "people present", "lead_practitioner": "professional", "carer_name": "carer",
    "by": "professional", "by_whom": "professional", "with_whom": "family member",
    "addressed_to": "professional", "virtual_school_contact": "professional", "legal_adviser": "professional",
    "others": "people present", "family_name": "family", "name": "named person", "subject": "person assessed",
    "provider": "professional",
}
# Of those, the fields that hold just a name, remembered so the name is marked in free text too.
NAME_FIELDS = {"referrer_name", "carer_name", "lead_practitioner", "legal_adviser", "name"}
# Fields that are another person's details in one model only.
MODEL_FIELDS = {("care.placement", "address"): "carer's address", ("care.placement", "postcode"): "carer's address"}
# Rows wholly about another person: every text field is theirs.
ABOUT_OTHERS = {"legal.connectedperson": "connected person", "legal.viabilityassessment": "connected person",
                "protection.participant": "professional", "frontdoor.contactadult": "adult named in a contact"}
MAX_ROUNDS = 8
# Words that are never taken for part of someone's name in free text.
NOT_NAMES = {"and", "the", "of", "team", "child", "children", "mother", "father", "mum", "dad", "family",
             "carer", "carers", "foster", "care", "house", "home", "social", "worker", "senior", "lead",
             "unit", "school", "nursery", "police", "health", "service", "services", "council", "solicitor"}
# Name fields whose parts (first name, surname) are marked in free text as well as the whole.
PERSON_NAME_FIELDS = {"referrer_name", "name"}
# Link tables that say only what the rows they join already say.
SKIP_MODELS = {"frontdoor.contactchild", "legal.legalcasechild"}
# Section titles in practice language (others fall back to the model's own name).
TITLES = {
    "people.child": "Identity", "people.relationship": "Family and network", "people.address": "Addresses",
    "people.involvement": "Levels of need", "staff.allocation": "Allocations",
    "frontdoor.contact": "Contacts", "frontdoor.contactadult": "Adults named in contacts",
    "frontdoor.agencycheck": "Multi-agency checks", "frontdoor.dashassessment": "DASH risk assessments",
    "frontdoor.decision": "Screening decisions", "frontdoor.referral": "Referrals",
    "assessment.assessment": "Assessments", "assessment.assessmentseen": "Dates seen in assessments",
    "protection.strategydiscussion": "Strategy discussions", "protection.participant": "Strategy discussion participants",
    "protection.enquiry": "Section 47 enquiries", "protection.plan": "Child protection plans",
    "protection.conference": "Child protection conferences", "protection.coregroup": "Core groups",
    "childinneed.plan": "Child in need plans", "childinneed.review": "Child in need plan reviews",
    "plans.action": "Plan actions", "plans.actionreview": "Plan action reviews", "plans.visit": "Visits",
    "stepchange.stepchange": "Steps up and down", "care.periodofcare": "Periods of care",
    "care.legalstatus": "Legal statuses", "care.placement": "Placements", "care.carevisit": "Visits in care",
    "care.review": "Looked-after reviews", "care.irocontact": "IRO contacts", "care.dispute": "IRO disputes",
    "care.disputestage": "IRO dispute stages", "care.healthrecord": "Health", "care.pep": "Personal education plans",
    "care.familytimearrangement": "Family time arrangements", "care.familytimesession": "Family time sessions",
    "missing.missingepisode": "Missing and absent episodes", "missing.returninterview": "Return home interviews",
    "leavingcare.keepingintouch": "Keeping in touch", "legal.legalcase": "Legal cases",
    "legal.gatewaymeeting": "Legal gateway meetings", "legal.gatewayaction": "Legal gateway actions",
    "legal.preproceedings": "Pre-proceedings", "legal.preproceedingsmeeting": "Pre-proceedings meetings",
    "legal.familygroupconference": "Family group conferences",
    "legal.commissionedassessment": "Commissioned assessments", "legal.connectedperson": "Connected people",
    "legal.viabilityassessment": "Viability assessments", "legal.proceedings": "Care proceedings",
    "legal.proceedingsextension": "Extensions of proceedings", "legal.hearing": "Hearings",
    "legal.courtorder": "Court orders", "legal.permanenceplan": "Plans for permanence",
    "legal.adoptionjourney": "Adoption", "legal.adoptionreview": "Adoption reviews",
    "earlyhelp.earlyhelpassessment": "Early help assessments", "earlyhelp.earlyhelpreview": "Early help plan reviews",
}


@dataclass
class Redaction:
    ref: str
    section: str
    where: str
    reason: str
    text: str


@dataclass
class Redactor:
    """Marks third-party text and keeps the list for the data protection officer."""

    items: list[Redaction] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # lower-case name -> reason
    _pattern: re.Pattern | None = None

    def know(self, name: str, reason: str, *, own: set[str], parts: bool = True) -> None:
        """Remember a third party's name for marking in free text: the whole name, and (for a
        person's name) each part of it that looks like a name and is not also part of the
        child's own name."""
        name = " ".join(name.split())
        if len(name) < 3:
            return
        self.names.setdefault(name.lower(), reason)
        for part in name.split() if parts else ():
            if (len(part) >= 3 and part[:1].isupper() and part.replace("-", "").replace("'", "").isalpha()
                    and part.lower() not in own and part.lower() not in NOT_NAMES):
                self.names.setdefault(part.lower(), reason)
        self._pattern = None

    def mark(self, text: str, reason: str, *, section: str, where: str) -> SafeString:
        ref = f"R{len(self.items) + 1}"
        self.items.append(Redaction(ref, section, where, reason, text))
        return format_html('<mark class="redact" id="{}" data-reason="{}">{}<sup>{}</sup></mark>',
                           ref.lower(), reason, text, ref)

    def scan(self, text: str, *, section: str, where: str) -> SafeString:
        """Free text with every known third party's name marked."""
        if not self.names or not text:
            return escape(text)
        if self._pattern is None:
            alternatives = sorted(self.names, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)",
                                       re.I)
        out, last = [], 0
        for found in self._pattern.finditer(text):
            word = found.group(0)
            if " " not in word and not word[:1].isupper():
                continue  # a part of a name ("Hill", "Green") only counts when written as one
            out.append(escape(text[last:found.start()]))
            out.append(self.mark(found.group(0), self.names[found.group(0).lower()], section=section, where=where))
            last = found.end()
        out.append(escape(text[last:]))
        return mark_safe("".join(out))  # noqa: S308 (every piece is escaped or built by format_html)


def _apps() -> list[str]:
    return list(getattr(settings, "LANTERN_SUBJECT_ACCESS_APPS", DEFAULT_APPS))


def _links(model) -> tuple[list, list, list]:
    """The model's foreign keys to the child, many-to-manys to the child, other foreign keys."""
    from lantern.people.models import Child

    to_child, m2m, other = [], [], []
    for f in model._meta.get_fields():
        if not getattr(f, "concrete", False) or f.related_model is None:
            continue
        if f.many_to_many:
            if f.related_model is Child:
                m2m.append(f)
        elif f.many_to_one or f.one_to_one:
            (to_child if f.related_model is Child else other).append(f)
    return to_child, m2m, other


def gather(child) -> dict[type, dict[int, models.Model]]:
    """Every row of the listed areas that holds ``child``, and the rows hanging off them."""
    from lantern.people.models import Child

    found: dict[type, dict[int, models.Model]] = {Child: {child.pk: child}}
    candidates = [m for label in _apps() for m in apps.get_app_config(label).get_models() if m is not Child]
    for _ in range(MAX_ROUNDS):
        grew = False
        for model in candidates:
            to_child, m2m, other = _links(model)
            via_parent = Q()
            for f in other:
                if found.get(f.related_model):
                    via_parent |= Q(**{f"{f.name}__in": list(found[f.related_model])})
            mine = Q()
            for f in to_child + m2m:
                mine |= Q(**{f.name: child})
            if via_parent and to_child:  # a row naming another child and not this one stays out
                via_parent &= Q(**{f"{f.name}__isnull": True for f in to_child})
            wanted = mine | via_parent
            if not wanted:
                continue
            have = found.setdefault(model, {})
            rows = model.objects.filter(wanted).exclude(pk__in=list(have))
            if m2m:
                rows = rows.distinct()
            for row in rows.order_by("pk"):
                have[row.pk] = row
                grew = True
        if not grew:
            break
    return {model: rows for model, rows in found.items() if rows}


@dataclass
class Section:
    title: str
    area: str
    rows: list[list[tuple[str, SafeString]]]


@dataclass
class People:
    """The people the record names, fetched once: adults, other children and staff."""

    adults: dict
    children: dict
    users: dict
    adult_reason: dict


def _people(child, found, redactor: Redactor) -> People:
    from lantern.people.models import Adult, Child, Relationship
    from lantern.staff.models import User

    ids: dict[type, set] = {Adult: set(), Child: set(), User: set()}
    for model, rows in found.items():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in ids:
                ids[f.related_model].update(getattr(row, f.attname) for row in rows.values())
    adults = Adult.objects.in_bulk([i for i in ids[Adult] if i])
    children = Child.objects.in_bulk([i for i in ids[Child] if i and i != child.pk])
    users = User.objects.in_bulk([i for i in ids[User] if i])
    reasons = {}
    for rel in found.get(Relationship, {}).values():
        if rel.adult_id and rel.child_id == child.pk:
            reasons[rel.adult_id] = f"third party: {rel.get_kind_display().lower()}"
    own = {part.lower() for part in (child.first_name, child.middle_names, child.last_name,
                                     child.preferred_name) for part in part.split()}
    for pk, adult in adults.items():
        reasons.setdefault(pk, "third party: adult")
        redactor.know(f"{adult.first_name} {adult.last_name}", reasons[pk], own=own)
    for other in children.values():
        redactor.know(f"{other.first_name} {other.last_name}", "third party: another child", own=own)
    for user in users.values():
        redactor.know(user.get_full_name(), "third party: professional", own=own)
    for model, rows in found.items():
        label = model._meta.label_lower
        for f in model._meta.concrete_fields:
            if f.name not in NAME_FIELDS or not isinstance(f, models.CharField) or f.choices:
                continue
            if f.name == "name" and label not in ABOUT_OTHERS:
                continue  # a name field of a record about the child is its own kind of thing
            reason = ABOUT_OTHERS.get(label) or THIRD_PARTY_FIELDS[f.name]
            for row in rows.values():
                value = getattr(row, f.attname) or ""
                if value and "@" not in value and not any(ch.isdigit() for ch in value):
                    redactor.know(value, f"third party: {reason}", own=own,
                                  parts=f.name in PERSON_NAME_FIELDS and label != "protection.participant")
    return People(adults, children, users, reasons)


def _plain(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _cell(row, f, child, people: People, redactor: Redactor, section: str, where: str) -> SafeString | None:
    from lantern.people.models import Adult, Child
    from lantern.staff.models import Team, User

    label = row._meta.label_lower
    if f.is_relation:
        pk = getattr(row, f.attname)
        if pk is None:
            return None
        if f.related_model is Child:
            if pk == child.pk:
                return escape(child.full_name)
            other = people.children.get(pk)
            return redactor.mark(f"{other.first_name} {other.last_name}" if other else f"child {pk}",
                                 "third party: another child", section=section, where=where)
        if f.related_model is Adult:
            adult = people.adults.get(pk)
            return redactor.mark(str(adult) if adult else f"adult {pk}", people.adult_reason.get(pk, "third party: adult"),
                                 section=section, where=where)
        if f.related_model is User:
            user = people.users.get(pk)
            role = f" ({user.get_role_display().lower()})" if user else ""
            return redactor.mark(str(user) if user else f"user {pk}", f"third party: professional{role}",
                                 section=section, where=where)
        if f.related_model is Team:
            return escape(str(getattr(row, f.name)))
        return escape(f"{f.related_model._meta.verbose_name} no. {pk}")
    value = getattr(row, f.attname)
    if value is None or value == "" or value == []:
        return None
    if f.choices and not isinstance(value, list):
        value = getattr(row, f"get_{f.name}_display")()
    text = _plain(value)
    whole = ABOUT_OTHERS.get(label) if isinstance(f, models.CharField | models.TextField) else None
    whole = whole or MODEL_FIELDS.get((label, f.name))
    if not whole and f.name in THIRD_PARTY_FIELDS and (f.name != "name" or label in ABOUT_OTHERS):
        whole = THIRD_PARTY_FIELDS[f.name]
    if whole and isinstance(f, models.CharField | models.TextField) and not f.choices:
        return redactor.mark(text, f"third party: {whole}", section=section, where=where)
    if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices:
        return redactor.scan(text, section=section, where=where)
    return escape(text)


def _rows_of(model, rows, child, people, redactor) -> Section:
    section = TITLES.get(model._meta.label_lower) or str(model._meta.verbose_name_plural).capitalize()
    out = []
    for row in rows.values():
        cells = [("Reference", escape(f"{model._meta.verbose_name} no. {row.pk}"))]
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in SKIP_FIELDS:
                continue
            label = str(f.verbose_name)
            label = label[:1].upper() + label[1:]
            value = _cell(row, f, child, people, redactor, section, f"{section} no. {row.pk}: {label}")
            if value is not None:
                cells.append((label, value))
        out.append(cells)
    return Section(section, str(apps.get_app_config(model._meta.app_label).verbose_name), out)


@dataclass
class Document:
    child: object
    html: str
    filename: str
    redactions: int


def _chronology(child, redactor: Redactor) -> list[dict]:
    from lantern.web.chronology import chronology_for

    out = []
    for entry in reversed(chronology_for(child, limit=1_000_000)):
        where = f"Chronology, {entry.on:%-d %B %Y}"
        out.append({
            "on": entry.on, "kind": entry.kind_label,
            "title": redactor.scan(entry.title, section="Chronology", where=where),
            "detail": redactor.scan(entry.detail, section="Chronology", where=where),
            "by": redactor.mark(entry.by, "third party: professional", section="Chronology", where=where)
            if entry.by else "",
        })
    return out


def _trail(child, redactor: Redactor) -> tuple[list[dict], list[dict]]:
    from lantern.audit.models import AccessEvent, AuditEvent

    def who(user, section, when):
        return redactor.mark(str(user), f"third party: professional ({user.get_role_display().lower()})",
                             section=section, where=f"{section}, {when}")

    viewed = []
    for event in AccessEvent.objects.filter(child=child).select_related("user").order_by("at", "id"):
        when = _plain(event.at)
        viewed.append({"at": when, "who": who(event.user, "Who viewed the record", when),
                       "kind": event.get_kind_display(), "page": event.page})
    written = []
    for event in AuditEvent.objects.filter(child=child).select_related("actor").order_by("seq"):
        when = _plain(event.at)
        where = f"Changes to the record, {when}"
        written.append({"at": when, "who": who(event.actor, "Changes to the record", when),
                        "action": redactor.scan(event.action, section="Changes to the record", where=where),
                        "reason": redactor.scan(event.reason, section="Changes to the record", where=where)})
    return viewed, written


def build(child, *, actor, now: datetime) -> Document:
    """The whole document for ``child``. Reads only: the caller records the export."""
    from lantern.people.models import Child

    found = gather(child)
    redactor = Redactor()
    people = _people(child, found, redactor)
    identity = _rows_of(Child, {child.pk: child}, child, people, redactor)
    order = {label: i for i, label in enumerate(_apps())}
    sections = [_rows_of(model, rows, child, people, redactor)
                for model, rows in sorted(found.items(), key=lambda kv: order.get(kv[0]._meta.app_label, 99))
                if model is not Child and model._meta.label_lower not in SKIP_MODELS]
    chronology = _chronology(child, redactor)
    viewed, written = _trail(child, redactor)
    html = render_to_string("privacy/subject_access_document.html", {
        "child": child, "identity": identity, "sections": sections, "chronology": chronology,
        "viewed": viewed, "written": written, "redactions": redactor.items, "made_at": now,
        "made_by": actor, "council": settings.LANTERN_COUNCIL, "areas": _apps(),
    })
    return Document(child, html, f"subject-access-{child.council_id}-{timezone.localdate(now):%Y-%m-%d}.html",
                    len(redactor.items))
