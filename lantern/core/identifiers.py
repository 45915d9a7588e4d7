"""Checks for the identifiers a child's record carries, and synthetic ones.

- NHS number: 10 digits; the 10th is a modulus 11 check digit (weights 10 down
  to 2 on the first nine digits; check = 11 - remainder, 11 becomes 0, 10 means
  the number is invalid).
- Unique Pupil Number (DfE): 13 characters. Character 1 is a check letter;
  characters 2-4 the LA number, 5-8 the establishment, 9-10 the year, 11-13 a
  serial. Check letter: multiply the value of each of characters 2-13 by its
  position (weights 2..13), sum, take the remainder mod 23 and index the
  23-letter table ``ABCDEFGHJKLMNPQRTUVWXYZ`` (no I, O or S). A *temporary*
  UPN has a letter in position 13; for the check it counts as its index in
  the same table (A=0 ... Z=22).
- Postcodes: UK format (including GIR 0AA), normalised to upper case with a
  single space before the inward code.

Synthetic values are for test and demo data only: NHS numbers come from the
999 range, which is not issued to patients.
"""

from __future__ import annotations

import random
import re

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_NHS_WEIGHTS = range(10, 1, -1)


def _nhs_check_digit(nine: str) -> int | None:
    """Check digit for nine digits, or None when the remainder gives 10."""
    total = sum(int(d) * w for d, w in zip(nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_is_valid(s: str) -> bool:
    """True for a 10-digit NHS number with a correct check digit (spaces allowed)."""
    if not isinstance(s, str):
        return False
    digits = s.replace(" ", "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    check = _nhs_check_digit(digits[:9])
    return check is not None and check == int(digits[9])


def format_nhs_number(s: str) -> str:
    """NHS number in the usual 3-3-4 display form."""
    digits = s.replace(" ", "")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def make_nhs_number(rng: random.Random) -> str:
    """A valid synthetic NHS number in the 999 (never issued) range."""
    while True:
        nine = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = _nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def _upn_char_value(position: int, char: str) -> int | None:
    if char.isdigit():
        return int(char)
    if position == 13 and char in UPN_LETTERS:
        return UPN_LETTERS.index(char)
    return None


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 characters)."""
    if len(body) != 12:
        raise ValueError("a UPN body is 12 characters")
    total = 0
    for position, char in enumerate(body.upper(), start=2):
        value = _upn_char_value(position, char)
        if value is None:
            raise ValueError(f"invalid UPN character {char!r} at position {position}")
        total += value * position
    return UPN_LETTERS[total % 23]


def upn_is_valid(s: str) -> bool:
    """True for a 13-character UPN (permanent, or temporary with a letter in
    position 13) whose check letter is correct."""
    if not isinstance(s, str):
        return False
    upn = s.strip().upper()
    if len(upn) != 13 or not upn.isascii() or upn[0] not in UPN_LETTERS:
        return False
    body = upn[1:]
    if not body[:11].isdigit():
        return False
    try:
        return upn_check_letter(body) == upn[0]
    except ValueError:
        return False


def make_upn(rng: random.Random, la_code: str = "810") -> str:
    """A valid synthetic permanent UPN for LA ``la_code`` (3 digits)."""
    if len(la_code) != 3 or not la_code.isdigit():
        raise ValueError("la_code is the 3-digit DfE LA number")
    body = la_code + "".join(str(rng.randrange(10)) for _ in range(9))
    return upn_check_letter(body) + body


_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"^(?:GIR 0AA|{_OUTWARD} {_INWARD})$")


def normalise_postcode(s: str) -> str:
    """Upper case, no stray spaces, one space before the 3-character inward code."""
    compact = re.sub(r"\s+", "", s or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(s: str) -> bool:
    """True for a well-formed UK postcode (format only; not proof it exists)."""
    if not isinstance(s, str):
        return False
    return bool(_POSTCODE.match(normalise_postcode(s)))
