import factory
from django.utils import timezone

from lantern.people.factories import plain_name

from .models import Allocation, AllocationKind, Role, Service, Team, User


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Safeguarding team {n}")
    service = Service.SAFEGUARDING


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.LazyFunction(lambda: plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: plain_name("last_name"))
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("a-long-test-password")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory("lantern.people.factories.ChildFactory")
    kind = AllocationKind.SOCIAL_WORKER
    worker = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda a: a.worker.team if a.worker else TeamFactory())
    start = factory.Faker("date_between", start_date="-2y", end_date="-1d")
    recorded_by = factory.LazyAttribute(lambda a: a.worker)
    recorded_at = factory.LazyFunction(timezone.now)
