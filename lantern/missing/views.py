"""Pages of missing children: on the child's record, their episodes with the return home
interviews and M1 clocks, and a page to record an episode, a return and an interview; for
managers and analysts, the service's missing children (missing now, returns awaiting an
interview, interviews within 72 hours over the year, repeat missing)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lantern.audit.services import access_record
from lantern.people.form_page import child_form_page
from lantern.people.frame import record_frame
from lantern.people.selectors import child_record
from lantern.staff.models import MANAGER_ROLES, Role

from . import forms as f
from .selectors import (
    REPEAT_FLAG,
    child_missing,
    episode_of,
    interview_of,
    repeat_rule,
    service_overview,
)
from .services import (
    RECORDERS,
    missing_episode_record,
    missing_return_record,
    return_interview_record,
    when,
)

READERS = MANAGER_ROLES | {Role.PERFORMANCE}


def _frame(request, child, today) -> dict:
    return {**record_frame(request.user, child, today=today, section="missing"), "child": child}


def index_page(request, child_id: int):
    """The child's missing and away episodes, newest first."""
    now = timezone.now()
    today = timezone.localdate(now)
    child = child_record(request.user, child_id, today=today)
    access_record(user=request.user, child=child, page="missing:index")
    return render(request, "missing/index.html", {
        **_frame(request, child, today), "record": child_missing(child, now=now),
        "can_record": request.user.role in RECORDERS, "repeat_flag": REPEAT_FLAG})


def _form_page(request, child_id, *, make, page, needs=None, **kwargs):
    """One recording page of the child's missing episodes (``make(data, episode)``,
    ``needs(episode)``): the shared child form page."""
    return child_form_page(request, child_id, allowed=RECORDERS, section="missing", back="missing:index",
                           back_text="Back to missing episodes", page=f"missing:{page}",
                           make=lambda data, _child, thing: make(data, thing),
                           needs=(lambda _child, thing: needs(thing)) if needs else None, **kwargs)


def _describe(episode) -> str:
    text = f"{episode.get_kind_display()} from {episode.missing_from} since {when(episode.started_at)}"
    if episode.returned_at:
        text += f", returned {when(episode.returned_at)}"
    return text


def new_page(request, child_id: int):
    def save(actor, now, child, _thing, form):
        missing_episode_record(actor=actor, now=now, child=child, **form.service_kwargs())

    return _form_page(request, child_id, make=lambda data, _none: f.EpisodeForm(data), save=save, page="new",
                      heading="Record a missing episode", button="Save the episode",
                      done="Missing episode recorded")


def _loader(episode_id):
    return lambda child: episode_of(child, episode_id)


def return_page(request, child_id: int, episode_id: int):
    def save(actor, now, _child, episode, form):
        missing_return_record(actor=actor, now=now, episode=episode, **form.service_kwargs())

    return _form_page(request, child_id, make=lambda data, _episode: f.ReturnForm(data), save=save, page="return",
                      heading="Record the return", button="Save the return", done="Return recorded",
                      load=_loader(episode_id), caption=_describe,
                      needs=lambda e: f"The return was recorded: {when(e.returned_at)}." if e.returned_at else "")


def _interview_needed(episode) -> str:
    if episode.returned_at is None:
        return "Record the child's return first: the interview follows the return."
    interview = interview_of(episode)
    if interview and interview.held_at:
        return f"The return home interview was held {when(interview.held_at)}."
    if interview and interview.accepted is False:
        return "The child declined the return home interview."
    return ""


def _interview_form(data, episode):
    known = interview_of(episode)
    initial = {"offered_at": known.offered_at,
               "accepted": {True: "yes", False: "no"}.get(known.accepted, "not_yet")} if known else {}
    return f.InterviewForm(data, initial=initial)


def interview_page(request, child_id: int, episode_id: int):
    def save(actor, now, _child, episode, form):
        return_interview_record(actor=actor, now=now, episode=episode, **form.service_kwargs())

    return _form_page(request, child_id, make=_interview_form, save=save, page="interview",
                      heading="Record the return home interview", button="Save the interview",
                      done="Return home interview recorded", load=_loader(episode_id), caption=_describe,
                      needs=_interview_needed)


def service_page(request):
    """Managers, senior leaders and analysts; others get a 404."""
    if request.user.role not in READERS:
        raise Http404("No such page")
    overview = service_overview(request.user, now=timezone.now())
    episodes, days = repeat_rule()
    return render(request, "missing/service.html", {
        "overview": overview, "repeat_episodes": episodes, "repeat_days": days,
        "repeat_flag": REPEAT_FLAG})
