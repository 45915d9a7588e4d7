"""The SSDA903 return from a council built through the care services, checked by the DfE's
own validator: zero errors and no crash beyond the two known upstream ones; a corrupted
episode named for its child; only the DfE's codes written; the command's one-line errors."""

import csv
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from conftest import allocate
from lantern.audit.models import SecurityEvent, SecurityKind
from lantern.care.models import HealthKind, HealthRecord
from lantern.care.services import (
    PlacementDetails,
    care_cease,
    care_start,
    legal_status_change,
    placement_change,
    review_record,
)
from lantern.core import codes
from lantern.core.calendar import LONDON
from lantern.leavingcare.services import keeping_in_touch_record
from lantern.legal.models import AdoptionJourney
from lantern.missing.services import missing_episode_record
from lantern.people.factories import ChildFactory
from lantern.people.models import Relationship
from lantern.returns.ssda903 import SDQ_REASON, TABLES, misread, sw_reason, write_ssda903
from lantern.returns.validation import KNOWN_903_CRASHES, validate_ssda903
from lantern.staff.models import Allocation

pytestmark = pytest.mark.django_db

YEAR = 2026
NOW = datetime(2026, 3, 31, 12, tzinfo=LONDON)
HOME = "HU1 2AA"
FOSTER = PlacementDetails(placement_type="U4", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA", long_term=True)
FOSTER_2 = PlacementDetails(placement_type="U4", provider="PR1", carer_kind="in_house_foster",
                            carer_name="Another synthetic family", postcode="HU3 2AA",
                            long_term=True)
SHORT_FOSTER = PlacementDetails(placement_type="U6", provider="PR4", carer_kind="agency_foster",
                                carer_name="Synthetic agency carers", postcode="HU2 8AA")
ADOPTERS = PlacementDetails(placement_type="A6", provider="PR1", carer_kind="adoption",
                            carer_name="Synthetic adopters", postcode="HU6 7RX")
HOME_LEEDS = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                              carer_name="Synthetic House", postcode="LS1 4AP", urn="SC999999")


def real_errors(outcome, folder) -> list[str]:
    """The validator's errors less its misreadings (each checked against the child's rows)."""
    return [f"{i.rule} {i.child}: {i.description} [{i.where}]" for i in outcome.errors
            if not misread(i, folder, YEAR)]


