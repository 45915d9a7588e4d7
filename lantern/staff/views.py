from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.web.forms import add_service_errors

from .forms import AllocateForm
from .models import AllocationKind
from .selectors import allocatable_workers
from .services import ALLOCATORS, AllocationError, allocation_change


def allocate(request, child_id: int):
    """Allocate (or change) the child's social worker."""
    if request.user.role not in ALLOCATORS:
        raise Http404("No such page")
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    form = AllocateForm(request.POST or None, workers=allocatable_workers(request.user),
                        needs_reason=child.social_worker is not None)
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["worker"]
        try:
            allocation_change(actor=request.user, today=today, child=child,
                              kind=AllocationKind.SOCIAL_WORKER, worker=worker, team=worker.team,
                              start=form.cleaned_data["start"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except AllocationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{child.full_name} allocated to {worker}")
            return redirect("people:record", child.pk)
    return render(request, "staff/allocate.html", {
        **record_frame(request.user, child, today=today, section="allocate"),
        "child": child, "form": form})
