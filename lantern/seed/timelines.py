"""Levels of need over time for synthetic families: plain Python, no Django.

A family's *story* is a list of stages (early help, child in need, child
protection, looked after) that follow each other: a referral opens child in need,
a conference steps up to child protection, a plan ends and steps down, a child
comes into care. Each child then gets their own copy of the story, cut to their
life (a baby joins at birth, a young person's case closes at 18) and with their
own way out of care (home, special guardianship, adoption, or 18 and then
leaving-care support).

Rates are rough shapes from the DfE statistics in SIZING.md (about one referral
in ten leads to a child protection plan, one in twenty to care; CP plans last
about nine months; a fifth of referrals are re-referrals). The generator then
calibrates the numbers open on ``today`` to the size's targets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from lantern.core.calendar import ENGLAND

EH, CIN, CP, LAC, CL = "early_help", "cin", "cp", "lac", "care_leaver"


@dataclass(frozen=True)
class Stage:
    level: str
    start: date
    end: date | None  # exclusive; None while open on today
    end_reason: str = ""


def days(n: float) -> timedelta:
    return timedelta(days=int(n))


def birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return dob.replace(year=dob.year + years, day=28)


def conference_day(day: date) -> date:
    """A child protection plan starts at a conference, held on a working day: ``day`` or the
    next working day."""
    while not ENGLAND.is_working_day(day):
        day += timedelta(days=1)
    return day


def _uniform_days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


# --- The family's story --------------------------------------------------------------


def early_help_story(rng: random.Random, start: date, today: date, depth: int = 0) -> list[Stage]:
    end = start + _uniform_days(rng, 70, 330)
    roll = rng.random()
    if roll < 0.12 and depth < 2:
        stages = [Stage(EH, start, end, "Stepped up to children's social care")]
        return stages + referral_story(rng, end, today, depth + 1)
    reason = (
        "Early help plan completed: outcomes met" if roll < 0.85
        else "Family withdrew consent: early help closed"
    )
    return [Stage(EH, start, end, reason)]


def referral_story(rng: random.Random, start: date, today: date, depth: int = 0) -> list[Stage]:
    """From a referral (child in need opens) to closure, possibly through CP and care."""
    roll = rng.random()
    if roll < 0.12:
        end = start + _uniform_days(rng, 1, 8)
        return _closed_cin(rng, start, end, "No further action after the referral was screened",
                           today, depth)
    if roll < 0.52:
        end = start + _uniform_days(rng, 12, 63)
        return _closed_cin(rng, start, end, "Assessment completed: no further action", today, depth,
                           step_down=0.25)
    if roll < 0.83:
        end = start + _uniform_days(rng, 25, 60) + _uniform_days(rng, 90, 560)
        return _closed_cin(rng, start, end, "Child in need plan ended: needs met", today, depth,
                           step_down=0.2)
    if roll < 0.93:
        cp_start = conference_day(start + _uniform_days(rng, 8, 45))
        first = Stage(CIN, start, cp_start, "Stepped up: initial child protection conference")
        return [first, *cp_story(rng, cp_start, today, depth)]
    lac_start = start + _uniform_days(rng, 0, 75)
    if lac_start == start:
        return [Stage(LAC, start, None)]
    return [Stage(CIN, start, lac_start, "Became looked after"), Stage(LAC, lac_start, None)]


def _closed_cin(rng, start, end, reason, today, depth, step_down=0.0) -> list[Stage]:
    stages = [Stage(CIN, start, end, reason)]
    if rng.random() < step_down:
        stages[0] = replace(stages[0], end_reason="Stepped down to early help")
        stages += [Stage(EH, end, end + _uniform_days(rng, 60, 270),
                         "Early help plan completed: outcomes met")]
    if depth < 3 and rng.random() < 0.2:  # re-referral within a year
        again = stages[-1].end + _uniform_days(rng, 20, 365)
        stages += referral_story(rng, again, today, depth + 1)
    return stages


def cp_story(rng: random.Random, start: date, today: date, depth: int = 0) -> list[Stage]:
    length = max(40, min(900, int(rng.lognormvariate(5.55, 0.5))))  # median ~ 8 months
    end = conference_day(start + days(length))  # the review conference that ends the plan
    roll = rng.random()
    if roll < 0.7:
        stages = [Stage(CP, start, end, "Stepped down to a child in need plan")]
        cin_end = end + _uniform_days(rng, 60, 300)
        if depth < 3 and rng.random() < 0.08:
            # the plan ends, and a new referral soon after brings the child back to protection
            referred = cin_end + _uniform_days(rng, 7, 60)
            again = conference_day(referred + _uniform_days(rng, 8, 30))
            return [*stages, Stage(CIN, end, cin_end, "Child in need plan ended: needs met"),
                    Stage(CIN, referred, again, "Stepped up: child protection plan again"),
                    *cp_story(rng, again, today, depth + 1)]
        return [*stages, Stage(CIN, end, cin_end, "Child in need plan ended: needs met")]
    if roll < 0.88:
        return [Stage(CP, start, end, "Became looked after"), Stage(LAC, end, None)]
    return [Stage(CP, start, end, "Child protection plan ended: family moved out of the area")]


# --- One child's copy -----------------------------------------------------------------


def lac_exit(rng: random.Random, entry: date, born: date, long_stay: float = 0.0
             ) -> tuple[date | None, str, bool]:
    """When and how this child leaves care: (end or None for 'until 18', reason,
    whether a child in need plan follows)."""
    age = (entry - born).days / 365.25
    if long_stay and rng.random() < long_stay:
        return None, "", False
    roll = rng.random()
    if age < 4:
        if roll < 0.3:
            return entry + _uniform_days(rng, 420, 900), "Adopted", False
        if roll < 0.52:
            return entry + _uniform_days(rng, 45, 700), "Returned home to live with parents", True
        if roll < 0.72:
            return entry + _uniform_days(rng, 280, 820), "Special guardianship order made", False
        return None, "", False
    if roll < 0.36:
        return entry + _uniform_days(rng, 20, 720), "Returned home to live with parents", True
    if roll < 0.48:
        return entry + _uniform_days(rng, 280, 900), "Special guardianship order made", False
    if roll < 0.52:
        return entry + _uniform_days(rng, 100, 900), "Child arrangements order made", False
    return None, "", False


def child_copy(rng: random.Random, story: list[Stage], born: date, today: date, *,
               unborn: bool = False, long_stay: float = 0.0, stay_to_25: float = 0.33
               ) -> list[Stage]:
    """Cut the family's story to this child's life and add their own route out of care."""
    eighteen = birthday(born, 18)
    out: list[Stage] = []
    for stage in story:
        start = stage.start if unborn else max(stage.start, born)
        if start >= eighteen or start > today:
            break
        if stage.end is not None and stage.end <= start:
            continue
        if stage.level == CP and start != stage.start:
            start = conference_day(start)  # born into the family's plan: a conference of their own
            if stage.end is not None and stage.end <= start:
                continue
        if stage.level != LAC:
            end, reason = stage.end, stage.end_reason
            if end is None or end > eighteen:
                end, reason = eighteen, "Reached 18: case closed"
            out.append(Stage(stage.level, start, end, reason))
            continue
        end, reason, then_cin = lac_exit(rng, start, born, long_stay)
        if end is None or end >= eighteen:
            out.append(Stage(LAC, start, eighteen, "Turned 18: left care"))
            until = birthday(born, 25 if rng.random() < stay_to_25 else 21)
            why = f"Leaving care support ended at {(until - born).days // 365}"
            out.append(Stage(CL, eighteen, until, why))
        else:
            out.append(Stage(LAC, start, end, reason))
            if then_cin:
                cin_end = min(end + _uniform_days(rng, 60, 240), eighteen)
                if cin_end > end:
                    out.append(Stage(CIN, end, cin_end, "Child in need plan ended: needs met"))
        break  # care is the last stage of a family's story
    return open_on(out, today)


def open_on(stages: list[Stage], today: date) -> list[Stage]:
    """Drop what starts after today; whatever ends after today is open."""
    out = []
    for s in stages:
        if s.start > today:
            break
        out.append(replace(s, end=None, end_reason="") if s.end is None or s.end > today else s)
        if s.end is None or s.end > today:
            break
    return out


def open_level(stages: list[Stage]) -> str | None:
    if stages and stages[-1].end is None:
        return stages[-1].level
    return None
