"""The second factor after the password, password reset, and the security events page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from lantern.access.policy import NotPermitted
from lantern.audit.models import SecurityKind
from lantern.audit.selectors import security_events
from lantern.audit.services import security_event_record

from .forms import (
    AccountFilterForm,
    CodeForm,
    EventFilterForm,
    NewPasswordForm,
    RecoveryCodeForm,
    ResetRequestForm,
    SecondFactorResetForm,
)
from .middleware import CODE_GIVEN, CODE_NEEDED
from .selectors import account_for_reset, second_factors
from .services import (
    password_reset_finish,
    recovery_code_check,
    recovery_codes_issue,
    recovery_codes_left,
    second_factor_check,
    second_factor_device,
    second_factor_qr,
    second_factor_reset,
    second_factor_secret,
    second_factor_start,
)

WRONG_CODE = "The security code is not right: enter the code your app shows now"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _code_needed(request) -> bool:
    return bool(settings.LANTERN_REQUIRE_2FA or request.session.get(CODE_NEEDED))


def verify(request):
    """After the password: the code from the user's authenticator app."""
    if request.session.get(CODE_GIVEN) or not _code_needed(request):
        return redirect(_next(request))
    device = second_factor_device(request.user)
    if device is None:
        return redirect(f"{reverse('security:enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_check(actor=request.user, request=request, device=device,
                               code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", WRONG_CODE)
    return render(request, "security/verify.html", {"form": form, "next": _next(request)})


def enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), then give a code."""
    device = second_factor_device(request.user)
    if device is not None:
        if not request.session.get(CODE_GIVEN) and _code_needed(request):
            return redirect(f"{reverse('security:verify')}?{urlencode({'next': _next(request)})}")
        return render(request, "security/enrolled.html", {
            "device": device, "codes_left": recovery_codes_left(request.user)})
    device = second_factor_start(actor=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_check(actor=request.user, request=request, device=device,
                               code=form.cleaned_data["code"], setting_up=True):
            messages.success(request, "Your authenticator app is set up. Lantern will ask for a code "
                                      "from it each time you sign in. Now make your recovery codes.")
            return redirect(f"{reverse('security:recovery-codes')}?{urlencode({'next': _next(request)})}")
        form.add_error("code", WRONG_CODE)
    return render(request, "security/enrol.html", {
        "form": form, "next": _next(request), "qr": second_factor_qr(device),
        "secret": second_factor_secret(device), "required": settings.LANTERN_REQUIRE_2FA})


WRONG_RECOVERY_CODE = "The recovery code is not right, or it has been used: enter one you have not used"


def recovery(request):
    """After the password, instead of the app's code: one of the user's recovery codes."""
    if request.session.get(CODE_GIVEN) or not _code_needed(request):
        return redirect(_next(request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if recovery_code_check(actor=request.user, request=request, code=form.cleaned_data["code"]):
            left = recovery_codes_left(request.user)
            messages.success(request, f"You signed in with a recovery code. You have {left} left: "
                                      "make new ones from 'Your authenticator app' if you are running out.")
            return redirect(_next(request))
        form.add_error("code", WRONG_RECOVERY_CODE)
    return render(request, "security/recovery.html", {"form": form, "next": _next(request)})


def recovery_codes(request):
    """How many recovery codes the user has left, and a new set (shown once) on request."""
    if second_factor_device(request.user) is None:
        return redirect(f"{reverse('security:enrol')}?{urlencode({'next': _next(request)})}")
    if request.method == "POST":
        codes = recovery_codes_issue(actor=request.user, request=request)
        return render(request, "security/recovery_codes_new.html", {"codes": codes, "next": _next(request)})
    return render(request, "security/recovery_codes.html", {
        "codes_left": recovery_codes_left(request.user), "next": _next(request)})


def second_factor_list(request):
    """Administrators: each staff account's authenticator app and recovery codes."""
    form = AccountFilterForm(request.GET or None)
    name = form.cleaned_data["name"].strip() if form.is_valid() else ""
    try:
        accounts = second_factors(request.user, name=name)
    except NotPermitted:
        raise Http404("No such page") from None
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "security/second_factors.html", {"form": form, "page": page})


def second_factor_reset_page(request, user_id: int):
    """Administrators: remove someone's app and codes so they set up a new app (a lost phone)."""
    from django.core.exceptions import ValidationError

    from lantern.web.forms import add_service_errors

    account = account_for_reset(request.user, user_id)
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor_reset(actor=request.user, user=account, reason=form.cleaned_data["reason"],
                                request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{account.get_full_name()}'s second factor is reset. They set up a new "
                                      "authenticator app the next time they sign in.")
            return redirect("security:second-factors")
    return render(request, "security/second_factor_reset.html", {
        "form": form, "account": account, "has_app": second_factor_device(account) is not None,
        "codes_left": recovery_codes_left(account)})


@method_decorator(login_not_required, name="dispatch")
class ResetRequestView(auth_views.PasswordResetView):
    template_name = "security/password_reset.html"
    email_template_name = "security/password_reset_email.txt"
    subject_template_name = "security/password_reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("security:password-reset-sent")

    def form_valid(self, form):
        response = super().form_valid(form)
        email = form.cleaned_data["email"]
        user = next(iter(form.get_users(email)), None)
        security_event_record(kind=SecurityKind.PASSWORD_RESET_REQUESTED, at=timezone.now(),
                              request=self.request, user=user,
                              detail="Reset link sent" if user else "No account uses this email address")
        return response


@method_decorator(login_not_required, name="dispatch")
class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "security/password_reset_sent.html"


@method_decorator(login_not_required, name="dispatch")
class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "security/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("security:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset_finish(actor=form.user, request=self.request)
        return response


@method_decorator(login_not_required, name="dispatch")
class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "security/password_reset_complete.html"


def events(request):
    """Sign-ins, failures, lockouts, second-factor refusals, resets and exports."""
    form = EventFilterForm(request.GET or None)
    kind = username = ""
    if form.is_valid():
        kind, username = form.cleaned_data["kind"], form.cleaned_data["user"].strip()
    try:
        found = security_events(request.user, kind=kind, username=username)
    except NotPermitted:
        raise Http404("No such page") from None
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "security/events.html", {"form": form, "page": page})


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers while a username is locked (AXES_LOCKOUT_CALLABLE): the same
    page whether or not an account has the username."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/locked_out.html", {"minutes": minutes}, status=429)
