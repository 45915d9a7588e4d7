"""Staff: users, roles, teams, the management line and allocation history."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    FRONT_DOOR = "front_door", "Front door practitioner"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours social worker"
    IRO = "iro", "Independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    PERFORMANCE = "performance", "Performance analyst"
    ADMIN = "admin", "System administrator"


# Roles whose work covers the whole service, so they may open any child's record
# that is not restricted (DESIGN.md: front door, out of hours, IROs, senior leaders).
SERVICE_WIDE_ROLES = frozenset(
    {Role.FRONT_DOOR, Role.OUT_OF_HOURS, Role.IRO, Role.SENIOR_LEADER, Role.PERFORMANCE}
)
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER})


class Service(models.TextChoices):
    FRONT_DOOR = "front_door", "Integrated front door"
    ASSESSMENT = "assessment", "Assessment"
    SAFEGUARDING = "safeguarding", "Child in need and child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    EARLY_HELP = "early_help", "Early help"
    REVIEWING = "reviewing", "Independent reviewing"
    OUT_OF_HOURS = "out_of_hours", "Out of hours"
    LEADERSHIP = "leadership", "Leadership"


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.CharField(max_length=32, choices=Service.choices)
    manager = models.ForeignKey(
        "staff.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.SOCIAL_WORKER)
    job_title = models.CharField(max_length=120, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_service_wide(self) -> bool:
        """Whose work covers every child: the service-wide roles, and everyone in (or
        managing) the front door, who screen contacts about any child."""
        return self.role in SERVICE_WIDE_ROLES or self.works_at_front_door

    @cached_property
    def works_at_front_door(self) -> bool:
        """In (or managing) a front-door team. One query at most, once per request."""
        if self.role in (Role.FRONT_DOOR, Role.OUT_OF_HOURS):
            return True
        if self.role not in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
            return False
        return Team.objects.filter(Q(pk=self.team_id) | Q(manager_id=self.pk),
                                   service=Service.FRONT_DOOR).exists()

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES


class AllocationKind(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM = "team", "Team"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    IRO = "iro", "Independent reviewing officer"


class AllocationQuerySet(models.QuerySet):
    def current(self, on):
        """Allocations open on the given date (the end date is exclusive)."""
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gt=on))


class Allocation(models.Model):
    """Who holds a child's case: a worker (or a team) from start until end.

    History is kept: a change of worker ends one allocation and starts another.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=32, choices=AllocationKind.choices)
    worker = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    start = models.DateField(help_text="First day of the allocation.")
    end = models.DateField(
        null=True, blank=True, help_text="Day the allocation ended (exclusive); empty while open."
    )
    end_reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["worker", "end"], name="alloc_worker_end"),
            models.Index(fields=["team", "end"], name="alloc_team_end"),
            models.Index(fields=["child", "kind", "end"], name="alloc_child_kind_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="allocation_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="team") | Q(worker__isnull=False),
                name="allocation_worker_unless_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.worker or self.team} from {self.start}"
