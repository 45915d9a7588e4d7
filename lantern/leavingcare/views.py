"""The child's leaving care page: their category and keeping in touch at each birthday."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import access_record
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.web.forms import add_service_errors

from .forms import KeepingInTouchForm
from .selectors import leaving_care
from .services import RECORDERS, keeping_in_touch_record


def index_page(request, child_id: int):
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    can_record = request.user.role in RECORDERS
    form = KeepingInTouchForm(request.POST or None) if can_record else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            keeping_in_touch_record(actor=request.user, now=now, child=child,
                                    **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        except NotPermitted as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Keeping in touch recorded")
            return redirect("leavingcare:index", child.pk)
    access_record(user=request.user, child=child, page="leavingcare:index")
    return render(request, "leavingcare/index.html", {
        **record_frame(request.user, child, today=today, section="leaving-care"), "child": child,
        **leaving_care(child, today=today), "form": form})
