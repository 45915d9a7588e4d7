"""lantern obligations rebuild: recompute every child's obligations."""

import time

from django.core.management.base import BaseCommand

from lantern.obligations.services import obligations_rebuild_all
from lantern.web.runtime import tune_gc


class Command(BaseCommand):
    help = "Obligations ledger tools. 'rebuild' recomputes every child's obligations."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, action, **options):
        tune_gc()
        began = time.perf_counter()
        changed = obligations_rebuild_all()
        self.stdout.write(f"rebuilt obligations: {changed} rows changed in {time.perf_counter() - began:.1f}s")
