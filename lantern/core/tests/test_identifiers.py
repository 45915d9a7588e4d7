"""NHS numbers, UPNs and postcodes."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.core.identifiers import (
    make_nhs_number,
    make_upn,
    nhs_number_is_valid,
    normalise_postcode,
    postcode_is_valid,
    upn_check_letter,
    upn_is_valid,
)


def test_known_valid_nhs_number():
    # 9 4 3 4 7 6 5 9 1 weighted 10..2: 90+36+24+28+42+30+20+27+2 = 299;
    # 299 mod 11 = 2; 11 - 2 = 9 = the tenth digit
    assert nhs_number_is_valid("9434765919")
    assert nhs_number_is_valid("943 476 5919")


@pytest.mark.parametrize(
    "value",
    ["9434765918", "943476591", "94347659190", "943476591X", "", "abcdefghij", "９４３４７６５９１９"],
)
def test_invalid_nhs_numbers(value):
    assert not nhs_number_is_valid(value)


def test_check_digit_of_ten_is_invalid():
    # 000000001: 1*2 = 2; 11 - 2 = 9
    assert nhs_number_is_valid("0000000019")
    # 100000000: 1*10 = 10; 11 - 10 = 1
    assert nhs_number_is_valid("1000000001")
    # 000000000: remainder 0; 11 - 0 = 11 -> 0
    assert nhs_number_is_valid("0000000000")
    # 000000006: 6*2 = 12; remainder 1; 11 - 1 = 10 -> no valid number has this body
    assert not any(nhs_number_is_valid(f"000000006{d}") for d in "0123456789")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_synthetic_nhs_numbers_are_valid_and_in_the_999_range(seed):
    number = make_nhs_number(random.Random(seed))
    assert number.startswith("999") and len(number) == 10
    assert nhs_number_is_valid(number)


def test_upn_worked_example():
    # body 810123412345, weights 2..13:
    # 8*2 + 1*3 + 0*4 + 1*5 + 2*6 + 3*7 + 4*8 + 1*9 + 2*10 + 3*11 + 4*12 + 5*13
    # = 16 + 3 + 0 + 5 + 12 + 21 + 32 + 9 + 20 + 33 + 48 + 65 = 264
    # 264 mod 23 = 11 -> ABCDEFGHJKLMNPQRTUVWXYZ[11] = "M"
    assert upn_check_letter("810123412345") == "M"
    assert upn_is_valid("M810123412345")
    assert upn_is_valid("m810123412345")
    assert not upn_is_valid("N810123412345")


def test_upn_all_zero_body_gives_a():
    # sum 0 -> remainder 0 -> "A"
    assert upn_is_valid("A000000000000")


def test_temporary_upn_with_letter_in_position_13():
    # body 81012341234 + "B": digits as above except position 13 is B (= 1 in the table)
    # 264 - 65 + 1*13 = 212; 212 mod 23 = 5 -> "F"
    assert upn_check_letter("81012341234B") == "F"
    assert upn_is_valid("F81012341234B")


@pytest.mark.parametrize(
    "value", ["M81012341234", "M8101234123456", "I810123412345", "MA10123412345", "", "UN1"]
)
def test_invalid_upns(value):
    assert not upn_is_valid(value)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_synthetic_upns_are_valid(seed):
    upn = make_upn(random.Random(seed), la_code="810")
    assert upn[1:4] == "810"
    assert upn_is_valid(upn)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("hu1 2aa", "HU1 2AA"), ("  SW1A1AA ", "SW1A 1AA"), ("gir0aa", "GIR 0AA"), ("M1  1AE", "M1 1AE")],
)
def test_normalise_postcode(raw, normal):
    assert normalise_postcode(raw) == normal
    assert postcode_is_valid(raw)


@pytest.mark.parametrize("value", ["EC1A 1BB", "W1A 0AX", "B33 8TH", "CR2 6XH", "DN55 1PT", "HU17 0AB"])
def test_valid_postcode_formats(value):
    assert postcode_is_valid(value)


@pytest.mark.parametrize("value", ["QA1 1AA", "HU1 2CA", "HU1", "12345", "", "HU1 2AAA", "V1 1AA"])
def test_invalid_postcodes(value):
    assert not postcode_is_valid(value)