def read(folder, table):
    with (folder / f"{table}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def health(child, period, kind, on, score=None, by=None):
    return HealthRecord.objects.create(child=child, period=period, kind=kind, on=on,
                                       sdq_score=score, recorded_by=by, recorded_at=timezone.now())


@pytest.fixture
def council(world):
    """Five children looked after in 2025-26 and a care leaver, each through the services."""
    worker, iro, colleague = (world.users[k] for k in ("social_worker", "iro", "colleague"))
    act = {"actor": worker, "now": NOW}
    kids = {}

    # A: long-term foster since 2021, a planned move in the year, a change of worker.
    a = kids["A"] = ChildFactory(council_id="SSDA00001", sex="M", date_of_birth=date(2012, 6, 14),
                                 upn="", ethnicity="WBRI")
    allocate(a, worker, start=date(2021, 5, 10))
    pa = care_start(**act, child=a, start=date(2021, 5, 10), legal_status="C2",
                    category_of_need="N1", placement=FOSTER, home_postcode=HOME)
    placement_change(**act, child=a, on=date(2025, 9, 15), reason="CARPL", details=FOSTER_2)
    first = Allocation.objects.get(child=a)
    first.end, first.end_reason = date(2025, 10, 6), "Caseload rebalanced within the team"
    first.save()
    allocate(a, colleague, start=date(2025, 10, 6))
    for held in (date(2025, 6, 2), date(2025, 11, 28)):
        review_record(**act, child=a, held_on=held, participation="PN1", iro=iro)
    health(a, pa, HealthKind.REVIEW, date(2025, 7, 1), by=worker)
    health(a, pa, HealthKind.DENTAL, date(2025, 8, 12), by=worker)
    health(a, pa, HealthKind.IMMUNISATIONS, date(2025, 7, 1), by=worker)
    health(a, pa, HealthKind.SDQ, date(2025, 7, 1), score=14, by=worker)
    missing_episode_record(**act, child=a, kind="M", missing_from="Foster home",
                           started_at=datetime(2025, 11, 2, 21, tzinfo=LONDON),
                           returned_at=datetime(2025, 11, 3, 9, tzinfo=LONDON), where_found="Town")

    # B: a new entrant at 15 under section 20, then an interim care order and a move.
    b = kids["B"] = ChildFactory(council_id="SSDA00002", sex="F", date_of_birth=date(2010, 2, 3),
                                 ethnicity="MWBC")
    allocate(b, worker, start=date(2025, 8, 20))
    care_start(**act, child=b, start=date(2025, 8, 20), legal_status="V2",
               category_of_need="N2", placement=HOME_LEEDS, home_postcode=HOME)
    legal_status_change(**act, child=b, on=date(2025, 10, 1), status="C1")
    placement_change(**act, child=b, on=date(2025, 11, 3), reason="CHILD", details=SHORT_FOSTER)
    review_record(**act, child=b, held_on=date(2025, 9, 15), participation="PN1", iro=iro)
    missing_episode_record(**act, child=b, kind="A", missing_from="Children's home",
                           started_at=datetime(2025, 10, 12, 23, 30, tzinfo=LONDON),
                           returned_at=datetime(2025, 10, 13, 0, 40, tzinfo=LONDON),
                           where_found="Friend's house")
    missing_episode_record(**act, child=b, kind="M", missing_from="Foster home",
                           started_at=datetime(2026, 3, 30, 22, tzinfo=LONDON))  # not back yet

    # C: looked after from 2024, went home in the year.
    c = kids["C"] = ChildFactory(council_id="SSDA00003", sex="M", date_of_birth=date(2014, 1, 20),
                                 ethnicity="WIRI")
    allocate(c, worker, start=date(2024, 11, 4))
    care_start(**act, child=c, start=date(2024, 11, 4), legal_status="V2",
               category_of_need="N4", placement=SHORT_FOSTER, home_postcode=HOME)
    review_record(**act, child=c, held_on=date(2025, 4, 30), participation="PN2", iro=iro)
    # Missing the night before going home, found the day after: missing from care until it ended.
    missing_episode_record(**act, child=c, kind="M", missing_from="Foster home",
                           started_at=datetime(2025, 11, 30, 22, tzinfo=LONDON),
                           returned_at=datetime(2025, 12, 2, 10, tzinfo=LONDON), where_found="Home")
    care_cease(**act, child=c, on=date(2025, 12, 1), reason="E4A")

    # D: an unaccompanied asylum-seeking child of 16.
    d = kids["D"] = ChildFactory(council_id="SSDA00004", sex="M", date_of_birth=date(2009, 9, 1),
                                 ethnicity="AOTH", uasc=True)
    allocate(d, worker, start=date(2025, 1, 5))
    pd_ = care_start(**act, child=d, start=date(2025, 1, 5), legal_status="V2",
                     category_of_need="N4", placement=SHORT_FOSTER)
    review_record(**act, child=d, held_on=date(2025, 6, 30), participation="PN3", iro=iro)
    health(d, pd_, HealthKind.DENTAL, date(2025, 10, 1), by=worker)

    # E: a girl looked after since 2023 who has a baby of her own on the record.
    e = kids["E"] = ChildFactory(council_id="SSDA00005", sex="F", date_of_birth=date(2009, 4, 2),
                                 ethnicity="BAFR")
    allocate(e, worker, start=date(2023, 3, 1))
    pe = care_start(**act, child=e, start=date(2023, 3, 1), legal_status="C2",
                    category_of_need="N1", placement=SHORT_FOSTER, home_postcode=HOME)
    baby = ChildFactory(council_id="SSDA00006", sex="M", date_of_birth=date(2025, 10, 20))
    Relationship.objects.create(child=baby, other_child=e, kind="mother")
    review_record(**act, child=e, held_on=date(2025, 5, 2), participation="PN1", iro=iro)
    health(e, pe, HealthKind.REVIEW, date(2025, 5, 20), by=worker)
    health(e, pe, HealthKind.SDQ, date(2025, 5, 20), score=21, by=worker)

    # F: a care leaver, 19 in the year, in touch and in education.
    f = kids["F"] = ChildFactory(council_id="SSDA00007", sex="M", date_of_birth=date(2006, 7, 9),
                                 ethnicity="BAFR")
    allocate(f, worker, start=date(2021, 9, 1))
    care_start(**act, child=f, start=date(2021, 9, 1), legal_status="C2", category_of_need="N1",
               placement=SHORT_FOSTER, home_postcode=HOME)
    care_cease(**act, child=f, on=date(2024, 7, 9), reason="E5")
    keeping_in_touch_record(**act, child=f, birthday=19, contact_on=date(2025, 7, 14),
                            in_touch="YES", activity="F2", accommodation="D", suitable=True)

    # G: adopted in the year: a care order, the decision to place, a placement order, matched,
    # placed with adopters who were not her foster carers, adopted.
    g = kids["G"] = ChildFactory(council_id="SSDA00008", sex="F", date_of_birth=date(2022, 1, 11),
                                 ethnicity="WBRI")
    allocate(g, worker, start=date(2023, 3, 11))
    pg = care_start(**act, child=g, start=date(2023, 3, 11), legal_status="C2",
                    category_of_need="N1", placement=FOSTER, home_postcode=HOME)
    legal_status_change(**act, child=g, on=date(2024, 6, 5), status="E1")
    placement_change(**act, child=g, on=date(2024, 9, 2), reason="CARPL", details=ADOPTERS)
    for held in (date(2025, 5, 20), date(2025, 9, 18)):
        review_record(**act, child=g, held_on=held, participation="PN0", iro=iro)
    care_cease(**act, child=g, on=date(2025, 10, 20), reason="E11")
    AdoptionJourney.objects.create(
        child=g, period=pg, decision_on=date(2024, 1, 15), placement_order_on=date(2024, 6, 5),
        matched_on=date(2024, 8, 20), placed_on=date(2024, 9, 2), order_on=date(2025, 10, 20),
        adopted_by_foster_carer=False, adopters_count=2, adopters_sex="MF",
        adopters_legal_status="L11", recorded_by=worker, recorded_at=NOW)
    return kids


@pytest.fixture
def written(council, tmp_path):
    return write_ssda903(YEAR, tmp_path), tmp_path


def test_the_built_council_passes_the_dfe_validator(written):
    summary, folder = written
    assert summary.problems == []
    assert summary.children == 7 and summary.counts["oc3"] == 1
    outcome = validate_ssda903(folder, year=YEAR)
    assert set(outcome.crashed) <= KNOWN_903_CRASHES, outcome.crashed
    assert real_errors(outcome, folder) == []
    # B is still missing on 31 March: the validator misreads that (575, 577), nothing else.
    assert {(i.rule, i.child) for i in outcome.errors} == {("575", "SSDA00002"), ("577", "SSDA00002")}
    assert outcome.rules > 300


def test_the_command_marks_the_validator_s_misreadings_beside_them(written, capsys):
    _summary, folder = written
    with pytest.raises(CommandError):  # every error counts, misread or not
        call_command("returns", "validate", "ssda903", str(folder), "--year", str(YEAR))
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("ERROR")]
    assert {line.split()[1] for line in lines} == {"575", "577"}
    assert all(line.endswith("(checked against the child's rows: a misreading of the validator's)")
               for line in lines)


