"""The evidence each kind of step down needs before a manager can authorise it (data)."""

CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "cp_to_cin": (
        ("conference_decision", "The review conference decided the plan should end"),
        ("risks_reduced", "Risks have reduced, with evidence (below)"),
        ("core_group_agreement", "The core group and partner agencies agree"),
        ("cin_plan_ready", "The child in need plan is ready, with its actions"),
    ),
    "cin_to_eh": (
        ("lead_named", "An early help lead practitioner is named and has accepted"),
        ("family_agreement", "The family agrees to early help"),
        ("handover_held", "A handover meeting has been held"),
    ),
    "csc_to_universal": (
        ("needs_met", "The plan's outcomes are met"),
        ("family_told", "The family has been told and knows how to ask for help again"),
        ("partners_told", "Partner agencies have been told the case is closing"),
    ),
}
# The kind of step down from each level of need.
FROM_LEVEL = {"cp_to_cin": "cp", "cin_to_eh": "cin"}


def missing_items(kind: str, ticked: dict[str, bool]) -> list[str]:
    """The labels of the checklist items not confirmed."""
    return [label for key, label in CHECKLISTS.get(kind, ()) if not ticked.get(key)]
