"""DfE code sets."""

import pytest

from lantern.core import codes
from lantern.core.codes import CODESETS, choices, label


def test_ethnicity_has_the_twenty_dfe_codes():
    assert set(codes.ETHNICITY.values) == set(
        "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH "
        "CHNE OOTH REFU NOBT".split()
    )


def test_code_sets_match_returns_md():
    assert codes.SEX.values == ("M", "F", "U")
    assert set(codes.DISABILITY.values) == set(
        "NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA".split()
    )
    assert codes.REFERRAL_SOURCE.values == tuple(
        "1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10".split()
    )
    assert codes.CP_CATEGORY.values == ("NEG", "PHY", "SAB", "EMO", "MUL")
    assert set(codes.PRIMARY_NEED.values) == {f"N{i}" for i in range(10)}
    assert set(codes.LEGAL_STATUS.values) == set(
        "C1 C2 D1 E1 V2 V3 V4 J1 J2 J3 L1 L2 L3".split()
    )
    assert set(codes.PLACEMENT_TYPE.values) == set(
        "A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 "
        "Z11 Z12 Z13 Z14".split()
    )
    assert set(codes.REASON_NEW_EPISODE.values) == set("S L P T B U".split())
    assert set(codes.REASON_EPISODE_CEASED.values) == set(
        "E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17 X1".split()
    )
    assert set(codes.REASON_PLACEMENT_CHANGE.values) == set(
        "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD OTHER".split()
    )
    assert set(codes.CIN_CLOSURE_REASON.values) == {f"RC{i}" for i in range(1, 10)}


def test_no_duplicate_codes_and_every_code_labelled():
    for codeset in CODESETS.values():
        assert len(codeset.values) == len(set(codeset.values)), codeset.name
        assert all(text.strip() for _, text in codeset.codes), codeset.name


def test_label_and_choices_helpers():
    assert label("cp_category", "NEG") == "Neglect"
    assert label(codes.PRIMARY_NEED, "N4") == "Family in acute stress"
    assert choices("sex") == (("M", "Male"), ("F", "Female"), ("U", "Unknown"))
    assert "WBRI" in codes.ETHNICITY
    with pytest.raises(KeyError):
        label("cp_category", "XXX")
    with pytest.raises(KeyError):
        choices("no_such_set")
