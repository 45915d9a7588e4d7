"""The DfE validators, run in their own virtualenv as a subprocess.

``csc-validator-be-903`` and ``csc-validator-be-cin`` pin pandas < 2 and numpy < 1.25, so
`make setup` installs them into ``.venv-validators`` and Lantern only ever runs the small
scripts in ``validators/`` with that interpreter, reading one JSON document back. The
Lantern process never imports them.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

SCRIPTS = Path(__file__).resolve().parent / "validators"
# Rules of the 903 validator that crash on every input upstream (they name columns that do
# not exist). Any other crash is a problem to look at.
KNOWN_903_CRASHES = frozenset({"231", "233"})
# Rules that crash upstream on some values only: the table and column the rule reads, what
# it cannot read, and why. Such a crash is known when the return holds such a value.
PARTLY_KNOWN_903_CRASHES = {
    "1007": ("oc3", "DOB", lambda value: value.startswith("29/02/"),
             "it cannot take a 29 February birthday (OC3 DOB) in a year without one"),
}
YEARS = range(2023, 2028)  # collection years (the March a return ends) both rule sets cover


class ValidatorUnavailable(Exception):
    """The validators' virtualenv is missing or the run failed; the message says why."""


@dataclass(frozen=True)
class Issue:
    child: str  # the child's id in the return; empty for a whole-return issue
    rule: str
    description: str
    where: str
    type: str  # ERROR or QUERY


@dataclass
class Outcome:
    validator: str
    rules: int
    seconds: float
    issues: list[Issue] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    known_crashes: frozenset[str] = frozenset()
    crash_reasons: dict[str, str] = field(default_factory=dict)  # why a known crash is known

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.type == "ERROR"]

    @property
    def queries(self) -> list[Issue]:
        return [i for i in self.issues if i.type != "ERROR"]

    @property
    def unexpected_crashes(self) -> list[str]:
        return [c for c in self.crashed if c not in self.known_crashes]

    @property
    def clean(self) -> bool:
        return not self.errors and not self.unexpected_crashes


def check_year(year: int) -> int:
    if year not in YEARS:
        raise ValueError(f"--year {year} is not a collection year the validators know "
                         f"({YEARS.start}-{YEARS.stop - 1}: the year the return ends in March)")
    return year


def _python() -> Path:
    python = Path(settings.LANTERN_VALIDATORS_PYTHON)
    if not python.exists():
        raise ValidatorUnavailable(f"the DfE validators are not installed ({python} is missing): run make setup")
    return python


def _run(script: str, *args: str, known: frozenset[str] = frozenset()) -> Outcome:
    try:
        done = subprocess.run([str(_python()), str(SCRIPTS / script), *args], capture_output=True,
                              text=True, timeout=1800, check=False)
    except subprocess.TimeoutExpired:
        raise ValidatorUnavailable(f"{script} ran for more than 30 minutes") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ValidatorUnavailable(f"the validator stopped: {last}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Outcome(validator=data["validator"], rules=data["rules"], seconds=data["seconds"],
                   issues=[Issue(**i) for i in data["issues"]], crashed=data["crashed"],
                   skipped=data["skipped"], known_crashes=known)


def validate_cin(path: Path, *, year: int) -> Outcome:
    """Run the CIN census validator on one XML file."""
    if not Path(path).is_file():
        raise ValidatorUnavailable(f"{path} is not a file")
    return _run("run_cin.py", str(path), str(check_year(year)))


def validate_ssda903(folder: Path, *, year: int, area_code: str | None = None) -> Outcome:
    """Run the SSDA903 validator on a folder of CSV tables (every *.csv in it)."""
    if not Path(folder).is_dir():
        raise ValidatorUnavailable(f"{folder} is not a folder")
    area = area_code or settings.LANTERN_COUNCIL["area_code"]
    outcome = _run("run_903.py", str(folder), str(check_year(year)), area, known=KNOWN_903_CRASHES)
    reasons = {code: "it names columns the tables do not have, on every input" for code in KNOWN_903_CRASHES}
    for code in outcome.crashed:
        if code in PARTLY_KNOWN_903_CRASHES:
            table, column, cannot_read, why = PARTLY_KNOWN_903_CRASHES[code]
            if any(cannot_read(row.get(column) or "") for row in read_table(folder, table)):
                reasons[code] = why
    outcome.known_crashes = frozenset(reasons)
    outcome.crash_reasons = {code: reasons[code] for code in outcome.crashed if code in reasons}
    return outcome


def read_table(folder: Path, table: str) -> list[dict]:
    """The rows of one table of a return written as CSVs (none when the file is not there)."""
    import csv

    path = Path(folder) / f"{table}.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
