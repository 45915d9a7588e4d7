import random
from datetime import date

import factory
from faker import Faker

from lantern.core.identifiers import make_nhs_number

from .models import Adult, Child, Involvement, Level

_FAKE = Faker("en_GB")


# Names tests write themselves (and then look for, or make sure are absent): a random name is
# never one of these, or a worker drawn as "Amelia Kerr" would appear where a test says no
# Amelia may.
NAMES_TESTS_WRITE = frozenset("""
    Adult Amelia Amy Assessed Aunt Ben Bench Brennan Care Child Crossley Dale Edith Family Fenwick
    Foster Fox Hartley Hartly Hidden Isla Ives Joanne Kerr Kettlewell Kid Lee Lowe Max Mia Moor Moss
    Mover Nearby Nia Noah Officer Oliver Ora Pia Pickering Priya Protection Quillfeather Quinn
    Resolved Restricted Rhys Sandhu Sarah Second Seen Shaw Sibling Temporary Walter Zara
""".split())


def plain_name(kind: str) -> str:
    """A synthetic first or last name without apostrophes, so tests find it verbatim in pages,
    and never one of the names tests write themselves."""
    while True:
        name = getattr(_FAKE, kind)().replace("'", "")
        if not NAMES_TESTS_WRITE.intersection(name.replace("-", " ").split()):
            return name


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    council_id = factory.Sequence(lambda n: f"T{n:07d}")
    first_name = factory.LazyFunction(lambda: plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: plain_name("last_name"))
    # Born on a fixed span rather than an age on the day the tests run: tests record events
    # on fixed dates (2024 onwards), which must never fall before the child was born.
    date_of_birth = factory.Faker("date_between_dates", date_start=date(2011, 1, 1), date_end=date(2022, 12, 31))
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
