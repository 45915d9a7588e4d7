"""The CIN census from a freshly seeded small council, checked by the DfE's own validator.

The oracle: zero errors, zero queries, and no rule that crashed (the CIN validator only
prints a crash and then counts the rule as passed, so the harness reports them). Then the
validator must notice a corrupted record and name that child, and what the exporter writes
uses only the DfE's code lists.
"""

import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantern.core import codes
from lantern.returns.cin import census_period, write_cin_census
from lantern.returns.validation import validate_cin
from lantern.seed.sizes import SIZES
from lantern.seed.tests.harness import digest_of_a_run

YEAR = 2026


# Marked so the test database is set up even when only this module's fixture asks for it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def census(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small council seeded on 31 March 2026, its census written, and the run rolled back."""
    out = tmp_path_factory.mktemp("cin") / "cin_census_2025_26.xml"

    def export():
        summary = write_cin_census(year=YEAR, out=out)
        return SimpleNamespace(summary=summary, path=out)

    with django_db_blocker.unblock():
        found = {}

        def digest():
            found["census"] = export()
            return ""

        digest_of_a_run(1, digest, size=SIZES["small"])
    return found["census"]


def test_the_census_passes_the_dfe_validator_with_no_errors_queries_or_crashes(census):
    assert census.summary.children > 500 and census.summary.episodes >= census.summary.children
    outcome = validate_cin(census.path, year=YEAR)
    assert outcome.rules == 109
    assert outcome.crashed == [], f"rules crashed upstream: {outcome.crashed}"
    problems = [f"{i.type} {i.rule} {i.child}: {i.description}" for i in outcome.issues]
    assert problems == [], "\n".join(problems[:20])


def test_a_corrupted_upn_is_named_by_the_validator(census, tmp_path):
    text = census.path.read_text()
    child, upn = re.search(r"<LAchildID>(\w+)</LAchildID><UPN>(\w)(\d{12})</UPN>", text).group(1, 2)
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    wrong = letters[(letters.index(upn) + 1) % len(letters)]
    bad = tmp_path / "bad.xml"
    bad.write_text(re.sub(rf"(<LAchildID>{child}</LAchildID><UPN>){upn}", rf"\g<1>{wrong}", text, count=1))
    outcome = validate_cin(bad, year=YEAR)
    assert [(i.rule, i.child) for i in outcome.errors] == [("1510", child)]


def test_every_code_written_is_in_the_dfe_code_lists(census):
    root = ET.parse(census.path).getroot()
    allowed = {
        "ReferralSource": codes.choices("referral_source"),
        "PrimaryNeedCode": codes.choices("primary_need"),
        "ReasonForClosure": codes.choices("cin_closure_reason"),
        "InitialCategoryOfAbuse": codes.choices("cp_category"),
        "LatestCategoryOfAbuse": codes.choices("cp_category"),
        "AssessmentFactors": codes.choices("assessment_factor"),
        "Ethnicity": codes.choices("ethnicity"),
        "Disability": codes.choices("disability"),
    }
    seen = {tag: set() for tag in allowed}
    for tag, pairs in allowed.items():
        known = {code for code, _ in pairs}
        for element in root.iter(tag):
            assert element.text in known, f"{tag} {element.text}"
            seen[tag].add(element.text)
    assert all(seen[tag] for tag in ("ReferralSource", "PrimaryNeedCode", "ReasonForClosure",
                                     "InitialCategoryOfAbuse", "AssessmentFactors"))
    assert {e.text for e in root.iter("Sex")} <= {"M", "F", "U"}
    assert {e.text for e in root.iter("UPNunknown")} <= {"UN1", "UN2"}
    first, reference = census_period(YEAR)
    assert root.find("Header/CollectionDetails/ReferenceDate").text == reference.isoformat()
    for element in root.iter("CINclosureDate"):
        assert first.isoformat() <= element.text <= reference.isoformat()


def test_bad_year_and_unwritable_out_get_a_one_line_reason(db, tmp_path):
    with pytest.raises(CommandError, match="not a collection year"):
        call_command("returns", "cin", "--year", "1999", "--out", str(tmp_path / "x.xml"))
    with pytest.raises(CommandError, match="cannot write"):
        call_command("returns", "cin", "--year", "2026", "--out", str(tmp_path / "missing" / "x.xml"))
    with pytest.raises(CommandError, match="not a file"):
        call_command("returns", "validate", "cin", str(tmp_path / "none.xml"), "--year", "2026")


def test_the_validate_command_prints_each_error_with_its_child_and_fails(census, tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text(census.path.read_text().replace("<ReferralSource>", "<ReferralSource>X", 1))
    with pytest.raises(CommandError, match="errors"):
        call_command("returns", "validate", "cin", str(bad), "--year", "2026")
    printed = capsys.readouterr().out
    assert re.search(r"^ERROR 8866 child \w+: Source of Referral", printed, re.M)
    assert "109 rules" in printed

