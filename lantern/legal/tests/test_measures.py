"""The measures of legal work, each with the children behind it, through the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lantern.care.models import PeriodOfCare
from lantern.legal import factories as f
from lantern.legal.measures import legal_measures
from lantern.legal.tests.test_tracker import child_of, looked_after, today

pytestmark = pytest.mark.django_db


def family(world, name, *, started_weeks_ago, weeks=None, decision="step_down", children=None):
    children = children or [child_of(world, first_name="Kid", last_name=name)]
    case = f.legal_case(children, world.users["social_worker"],
                        opened_on=today() - timedelta(weeks=started_weeks_ago + 1), at=timezone.now(),
                        family_name=f"The {name} family")
    pp = f.pre_proceedings(case, started_on=today() - timedelta(weeks=started_weeks_ago), at=timezone.now())
    if weeks is not None:
        pp.decision, pp.decision_on = decision, pp.started_on + timedelta(weeks=weeks)
        pp.decision_rationale = "Synthetic rationale"
        pp.outcome = "issued" if decision == "issue" else "child_in_need"
        pp.save()
    return case, children


def by_key(user):
    return {m.key: m for m in legal_measures(user, today=today())}


def test_time_in_pre_proceedings_and_how_they_ended(world):
    family(world, "Abbot", started_weeks_ago=22, weeks=10)  # stepped down 12 weeks ago
    family(world, "Burns", started_weeks_ago=24, weeks=20, decision="issue")  # issued 4 weeks ago
    family(world, "Cole", started_weeks_ago=150, weeks=30)  # decided two years ago: not counted
    family(world, "Drew", started_weeks_ago=4)  # still open
    m = by_key(world.users["team_manager"])
    done = m["pre-proceedings-concluded"]
    assert done.figure == "Average 15.0 weeks, longest 20.0 weeks" and done.count == 2
    assert [r.name for r in done.rows] == ["Kid Burns", "Kid Abbot"]  # longest first
    still = m["pre-proceedings-open"]
    assert still.figure == "Average 4.0 weeks, longest 4.0 weeks" and [r.name for r in still.rows] == ["Kid Drew"]
    down, issued = m["pre-proceedings-stepped-down"], m["pre-proceedings-issued"]
    assert (down.count, down.denominator, down.share) == (1, 2, 50)
    assert [r.name for r in down.rows if r.counted] == ["Kid Abbot"]
    assert [r.name for r in issued.rows if r.counted] == ["Kid Burns"]


def test_proceedings_concluded_within_26_weeks(world):
    quick, _kids = family(world, "Eden", started_weeks_ago=60, weeks=10, decision="issue")
    slow, _kids = family(world, "Frost", started_weeks_ago=70, weeks=10, decision="issue")
    for case, weeks_ago, length in ((quick, 8, 20), (slow, 4, 30)):
        proc = f.proceedings(case, issued_on=today() - timedelta(weeks=weeks_ago + length), at=timezone.now())
        proc.concluded_on = today() - timedelta(weeks=weeks_ago)
        proc.save()
    m = by_key(world.users["senior_leader"])["within-26-weeks"]
    assert (m.count, m.denominator) == (1, 2)
    assert {r.name: r.counted for r in m.rows} == {"Kid Eden": True, "Kid Frost": False}


def test_children_entering_care_through_the_plo_with_alternatives_assessed(world):
    assessed, (kid,) = family(world, "Gale", started_weeks_ago=30, weeks=16, decision="issue")
    f.connected_person(assessed, identified_on=today() - timedelta(weeks=28), at=timezone.now(),
                       viability="negative", completed_on=today() - timedelta(weeks=26))
    looked_after(world, kid, weeks_ago=12)
    _none, (other,) = family(world, "Hart", started_weeks_ago=20, weeks=8, decision="issue")
    looked_after(world, other, weeks_ago=10)
    looked_after(world, child_of(world, first_name="Kid", last_name="Ives"), weeks_ago=5)  # no legal work
    m = by_key(world.users["iro"])["plo-alternatives"]
    assert (m.count, m.denominator) == (1, 2)
    assert {r.name: r.counted for r in m.rows} == {"Kid Gale": True, "Kid Hart": False}


def test_leaving_care_through_special_guardianship_and_child_arrangements_orders(client, world):
    sgo = child_of(world, first_name="Lee", last_name="Moor")
    home = child_of(world, first_name="Max", last_name="Moor")
    for child, reason in ((sgo, "E45"), (home, "E4A")):
        looked_after(world, child, weeks_ago=40)
        PeriodOfCare.objects.filter(child=child).update(end=today() - timedelta(weeks=6), end_reason=reason)
    m = by_key(world.users["performance"])["sgo-cao"]
    assert (m.count, m.denominator) == (1, 2) and [r.name for r in m.rows] == ["Lee Moor"]
    client.force_login(world.users["performance"])
    html = client.get("/legal/measures/?measure=sgo-cao").content.decode()
    assert f'href="/children/{sgo.pk}/"' in html and "Max Moor" not in html
    # Another team's manager does not see these children.
    assert by_key(world.users["other_team_manager"])["sgo-cao"].denominator == 0


def test_the_page_lists_the_children_behind_a_measure_in_few_queries(client, world,
                                                                     django_assert_max_num_queries):
    for i in range(6):
        family(world, f"N{i}", started_weeks_ago=20 + i, weeks=10 + i, decision="issue" if i % 2 else "step_down")
    client.force_login(world.users["team_manager"])
    with django_assert_max_num_queries(12):
        response = client.get("/legal/measures/?measure=pre-proceedings-concluded")
    html = response.content.decode()
    assert response.context["chosen"].key == "pre-proceedings-concluded"
    assert all(f"Kid N{i}" in html for i in range(6))
    assert client.get("/legal/measures/").status_code == 200
    client.force_login(world.users["social_worker"])
    assert client.get("/legal/measures/").status_code == 404
