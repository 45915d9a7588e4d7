"""Reads for the child's early help page."""

from dataclasses import dataclass, field

from lantern.people.models import Involvement, Level

from .models import EarlyHelpAssessment


@dataclass
class EarlyHelp:
    episodes: list[Involvement] = field(default_factory=list)
    assessments: list[EarlyHelpAssessment] = field(default_factory=list)

    @property
    def open_assessment(self) -> EarlyHelpAssessment | None:
        return next((a for a in self.assessments if a.is_open), None)

    @property
    def open_episode(self) -> Involvement | None:
        return next((e for e in self.episodes if e.end is None), None)


def early_help(child) -> EarlyHelp:
    """The child's early help episodes and assessments, newest first: two queries."""
    return EarlyHelp(
        list(Involvement.objects.filter(child=child, level=Level.EARLY_HELP).order_by("-start", "-id")),
        list(EarlyHelpAssessment.objects.filter(child=child).select_related("recorded_by")))
