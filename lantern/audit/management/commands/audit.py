"""lantern audit verify: check the audit chain end to end."""

from django.core.management.base import BaseCommand, CommandError

from lantern.audit.chain import verify


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' checks the hash chain and reports the first break."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        verdict = verify()
        if not verdict.intact:
            raise CommandError(
                f"audit chain broken at event {verdict.broken_seq}: {verdict.problem} "
                f"({verdict.count} events intact before it)")
        self.stdout.write(f"audit chain intact: {verdict.count} events")
