"""Writes for sign-in: setting up and checking the second factor, finishing a password reset."""

import base64
import hashlib
import secrets
from base64 import b32encode

from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.audit.models import SecurityKind
from lantern.audit.services import audit_event, security_event_record

from .middleware import CODE_GIVEN, CODE_NEEDED
from .models import RecoveryCode
from .sessions import sessions_end

APP_NAME = "Authenticator app"
# Recovery codes: how many at a time, and each as groups of base32 letters and digits
# (6 groups of 4 characters: 120 random bits).
RECOVERY_CODES = 10
RECOVERY_GROUPS = 6
RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Who resets another person's second factor (a lost phone and no codes left).
SECOND_FACTOR_RESETTERS = frozenset({"admin"})


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
    _code_given(request)
    return True


def _code_given(request) -> None:
    """The session has passed the second factor: marked, and its key changes."""
    request.session[CODE_GIVEN] = True
    request.session.pop(CODE_NEEDED, None)
    request.session.cycle_key()


def _recovery_digest(code: str) -> str:
    """The stored form of a recovery code, however it was typed (case, spaces, dashes)."""
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def recovery_codes_issue(*, actor, request) -> list[str]:
    """A new set of recovery codes for the actor, shown once: any earlier unused codes stop
    working. Only for someone with an authenticator app set up."""
    if second_factor_device(actor) is None:
        raise ValueError("Set up an authenticator app before making recovery codes")
    codes = ["-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(4))
                      for _ in range(RECOVERY_GROUPS)) for _ in range(RECOVERY_CODES)]
    now = timezone.now()
    with transaction.atomic():
        RecoveryCode.objects.filter(user=actor, used_at__isnull=True).delete()
        RecoveryCode.objects.bulk_create([RecoveryCode(user=actor, digest=_recovery_digest(code), issued_at=now)
                                          for code in codes])
        audit_event(actor=actor, at=now, obj=actor, action=f"{RECOVERY_CODES} new recovery codes made for signing in")
        security_event_record(kind=SecurityKind.RECOVERY_CODES_ISSUED, at=now, request=request, user=actor,
                              detail=f"{RECOVERY_CODES} new recovery codes; any earlier ones stopped working")
    return codes


def recovery_code_check(*, actor, request, code: str) -> bool:
    """Is ``code`` one of the actor's unused recovery codes? It is used up at once; a wrong
    code is a security event, as a wrong security code is."""
    now = timezone.now()
    with transaction.atomic():
        found = (RecoveryCode.objects.select_for_update()
                 .filter(user=actor, digest=_recovery_digest(code), used_at__isnull=True).first())
        if found is None:
            security_event_record(kind=SecurityKind.SECOND_FACTOR_FAILED, at=now, request=request, user=actor,
                                  detail="Wrong recovery code at sign-in")
            return False
        found.used_at = now
        found.save(update_fields=["used_at"])
        left = recovery_codes_left(actor)
        security_event_record(kind=SecurityKind.RECOVERY_CODE_USED, at=now, request=request, user=actor,
                              detail=f"Recovery code used at sign-in; {left} left")
    _code_given(request)
    return True


def second_factor_reset(*, actor, user, reason: str, request=None) -> None:
    """Remove ``user``'s authenticator app and recovery codes (a lost phone): they set up a
    new app at their next sign-in, and every session they have ends now. For system
    administrators, never on their own account, and only with a reason."""
    from django.core.exceptions import ValidationError

    from lantern.access.policy import NotPermitted

    if actor.role not in SECOND_FACTOR_RESETTERS:
        raise NotPermitted("Only system administrators reset a second factor")
    errors = {}
    if user.pk == actor.pk:
        errors["reason"] = "You cannot reset your own second factor: ask another administrator"
    if len(reason.strip()) < 10:
        errors["reason"] = "Say why the second factor is being reset, like 'Phone lost, checked by phone call'"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        apps = TOTPDevice.objects.filter(user=user).delete()[0]
        codes = RecoveryCode.objects.filter(user=user).delete()[0]
        ended = sessions_end(user=user)
        audit_event(actor=actor, at=now, obj=user,
                    action=f"Second factor of {user.get_username()} reset: {reason.strip()}")
        security_event_record(
            kind=SecurityKind.SECOND_FACTOR_RESET, at=now, request=request, user=user,
            detail=(f"Reset by {actor.get_username()} ({apps} app{'s' if apps != 1 else ''}, {codes} recovery "
                    f"code{'s' if codes != 1 else ''} removed, {ended} session{'s' if ended != 1 else ''} ended): "
                    f"{reason.strip()}"))


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