def test_rule_1007_crashing_on_a_29_february_birthday_is_known_and_says_why(written, capsys):
    """Rule 1007 moves each OC3 birthday into the collection year with date.replace, which
    fails for 29 February in 2026: the crash is known only when the return has such a DOB."""
    _summary, folder = written
    path = folder / "oc3.csv"
    rows = list(csv.DictReader(path.open(newline="")))
    rows[0].update(CHILD="SSDA00003", DOB="29/02/2008")  # a child with episodes, as the rule joins them
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    outcome = validate_ssda903(folder, year=YEAR)
    assert "1007" in outcome.crashed and "1007" not in outcome.unexpected_crashes
    assert "29 February" in outcome.crash_reasons["1007"]
    with pytest.raises(CommandError):  # the row no longer matches the header's: other rules say so
        call_command("returns", "validate", "ssda903", str(folder), "--year", str(YEAR))
    out = capsys.readouterr().out
    assert "CRASH 1007: the rule failed to run upstream (known: it cannot take a 29 February" in out
    assert "CRASH 1007" in out and "(unexpected)" not in out


def test_what_the_return_says_about_each_child(written):
    _summary, folder = written
    header = {r["CHILD"]: r for r in read(folder, "header")}
    assert set(header) == {"SSDA00001", "SSDA00002", "SSDA00003", "SSDA00004", "SSDA00005",
                           "SSDA00007", "SSDA00008"}
    # The adoption: the decision from the timeline, the adopters; not her foster carers (A6).
    assert read(folder, "placed_for_adoption") == [
        {"CHILD": "SSDA00008", "DOB": "11/01/2022", "DATE_PLACED": "15/01/2024",
         "DATE_PLACED_CEASED": "", "REASON_PLACED_CEASED": ""}]
    assert read(folder, "ad1") == [
        {"CHILD": "SSDA00008", "DOB": "11/01/2022", "DATE_INT": "15/01/2024", "DATE_MATCH": "20/08/2024",
         "FOSTER_CARE": "0", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}]
    assert (header["SSDA00005"]["MOTHER"], header["SSDA00005"]["MC_DOB"]) == ("1", "20/10/2025")
    assert (header["SSDA00002"]["MOTHER"], header["SSDA00002"]["MC_DOB"]) == ("0", "")
    assert header["SSDA00001"]["MOTHER"] == header["SSDA00007"]["MOTHER"] == ""
    episodes = [(r["CHILD"], r["DECOM"], r["RNE"], r["LS"], r["PLACE"], r["DEC"], r["REC"],
                 r["REASON_PLACE_CHANGE"]) for r in read(folder, "episodes")]
    assert [e for e in episodes if e[0] == "SSDA00002"] == [
        ("SSDA00002", "20/08/2025", "S", "V2", "K2", "01/10/2025", "X1", ""),
        ("SSDA00002", "01/10/2025", "L", "C1", "K2", "03/11/2025", "X1", "CHILD"),
        ("SSDA00002", "03/11/2025", "P", "C1", "U6", "", "", ""),
    ]
    assert ("SSDA00003", "04/11/2024", "S", "V2", "U6", "01/12/2025", "E4A", "") in episodes
    assert not [e for e in episodes if e[0] == "SSDA00007"]
    assert [r["CHILD"] for r in read(folder, "oc2")] == ["SSDA00001", "SSDA00004", "SSDA00005"]
    assert read(folder, "uasc") == [{"CHILD": "SSDA00004", "SEX": "M", "DOB": "01/09/2009",
                                     "DUC": "01/09/2027"}]
    assert read(folder, "oc3") == [{"CHILD": "SSDA00007", "DOB": "09/07/2006", "IN_TOUCH": "YES",
                                    "ACTIV": "F2", "ACCOM": "D1"}]
    assert read(folder, "missing") == [
        {"CHILD": "SSDA00001", "DOB": "14/06/2012", "MISSING": "M", "MIS_START": "02/11/2025",
         "MIS_END": "03/11/2025"},
        {"CHILD": "SSDA00002", "DOB": "03/02/2010", "MISSING": "A", "MIS_START": "12/10/2025",
         "MIS_END": "13/10/2025"},
        {"CHILD": "SSDA00002", "DOB": "03/02/2010", "MISSING": "M", "MIS_START": "30/03/2026",
         "MIS_END": ""},
        {"CHILD": "SSDA00003", "DOB": "20/01/2014", "MISSING": "M", "MIS_START": "30/11/2025",
         "MIS_END": "01/12/2025"},
    ]
    sw = [(r["CHILD"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in read(folder, "sw_episodes")
          if r["CHILD"] == "SSDA00001"]
    assert sw == [("SSDA00001", "10/05/2021", "06/10/2025", "FCONTA"),
                  ("SSDA00001", "06/10/2025", "", "MANAGE")]


def test_a_record_judged_earlier_has_not_yet_seen_what_came_after(council, tmp_path):
    write_ssda903(YEAR, tmp_path, reference=date(2025, 10, 15))
    episodes = [(r["CHILD"], r["DECOM"], r["DEC"], r["REC"]) for r in read(tmp_path, "episodes")
                if r["CHILD"] == "SSDA00002"]
    assert episodes == [("SSDA00002", "20/08/2025", "01/10/2025", "X1"),
                        ("SSDA00002", "01/10/2025", "", "")]
    assert "SSDA00003" in {r["CHILD"] for r in read(tmp_path, "episodes") if not r["DEC"]}


def test_an_overlapping_episode_is_named_by_the_validator(written, tmp_path_factory):
    _summary, folder = written
    rows = read(folder, "episodes")
    # The new entrant's first episode now runs past the start of the next.
    target = next(i for i, r in enumerate(rows) if r["CHILD"] == "SSDA00002" and r["RNE"] == "S")
    rows[target]["DEC"] = "20/10/2025"
    bad = tmp_path_factory.mktemp("bad")
    for table in TABLES:
        (bad / f"{table}.csv").write_bytes((folder / f"{table}.csv").read_bytes())
    with (bad / "episodes.csv").open("w", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=TABLES["episodes"], lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    outcome = validate_ssda903(bad, year=YEAR)
    found = [i for i in outcome.errors if not misread(i, bad, YEAR)]
    assert {i.child for i in found} == {"SSDA00002"}, [(i.rule, i.child, i.description) for i in found]
    assert any(i.where.startswith("Episodes") for i in found)


def test_every_code_written_is_in_the_dfe_code_lists(written):
    _summary, folder = written
    allowed = {
        ("header", "SEX"): codes.SEX.values,
        ("header", "ETHNIC"): codes.ETHNICITY.values,
        ("header", "MOTHER"): ("", "0", "1"),
        ("episodes", "RNE"): codes.REASON_NEW_EPISODE.values,
        ("episodes", "LS"): codes.LEGAL_STATUS.values,
        ("episodes", "CIN"): codes.PRIMARY_NEED.values,
        ("episodes", "PLACE"): codes.PLACEMENT_TYPE.values,
        ("episodes", "PLACE_PROVIDER"): ("", *codes.PLACEMENT_PROVIDER.values),
        ("episodes", "REC"): ("", *codes.REASON_EPISODE_CEASED.values),
        ("episodes", "REASON_PLACE_CHANGE"): ("", *codes.REASON_PLACEMENT_CHANGE.values),
        ("reviews", "REVIEW_CODE"): codes.REVIEW_PARTICIPATION.values,
        ("uasc", "SEX"): codes.SEX.values,
        ("oc2", "SDQ_REASON"): ("", *SDQ_REASON.values),
        ("oc3", "IN_TOUCH"): codes.CARE_LEAVER_IN_TOUCH.values,
        ("oc3", "ACTIV"): codes.CARE_LEAVER_ACTIVITY.values,
        ("oc3", "ACCOM"): ("0", *(f"{a}{n}" for a in codes.CARE_LEAVER_ACCOMMODATION.values
                                  for n in "12")),
        ("missing", "MISSING"): codes.MISSING_TYPE.values,
        ("sw_episodes", "SW_REASON"): codes.SW_CHANGE_REASON.values,
    }
    for (table, column), known in allowed.items():
        for row in read(folder, table):
            assert row[column] in known, f"{table}.{column} {row[column]!r}"
    for table, columns in TABLES.items():
        with (folder / f"{table}.csv").open() as handle:
            assert tuple(handle.readline().strip().split(",")) == columns
    assert all(r["SW_ID"].startswith("SW") for r in read(folder, "sw_episodes"))
    assert {r["CIN"] for r in read(folder, "episodes")} <= {f"N{n}" for n in range(1, 9)}


def test_the_change_of_worker_reasons_map_to_the_dfe_codes():
    assert sw_reason("Social worker left the authority") == "LEFTRL"
    assert sw_reason("Caseload rebalanced within the team") == "MANAGE"
    assert sw_reason("Social worker moved to another team") == "TSPROC"
    assert sw_reason("Social worker on long-term leave") == "ABSENC"
    assert sw_reason("ORGRST") == "ORGRST"
    assert sw_reason("") == sw_reason("Reallocated") == "OTHERS"


def test_the_command_writes_the_tables_and_refuses_in_one_line(db, tmp_path, capsys):
    call_command("returns", "ssda903", "--year", "2026", "--out", str(tmp_path / "903"))
    assert {p.name for p in (tmp_path / "903").iterdir()} == {f"{t}.csv" for t in TABLES}
    assert "SSDA903 return written: 0 children" in capsys.readouterr().out
    assert SecurityEvent.objects.get(kind=SecurityKind.EXPORT).detail.startswith(
        f"SSDA903 return 2025-26 written to {tmp_path / '903'}")
    with pytest.raises(CommandError, match="not a collection year"):
        call_command("returns", "ssda903", "--year", "1999", "--out", str(tmp_path))
    with pytest.raises(CommandError, match=r"^cannot write .*missing"):
        call_command("returns", "ssda903", "--year", "2026", "--out", str(tmp_path / "missing" / "903"))


def test_a_misreading_is_excused_only_when_the_childs_rows_show_it(tmp_path):
    from types import SimpleNamespace

    for table, columns in TABLES.items():
        (tmp_path / f"{table}.csv").write_text(",".join(columns) + "\n")
    with (tmp_path / "sw_episodes.csv").open("a") as handle:
        handle.write("K1,01/01/2012,SW000001,01/05/2025,29/03/2026,FCONTA\n"
                     "K1,01/01/2012,SW000002,29/03/2026,,LEFTRL\n"
                     "K2,01/01/2012,SW000001,01/05/2025,29/03/2026,FCONTA\n")
    with (tmp_path / "episodes.csv").open("a") as handle:
        handle.write("K3,01/05/2025,S,V2,N1,U6,PR1,,,,HU1 2AA,HU5 3JA,XXXXXXX\n")
    with (tmp_path / "missing.csv").open("a") as handle:
        handle.write("K3,01/01/2012,M,30/03/2026,\nK4,01/01/2012,M,30/03/2026,\n")

    def flagged(rule, child):
        return misread(SimpleNamespace(rule=rule, child=child), tmp_path, YEAR)

    assert flagged("SW11bSTG2", "K1") and not flagged("SW11bSTG2", "K2")
    assert flagged("577", "K3") and not flagged("577", "K4")  # K4 is not looked after
    assert not flagged("393", "K1")


def test_continuously_looked_after_as_the_validator_counts_it():
    from types import SimpleNamespace

    from lantern.returns.ssda903 import _continuously_looked_after

    first, last = date(2025, 4, 1), date(2026, 3, 31)

    def cla(start, end=None, reference=last):
        return _continuously_looked_after(SimpleNamespace(start=start, end=end), first, last, reference)

    assert cla(date(2025, 4, 1))  # began on 1 April: a whole year
    assert not cla(date(2025, 4, 2))
    assert cla(date(2020, 1, 1), date(2026, 3, 31))  # ended on 31 March itself
    assert not cla(date(2020, 1, 1), date(2026, 3, 30))
    # Judged on 1 October, an end in November has not happened yet.
    assert cla(date(2020, 1, 1), date(2025, 11, 1), reference=date(2025, 10, 1))


def test_the_last_social_worker_episode_is_kept_however_short():
    from lantern.returns.ssda903 import _sw_rows

    first, last = date(2025, 4, 1), date(2026, 3, 31)
    # One night in care with a worker allocated for it: the episode is written (open).
    assert _sw_rows([(7, date(2026, 1, 20), date(2026, 1, 21), "Case closed")], date(2026, 1, 20),
                    date(2026, 1, 21), first, last) == [("SW000007", "20/01/2026", "", "FCONTA")]
    # A two-day cover between two workers is too short to return (SW09STG2): the next follows on.
    rows = _sw_rows([(1, date(2025, 5, 1), date(2025, 10, 16), "Absence cover"),
                     (2, date(2025, 10, 16), date(2025, 10, 18), "Back from leave"),
                     (3, date(2025, 10, 18), None, "")], date(2024, 1, 1), None, first, last)
    assert [r[0] for r in rows] == ["SW000001", "SW000003"]


def test_the_return_reckons_birthdays_as_the_dfe_does_for_sdq_and_care_leaver_information(world, tmp_path):
    """Two children the hull council tripped over. H turned 17 on 1 April 2025, the first day
    of the year: rule 189 (no SDQ after a 17th birthday before the year) does not cover her,
    rule 197B asks for a score or a reason. J was born on 29 February 2008 and left care on 28
    February 2026, which the DfE reckons his 18th birthday: no care leaver information for him
    (rule 1016), though the rules core would call him 18 only on 1 March."""
    from lantern.returns.ssda903 import dfe_birthday

    assert dfe_birthday(date(2008, 2, 29), 18) == date(2026, 2, 28)
    assert dfe_birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)
    worker, iro = world.users["social_worker"], world.users["iro"]
    act = {"actor": worker, "now": NOW}
    h = ChildFactory(council_id="SSDA00011", sex="F", date_of_birth=date(2008, 4, 1), ethnicity="WBRI")
    allocate(h, worker, start=date(2020, 1, 27))
    ph = care_start(**act, child=h, start=date(2020, 1, 27), legal_status="V2", category_of_need="N1",
                    placement=FOSTER, home_postcode=HOME)
    review_record(**act, child=h, held_on=date(2025, 7, 22), participation="PN1", iro=iro)
    health(h, ph, HealthKind.REVIEW, date(2025, 7, 1), by=worker)
    j = ChildFactory(council_id="SSDA00012", sex="M", date_of_birth=date(2008, 2, 29), ethnicity="WBRI")
    allocate(j, worker, start=date(2021, 6, 10))
    care_start(**act, child=j, start=date(2021, 6, 10), legal_status="C2", category_of_need="N1",
               placement=HOME_LEEDS, home_postcode=HOME)
    review_record(**act, child=j, held_on=date(2025, 9, 30), participation="PN1", iro=iro)
    care_cease(**act, child=j, on=date(2026, 2, 28), reason="E5")
    keeping_in_touch_record(**act, child=j, birthday=18, contact_on=date(2026, 3, 2),
                            in_touch="YES", activity="F2", accommodation="D", suitable=True)
    write_ssda903(YEAR, tmp_path)
    assert [(r["CHILD"], r["SDQ_SCORE"], r["SDQ_REASON"]) for r in read(tmp_path, "oc2")] == [
        ("SSDA00011", "", "SDQ1")]
    assert read(tmp_path, "oc3") == []
    outcome = validate_ssda903(tmp_path, year=YEAR)
    assert not {i.rule for i in outcome.errors} & {"197B", "189", "1016", "1007"}, real_errors(outcome, tmp_path)
