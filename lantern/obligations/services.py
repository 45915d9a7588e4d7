"""Keeping the obligations ledger in step with the records.

Each practice area lists a *fact source* in settings.LANTERN_FACT_SOURCES: a
function that turns its records for some children into plain facts for the
rules core. A refresh gathers the facts, runs the engine and brings the ledger
rows into line, changing only rows that differ. Services call
``obligations_refresh`` inside their own transaction.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lantern.access.policy import NotPermitted
from lantern.audit.services import audit_event
from lantern.core.calendar import ENGLAND, LONDON, WorkingDayCalendar
from lantern.core.engine import ChildFacts, Fact, evaluate
from lantern.core.engine import Obligation as CoreObligation
from lantern.core.rules import RuleBook, RuleChangeRefused, get_rule
from lantern.core.units import Period, Unit
from lantern.staff.models import Role

from .models import HolidayChange, HolidayOverride, Obligation, RuleSetting


def council_calendar() -> WorkingDayCalendar:
    """England's working days with this installation's announced changes applied."""
    added, removed = set(), set()
    for day, change in HolidayOverride.objects.values_list("day", "change"):
        (added if change == HolidayChange.ADD else removed).add(day)
    return WorkingDayCalendar(extra_holidays=frozenset(added), removed_holidays=frozenset(removed))


def council_rulebook() -> RuleBook:
    book = RuleBook()
    for s in RuleSetting.objects.order_by("rule_id"):
        period = Period(s.amount, Unit(s.unit)) if s.amount and s.unit else None
        book = book.with_override(s.rule_id, period=period, enabled=s.enabled, reason=s.reason,
                                  when=s.when)
    return book


def _sources():
    return [import_string(path) for path in settings.LANTERN_FACT_SOURCES]


def recordable_rules(rulebook: RuleBook) -> frozenset[str]:
    """Rules whose duty can be met by something Lantern records today.

    A rule whose satisfying records no area provides yet (supervision before the
    oversight area exists, say) would only ever show as overdue, so the ledger
    leaves it out until a fact source produces what meets it.
    """
    produced = frozenset().union(*(source.produces for source in _sources()))
    return frozenset(
        rule.id for rule in rulebook.active() if set(rule.satisfied_by) & produced
    )


def gather_facts(child_ids: Sequence[int]) -> dict[int, list[Fact]]:
    facts: dict[int, list[Fact]] = defaultdict(list)
    for source in _sources():
        for child_id, items in source(child_ids).items():
            facts[child_id].extend(items)
    return facts


def _split(value: date | datetime | None) -> tuple[date | None, datetime | None]:
    """A moment as (London date, UTC instant). Instants are kept in UTC: an hour clock that
    ends in the repeated hour of October would otherwise never compare equal to itself
    (inter-zone equality is always false there), and the ledger would churn."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date(), value.astimezone(UTC)
    return value, None


# The ledger's columns, in the order rows are compared and written.
_FIELDS = ("child_id", "rule_id", "scope", "started_by", "start_on", "start_at", "due_on", "due_at",
           "met_on", "met_at", "met_by", "ended_on", "ended_by", "late_reason")


def _row(child_id: int, ob: CoreObligation) -> tuple:
    """One obligation as a ledger row (a tuple in ``_FIELDS`` order)."""
    start_on, start_at = _split(ob.start)
    due_on, due_at = _split(ob.due)
    met_on, met_at = _split(ob.met_at)
    ended_on, _ = _split(ob.ended_at)
    return (child_id, ob.rule_id, ob.scope, ob.started_by, start_on, start_at, due_on, due_at,
            met_on, met_at, ob.met_by or "", ended_on, ob.ended_by or "", ob.late_reason or "")


