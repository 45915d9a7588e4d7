"""Data protection pages: the subject access export, the retention review and legal holds.
Hidden (404) from everyone without a data-protection role."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.web.forms import add_service_errors

from .forms import FindChildForm, HoldForm, SubjectAccessForm
from .retention import rules
from .selectors import (
    current_hold,
    current_holds,
    require_data_protection,
    retention_review,
    subject_by_council_id,
    subject_by_id,
)
from .services import legal_hold_lift, legal_hold_place, subject_access_export


def subject_access_page(request):
    """A form for the child's council ID; the answer is the document, as a download."""
    require_data_protection(request.user)
    form = SubjectAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = subject_access_export(actor=request.user, now=timezone.now(),
                                             council_id=form.cleaned_data["council_id"],
                                             out="a download from the subject access page", request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = HttpResponse(document.html, content_type="text/html; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "privacy/subject_access.html", {"form": form})


def retention_page(request):
    """Records past their retention period, worked out from the live record; legal holds."""
    require_data_protection(request.user)
    find = FindChildForm(request.GET if "council_id" in request.GET else None)
    if find.is_bound and find.is_valid():
        try:
            child = subject_by_council_id(request.user, find.cleaned_data["council_id"])
        except ValidationError as error:
            add_service_errors(find, error)
        else:
            return redirect("privacy:hold", child.pk)
    today = timezone.localdate()
    return render(request, "privacy/retention.html", {
        "review": retention_review(request.user, today=today), "today": today, "rules": rules(),
        "holds": current_holds(request.user), "form": find})


def hold_page(request, child_id: int):
    """Place a legal hold on a child's record, or lift the current one; a reason either way."""
    child = subject_by_id(request.user, child_id)
    hold = current_hold(child)
    form = HoldForm(request.POST if request.method == "POST" else None, placing=hold is None)
    if request.method == "POST" and form.is_valid():
        service = legal_hold_place if hold is None else legal_hold_lift
        try:
            service(actor=request.user, now=timezone.now(), child=child, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Legal hold placed" if hold is None else "Legal hold lifted")
            return redirect("privacy:retention")
    return render(request, "privacy/hold.html", {"child": child, "hold": hold, "form": form})
