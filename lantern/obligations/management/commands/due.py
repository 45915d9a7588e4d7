"""lantern due RULE START: the deadline of one rule from a start date or time."""

from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError

from lantern.core.calendar import LONDON
from lantern.core.rules import NoFixedDeadline, UnknownRule, due_date, get_rule
from lantern.core.units import Unit
from lantern.obligations.services import council_calendar, council_rulebook


def parse_start(text: str) -> date | datetime:
    try:
        if "T" in text or " " in text.strip():
            parsed = datetime.fromisoformat(text.strip())
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"{text!r} is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM)") from None


class Command(BaseCommand):
    help = "Print the due date (or, for hour-based rules, the due time) of RULE from START."

    def add_arguments(self, parser):
        parser.add_argument("rule", help="Rule id from the catalogue, e.g. A1, CP2, LA12, M1")
        parser.add_argument("start", help="YYYY-MM-DD, or YYYY-MM-DDTHH:MM read as London time")

    def handle(self, *args, rule, start, **options):
        try:
            the_rule = get_rule(rule.upper())
        except UnknownRule:
            raise CommandError(f"unknown rule {rule!r}; rule ids look like F1, A1, CP2, LA12") from None
        begin = parse_start(start)
        if the_rule.period is not None and the_rule.period.unit == Unit.HOURS and not isinstance(begin, datetime):
            begin = datetime(begin.year, begin.month, begin.day, tzinfo=LONDON)
        try:
            result = due_date(the_rule.id, begin, rulebook=council_rulebook(),
                              calendar=council_calendar())
        except NoFixedDeadline:
            raise CommandError(f"rule {the_rule.id} ({the_rule.title}) has no fixed deadline") from None
        if isinstance(result, datetime):
            self.stdout.write(result.astimezone(LONDON).isoformat())
        else:
            self.stdout.write(result.isoformat())
