"""Reads at the front door: the queue, family history and timeliness.

Every clock shown here is read from the obligations ledger (F4 for the RAG
screening target, F1 for the one-working-day decision), never recomputed.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import F, Prefetch, Q
from django.http import Http404

from lantern.core import codes
from lantern.core.calendar import LONDON
from lantern.obligations.models import Obligation
from lantern.people.models import Child, Involvement, Level, Relationship

from .models import Concern, Contact, ContactAdult, ContactChild, DashAssessment, Rag, Referral

QUEUE_LIMIT = 500


def contact_for(user, contact_id) -> Contact:
    """A contact the user may open: every child it names must be visible to them.
    Otherwise 404, exactly as if it did not exist."""
    contact = (Contact.objects.select_related("screener", "recorded_by", "rag_set_by")
               .filter(pk=contact_id).first())
    if contact is None:
        raise Http404("No such contact")
    child_ids = list(contact.child_links.values_list("child_id", flat=True))
    visible = Child.objects.visible_to(user).filter(pk__in=child_ids).count()
    if visible != len(child_ids):
        raise Http404("No such contact")
    return contact


SOURCE_LABELS = dict(codes.choices("referral_source"))
RAG_TAGS = {Rag.RED: ("red", "Red"), Rag.AMBER: ("orange", "Amber"), Rag.GREEN: ("green", "Green"),
            "": ("grey", "Not rated")}


def _duration(minutes: int) -> str:
    """A short, plain duration: '3 hours 20 minutes', '2 days 4 hours'."""
    days, rest = divmod(abs(minutes), 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")] if not days else [(days, "day"), (hours, "hour")]
    text = " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)
    return text or "less than a minute"


@dataclass
class QueueRow:
    """One waiting contact as the queue shows it; display text is prepared here, once."""

    contact: Contact
    children: list[Child]
    due_at: datetime | None  # F4: the RAG screening target
    decide_by: date | None  # F1: one working day
    overdue: bool
    minutes_left: int | None

    @property
    def children_names(self) -> str:
        return ", ".join(child.full_name for child in self.children)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.contact.source, self.contact.source)

    @property
    def rag_tag(self) -> tuple[str, str]:
        return RAG_TAGS[self.contact.rag]

    @property
    def arrived(self) -> str:
        return f"{self.contact.received_at.astimezone(LONDON):%-d %b %H:%M}"

    @property
    def decide_by_text(self) -> str:
        return f"{self.decide_by:%-d %b}" if self.decide_by else "–"

    @property
    def screener_name(self) -> str:
        screener = self.contact.screener
        return f"{screener.first_name} {screener.last_name}" if screener else "Unassigned"

    @property
    def clock(self) -> str:
        if self.minutes_left is None:
            return "–"
        if self.overdue:
            return f"Overdue by {_duration(self.minutes_left)}"
        return f"{_duration(self.minutes_left)} left"


@dataclass(frozen=True)
class QueueFilter:
    rag: str = ""
    source: str = ""
    screener: int | None = None
    unassigned: bool = False
    team: int | None = None
    overdue_only: bool = False
    order: str = "due"


def _clocks(scopes: list[str]) -> tuple[dict[str, datetime], dict[str, date]]:
    due_at: dict[str, datetime] = {}
    decide_by: dict[str, date] = {}
    rows = Obligation.objects.filter(rule_id__in=("F4", "F1"), scope__in=scopes).values_list(
        "rule_id", "scope", "due_at", "due_on")
    for rule_id, scope, at, on in rows:
        if rule_id == "F4" and at is not None:
            due_at[scope] = min(at, due_at.get(scope, at))
        elif rule_id == "F1":
            decide_by[scope] = min(on, decide_by.get(scope, on))
    return due_at, decide_by


def queue(*, now: datetime, filters: QueueFilter = QueueFilter()) -> list[QueueRow]:
    """Every contact awaiting a decision, with its live clock. Three queries whatever the backlog."""
    contacts = (Contact.objects.filter(decided=False).select_related("screener")
                .only("pk", "received_at", "rag", "source", "screener__first_name",
                      "screener__last_name", "screener__username"))
    if filters.rag:
        contacts = contacts.filter(rag=filters.rag) if filters.rag != "none" else contacts.filter(rag="")
    if filters.source:
        contacts = contacts.filter(source=filters.source)
    if filters.unassigned:
        contacts = contacts.filter(screener__isnull=True)
    elif filters.screener:
        contacts = contacts.filter(screener_id=filters.screener)
    if filters.team:
        contacts = contacts.filter(screener__team_id=filters.team)
    contacts = contacts.prefetch_related(
        Prefetch("child_links", queryset=ContactChild.objects.select_related("child").only(
            "contact_id", "child__first_name", "child__last_name").order_by("id")))
    contacts = list(contacts.order_by("received_at", "id")[:QUEUE_LIMIT])
    due_at, decide_by = _clocks([f"contact:{c.pk}" for c in contacts])
    rows = []
    for contact in contacts:
        scope = f"contact:{contact.pk}"
        due = due_at.get(scope)
        left = int((due - now).total_seconds() // 60) if due else None
        rows.append(QueueRow(contact, [link.child for link in contact.child_links.all()], due,
                             decide_by.get(scope), bool(due and now > due), left))
    if filters.overdue_only:
        rows = [r for r in rows if r.overdue]
    rag_rank = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, "": 3}
    far = datetime.max.replace(tzinfo=LONDON)
    if filters.order == "received":
        rows.sort(key=lambda r: (r.contact.received_at, r.contact.pk))
    elif filters.order == "rag":
        rows.sort(key=lambda r: (rag_rank[r.contact.rag], r.due_at or far, r.contact.pk))
    else:
        rows.sort(key=lambda r: (r.due_at or far, r.contact.pk))
    return rows


def breaches_today(*, now: datetime) -> int:
    """Contacts whose screening target (F4) fell today and was missed (met late or still open)."""
    today = now.astimezone(LONDON).date()
    rows = Obligation.objects.filter(rule_id="F4", due_on=today).filter(
        Q(met_at__gt=F("due_at")) | Q(met_on__isnull=True, ended_on__isnull=True, due_at__lt=now))
    return rows.values("scope").distinct().count()


# --- family history -----------------------------------------------------------------------


@dataclass
class ChildHistory:
    child: Child
    contacts: list = field(default_factory=list)  # (contact, outcome label)
    contact_count: int = 0
    referrals: list = field(default_factory=list)
    rereferral: Referral | None = None
    protection: list = field(default_factory=list)  # Involvement periods at CP
    care: list = field(default_factory=list)  # Involvement periods looked after
    open_level: Involvement | None = None
    domestic_abuse: list = field(default_factory=list)  # earlier DA contacts


@dataclass
class FamilyHistory:
    children: list[ChildHistory]
    adults: list = field(default_factory=list)  # (adult, role, other contacts naming them)


def family_history(contact: Contact, *, earlier_limit: int = 10) -> FamilyHistory:
    """What the screener needs to see at once: the children's and siblings' earlier contacts
    and referrals, child protection and care, open involvement, known adults and domestic
    abuse history. A fixed number of queries, however big the family or long its history."""
    arrived = contact.received_at
    arrived_day = arrived.astimezone(LONDON).date()
    named = [link.child for link in contact.child_links.select_related("child")]
    named_ids = {c.pk for c in named}
    siblings = list(Child.objects.filter(
        pk__in=Relationship.objects.filter(child_id__in=named_ids, other_child__isnull=False)
        .values("other_child_id")).exclude(pk__in=named_ids).order_by("date_of_birth"))
    everyone = named + siblings
    ids = [c.pk for c in everyone]
    histories = {c.pk: ChildHistory(c) for c in everyone}

    links = (ContactChild.objects.filter(child_id__in=ids, contact__received_at__lt=arrived)
             .select_related("contact", "contact__decision").order_by("-contact__received_at"))
    for link in links:
        h = histories[link.child_id]
        h.contact_count += 1
        decision = getattr(link.contact, "decision", None)
        if len(h.contacts) < earlier_limit:
            h.contacts.append((link.contact, decision.get_outcome_display() if decision else "Awaiting decision"))
        if Concern.DOMESTIC_ABUSE in link.contact.categories and len(h.domestic_abuse) < earlier_limit:
            h.domestic_abuse.append(link.contact)
    year_before = arrived_day - relativedelta(months=12)
    for referral in Referral.objects.filter(child_id__in=ids, referral_date__lt=arrived_day).order_by("-referral_date"):
        h = histories[referral.child_id]
        h.referrals.append(referral)
        if referral.referral_date >= year_before and h.rereferral is None:
            h.rereferral = referral
    for inv in Involvement.objects.filter(child_id__in=ids, start__lte=arrived_day).order_by("-start"):
        h = histories[inv.child_id]
        if inv.level == Level.CHILD_PROTECTION:
            h.protection.append(inv)
        elif inv.level == Level.LOOKED_AFTER:
            h.care.append(inv)
        if (inv.end is None or inv.end > arrived_day) and h.open_level is None:
            h.open_level = inv
    da_ids = {c.pk for h in histories.values() for c in h.domestic_abuse}
    if da_ids:
        risks = dict(DashAssessment.objects.filter(contact_id__in=da_ids).values_list("contact_id", "risk"))
        for h in histories.values():
            for c in h.domestic_abuse:
                c.dash_risk = risks.get(c.pk)
    adults = []
    adult_links = list(contact.adult_links.select_related("adult"))
    if adult_links:
        earlier = Counter(
            ContactAdult.objects.filter(adult_id__in=[a.adult_id for a in adult_links],
                                        contact__received_at__lt=arrived)
            .values_list("adult_id", flat=True))
        adults = [(link.adult, link.get_role_display(), earlier.get(link.adult_id, 0)) for link in adult_links]
    return FamilyHistory([histories[c.pk] for c in everyone], adults)


# --- timeliness -----------------------------------------------------------------------------


@dataclass
class Bucket:
    label: str
    start: date
    decided: int = 0
    in_time: int = 0
    minutes: list = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return round(100 * self.in_time / self.decided, 1) if self.decided else None

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.minutes) / 60, 1) if self.minutes else None


@dataclass
class Timeliness:
    days: list[Bucket]
    weeks: list[Bucket]
    by_source: list[tuple[str, int, int]]  # source label, decided, breaches
    median_hours: float | None
    late: list[tuple[int, str, datetime, datetime, str]]  # contact, source, due, decided, children


def timeliness(*, today: date, weeks: int = 8) -> Timeliness:
    """Share of contacts decided within their RAG target, by day and by week, the median
    time to decision, breaches by source and the contacts behind the breaches."""
    from lantern.core import codes

    start = today - timedelta(days=7 * weeks - 1)
    rows = list(Obligation.objects.filter(rule_id="F4", start_on__gte=start, start_on__lte=today,
                                          met_at__isnull=False)
                .values_list("scope", "start_at", "due_at", "met_at").distinct())
    per_contact: dict[str, tuple] = {}
    for scope, started, due, met in rows:
        per_contact.setdefault(scope, (started, due, met))
    ids = [int(scope.split(":")[1]) for scope in per_contact]
    sources = dict(Contact.objects.filter(pk__in=ids).values_list("pk", "source"))
    days = {start + timedelta(days=i): Bucket(f"{start + timedelta(days=i):%a %-d %b}", start + timedelta(days=i))
            for i in range(7 * weeks)}
    week_starts = {}
    for i in range(weeks):
        monday = start + timedelta(days=7 * i)
        week_starts[monday] = Bucket(f"Week from {monday:%-d %b}", monday)
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    all_minutes, late = [], []
    for scope, (started, due, met) in per_contact.items():
        day = started.astimezone(LONDON).date()
        minutes = (met - started).total_seconds() / 60
        in_time = met <= due
        week = start + timedelta(days=7 * ((day - start).days // 7))
        for bucket in (days[day], week_starts[week]):
            bucket.decided += 1
            bucket.in_time += in_time
            bucket.minutes.append(minutes)
        all_minutes.append(minutes)
        contact_id = int(scope.split(":")[1])
        label = codes.label("referral_source", sources.get(contact_id, "")) if sources.get(contact_id) else "Unknown"
        by_source[label][0] += 1
        if not in_time:
            by_source[label][1] += 1
            late.append((contact_id, label, due, met))
    late.sort(key=lambda row: row[3], reverse=True)
    late = late[:200]
    names = defaultdict(list)
    for contact_id, first, last in ContactChild.objects.filter(
            contact_id__in=[row[0] for row in late]).values_list(
            "contact_id", "child__first_name", "child__last_name").order_by("child__last_name"):
        names[contact_id].append(f"{first} {last}")
    late = [(*row, ", ".join(names[row[0]])) for row in late]
    return Timeliness(
        days=sorted(days.values(), key=lambda p: p.start, reverse=True)[:14],
        weeks=sorted(week_starts.values(), key=lambda p: p.start, reverse=True),
        by_source=sorted(((k, v[0], v[1]) for k, v in by_source.items()), key=lambda r: -r[2]),
        median_hours=round(statistics.median(all_minutes) / 60, 1) if all_minutes else None,
        late=late,
    )
