from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from .selectors import latest_check
from .services import RUNNERS, data_quality_check
from .validation import KNOWN_903_CRASHES, ValidatorUnavailable


def data_quality_page(request):
    """What the DfE validators say about the current data, the children behind each rule
    (only those the user may see), each linked to their record to put it right."""
    can_run = request.user.role in RUNNERS
    if request.method == "POST" and can_run:
        try:
            data_quality_check(actor=request.user, today=timezone.localdate())
        except ValidatorUnavailable as why:
            messages.error(request, f"The check could not run: {why}")
        else:
            messages.success(request, "Data-quality check finished")
        return redirect("returns:quality")
    checks = []
    for ret, label in (("cin", "CIN census"), ("ssda903", "SSDA903 (children looked after)")):
        run, failures = latest_check(request.user, ret)
        # Known crashes are not kept (runs from before that kept 231 and 233).
        unexpected = [c for c in run.crashed if c not in KNOWN_903_CRASHES] if run else []
        checks.append({
            "ret": ret, "label": label, "run": run, "failures": failures,
            "crashed": ("Some rules failed to run in the validator itself: " + ", ".join(unexpected))
            if unexpected else "",
            "errors": sum(1 for f in failures if f.type == "ERROR"),
            "queries": sum(1 for f in failures if f.type != "ERROR")})
    return render(request, "returns/quality.html", {"checks": checks, "can_run": can_run})
