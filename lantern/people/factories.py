import random

import factory
from faker import Faker

from lantern.core.identifiers import make_nhs_number

from .models import Adult, Child, Involvement, Level

_FAKE = Faker("en_GB")


def plain_name(kind: str) -> str:
    """A synthetic first or last name without apostrophes, so tests find it verbatim in pages."""
    return getattr(_FAKE, kind)().replace("'", "")


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    council_id = factory.Sequence(lambda n: f"T{n:07d}")
    first_name = factory.LazyFunction(lambda: plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: plain_name("last_name"))
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=16)
    sex = "F"
    ethnicity = "WBRI"
    nhs_number = factory.Sequence(lambda n: make_nhs_number(random.Random(n)))
    disabilities = factory.LazyFunction(lambda: ["NONE"])


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adult

    first_name = factory.LazyFunction(lambda: plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: plain_name("last_name"))


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    child = factory.SubFactory(ChildFactory)
    level = Level.CHILD_IN_NEED
    start = factory.Faker("date_between", start_date="-1y", end_date="-1d")
