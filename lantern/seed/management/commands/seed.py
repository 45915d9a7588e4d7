"""``lantern seed``: build a synthetic council (staff, children, history) in bulk."""

import re
from contextlib import contextmanager
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lantern.people.models import Child
from lantern.seed.generator import Reporter, generate
from lantern.seed.sizes import PUBLIC_SIZES, SIZES
from lantern.staff.models import User


class RichReporter(Reporter):
    def __init__(self, progress):
        self.progress = progress

    @contextmanager
    def stage(self, label, total):
        task = self.progress.add_task(label, total=max(total, 1))

        def advance(n=1):
            self.progress.advance(task, n)

        yield advance
        self.progress.update(task, completed=max(total, 1))


class Command(BaseCommand):
    help = "Create a synthetic council: staff, teams, children, families and their history."

    def add_arguments(self, parser):
        parser.add_argument("--size", default="small",
                            help="small (~3.5k children), hull (~35k) or large (~120k)")
        parser.add_argument("--seed", default="1", help="random seed (a whole number)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if the council already has children")
        parser.add_argument("--today", default=None,
                            help="the date the history runs up to, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        size = SIZES.get(str(options["size"]).lower())
        if size is None:
            raise CommandError(f"Unknown size '{options['size']}': choose {', '.join(PUBLIC_SIZES)}")
        try:
            seed = int(options["seed"])
        except (TypeError, ValueError):
            raise CommandError(f"--seed must be a whole number, not '{options['seed']}'") from None
        today = self._today(options["today"])
        if Child.objects.exists():
            if options["if_empty"]:
                self.stdout.write(
                    f"The council already exists ({Child.objects.count()} children); nothing seeded.")
                return
            raise CommandError("The database already holds children: seed an empty database, "
                               "or use --if-empty")
        if User.objects.filter(username__startswith="demo.").exists():
            raise CommandError("The demo logins already exist: seed an empty database")

        quiet = options["verbosity"] == 0
        if quiet:
            summary = generate(size=size, seed=seed, today=today)
        else:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            console = Console(file=self.stdout._out, highlight=False)
            columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn())
            with Progress(*columns, console=console) as progress:
                summary = generate(size=size, seed=seed, today=today,
                                   reporter=RichReporter(progress))
        if quiet:
            return
        self.stdout.write(f"Synthetic council ({size.name}, seed {seed}, today {today}) "
                          f"created in {summary.timings['total']:.1f} s")
        self.stdout.write("Rows: " + ", ".join(f"{k} {v}" for k, v in summary.rows.items()))
        self.stdout.write("Open on today: " + ", ".join(
            f"{k} {v}" for k, v in summary.open_on_today.items()))
        if summary.front_door:
            self.stdout.write("Front door: " + ", ".join(
                f"{k} {v}" for k, v in summary.front_door.items()))
        if summary.legal:
            self.stdout.write("Legal work: " + ", ".join(
                f"{k} {v}" for k, v in summary.legal.items()))
        self.stdout.write("Timings (s): " + ", ".join(
            f"{k} {v}" for k, v in summary.timings.items()))
        self.stdout.write(f"demo.social_worker holds {summary.demo_caseload} children. "
                          "Sign-in details: lantern demo_logins")

    def _today(self, value):
        if value is None:
            return timezone.localdate()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            raise CommandError(f"--today must be a date like 2026-03-31, not '{value}'")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--today is not a real date: '{value}'") from None
