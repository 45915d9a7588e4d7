"""The sizes of synthetic council the generator offers (targets from SIZING.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    children: int  # distinct children with any record
    years: int  # years of history
    referrals_per_year: int
    open_cin: int  # open on today, at each level of the involvement timeline
    open_cp: int
    open_lac: int
    open_care_leavers: int
    open_early_help: int
    # Staffing: service -> (number of teams, practitioners per team).
    teams: dict[str, tuple[int, int]]
    teams_per_service_manager: int
    heads_per_area: int  # heads of service per area of the service
    assistant_directors: int
    analysts: int
    admins: int
    frontdoor_backlog: int = 0  # contacts awaiting a decision on today


def _teams(front_door, assessment, safeguarding, in_care, leaving_care, reviewing,
           out_of_hours, early_help) -> dict[str, tuple[int, int]]:
    return {
        "front_door": front_door,
        "assessment": assessment,
        "safeguarding": safeguarding,
        "children_in_care": in_care,
        "leaving_care": leaving_care,
        "reviewing": reviewing,
        "out_of_hours": out_of_hours,
        "early_help": early_help,
    }


SIZES: dict[str, Size] = {
    # Hidden: for the test suite.
    "tiny": Size(
        "tiny", children=100, years=2, referrals_per_year=20, open_cin=10, open_cp=3,
        open_lac=5, open_care_leavers=3, open_early_help=5,
        teams=_teams((1, 1), (1, 2), (1, 3), (1, 2), (1, 1), (1, 1), (1, 1), (1, 1)),
        teams_per_service_manager=4, heads_per_area=1, assistant_directors=0, analysts=1, admins=1,
        frontdoor_backlog=5,
    ),
    "small": Size(
        "small", children=3_500, years=2, referrals_per_year=600, open_cin=350, open_cp=45,
        open_lac=90, open_care_leavers=60, open_early_help=180,
        teams=_teams((1, 4), (1, 6), (2, 7), (1, 6), (1, 4), (1, 3), (1, 2), (1, 4)),
        teams_per_service_manager=4, heads_per_area=1, assistant_directors=0, analysts=1, admins=1,
        frontdoor_backlog=40,
    ),
    "hull": Size(
        "hull", children=35_000, years=3, referrals_per_year=5_300, open_cin=3_400, open_cp=420,
        open_lac=870, open_care_leavers=600, open_early_help=1_700,
        teams=_teams((3, 8), (6, 8), (20, 8), (7, 8), (4, 8), (3, 8), (1, 10), (8, 9)),
        teams_per_service_manager=4, heads_per_area=1, assistant_directors=2, analysts=8, admins=6,
        frontdoor_backlog=300,
    ),
    "large": Size(
        "large", children=120_000, years=10, referrals_per_year=16_000, open_cin=10_000,
        open_cp=1_300, open_lac=2_000, open_care_leavers=1_500, open_early_help=5_000,
        teams=_teams((10, 9), (24, 8), (72, 8), (26, 8), (16, 8), (10, 8), (3, 10), (34, 9)),
        teams_per_service_manager=4, heads_per_area=2, assistant_directors=3, analysts=20,
        admins=15,
        frontdoor_backlog=900,
    ),
}

PUBLIC_SIZES = ("small", "hull", "large")
