"""Pages of access: emergency access, a child's restrictions and grants, and the reports of
restrictions past review, emergency uses and grants ending soon."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.audit.models import AccessKind
from lantern.audit.services import access_record
from lantern.people.frame import record_frame
from lantern.people.models import Relationship
from lantern.people.selectors import child_record
from lantern.staff.models import Role, User
from lantern.web.forms import add_service_errors

from . import forms as f
from . import selectors as s
from .models import Grant
from .policy import NotPermitted, can_see_child
from .services import (
    CHANGERS,
    BreakGlassRefused,
    break_glass_open,
    break_glass_review,
    grant_give,
    grant_revoke,
    restriction_end,
    restriction_review,
    restriction_set,
    staff_link_record,
)


def emergency(request):
    """Open a record you cannot normally see, in an emergency, giving a reason."""
    if request.user.role == Role.ADMIN:
        raise Http404("No such page")
    form = f.EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = break_glass_open(actor=request.user, identifier=form.cleaned_data["identifier"],
                                      reason=form.cleaned_data["reason"], now=timezone.now(), request=request)
        except BreakGlassRefused as refused:
            form.add_error("identifier", str(refused))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if opened.grant is not None:
                request.session.cycle_key()
                access_record(user=request.user, child=opened.child, page="access:emergency",
                              kind=AccessKind.BREAK_GLASS)
                messages.success(request, "Emergency access opened until "
                                 f"{timezone.localtime(opened.grant.expires):%-I:%M%p on %-d %B %Y}"
                                 .replace("AM", "am").replace("PM", "pm")
                                 + ". The child's team manager has been told.")
            return redirect("people:record", opened.child.pk)
    if form.is_bound and "identifier" in form.errors:
        form.data = form.data.copy()
        form.data["identifier"] = ""  # the same page whatever was typed
    return render(request, "access/emergency.html", {"form": form})


def _changer_or_owner(user, restrictions) -> bool:
    return user.role in CHANGERS or s.is_owner(user, restrictions)


def child_page(request, child_id: int):
    """The child's restrictions and who has access: set, review and lift; give and revoke."""
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    access = s.child_access(child, now=now)
    if not _changer_or_owner(request.user, access.restrictions):
        raise Http404("No such page")
    access_record(user=request.user, child=child, page="access:child")
    action = request.POST.get("action") if request.method == "POST" else None
    bound = {name: (request.POST if action == name else None)
             for name in ("restrict", "review", "end", "grant", "revoke", "link")}
    restriction = access.restrictions[0] if access.restrictions else None
    if action in ("review", "end"):
        restriction = next((r for r in access.restrictions if str(r.pk) == request.POST.get("restriction")), None)
        if restriction is None:
            raise Http404("No such restriction")
    forms = {"restrict": f.RestrictionForm(bound["restrict"], prefix="restrict"),
             "review": f.ReviewForm(bound["review"], prefix="review"),
             "end": f.EndForm(bound["end"], prefix="end"),
             "grant": f.GrantForm(bound["grant"], prefix="grant"),
             "revoke": f.RevokeForm(bound["revoke"], prefix="revoke")}
    if request.user.role in CHANGERS:
        relationships = list(Relationship.objects.filter(child=child, adult__isnull=False)
                             .select_related("adult").order_by("adult__last_name", "adult__first_name", "id"))
        forms["link"] = f.StaffLinkForm(bound["link"], prefix="link", child=child, relationships=relationships)
    form = forms.get(action)
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if action == "restrict":
                restriction_set(actor=request.user, child=child, kind=d["kind"], reason=d["reason"],
                                review_by=d["review_by"], today=today, now=now)
                done = "Record restricted"
            elif action == "review":
                restriction_review(actor=request.user, restriction=restriction, review_by=d["review_by"],
                                   note=d["note"], today=today, now=now)
                done = "Restriction reviewed"
            elif action == "end":
                restriction_end(actor=request.user, restriction=restriction, reason=d["end_reason"], now=now)
                done = "Restriction lifted"
            elif action == "grant":
                user = User.objects.filter(username=d["username"].strip(), is_active=True).first()
                if user is None:
                    raise ValidationError({"username": "No active member of staff has that username"})
                grant_give(actor=request.user, child=child, user=user, reason=d["reason"], kind=d["kind"], now=now)
                done = f"Access given to {user}"
            elif action == "link":
                user = User.objects.filter(username=d["username"].strip()).first()
                if user is None:
                    raise ValidationError({"username": "No member of staff has that username"})
                adult = next((r.adult for r in relationships if f"adult-{r.adult_id}" == d["person"]), None)
                staff_link_record(actor=request.user, user=user, reason=d["link_reason"], today=today, now=now,
                                  child=child if d["person"] == "child" else None, adult=adult)
                done = f"{user} linked to this family: the record is restricted and they cannot see it"
            else:
                grant = next((g for g in access.grants if g.pk == d["grant"]), None)
                if grant is None:
                    raise ValidationError({"revoke_reason": "That access has already ended"})
                grant_revoke(actor=request.user, grant=grant, reason=d["revoke_reason"], now=now)
                done = f"Access for {grant.user} ended"
        except NotPermitted as refused:
            form.add_error(None, str(refused))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            if not can_see_child(request.user, child):
                return redirect("people:search")
            return redirect("access:child", child.pk)
    has_errors = any(fm.errors for fm in forms.values())
    return render(request, "access/child.html", {
        **record_frame(request.user, child, today=today, section="access"), "child": child,
        "access": access, "forms": forms, "action": action, "has_errors": has_errors, "today": today})


