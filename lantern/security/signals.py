"""Sign-ins, failures, sign-outs and lockouts become security events."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from lantern.audit.models import SecurityKind
from lantern.audit.services import security_event_record


@receiver(user_logged_in, dispatch_uid="lantern-security-signed-in")
def _signed_in(sender, request, user, **kwargs):
    from .middleware import session_start

    if request is None:
        return
    if hasattr(request, "session"):
        session_start(request, user)
    security_event_record(kind=SecurityKind.SIGN_IN, at=timezone.now(), request=request, user=user,
                          detail="Signed in with a password")


@receiver(user_login_failed, dispatch_uid="lantern-security-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    locked = getattr(request, "axes_locked_out", False)
    security_event_record(
        kind=SecurityKind.SIGN_IN_FAILED, at=timezone.now(), request=request, user=user,
        username=username,
        detail="Refused while the username is locked out" if locked
        else "No account has this username" if user is None
        else "Wrong password" if user.is_active else "Wrong password or account closed")


@receiver(user_locked_out, dispatch_uid="lantern-security-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    from django.conf import settings

    username = str(username or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    from lantern.audit.models import SecurityEvent

    now, cool_off = timezone.now(), settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60)
    already = SecurityEvent.objects.filter(kind=SecurityKind.LOCKED_OUT, username=username,
                                           at__gt=now - cool_off).exists()
    security_event_record(
        kind=SecurityKind.LOCKED_OUT, at=now, request=request, user=user, username=username,
        detail=f"Tried again while locked: locked for {minutes} minutes from now" if already
        else f"Locked for {minutes} minutes after {settings.AXES_FAILURE_LIMIT} failed sign-ins")


@receiver(user_logged_out, dispatch_uid="lantern-security-signed-out")
def _signed_out(sender, request, user, **kwargs):
    if user is None or request is None or getattr(request, "lantern_session_expired", False):
        return
    security_event_record(kind=SecurityKind.SIGN_OUT, at=timezone.now(), request=request, user=user,
                          detail="Signed out")
