"""Missing episodes through their pages: the child's episodes with interviews and clocks, the
three recording pages (GOV.UK errors, nothing saved on error), the service page for managers
and analysts listing only the children they may see, the chronology, and query bounds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lantern.audit.models import AccessEvent, AuditEvent
from lantern.core.calendar import LONDON
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.people.factories import ChildFactory

from .helpers import interviewed, went_missing

pytestmark = pytest.mark.django_db


def moment(prefix, when):
    local = when.astimezone(LONDON)
    return {f"{prefix}_day": local.day, f"{prefix}_month": local.month, f"{prefix}_year": local.year,
            f"{prefix}_hour": f"{local.hour:02}", f"{prefix}_minute": f"{local.minute:02}"}


def row(body, element_id):
    part = body[body.index(f'id="{element_id}"'):]
    return part[:part.index("</tr>")]


def ago(**kwargs):
    return (timezone.now() - timedelta(**kwargs)).replace(second=0, microsecond=0)


def history(world):
    """Three episodes in the last month: an interview within 72 hours, one late, and a child
    missing now. The third start makes the child repeat missing."""
    now = timezone.now()
    first = went_missing(world, ago(days=20, hours=10), ago(days=20), now=now, where_found="City centre")
    interviewed(world, first, ago(days=19), now=now, by_whom="Return interview service",
                exploitation_concerns=True, child_said="I went to see my cousin")
    second = went_missing(world, ago(days=10, hours=5), ago(days=10), now=now, kind="A")
    interviewed(world, second, ago(days=5), now=now)
    third = went_missing(world, ago(hours=30), ago(hours=20), now=now)
    return first, second, third


def url(child, tail=""):
    return f"/children/{child.pk}/missing/{tail}"


def test_the_childs_episodes_with_interviews_clocks_and_the_repeat_flag(client, world,
                                                                        django_assert_max_num_queries):
    first, second, third = history(world)
    client.force_login(world.users["social_worker"])
    client.get(url(world.child))  # the session settles
    with django_assert_max_num_queries(12):
        page = client.get(url(world.child))
    body = page.content.decode()
    assert page.status_code == 200 and body.count("<h1") == 1
    assert f'href="/children/{world.child.pk}/missing/"' in body and "Missing episodes" in body
    assert "Repeat missing: consider a strategy discussion" in body
    one = row(body, f"episode-{first.pk}")
    assert "After 10 hours" in one and "City centre" in one and "Return interview service" in one
    assert "Exploitation concerns" in one and "Yes" in one and "Met in time" in one
    late = row(body, f"episode-{second.pk}")
    assert "Away from placement without authorisation" in late and "After 5 hours" in late
    assert "Met late" in late and ">\n  No\n</strong>" in late
    waiting = row(body, f"episode-{third.pk}")
    assert "Not offered yet" in waiting and ("In time" in waiting or "Due soon" in waiting)
    assert f"/missing/{third.pk}/interview/" in waiting
    assert AccessEvent.objects.filter(child=world.child, page="missing:index").exists()


def test_the_page_does_not_grow_with_the_history(client, world, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(12):
        episode = went_missing(world, ago(days=300 - 20 * n, hours=5), ago(days=300 - 20 * n), now=now)
        interviewed(world, episode, ago(days=299 - 20 * n), now=now)
    client.force_login(world.users["social_worker"])
    client.get(url(world.child))
    with django_assert_max_num_queries(12):
        assert client.get(url(world.child)).content.decode().count('id="episode-') == 12


def test_a_stranger_gets_404_on_every_page(client, world):
    first, _second, third = history(world)
    client.force_login(world.users["stranger"])
    for tail in ("", "new/", f"{third.pk}/interview/", f"{first.pk}/return/"):
        assert client.get(url(world.child, tail)).status_code == 404
    assert client.post(url(world.child, "new/"), {"kind": "M"}).status_code == 404
    # Someone who may see the child but not record sees the episodes without the links.
    client.force_login(world.users["performance"])
    body = client.get(url(world.child)).content.decode()
    assert "Record a missing episode" not in body and "/interview/" not in body
    assert client.get(url(world.child, "new/")).status_code == 404


def test_recording_an_episode_and_its_return(client, world):
    client.force_login(world.users["social_worker"])
    form = client.get(url(world.child, "new/")).content.decode()
    assert 'name="started_at_hour"' in form and "<title>Record a missing episode" in form
    started = ago(hours=6)
    response = client.post(url(world.child, "new/"), {
        "kind": "M", **moment("started_at", started), "missing_from": "Foster home",
        **moment("reported_to_police_at", started + timedelta(minutes=40)), "risk_notes": "Phone off"})
    assert response.status_code == 302 and response["Location"] == url(world.child)
    episode = MissingEpisode.objects.get()
    assert (episode.started_at, episode.returned_at, episode.reported_to_police_at) == (
        started, None, started + timedelta(minutes=40))
    body = client.get(url(world.child)).content.decode()
    assert "Missing now" in body and "Still missing" in body
    ret = url(world.child, f"{episode.pk}/return/")
    assert "Foster home" in client.get(ret).content.decode()
    response = client.post(ret, {**moment("returned_at", ago(hours=1)), "where_found": "Bus station"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.where_found == "Bus station" and episode.returned_at == ago(hours=1)
    assert "The return was recorded" in client.get(ret).content.decode()


def test_refused_episodes_show_the_errors_and_save_nothing(client, world):
    client.force_login(world.users["social_worker"])
    events = AuditEvent.objects.count()
    started = ago(hours=6)
    body = client.post(url(world.child, "new/"), {
        "kind": "M", **moment("started_at", started), "missing_from": "Home",
        **moment("returned_at", started - timedelta(hours=1))}).content.decode()
    assert "<title>Error: " in body and "govuk-error-summary" in body
    assert "The return cannot be before the child went missing" in body
    assert 'href="#id_returned_at_day"' in body
    body = client.post(url(world.child, "new/"), {
        "kind": "Z", "started_at_day": "31", "started_at_month": "2", "started_at_year": "2025",
        "started_at_hour": "10", "started_at_minute": "00"}).content.decode()
    assert "<title>Error: " in body and "must be a real date" in body
    assert "Enter where the child went missing from" in body
    future = timezone.now() + timedelta(days=2)
    body = client.post(url(world.child, "new/"), {"kind": "M", **moment("started_at", future),
                                                  "missing_from": "Home"}).content.decode()
    assert "must be now or in the past" in body
    went_missing(world, ago(days=2), ago(days=1), now=timezone.now())
    body = client.post(url(world.child, "new/"), {"kind": "A", **moment("started_at", ago(days=1, hours=2)),
                                                  "missing_from": "Home"}).content.decode()
    assert "This overlaps the episode from" in body
    assert MissingEpisode.objects.count() == 1 and AuditEvent.objects.count() == events + 1


def test_recording_the_interview(client, world):
    episode = went_missing(world, ago(hours=30), ago(hours=20), now=timezone.now())
    client.force_login(world.users["social_worker"])
    page = url(world.child, f"{episode.pk}/interview/")
    assert 'name="push_pull_factors"' in client.get(page).content.decode()
    good = {**moment("offered_at", ago(hours=19)), "accepted": "yes", **moment("held_at", ago(hours=2)),
            "child_said": "I was with friends", "push_pull_factors": "Rows at home",
            "exploitation_concerns": "no", "actions": "Safety plan"}
    body = client.post(page, good).content.decode()
    assert "<title>Error: " in body and "Enter who held the interview" in body
    assert not ReturnInterview.objects.exists()
    body = client.post(page, {**good, "by_whom": "Service", **moment("held_at", ago(hours=25))}).content.decode()
    assert "The interview cannot be held before the return" in body
    response = client.post(page, {**good, "by_whom": "Barnardo's return interviews"})
    assert response.status_code == 302
    interview = ReturnInterview.objects.get()
    assert (interview.accepted, interview.exploitation_concerns, interview.by_whom) == (
        True, False, "Barnardo's return interviews")
    assert "was held" in client.get(page).content.decode()
    body = client.get(url(world.child)).content.decode()
    assert "Met in time" in row(body, f"episode-{episode.pk}")


def test_a_declined_interview_needs_a_reason_on_the_page(client, world):
    episode = went_missing(world, ago(hours=30), ago(hours=20), now=timezone.now())
    client.force_login(world.users["social_worker"])
    page = url(world.child, f"{episode.pk}/interview/")
    body = client.post(page, {**moment("offered_at", ago(hours=19)), "accepted": "no"}).content.decode()
    assert "Enter why the child declined the interview" in body and not ReturnInterview.objects.exists()
    client.post(page, {**moment("offered_at", ago(hours=19)), "accepted": "no",
                       "declined_reason": "Did not want to talk"})
    assert ReturnInterview.objects.get().accepted is False
    assert "declined" in client.get(page).content.decode()


@pytest.mark.parametrize("tail", ["new/", "{episode}/return/", "{episode}/interview/"])
def test_the_forms_stay_within_their_query_budget(client, world, tail, django_assert_max_num_queries):
    now = timezone.now()
    for n in range(6):
        went_missing(world, ago(days=60 - 5 * n, hours=3), ago(days=60 - 5 * n), now=now)
    episode = went_missing(world, ago(hours=5), now=now)
    client.force_login(world.users["social_worker"])
    client.get(url(world.child))
    with django_assert_max_num_queries(10):
        assert client.get(url(world.child, tail.format(episode=episode.pk))).status_code == 200


def test_an_episode_of_another_child_is_404(client, world):
    other = went_missing(world, ago(days=3), ago(days=2), child=world.other_child,
                         actor=world.users["stranger"], now=timezone.now())
    client.force_login(world.users["team_manager"])
    assert client.get(url(world.child, f"{other.pk}/interview/")).status_code == 404
    assert client.get(url(world.child, "999999/return/")).status_code == 404


def test_the_service_page_lists_only_what_the_reader_may_see(client, world, django_assert_max_num_queries):
    now = timezone.now()
    first, second, third = history(world)
    missing_now = went_missing(world, ago(hours=3), now=now)
    overdue = went_missing(world, ago(days=5), ago(days=4), child=world.other_child,
                           actor=world.users["stranger"], now=now)
    for who in ("social_worker", "front_door"):
        client.force_login(world.users[who])
        assert client.get("/missing/").status_code == 404
    client.force_login(world.users["team_manager"])
    client.get("/missing/")
    with django_assert_max_num_queries(10):
        page = client.get("/missing/")
    body = page.content.decode()
    assert page.status_code == 200 and body.count("<h1") == 1
    assert row(body, f"missing-{missing_now.pk}").count(world.child.full_name) == 1
    assert "hours left" in row(body, f"awaiting-{third.pk}")
    assert world.other_child.full_name not in body  # another team's child
    assert "50% <" in row(body, "headline-within-72") and "1 of 2" in row(body, "headline-within-72")
    assert "late-" in body
    assert f'href="/children/{world.child.pk}/missing/"' in row(body, f"repeat-{world.child.pk}")
    # The senior leader sees both children: the other child's return is past 72 hours.
    client.force_login(world.users["senior_leader"])
    body = client.get("/missing/").content.decode()
    assert "hours over" in row(body, f"awaiting-{overdue.pk}")
    assert "1 of 3" in row(body, "headline-within-72")
    _ = first, second


def test_the_service_page_stays_flat(client, world, django_assert_max_num_queries):
    now = timezone.now()
    actor = world.users["senior_leader"]
    for n in range(8):
        child = ChildFactory()
        e = went_missing(world, ago(days=40 + n, hours=4), ago(days=40 + n), child=child, actor=actor, now=now)
        if n % 2:
            interviewed(world, e, ago(days=39 + n), now=now, actor=actor)
        went_missing(world, ago(days=2 + n, hours=4), ago(days=2 + n) if n % 3 else None, child=child,
                     actor=actor, now=now)
    client.force_login(actor)
    client.get("/missing/")
    with django_assert_max_num_queries(10):
        assert client.get("/missing/").status_code == 200


def test_the_chronology_shows_the_episodes(client, world):
    first, _second, _third = history(world)
    client.force_login(world.users["social_worker"])
    body = client.get(f"/children/{world.child.pk}/").content.decode()
    assert "Went missing at" in body and "Returned at" in body
    assert "Return home interview held by Return interview service" in body
    assert "Away from placement without authorisation at" in body
    only = client.get(f"/children/{world.child.pk}/?kind=missing").content.decode()
    assert "Went missing at" in only
    others = client.get(f"/children/{world.child.pk}/?kind=care").content.decode()
    assert "Went missing at" not in others
    _ = first
