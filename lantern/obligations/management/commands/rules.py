"""lantern rules list | set: the rule catalogue and this council's settings."""

from django.core.management.base import BaseCommand, CommandError

from lantern.access.policy import NotPermitted
from lantern.core.rules import UnknownRule, get_rule
from lantern.core.units import Period, Unit
from lantern.obligations.services import RuleSettingRefused, council_rulebook, rule_setting_change
from lantern.staff.models import User


def parse_period(text: str) -> Period:
    try:
        amount, unit = text.split()
        return Period(int(amount), Unit(unit))
    except ValueError:
        units = ", ".join(u.value for u in Unit)
        raise CommandError(f"{text!r} is not a period like '10 working_days' (units: {units})") from None


class Command(BaseCommand):
    help = "List the rule catalogue, or change this council's setting for one rule."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every rule with its deadline, status and source")
        change = sub.add_parser("set", help="change a local rule's period, or switch it off")
        change.add_argument("rule")
        change.add_argument("--period", help="e.g. '10 working_days', '4 weeks', '24 hours'")
        change.add_argument("--off", action="store_true", help="switch the rule off")
        change.add_argument("--when", help="one variant of the rule, e.g. rag=red for F4 or F6")
        change.add_argument("--reason", default="")
        change.add_argument("--as", dest="username", required=True, help="who is making the change")

    def handle(self, *args, action, **options):
        if action == "list":
            book = council_rulebook()
            for rule in book.catalogue:
                current = book.rule(rule.id)
                state = "" if book.is_enabled(rule.id) else "  [switched off]"
                self.stdout.write(f"{rule.id:<8} {str(current.period or '-'):<20} {rule.status.value:<10} "
                                  f"{rule.title}{state}")
            return
        try:
            rule = get_rule(options["rule"].upper())
        except UnknownRule:
            raise CommandError(f"unknown rule {options['rule']!r}") from None
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['username']!r}")
        period = parse_period(options["period"]) if options["period"] else None
        when = None
        if options["when"]:
            name, sep, value = options["when"].partition("=")
            if not sep or not name or not value:
                raise CommandError(f"{options['when']!r} is not a variant like rag=red")
            when = (name, value)
        try:
            rule_setting_change(actor=actor, rule_id=rule.id, period=period,
                                enabled=not options["off"], reason=options["reason"], when=when)
        except (RuleSettingRefused, NotPermitted) as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"{rule.id} updated; obligations recomputed")