def _readers(user, roles):
    if user.role not in roles:
        raise Http404("No such page")


def restrictions_report(request):
    """Restricted records past their review date."""
    _readers(request.user, s.REPORT_READERS)
    today = timezone.localdate()
    return render(request, "access/restrictions_report.html", {
        "rows": s.restrictions_past_review(request.user, today=today), "today": today})


def flags_report(request):
    """Emergency uses flagged to the reader, unreviewed first."""
    _readers(request.user, s.FLAG_READERS)
    show_all = request.GET.get("show") == "all"
    return render(request, "access/flags_report.html", {
        "rows": s.break_glass_flags(request.user, unreviewed_only=not show_all), "show_all": show_all})


def flag_review(request, flag_id: int):
    """Review one emergency use: say what was found."""
    _readers(request.user, s.FLAG_READERS)
    flag = s.break_glass_flag(request.user, flag_id)
    if flag is None:
        raise Http404("No such emergency access")
    form = f.BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and flag.reviewed_at is None and form.is_valid():
        try:
            break_glass_review(actor=request.user, flag=flag, note=form.cleaned_data["note"], now=timezone.now())
        except NotPermitted as refused:
            form.add_error(None, str(refused))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Emergency access reviewed")
            return redirect("access:flags")
    return render(request, "access/flag_review.html", {"flag": flag, "form": form})


def break_glass_report(request):
    """Every use of emergency access, for data protection."""
    _readers(request.user, s.DATA_PROTECTION_READERS)
    page = Paginator(s.break_glass_all(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "access/break_glass_report.html", {"page": page})


def grants_report(request):
    """Access to records ending in the next two weeks."""
    _readers(request.user, s.REPORT_READERS)
    now = timezone.now()
    return render(request, "access/grants_report.html", {
        "rows": s.grants_expiring(request.user, now=now), "days": s.EXPIRING_DAYS, "now": now,
        "kinds": dict(Grant._meta.get_field("kind").choices)})


def staff_links_report(request):
    """Staff accounts linked to a child or a family, and the records restricted because of them."""
    _readers(request.user, s.REPORT_READERS)
    return render(request, "access/staff_links_report.html", {"rows": s.staff_links(request.user)})
