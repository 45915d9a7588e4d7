"""Annex A from the live record: one sheet per list with Ofsted's headings, the child's rows
where Lantern holds the area, headings only where it does not yet, and no formula injection."""

from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lantern.plans.services import visit_record
from lantern.protection.tests.test_path import on_plan
from lantern.returns.annex_a import load_lists, safe, write_annex_a

pytestmark = pytest.mark.django_db


def _sheets(path):
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_each_list_is_a_sheet_with_the_headings_from_the_definitions(tmp_path):
    out = tmp_path / "annex.xlsx"
    write_annex_a(as_of=date(2026, 3, 31), out=out)
    sheets = _sheets(out)
    lists = load_lists()
    assert [spec.sheet for spec in lists] == list(sheets)
    assert len(lists) == 11
    for spec in lists:
        assert list(sheets[spec.sheet][0]) == [heading for heading, _ in spec.columns]
    assert sheets["List 7 Child protection"][0][:6] == (
        "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability")


def test_a_child_on_a_plan_appears_in_the_lists_of_what_happened(world, refer, tmp_path):
    _, _, plan = on_plan(world, refer)
    sw = world.users["social_worker"]
    visit_record(actor=sw, today=timezone.localdate(), plan=plan, visited_on=date(2023, 6, 2), seen=True,
                 seen_alone=True, child_said="Fine", worker=sw)
    out = tmp_path / "annex.xlsx"
    summary = write_annex_a(as_of=date(2023, 9, 1), out=out)
    sheets = _sheets(out)
    cp = dict(zip(sheets["List 7 Child protection"][0], sheets["List 7 Child protection"][1], strict=True))
    assert cp["Child Unique ID"] == "LAN0000001" and cp["Gender"] == world.child.get_sex_display()
    assert cp["CPP Start Date"].date() == date(2023, 5, 22)
    assert cp["Initial Category of Abuse"] == "PHY" and cp["Was the Child Seen Alone?"] == "Yes"
    assert cp["Date of the Last Statutory Visit"].date() == date(2023, 6, 2)
    assert cp["Age"] == 8 and cp["Number of Previous CPPs"] == 0
    assert cp["Subject to EPO or Police Protection in Last Six Months (Y/N)"] == "No"
    s47 = dict(zip(*sheets["List 5 Section 47 ICPC"][:2], strict=True))
    assert s47["Date of ICPC"].date() == date(2023, 5, 22) and s47["Did the ICPC Result in a CP Plan"] == "Yes"
    assert s47["Number of S47 Enquiries in the last 12 months"] == 1
    referral = dict(zip(*sheets["List 3 Referrals"][:2], strict=True))
    assert referral["Date of Referral"].date() == date(2023, 4, 27) and referral["Referral NFA?"] == "No"
    assert referral["Allocated Worker"] == "Unallocated"  # allocated only last month, not on the as-of date
    cin = dict(zip(*sheets["List 6 Children in need"][:2], strict=True))
    assert cin["Case Status"] == "Child protection plan" and cin["CIN Closure Date"] is None
    assert summary.rows["List 1 Contacts"] == 1
    assert len(sheets["List 8 Children looked after"]) == 1  # never looked after: headings only


def test_text_a_spreadsheet_would_run_is_neutralised():
    assert safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe("+1") == "'+1" and safe("@SUM(A1)") == "'@SUM(A1)"
    assert safe("Police") == "Police" and safe(3) == 3


def test_bad_as_of_or_out_gets_a_one_line_reason(tmp_path):
    with pytest.raises(CommandError, match="not a date"):
        call_command("annex-a", "--as-of", "31/03/2026", "--out", str(tmp_path / "a.xlsx"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("annex-a", "--as-of", "2026-03-31", "--out", str(tmp_path / "no" / "a.xlsx"))
    with pytest.raises(CommandError, match=".xlsx"):
        call_command("annex-a", "--as-of", "2026-03-31", "--out", str(tmp_path / "a.csv"))


def test_an_emergency_protection_order_in_the_last_six_months_is_on_the_protection_list(world, refer,
                                                                                       tmp_path):
    from lantern.legal.factories import legal_case, proceedings
    from lantern.legal.models import CourtOrder

    _, _, plan = on_plan(world, refer)
    sw = world.users["social_worker"]
    at = timezone.now()
    case = legal_case([world.child], sw, opened_on=date(2023, 5, 1), at=at)
    epo = proceedings(case, issued_on=date(2023, 5, 2), at=at, application="epo")
    CourtOrder.objects.create(proceedings=epo, child=world.child, kind="epo", made_on=date(2023, 5, 2),
                              ends_on=date(2023, 5, 10), recorded_by=sw, recorded_at=at)
    for as_of, expected in ((date(2023, 9, 1), "Yes"), (date(2023, 12, 1), "No")):
        out = tmp_path / f"annex-{as_of}.xlsx"
        write_annex_a(as_of=as_of, out=out)
        sheet = _sheets(out)["List 7 Child protection"]
        cp = dict(zip(sheet[0], sheet[1], strict=True))
        assert cp["Subject to EPO or Police Protection in Last Six Months (Y/N)"] == expected, as_of
