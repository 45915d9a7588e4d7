"""Writes for sign-in: setting up and checking the second factor, finishing a password reset."""

import base64
from base64 import b32encode

from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.audit.models import SecurityKind
from lantern.audit.services import audit_event, security_event_record

from .middleware import CODE_GIVEN, CODE_NEEDED
from .sessions import sessions_end

APP_NAME = "Authenticator app"


def second_factor_device(user) -> TOTPDevice | None:
    """The user's authenticator app, once it is set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def second_factor_start(*, actor) -> TOTPDevice:
    """A new, not yet confirmed, authenticator app for the actor (or the one begun before)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("id").first()
        return device or TOTPDevice.objects.create(user=actor, name=APP_NAME, confirmed=False)


def second_factor_check(*, actor, request, device: TOTPDevice, code: str, setting_up: bool = False) -> bool:
    """Is ``code`` the device's current one? A code works once; wrong codes slow further tries
    (django-otp's throttle) and each is a security event. On success the session is marked
    as having given the code and its key changes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor)
        allowed, _ = device.verify_is_allowed()
        ok = device.verify_token(code)
        now = timezone.now()
        if not ok:
            why = "while setting up an authenticator app" if setting_up else "at sign-in"
            if not allowed:
                why += ", too soon after the last wrong code"
            security_event_record(kind=SecurityKind.SECOND_FACTOR_FAILED, at=now, request=request,
                                  user=actor, detail=f"Wrong security code {why}")
            return False
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_event(actor=actor, at=now, obj=device,
                        action="Authenticator app set up for signing in")
            security_event_record(kind=SecurityKind.SECOND_FACTOR_ENROLLED, at=now, request=request,
                                  user=actor, detail="Authenticator app set up at sign-in")
    otp_login(request, device)
    request.session[CODE_GIVEN] = True
    request.session.pop(CODE_NEEDED, None)
    request.session.cycle_key()
    return True


def second_factor_enrol(*, actor, user) -> TOTPDevice:
    """Set up a new authenticator app for ``user`` (replacing any), from the command line.
    ``actor`` is the account the operator names (it may be the user)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=True)
        now = timezone.now()
        audit_event(actor=actor, at=now, obj=device,
                    action=f"Authenticator app set up for {user.get_username()} by an administrator")
        security_event_record(kind=SecurityKind.SECOND_FACTOR_ENROLLED, at=now, user=user,
                              detail="Authenticator app set up from the command line")
    return device


def second_factor_secret(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def second_factor_qr(device: TOTPDevice) -> str:
    """The device's otpauth:// link as a QR code, an SVG data: URI for an <img>."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage,
                        box_size=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def password_reset_finish(*, actor, request) -> int:
    """After a reset link set a new password: every session of the user ends, the lockout
    count for the username clears, and the reset is recorded. How many sessions ended."""
    from axes.utils import reset as axes_reset

    with transaction.atomic():
        ended = sessions_end(user=actor)
        now = timezone.now()
        audit_event(actor=actor, at=now, obj=actor, action="Password reset with an emailed link")
        security_event_record(
            kind=SecurityKind.PASSWORD_RESET, at=now, request=request, user=actor,
            detail=f"Password reset with an emailed link; {ended} other session{'s' if ended != 1 else ''} ended")
    axes_reset(username=actor.get_username())
    return ended