def _insert(rows: list[tuple]) -> None:
    """Write new ledger rows in bulk: plain parameterised inserts, as many as there are rows,
    without building a model instance for each (a full rebuild writes hundreds of thousands)."""
    if not rows:
        return
    fields = [Obligation._meta.get_field(name) for name in _FIELDS]
    ops = connection.ops
    if connection.vendor == "sqlite":
        # SQLite keeps dates and UTC datetimes as text; rows already hold UTC instants, so
        # format them directly (Django's per-value adapter dominates a full rebuild).
        params = [tuple(v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime)
                        else v.isoformat() if isinstance(v, date) else v for v in row)
                  for row in rows]
    else:
        params = rows  # the driver adapts dates and aware datetimes itself
    table = ops.quote_name(Obligation._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    if connection.vendor == "postgresql":
        # COPY streams the rows in one round trip; psycopg adapts each value.
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for i in range(0, len(params), 5000):
            cursor.executemany(sql, params[i:i + 5000])


def obligations_refresh_many(*, child_ids: Iterable[int], rulebook: RuleBook | None = None,
                             calendar: WorkingDayCalendar | None = None) -> int:
    """Recompute the ledger for these children; returns how many rows changed.

    Only rows that differ are touched: unchanged obligations keep their ids.
    """
    from lantern.people.models import Child

    ids = list(child_ids)
    if not ids:
        return 0
    book = rulebook or council_rulebook()
    days = calendar or council_calendar()
    births = {
        pk: dob or edd
        for pk, dob, edd in Child.objects.filter(pk__in=ids).values_list(
            "pk", "date_of_birth", "expected_date_of_birth")
    }
    facts = gather_facts(ids)
    recordable = recordable_rules(book)
    wanted: set[tuple] = set()
    for child_id, born in births.items():
        child_facts = ChildFacts(str(child_id), born, tuple(facts.get(child_id, ())))
        for ob in evaluate(child_facts, rulebook=book, calendar=days):
            if ob.rule_id in recordable:
                wanted.add(_row(child_id, ob))
    with transaction.atomic():
        stale: list[int] = []
        for pk, *row in Obligation.objects.filter(child_id__in=ids).values_list("pk", *_FIELDS):
            row = tuple(row)
            if row in wanted:
                wanted.discard(row)
            else:
                stale.append(pk)
        for i in range(0, len(stale), 5000):
            Obligation.objects.filter(pk__in=stale[i:i + 5000]).delete()
        _insert(sorted(wanted, key=lambda r: (r[0], r[6], r[1], r[2], r[3])))
    return len(stale) + len(wanted)


def obligations_refresh(*, child) -> int:
    return obligations_refresh_many(child_ids=[child.pk])


def obligations_rebuild_all(*, batch_size: int = 500, progress=None) -> int:
    """Refresh every child's obligations, in batches. Used after a rule change or a seed."""
    from lantern.people.models import Child

    ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    book, days = council_rulebook(), council_calendar()
    changed = 0
    for i in range(0, len(ids), batch_size):
        changed += obligations_refresh_many(child_ids=ids[i:i + batch_size], rulebook=book,
                                            calendar=days)
        if progress:
            progress(min(i + batch_size, len(ids)), len(ids))
    refresh_planner_statistics([Obligation])
    return changed


def refresh_planner_statistics(models) -> None:
    """After a bulk load, let PostgreSQL's planner see the new table sizes (ANALYZE).

    Autovacuum would get there eventually, but not before the first page after a rebuild or
    a seed, and some installations run without it. SQLite plans well without statistics.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class RuleSettingRefused(Exception):
    """The rules core refused the change (a statutory rule, or no reason given)."""


@transaction.atomic
def rule_setting_change(*, actor, rule_id: str, period: Period | None = None, enabled: bool = True,
                        reason: str = "", when: tuple[str, str] | None = None) -> RuleSetting:
    """Change this council's setting for one rule, then recompute every child's obligations.

    The rules core decides what may change: local rules freely, statutory guidance only
    with a reason, statutory regulations never.
    """
    if actor.role not in (Role.ADMIN, Role.SENIOR_LEADER):
        raise NotPermitted("Only a senior leader or an administrator can change a rule")
    rule = get_rule(rule_id)
    try:
        council_rulebook().with_override(rule.id, period=period, enabled=enabled, reason=reason,
                                         when=when)
    except RuleChangeRefused as refused:
        raise RuleSettingRefused(str(refused)) from None
    variant = f"{when[0]}={when[1]}" if when else ""
    setting = RuleSetting.objects.filter(rule_id=rule.id, variant=variant).first()
    before = ({"period": f"{setting.amount} {setting.unit}", "enabled": setting.enabled}
              if setting else {"period": str(rule.period), "enabled": True})
    setting = setting or RuleSetting(rule_id=rule.id, variant=variant)
    setting.amount = period.amount if period else None
    setting.unit = period.unit.value if period else ""
    setting.enabled, setting.reason = enabled, reason
    setting.changed_by, setting.changed_at = actor, timezone.now()
    setting.save()
    what = f"set to {period}" if period else ("switched on" if enabled else "switched off")
    if variant:
        what = f"for {variant} {what}"
    audit_event(actor=actor, at=setting.changed_at, action=f"Rule {rule.id} ({rule.title}) {what}",
                obj=setting, before=before, after={"period": str(period) if period else None,
                                                   "enabled": enabled}, reason=reason)
    obligations_rebuild_all()
    return setting


@transaction.atomic
def holiday_override_record(*, actor, day, change: str, name: str, reason: str = "") -> HolidayOverride:
    """Add a newly announced bank holiday (or remove a moved one); every deadline is recomputed."""
    if actor.role not in (Role.ADMIN, Role.SENIOR_LEADER):
        raise NotPermitted("Only a senior leader or an administrator can change bank holidays")
    if change not in HolidayChange.values:
        raise RuleSettingRefused(f"unknown change {change!r}")
    if not name.strip():
        raise RuleSettingRefused("give the holiday's name, for example 'State funeral'")
    known = ENGLAND.is_working_day(day) is False and day.weekday() < 5
    if change == HolidayChange.ADD and known:
        raise RuleSettingRefused(f"{day:%-d %B %Y} is already a bank holiday")
    if change == HolidayChange.REMOVE and not known:
        raise RuleSettingRefused(f"{day:%-d %B %Y} is not a bank holiday")
    override, _ = HolidayOverride.objects.update_or_create(
        day=day, defaults={"change": change, "name": name, "reason": reason, "changed_by": actor,
                           "changed_at": timezone.now()})
    audit_event(actor=actor, at=override.changed_at,
                action=f"{HolidayChange(change).label}: {name}, {day:%-d %B %Y}", obj=override,
                after={"day": day, "change": change, "name": name}, reason=reason)
    obligations_rebuild_all()
    return override
