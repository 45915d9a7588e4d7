import random

import factory

from lantern.core.identifiers import make_nhs_number

from .models import Adult, Child, Involvement, Level


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    council_id = factory.Sequence(lambda n: f"T{n:07d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=16)
    sex = "F"
    ethnicity = "WBRI"
    nhs_number = factory.Sequence(lambda n: make_nhs_number(random.Random(n)))
    disabilities = factory.LazyFunction(lambda: ["NONE"])


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adult

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    child = factory.SubFactory(ChildFactory)
    level = Level.CHILD_IN_NEED
    start = factory.Faker("date_between", start_date="-1y", end_date="-1d")
