"""The SSDA903 return from a freshly seeded small council, checked by the DfE's own
validator: zero errors, and no rule crashing beyond the two that crash upstream on every
input. Every child looked after in the year is in it."""

from types import SimpleNamespace

import pytest
from django.db.models import Q

from lantern.care.models import PeriodOfCare
from lantern.returns.ssda903 import collection_period, write_ssda903
from lantern.returns.tests.test_ssda903 import real_errors
from lantern.returns.validation import KNOWN_903_CRASHES, validate_ssda903
from lantern.seed.sizes import SIZES
from lantern.seed.tests.harness import digest_of_a_run

# The mark makes pytest-django set up the test database even when this module runs alone:
# without a test that asks for it, the module fixture would reach the configured database.
pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture(scope="module")
def ssda903(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small council seeded on 31 March 2026, its return written, and the run rolled back."""
    out = tmp_path_factory.mktemp("ssda903")
    first, last = collection_period(YEAR)
    found = {}

    def digest():
        looked_after = (PeriodOfCare.objects.filter(start__lte=last)
                        .filter(Q(end__isnull=True) | Q(end__gte=first))
                        .values("child_id").distinct().count())
        found["return"] = SimpleNamespace(summary=write_ssda903(YEAR, out), path=out,
                                          looked_after=looked_after)
        return ""

    with django_db_blocker.unblock():
        digest_of_a_run(1, digest, size=SIZES["small"])
    return found["return"]


def test_the_seeded_return_passes_the_dfe_validator_with_no_errors(ssda903):
    summary = ssda903.summary
    assert summary.problems == [], summary.problems[:20]
    assert summary.children >= ssda903.looked_after
    assert summary.counts["episodes"] >= ssda903.looked_after
    outcome = validate_ssda903(ssda903.path, year=YEAR)
    assert set(outcome.crashed) <= KNOWN_903_CRASHES, outcome.crashed
    problems = real_errors(outcome, ssda903.path)
    assert problems == [], "\n".join(problems[:30]) + f"\n... {len(problems)} in all"
