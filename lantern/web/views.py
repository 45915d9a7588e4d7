from django import forms
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect
from django.views.decorators.http import require_POST


class SignInForm(AuthenticationForm):
    username = forms.CharField(label="Username", max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}))
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }


class SignInView(LoginView):
    template_name = "web/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True




@require_POST
def sign_out(request):
    logout(request)
    return redirect("web:sign-in")


def home(request):
    return redirect("obligations:my-work")


def _refused(request, *, kind: str, detail: str, template: str, status: int):
    """A refused request: its page, and a security event with who sent it (when signed in)."""
    from django.shortcuts import render
    from django.utils import timezone

    from lantern.audit.services import security_event_record

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    security_event_record(kind=kind, at=timezone.now(), request=request, user=user if signed_in else None,
                          detail=detail)
    return render(request, template, status=status)


def page_not_found(request, exception=None):
    """The GOV.UK 'page not found' page, the same for a record that does not exist and one the
    reader may not see. A signed-in reader's refusal is a security event (ids tried in turn
    show up there); anonymous requests are already sent to sign in for every real page."""
    from django.shortcuts import render

    from lantern.audit.models import SecurityKind

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return render(request, "web/404.html", status=404)
    return _refused(request, kind=SecurityKind.NOT_FOUND, detail=f"{request.method} {request.path}",
                    template="web/404.html", status=404)


def bad_request(request, exception=None):
    """A request refused as too large, with too many fields or otherwise malformed: nothing is
    read from it or saved, the sender is told, and it is a security event."""
    from lantern.audit.models import SecurityKind

    why = type(exception).__name__ if exception is not None else "Bad request"
    return _refused(request, kind=SecurityKind.BAD_REQUEST, detail=f"{why}: {request.method} {request.path}",
                    template="web/400.html", status=400)


def csrf_failure(request, reason=""):
    """A form sent without its token, with a forged one or from another site: refused with a
    page that says what to do, nothing saved, and a security event."""
    from lantern.audit.models import SecurityKind

    return _refused(request, kind=SecurityKind.BAD_REQUEST,
                    detail=f"Form token refused ({reason}): {request.method} {request.path}",
                    template="web/403_csrf.html", status=403)
