"""The postcode directory reader: real ONS data, no Django."""

import pytest

from lantern.geo import postcodes

HULL = "E06000010"
EAST_RIDING = "E06000011"


def test_the_guildhall_postcode_is_in_hull():
    info = postcodes.lookup("HU1 2AA")
    assert info is not None
    assert info.postcode == "HU1 2AA"
    assert info.laua == HULL
    assert 500_000 < info.easting < 520_000
    assert 420_000 < info.northing < 440_000


@pytest.mark.parametrize("written", ["hu1 2aa", "HU12AA", " HU1  2AA "])
def test_lookup_ignores_case_and_spacing(written):
    assert postcodes.lookup(written).postcode == "HU1 2AA"


def test_four_character_outward_codes_are_written_with_one_space():
    info = postcodes.lookup("HU128AA")
    assert info is not None and info.postcode == "HU12 8AA"
    assert info.laua == EAST_RIDING


@pytest.mark.parametrize("unknown", ["ZZ9 9ZZ", "HU1 0ZZ", "", "12345", "QQ1 1QQ"])
def test_unknown_postcodes_give_none(unknown):
    assert postcodes.lookup(unknown) is None


def test_hulls_postcodes_all_start_hu_and_are_in_hull():
    found = postcodes.postcodes_in_area(HULL)
    assert len(found) > 5000
    assert "HU1 2AA" in found
    assert all(p.startswith("HU") for p in found)
    assert found == sorted(found)
    assert postcodes.lookup(found[len(found) // 2]).laua == HULL


def test_a_letter_outside_the_area_finds_nothing():
    assert postcodes.postcodes_in_area(HULL, letters=("Z",)) == []


def test_distances_are_sane():
    assert postcodes.distance_km("HU1 2AA", "HU1 2AA") == 0
    # Hull city centre to Beverley: about 12 km.
    assert 8 < postcodes.distance_km("HU1 2AA", "HU17 9BA") < 16
    # Hull to Westminster: about 250 km as the crow flies.
    assert 230 < postcodes.distance_km("HU1 2AA", "SW1A 1AA") < 270
    assert postcodes.distance_km("HU1 2AA", "SW1A 1AA") == postcodes.distance_km(
        "SW1A 1AA", "HU1 2AA"
    )


def test_distance_to_an_unknown_postcode_is_none():
    assert postcodes.distance_km("HU1 2AA", "ZZ9 9ZZ") is None
    assert postcodes.distance_km("nonsense", "HU1 2AA") is None


def test_the_module_imports_no_django():
    import subprocess
    import sys

    code = "import sys, lantern.geo.postcodes; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
