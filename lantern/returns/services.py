"""The data-quality check: write the returns from the current data, run the DfE validators,
keep what they said. Run from the page on demand, or scheduled with `lantern returns check`."""

import tempfile
import time
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import audit_event
from lantern.staff.models import MANAGER_ROLES, Role

from .cin import write_cin_census
from .models import CheckRun
from .validation import validate_cin

RUNNERS = MANAGER_ROLES | {Role.PERFORMANCE, Role.ADMIN}
# The CIN validator insists the reference date is a 31 March; the check's reference date is
# today on purpose, so that rule says nothing about the record.
MID_YEAR_ONLY = frozenset({"100"})


def current_year(today: date) -> int:
    """The collection year in progress: the one that ends on the next 31 March."""
    return today.year + 1 if today.month > 3 else today.year


def data_quality_check(*, actor, today: date) -> list[CheckRun]:
    """Check the current data against the validators (a scheduled run names its account).

    The census is written as if it were due today (today as its reference date, over the
    year before), so the validator sees what is in progress now. Only the CIN census is
    written from the record so far: the SSDA903 needs the children in care area."""
    if actor.role not in RUNNERS:
        raise NotPermitted("Only managers and performance analysts run the data-quality check")
    year = current_year(today)
    began, now = time.perf_counter(), timezone.now()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"cin_census_{year}.xml"
        write_cin_census(year=year, out=path, reference=today)
        outcome = validate_cin(path, year=year)
    outcome.issues = [i for i in outcome.issues if i.rule not in MID_YEAR_ONLY]
    with transaction.atomic():  # the run and its audit event together; validating stays outside
        return [_save(actor, year, now, began, outcome)]


def _save(actor, year: int, now, began: float, outcome) -> CheckRun:
    run = CheckRun.objects.create(
        ret="cin", year=year, started_at=now, seconds=round(time.perf_counter() - began, 2),
        rules=outcome.rules, crashed=outcome.crashed, run_by=actor,
        issues=[{"child": i.child, "rule": i.rule, "description": i.description, "where": i.where,
                 "type": i.type} for i in outcome.issues])
    audit_event(actor=actor, at=now, obj=run,
                action=f"Data-quality check of the CIN census {year - 1}-{year % 100:02d}: "
                f"{len(outcome.errors)} errors, {len(outcome.queries)} queries",
                after={"errors": len(outcome.errors), "queries": len(outcome.queries)})
    return run
