"""``lantern demo_logins``: the demo sign-ins that exist in this database."""

from django.core.management.base import BaseCommand

from lantern.seed.staffing import DEMO_LOGINS, DEMO_PASSWORD
from lantern.staff.models import Role, User

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "List the demo logins (role, username, password) and where to sign in."

    def handle(self, *args, **options):
        names = [username for _, username in DEMO_LOGINS]
        present = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
        rows = [(Role(role).label, username, DEMO_PASSWORD)
                for role, username in DEMO_LOGINS if username in present]
        if not rows:
            self.stdout.write("No demo logins in this database: run `lantern seed` first.")
            return
        headers = ("Role", "Username", "Password")
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(3)]

        def line(cells):
            return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

        self.stdout.write(line(headers))
        self.stdout.write(line(["-" * w for w in widths]))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(f"\nSign in at {URL}")
