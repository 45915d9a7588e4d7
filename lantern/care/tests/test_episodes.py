"""SSDA903 episodes derived from a period of care: worked examples and properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantern.care import episodes as ep
from lantern.core import codes

D = date


def stay(start, end, place="U4", provider="PR1", postcode="HU1 2AA", **kw):
    return ep.Stay(start, end, place, provider, postcode, **kw)


def test_the_return_samples_long_term_foster_child():
    """Child A of the reference sample: in care since 2021, one move in the year."""
    period = ep.Period(D(2021, 5, 10), None, "", "N1", "TW1 1AA",
                       [ep.Status(D(2021, 5, 10), "C2")],
                       [stay(D(2021, 5, 10), D(2025, 9, 15), postcode="TW1 1AF",
                             change_reason="CARPL"),
                        stay(D(2025, 9, 15), None, postcode="TW1 1AR")])
    rows = [(e.decom, e.rne, e.ls, e.place, e.dec, e.rec, e.reason_place_change, e.pl_post, e.urn)
            for e in ep.derive(period)]
    assert rows == [
        (D(2021, 5, 10), "S", "C2", "U4", D(2025, 9, 15), "X1", "CARPL", "TW1 1AF", "XXXXXXX"),
        (D(2025, 9, 15), "P", "C2", "U4", None, "", "", "TW1 1AR", "XXXXXXX"),
    ]


def test_legal_status_then_placement_then_adoption():
    """Child D of the sample: care order, placement order (L), placed for adoption (P), adopted."""
    period = ep.Period(D(2023, 3, 11), D(2025, 10, 20), "E11", "N1", "TW1 1AA",
                       [ep.Status(D(2023, 3, 11), "C2"), ep.Status(D(2024, 6, 5), "E1")],
                       [stay(D(2023, 3, 11), D(2024, 9, 2), change_reason="CARPL"),
                        stay(D(2024, 9, 2), D(2025, 10, 20), place="A6")])
    rows = [(e.decom, e.rne, e.ls, e.place, e.dec, e.rec, e.reason_place_change)
            for e in ep.derive(period)]
    assert rows == [
        (D(2023, 3, 11), "S", "C2", "U4", D(2024, 6, 5), "X1", ""),
        (D(2024, 6, 5), "L", "E1", "U4", D(2024, 9, 2), "X1", "CARPL"),
        (D(2024, 9, 2), "P", "E1", "A6", D(2025, 10, 20), "E11", ""),
    ]


def test_both_changing_on_one_day_with_and_without_the_same_carer():
    base = dict(end=None, end_reason="", category_of_need="N4", home_postcode="")
    statuses = [ep.Status(D(2025, 1, 1), "V2"), ep.Status(D(2025, 3, 1), "C1")]
    for same, rne in ((False, "B"), (True, "U")):
        period = ep.Period(start=D(2025, 1, 1), statuses=statuses, stays=[
            stay(D(2025, 1, 1), D(2025, 3, 1), change_reason="LAREQ"),
            stay(D(2025, 3, 1), None, same_carer=same)], **base)
        assert [e.rne for e in ep.derive(period)] == ["S", rne]
        assert ep.derive(period)[0].reason_place_change == "LAREQ"


def test_a_broken_period_is_refused_with_its_reasons():
    period = ep.Period(D(2025, 1, 1), None, "", "N1", "", [ep.Status(D(2025, 1, 2), "V2")],
                       [stay(D(2025, 1, 1), D(2025, 2, 1)), stay(D(2025, 2, 3), None)])
    found = ep.problems(period)
    assert "The period of care has no legal status from its first day" in found
    assert any("does not end the day the next starts" in p for p in found)
    with pytest.raises(ValueError):
        ep.derive(period)


LEGAL = codes.LEGAL_STATUS.values
PLACES = ("U1", "U4", "U6", "K2", "P1", "A6", "R1")


@st.composite
def periods(draw):
    start = draw(st.dates(min_value=D(2015, 1, 1), max_value=D(2025, 1, 1)))
    gaps = draw(st.lists(st.integers(1, 400), min_size=0, max_size=12))
    days = [start]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    ended = draw(st.booleans())
    end = days[-1] + timedelta(days=draw(st.integers(1, 300))) if ended else None
    statuses, stays, code = [], [], None
    placement_days = [days[0]]
    for day in days:
        kind = draw(st.sampled_from(["status", "stay", "both"])) if day != start else "both"
        if kind in ("status", "both"):
            code = draw(st.sampled_from([c for c in LEGAL if c != code]))
            statuses.append(ep.Status(day, code))
        if kind in ("stay", "both") and day != start:
            placement_days.append(day)
    if len(statuses) == 0:
        statuses.append(ep.Status(start, "V2"))
    ends = [*placement_days[1:], end]
    for a, b in zip(placement_days, ends, strict=False):
        stays.append(ep.Stay(a, b, draw(st.sampled_from(PLACES)), "PR1", "HU1 2AA",
                             same_carer=draw(st.booleans()),
                             change_reason=draw(st.sampled_from(["", "CARPL", "CHILD"]))))
    return ep.Period(start, end, "E4A" if ended else "", "N1", "HU1 2AA", statuses, stays)


@given(periods())
def test_derived_episodes_leave_no_gaps_or_overlaps(period):
    episodes = ep.derive(period)
    assert episodes[0].decom == period.start and episodes[0].rne == "S"
    for a, b in zip(episodes, episodes[1:], strict=False):
        assert a.dec == b.decom and a.decom < a.dec and a.rec == "X1"
        assert (a.ls, a.place) != (b.ls, b.place) or b.rne in ("P", "T", "B", "U")
    assert episodes[-1].dec == period.end
    assert (episodes[-1].rec != "") == (period.end is not None)
    assert all(e.rne in codes.REASON_NEW_EPISODE for e in episodes)


@given(periods(), st.integers(0, 5000))
def test_every_day_of_the_period_reads_the_status_and_placement_in_force(period, offset):
    day = period.start + timedelta(days=offset)
    if period.end is not None and day >= period.end:
        return
    episode = [e for e in ep.derive(period) if e.decom <= day and (e.dec is None or day < e.dec)]
    assert len(episode) == 1
    status = max((s for s in period.statuses if s.start <= day), key=lambda s: s.start)
    stay_now = next(s for s in period.stays if s.start <= day and (s.end is None or day < s.end))
    assert (episode[0].ls, episode[0].place) == (status.code, stay_now.place)
