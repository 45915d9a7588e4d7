"""SSDA903 episodes, derived from what practitioners record about a period of care.

A period of care is a run of legal statuses and a run of placements, each starting
where the one before it ended. A new episode begins wherever either changes; its
reason (RNE) says which changed: S for the start of the period, L for the legal
status only, P or T for the placement only (T when the carer stayed the same), B or
U for both at once (U when the carer stayed the same). Every episode but the last
ends the day the next begins, with reason X1 and, when the placement changed, the
reason for the change; the last ends when the period does, with its reason.

Plain Python, no Django: the care area's selectors feed it rows and the SSDA903
export writes what it returns, so the record and the return cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

NO_URN = "XXXXXXX"
# Foster and adoption placements without an Ofsted URN are written XXXXXXX; any other
# placement without one is left blank (validator rule 242).
NO_URN_PLACES = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})
CHANGES_PLACEMENT = frozenset({"P", "T", "B", "U"})


@dataclass(frozen=True)
class Status:
    start: date
    code: str


@dataclass(frozen=True)
class Stay:
    """One placement: from ``start`` until ``end`` (the day the child moved on)."""

    start: date
    end: date | None
    place: str
    provider: str
    postcode: str
    urn: str = ""
    same_carer: bool = False
    change_reason: str = ""


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None
    end_reason: str
    category_of_need: str
    home_postcode: str
    statuses: Sequence[Status]
    stays: Sequence[Stay]


@dataclass(frozen=True)
class Episode:
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str


def problems(period: Period) -> list[str]:
    """What stops the period from making a clean run of episodes (empty when none)."""
    found: list[str] = []
    statuses = sorted(period.statuses, key=lambda s: s.start)
    stays = sorted(period.stays, key=lambda s: s.start)
    if not statuses or statuses[0].start != period.start:
        found.append("The period of care has no legal status from its first day")
    if not stays or stays[0].start != period.start:
        found.append("The period of care has no placement from its first day")
    for a, b in zip(statuses, statuses[1:], strict=False):
        if b.start <= a.start:
            found.append(f"Two legal statuses start on {b.start:%d/%m/%Y}")
        elif b.code == a.code:
            found.append(f"The legal status on {b.start:%d/%m/%Y} is the same as the one before")
    for a, b in zip(stays, stays[1:], strict=False):
        if a.end is None or a.end != b.start:
            found.append(f"The placement from {a.start:%d/%m/%Y} does not end the day the next "
                         f"starts ({b.start:%d/%m/%Y})")
    for stay in stays:
        if stay.end is not None and stay.end <= stay.start:
            found.append(f"The placement from {stay.start:%d/%m/%Y} ends on or before it starts")
    last = stays[-1] if stays else None
    if last is not None and last.end != period.end:
        found.append("The last placement does not end when the period of care does")
    if period.end is not None:
        for item in (*statuses, *stays):
            if item.start >= period.end:
                found.append(f"A change on {item.start:%d/%m/%Y} is on or after the end of the "
                             "period of care")
                break
        if not period.end_reason:
            found.append("The period of care has ended without a reason")
    return found


def derive(period: Period) -> list[Episode]:
    """The period's SSDA903 episodes, in order. Raises ValueError on a broken period."""
    found = problems(period)
    if found:
        raise ValueError("; ".join(found))
    statuses = sorted(period.statuses, key=lambda s: s.start)
    stays = sorted(period.stays, key=lambda s: s.start)
    status_on = {s.start: s for s in statuses}
    stay_on = {s.start: s for s in stays}
    days = sorted(status_on.keys() | stay_on.keys())
    episodes: list[Episode] = []
    status, stay = statuses[0], stays[0]
    for i, day in enumerate(days):
        status_changed = day in status_on and i > 0
        stay_changed = day in stay_on and i > 0
        status, stay = status_on.get(day, status), stay_on.get(day, stay)
        if i == 0:
            rne = "S"
        elif status_changed and stay_changed:
            rne = "U" if stay.same_carer else "B"
        elif stay_changed:
            rne = "T" if stay.same_carer else "P"
        else:
            rne = "L"
        episodes.append(Episode(
            decom=day, rne=rne, ls=status.code, cin=period.category_of_need, place=stay.place,
            place_provider=stay.provider, dec=None, rec="", reason_place_change="",
            home_post=period.home_postcode, pl_post=stay.postcode,
            urn=urn_for(stay.place, stay.urn)))
    out: list[Episode] = []
    for episode, following in zip(episodes, [*episodes[1:], None], strict=False):
        if following is None:
            out.append(_ended(episode, period.end, period.end_reason if period.end else "", ""))
            continue
        reason = ""
        if following.rne in CHANGES_PLACEMENT:
            reason = stay_on_before(stays, following.decom).change_reason
        out.append(_ended(episode, following.decom, "X1", reason))
    return out


def urn_for(place: str, urn: str) -> str:
    """The URN as the return writes it for a placement of this type."""
    return urn or (NO_URN if place in NO_URN_PLACES else "")


def stay_on_before(stays: Sequence[Stay], day: date) -> Stay:
    """The placement that ended on ``day``."""
    return next(s for s in stays if s.end == day)


def _ended(episode: Episode, dec: date | None, rec: str, reason: str) -> Episode:
    return replace(episode, dec=dec, rec=rec, reason_place_change=reason)
