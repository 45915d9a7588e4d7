from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.staff.models import MANAGER_ROLES, Role

from .models import AccessEvent
from .services import access_record

VIEWERS_OF_ACCESS_LOG = MANAGER_ROLES | {Role.ADMIN}


def viewed_by(request, child_id: int):
    """Who has looked at this child's record: for managers and data protection."""
    if request.user.role not in VIEWERS_OF_ACCESS_LOG:
        raise Http404("No such page")
    today = timezone.localdate()
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="audit:viewed-by")
    events = AccessEvent.objects.filter(child=child).select_related("user").order_by("-at", "-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/viewed_by.html", {
        **record_frame(request.user, child, today=today, section="viewed-by"),
        "child": child, "page": page})
