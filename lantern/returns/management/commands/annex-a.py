"""lantern annex-a --as-of DATE --out FILE.xlsx: Ofsted's Annex A lists from the live record."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lantern.audit.services import export_event_record
from lantern.returns.annex_a import write_annex_a


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of {text!r} is not a date like 2026-03-31") from None


class Command(BaseCommand):
    help = "Write Ofsted's Annex A child-level lists as one workbook, a sheet per list."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, help="the day the lists run to (YYYY-MM-DD)")
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")

    def handle(self, *args, as_of, out, **options):
        day = _day(as_of)
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"--out {out} must name an .xlsx file")
        if not out.parent.is_dir():
            raise CommandError(f"cannot write {out}: the folder {out.parent} does not exist")
        try:
            summary = write_annex_a(as_of=day, out=out)
        except OSError as why:
            raise CommandError(f"cannot write {out}: {why.strerror}") from None
        export_event_record(what=f"Annex A lists as of {day:%d %B %Y}", out=out)
        self.stdout.write(str(summary))
