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
from .ssda903 import misread, write_ssda903
from .validation import validate_cin, validate_ssda903

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
    year before), so the validator sees what is in progress now; the SSDA903 return for the
    collection year in progress, as the record stands today, less what the validator
    misreads (:func:`lantern.returns.ssda903.misread`)."""
    if actor.role not in RUNNERS:
        raise NotPermitted("Only managers and performance analysts run the data-quality check")
    year = current_year(today)
    began, now = time.perf_counter(), timezone.now()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"cin_census_{year}.xml"
        write_cin_census(year=year, out=path, reference=today)
        outcome = validate_cin(path, year=year)
    outcome.issues = [i for i in outcome.issues if i.rule not in MID_YEAR_ONLY]
    began_903, now_903 = time.perf_counter(), timezone.now()
    looked_after = None
    with tempfile.TemporaryDirectory() as folder:
        # The 903 validator stops on a return with nobody in it: there is nothing to check.
        if write_ssda903(year, Path(folder), reference=today).children:
            looked_after = validate_ssda903(Path(folder), year=year)
            looked_after.issues = [i for i in looked_after.issues
                                   if not misread(i, Path(folder), year)]
    with transaction.atomic():  # the runs and their audit events together; validating stays outside
        runs = [_save(actor, year, now, began, outcome, "cin")]
        if looked_after is not None:
            runs.append(_save(actor, year, now_903, began_903, looked_after, "ssda903"))
        return runs


def _save(actor, year: int, now, began: float, outcome, ret: str) -> CheckRun:
    run = CheckRun.objects.create(
        ret=ret, year=year, started_at=now, seconds=round(time.perf_counter() - began, 2),
        rules=outcome.rules, crashed=outcome.unexpected_crashes, run_by=actor,
        issues=[{"child": i.child, "rule": i.rule, "description": i.description, "where": i.where,
                 "type": i.type} for i in outcome.issues])
    audit_event(actor=actor, at=now, obj=run,
                action=f"Data-quality check of the {run.get_ret_display()} {year - 1}-{year % 100:02d}: "
                f"{len(outcome.errors)} errors, {len(outcome.queries)} queries",
                after={"errors": len(outcome.errors), "queries": len(outcome.queries)})
    return run
