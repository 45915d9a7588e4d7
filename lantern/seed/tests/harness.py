"""Running the tiny synthetic council in tests: seed it, or seed it and roll it back."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import transaction

from lantern.seed.generator import generate
from lantern.seed.sizes import SIZES

TODAY = date(2026, 3, 31)
TINY = SIZES["tiny"]


def seed(seed=1, size=TINY):
    return generate(size=size, seed=seed, today=TODAY)


class Rollback(Exception):
    pass


def digest_of_a_run(seed_value: int, digest: Callable[[], str], size=TINY) -> str:
    """Seed inside a savepoint, take the digest, and roll the run back."""
    found = {}
    with pytest.raises(Rollback), transaction.atomic():
        seed(seed_value, size)
        found["digest"] = digest()
        raise Rollback
    return found["digest"]
