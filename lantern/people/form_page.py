"""One recording page on a child's record, as every area draws it: the record's frame, a
form (or why it is not offered), the service's refusals on the form with nothing saved, and
back to the area's page once it is saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import access_record
from lantern.web.forms import add_service_errors

from .frame import record_frame
from .selectors import child_record


def child_form_page(request, child_id, *, allowed, section: str, back: str, back_text: str, page: str,
                    make, save, heading: str, button: str, done: str, load=None, needs=None, caption=None,
                    refusals: tuple = (), context=None):
    """The page for ``allowed`` roles (404 for others, and for a child the reader may not see).

    ``load(child)`` fetches what the page is about (404 when it is not the child's);
    ``needs(child, thing)`` says why the form is not offered ('' when it is);
    ``make(data, child, thing)`` builds the form; ``save(actor, now, child, thing, form)``
    calls the service, whose ValidationError, NotPermitted or ``refusals`` show on the form;
    ``caption(thing)`` is the line above the heading; ``context(child, today)`` adds to the
    template's context. ``section`` marks the record's navigation, ``back`` is the area's
    page (a URL name taking the child), ``page`` the name the access log gives the view."""
    if request.user.role not in allowed:
        raise Http404("No such page")
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    thing = load(child) if load else None
    unavailable = needs(child, thing) if needs else ""
    form = None if unavailable else make(request.POST if request.method == "POST" else None, child, thing)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            save(request.user, now, child, thing, form)
        except ValidationError as error:
            add_service_errors(form, error)
        except (NotPermitted, *refusals) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return redirect(back, child.pk)
    access_record(user=request.user, child=child, page=page)
    sections = form.section_fields() if hasattr(form, "section_fields") else [("", list(form or ()))]
    return render(request, "people/child_form.html", {
        **record_frame(request.user, child, today=today, section=section), "child": child,
        **(context(child, today) if context else {}),
        "form": form, "sections": sections, "heading": heading, "button": button, "unavailable": unavailable,
        "caption": caption(thing) if caption and thing is not None else "", "back": back, "back_text": back_text})
