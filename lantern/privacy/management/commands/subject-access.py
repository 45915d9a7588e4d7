"""lantern subject-access COUNCIL_ID --as USERNAME --out FILE.html: everything Lantern holds
about one child in one document, third-party information marked for redaction."""

import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lantern.privacy.selectors import is_data_protection
from lantern.staff.models import User


class Command(BaseCommand):
    help = ("Write a subject access export of one child's record as one HTML file (print it to PDF from a "
            "browser). Only senior leaders and system administrators may run it.")

    def add_arguments(self, parser):
        parser.add_argument("council_id", help="the child's council ID")
        parser.add_argument("--as", dest="username", required=True, help="the data-protection user making it")
        parser.add_argument("--out", type=Path, required=True, help="the .html file to write")

    def handle(self, *args, council_id, username, out, **options):
        from lantern.privacy.services import subject_access_export

        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active account has the username {username}")
        if not is_data_protection(actor):
            raise CommandError(f"{username} may not make subject access exports: only senior leaders and "
                               "system administrators may")
        if out.suffix.lower() not in {".html", ".htm"}:
            raise CommandError(f"--out {out} must name an .html file")
        folder = out.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK) or out.is_dir():
            raise CommandError(f"cannot write {out}: the folder {folder} does not exist or is not writable")

        def deliver(document):
            try:
                out.write_text(document.html, encoding="utf-8")
            except OSError as why:
                out.unlink(missing_ok=True)
                raise CommandError(f"cannot write {out}: {why.strerror}") from None

        try:
            document = subject_access_export(actor=actor, now=timezone.now(), council_id=council_id,
                                             out=f"{out} on the command line", deliver=deliver)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{out}: subject access export of {document.child.council_id}, "
                          f"{document.redactions} passages marked for redaction")
