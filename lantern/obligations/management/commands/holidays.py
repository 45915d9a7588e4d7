"""lantern holidays list | add | remove: the bank holidays deadlines skip."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from lantern.access.policy import NotPermitted
from lantern.obligations.models import HolidayChange, HolidayOverride
from lantern.obligations.services import (
    RuleSettingRefused,
    council_calendar,
    holiday_override_record,
)
from lantern.staff.models import User


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "List the bank holidays of a year, or record a newly announced (or moved) one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--year", type=int, required=True)
        for name in ("add", "remove"):
            change = sub.add_parser(name)
            change.add_argument("day", help="YYYY-MM-DD")
            change.add_argument("name", help="e.g. 'State funeral'")
            change.add_argument("--reason", default="")
            change.add_argument("--as", dest="username", required=True)

    def handle(self, *args, action, **options):
        if action == "list":
            calendar = council_calendar()
            local = {o.day: o for o in HolidayOverride.objects.all()}
            for day in sorted(calendar.holidays_in(options["year"])):
                note = f"  (added: {local[day].name})" if day in local else ""
                self.stdout.write(f"{day.isoformat()}  {day:%A}{note}")
            return
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['username']!r}")
        change = HolidayChange.ADD if action == "add" else HolidayChange.REMOVE
        try:
            holiday_override_record(actor=actor, day=_day(options["day"]), change=change,
                                    name=options["name"], reason=options["reason"])
        except (RuleSettingRefused, NotPermitted) as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"{change.label}: {options['name']} on {options['day']}; deadlines recomputed")
