"""lantern retention review [--as-of DATE]: the records past their retention period."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "The retention schedule's review list: records past retention, and those under a legal hold."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        review = sub.add_parser("review", help="list the records past their retention period")
        review.add_argument("--as-of", help="the day to review on (YYYY-MM-DD; default today)")

    def handle(self, *args, action, as_of=None, **options):
        from lantern.privacy.selectors import retention_review

        try:
            today = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of {as_of!r} is not a date like 2026-03-31") from None
        review = retention_review(None, today=today)  # the server's operators: every child
        for row in review.rows:
            status = f"legal hold since {row.hold.placed_at:%Y-%m-%d}" if row.hold else "due for destruction"
            self.stdout.write(f"{row.council_id}\t{row.name}\t{row.kept.rule.label}\t"
                              f"ended {row.kept.ends_on:%Y-%m-%d}\t{status}")
        self.stdout.write(f"{len(review.rows)} past retention on {today:%Y-%m-%d}: {len(review.due)} due for "
                          f"destruction, {len(review.held)} under a legal hold, {review.not_assessed} not "
                          "assessed. Nothing is deleted automatically.")
