"""lantern returns: statutory returns from the live record, checked by the DfE validators.

    lantern returns validate ssda903 DIR --year 2026
    lantern returns validate cin FILE --year 2026
    lantern returns cin --year 2026 --out FILE
    lantern returns ssda903 --year 2026 --out DIR
    lantern returns check --as USERNAME     (the data-quality check; schedule it nightly)
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lantern.returns.validation import (
    ValidatorUnavailable,
    check_year,
    validate_cin,
    validate_ssda903,
)


class Command(BaseCommand):
    help = "Write the statutory returns and check them with the DfE validators."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        validate = commands.add_parser("validate", help="run a DfE validator on a return",
                                       called_from_command_line=True)
        validate.add_argument("which", choices=["ssda903", "cin"])
        validate.add_argument("path", type=Path, help="the SSDA903 folder or the CIN census XML file")
        validate.add_argument("--year", type=int, required=True,
                              help="the collection year, as the March it ends (2026 = 2025-26)")
        validate.add_argument("--area-code", help="the council's area code (default: the setting)")
        cin = commands.add_parser("cin", help="write the CIN census XML", called_from_command_line=True)
        cin.add_argument("--year", type=int, required=True)
        cin.add_argument("--out", type=Path, required=True)
        ssda903 = commands.add_parser("ssda903", help="write the SSDA903 return as CSV tables",
                                      called_from_command_line=True)
        ssda903.add_argument("--year", type=int, required=True)
        ssda903.add_argument("--out", type=Path, required=True, help="the folder for the tables")
        check = commands.add_parser("check", help="run the data-quality check on the current data",
                                    called_from_command_line=True)
        check.add_argument("--as", dest="username", required=True,
                           help="the account the check runs as (a manager or analyst)")

    def handle(self, *args, action, **options):
        if action == "check":
            return self._check(options["username"])
        try:
            check_year(options["year"])
        except ValueError as bad:
            raise CommandError(str(bad)) from None
        if action == "validate":
            return self._validate(options)
        if action == "ssda903":
            return self._ssda903(options)
        return self._cin(options)

    def _validate(self, options):
        which, path, year = options["which"], options["path"], options["year"]
        try:
            if which == "cin":
                outcome = validate_cin(path, year=year)
            else:
                outcome = validate_ssda903(path, year=year, area_code=options.get("area_code"))
        except ValidatorUnavailable as why:
            raise CommandError(str(why)) from None
        self.stdout.write(f"{outcome.validator}, collection year {year - 1}-{year % 100:02d}: "
                          f"{outcome.rules} rules, {len(outcome.skipped)} skipped, "
                          f"{len(outcome.crashed)} crashed, in {outcome.seconds:.1f} s")
        from lantern.returns.ssda903 import misread

        for issue in outcome.issues:
            who = f"child {issue.child}" if issue.child else "whole return"
            checked = (" (checked against the child's rows: a misreading of the validator's)"
                       if which == "ssda903" and misread(issue, Path(path), year) else "")
            self.stdout.write(f"{issue.type} {issue.rule} {who}: {issue.description} [{issue.where}]{checked}")
        for code in outcome.crashed:
            known = (f" (known: {outcome.crash_reasons[code]})" if code in outcome.crash_reasons
                     else "" if code in outcome.known_crashes else " (unexpected)")
            self.stdout.write(f"CRASH {code}: the rule failed to run upstream{known}")
        self.stdout.write(f"{len(outcome.errors)} errors, {len(outcome.queries)} queries")
        if not outcome.clean:
            raise CommandError(f"{which} return has {len(outcome.errors)} errors"
                               + (f" and {len(outcome.unexpected_crashes)} unexpected crashes"
                                  if outcome.unexpected_crashes else ""))

    def _check(self, username):
        from django.utils import timezone

        from lantern.access.policy import NotPermitted
        from lantern.returns.services import data_quality_check
        from lantern.staff.models import User

        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active account {username!r}")
        try:
            runs = data_quality_check(actor=actor, today=timezone.localdate())
        except (NotPermitted, ValidatorUnavailable) as why:
            raise CommandError(str(why)) from None
        for run in runs:
            errors = sum(1 for i in run.issues if i["type"] == "ERROR")
            self.stdout.write(f"{run.get_ret_display()} {run.year - 1}-{run.year % 100:02d}: {run.rules} rules, "
                              f"{errors} errors, {len(run.issues) - errors} queries, in {run.seconds:.1f} s")

    def _cin(self, options):
        from lantern.returns.cin import write_cin_census

        try:
            summary = write_cin_census(year=options["year"], out=options["out"])
        except OSError as why:
            raise CommandError(f"cannot write {options['out']}: {why.strerror}") from None
        from lantern.audit.services import export_event_record

        year = options["year"]
        export_event_record(what=f"CIN census {year - 1}-{year % 100:02d}", out=options["out"])
        self.stdout.write(str(summary))

    def _ssda903(self, options):
        from lantern.returns.ssda903 import write_ssda903

        out = options["out"]
        try:
            out.mkdir(exist_ok=True)
            summary = write_ssda903(options["year"], out)
        except OSError as why:
            raise CommandError(f"cannot write {out}: {why.strerror}") from None
        from lantern.audit.services import export_event_record

        year = options["year"]
        export_event_record(what=f"SSDA903 return {year - 1}-{year % 100:02d}", out=out)
        self.stdout.write(str(summary))
