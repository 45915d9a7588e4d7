"""Reads of the data-quality check, scoped to the children the user may see."""

from dataclasses import dataclass, field

from lantern.people.models import Child

from .models import CheckRun


@dataclass
class RuleFailure:
    rule: str
    description: str
    type: str
    where: str
    children: list = field(default_factory=list)  # (pk, council id, name) the user may see
    whole_return: bool = False


def latest_check(user, ret: str = "cin") -> tuple[CheckRun | None, list[RuleFailure]]:
    """The latest run of the check on return ``ret`` and each failing rule with the children
    behind it that ``user`` may see (a rule about the whole return is shown to everyone who
    may see the page)."""
    run = CheckRun.objects.filter(ret=ret).order_by("-started_at", "-id").first()
    if run is None:
        return None, []
    ids = {i["child"] for i in run.issues if i["child"]}
    visible = {council: (pk, council, f"{first} {last}") for pk, council, first, last in
               Child.objects.visible_to(user).filter(council_id__in=ids)
               .values_list("pk", "council_id", "first_name", "last_name")}
    rules: dict[str, RuleFailure] = {}
    for issue in run.issues:
        failure = rules.setdefault(issue["rule"], RuleFailure(issue["rule"], issue["description"],
                                                              issue["type"], issue["where"]))
        if not issue["child"]:
            failure.whole_return = True
        elif issue["child"] in visible:
            failure.children.append(visible[issue["child"]])
    shown = [f for f in rules.values() if f.children or f.whole_return]
    shown.sort(key=lambda f: (f.type != "ERROR", -len(f.children), f.rule))
    return run, shown
