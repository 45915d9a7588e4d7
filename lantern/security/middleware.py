"""Session timeouts and the second factor, checked on every signed-in request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode

from lantern.audit.models import SecurityKind
from lantern.audit.services import security_event_record

# Session keys (seconds since the epoch, and the second factor's state).
SIGNED_IN_AT = "lantern_signed_in_at"
SEEN_AT = "lantern_seen_at"
CODE_NEEDED = "lantern_code_needed"
CODE_GIVEN = "lantern_code_given"
# How often the last-seen time is written back (so not every request saves the session).
SEEN_RESOLUTION = 60

# Pages a signed-in user may reach before giving the code.
BEFORE_CODE = frozenset({"security:verify", "security:recovery", "security:enrol", "web:sign-out",
                         "web:sign-in"})


def session_start(request, user) -> None:
    """At sign-in: the clocks start, and the second factor is asked for if it is needed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = now
    request.session.pop(CODE_GIVEN, None)
    needed = settings.LANTERN_REQUIRE_2FA or TOTPDevice.objects.filter(
        user=user, confirmed=True).exists()
    request.session[CODE_NEEDED] = needed


class SessionTimeoutMiddleware:
    """Sign out after LANTERN_SESSION_IDLE_MINUTES without a request, or
    LANTERN_SESSION_ABSOLUTE_HOURS after signing in, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._check(request)
            if expired:
                security_event_record(kind=SecurityKind.SESSION_EXPIRED, at=timezone.now(),
                                      request=request, user=user, detail=expired)
                request.lantern_session_expired = True
                logout(request)
                messages.info(request, f"You were signed out {expired}. Sign in again to carry on.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _check(request) -> str:
        """Why the session has ended ('' while it has not); moves the last-seen time on."""
        session, now = request.session, timezone.now().timestamp()
        began, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
        if began is None or seen is None:  # a session from before the clocks: start them now
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
            return ""
        idle = settings.LANTERN_SESSION_IDLE_MINUTES
        hours = settings.LANTERN_SESSION_ABSOLUTE_HOURS
        if now - began >= hours * 3600:
            return f"{hours} hour{'s' if hours != 1 else ''} after signing in"
        if now - seen >= idle * 60:
            return f"after {idle} minute{'s' if idle != 1 else ''} without activity"
        if now - seen >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return ""


class SecondFactorMiddleware:
    """Until the code is given, a signed-in user who needs one reaches only the code pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(CODE_GIVEN):
            return None
        if not (settings.LANTERN_REQUIRE_2FA or request.session.get(CODE_NEEDED)):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in BEFORE_CODE:
            return None
        return redirect(f"{_verify_url()}?{urlencode({'next': request.get_full_path()})}")


def _verify_url() -> str:
    from django.urls import reverse

    return reverse("security:verify")
