"""lantern otp: authenticator apps for signing in.

    lantern otp enrol USERNAME [--as ADMIN]   set up a new app (replacing any), print its key
    lantern otp remove USERNAME [--as ADMIN]  remove the user's app
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_event
from lantern.security.services import second_factor_enrol, second_factor_secret
from lantern.staff.models import Role, User


class Command(BaseCommand):
    help = "Set up or remove a user's authenticator app (the second factor at sign-in)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["enrol", "remove"])
        parser.add_argument("username")
        parser.add_argument("--as", dest="actor",
                            help="the administrator doing it (default: the user themself)")
        parser.add_argument("--no-qr", action="store_true", help="do not draw the QR code")

    def handle(self, *args, action, username, actor, no_qr, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active account {username!r}")
        by = user
        if actor:
            by = User.objects.filter(username=actor, is_active=True, role=Role.ADMIN).first()
            if by is None:
                raise CommandError(f"no active administrator {actor!r}")
        if action == "remove":
            return self._remove(by, user)
        device = second_factor_enrol(actor=by, user=user)
        self.stdout.write(f"Authenticator app set up for {user.get_username()}.")
        self.stdout.write(f"Key (time based, 6 digits, every 30 seconds): {second_factor_secret(device)}")
        self.stdout.write(f"Link: {device.config_url}")
        if not no_qr:
            import io

            import qrcode

            code = qrcode.QRCode(border=1)
            code.add_data(device.config_url)
            drawing = io.StringIO()
            code.print_ascii(out=drawing, invert=True)
            self.stdout.write(drawing.getvalue())
        self.stdout.write("Add it to an authenticator app (scan the QR code, or type the key); "
                          "Lantern asks for the app's code after the password from the next sign-in.")

    def _remove(self, by, user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        with transaction.atomic():
            devices = list(TOTPDevice.objects.filter(user=user))
            if not devices:
                raise CommandError(f"{user.get_username()} has no authenticator app")
            for device in devices:
                audit_event(actor=by, at=timezone.now(), obj=device,
                            action=f"Authenticator app removed from {user.get_username()}")
            TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Authenticator app removed from {user.get_username()}.")
