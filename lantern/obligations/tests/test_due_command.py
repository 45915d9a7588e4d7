"""`lantern due RULE START`, including its one-line errors."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _due(*args, capsys):
    call_command("due", *args)
    return capsys.readouterr().out.strip()


def test_assessment_example_from_the_timescales(capsys):
    assert _due("A1", "2025-11-03", capsys=capsys) == "2026-01-08"


def test_referral_decision_skips_the_state_funeral(capsys):
    assert _due("F1", "2022-09-16", capsys=capsys) == "2022-09-20"


def test_first_lac_review_example(capsys):
    assert _due("LA12", "2024-12-20", capsys=capsys) == "2025-01-22"


def test_hour_rule_prints_a_datetime_with_offset_across_the_clock_change(capsys):
    # 20:00 GMT on Sat 28 Mar 2026; clocks go forward on the 29th; 72 elapsed hours.
    assert _due("M1", "2026-03-28T20:00", capsys=capsys) == "2026-03-31T21:00:00+01:00"


def test_rule_ids_are_not_case_sensitive(capsys):
    assert _due("a1", "2025-11-03", capsys=capsys) == "2026-01-08"


@pytest.mark.parametrize("args, message", [
    (["ZZ9", "2025-01-01"], "unknown rule"),
    (["A1", "2025-02-30"], "is not a date"),
    (["A1", "next tuesday"], "is not a date"),
    (["F3", "2025-01-01"], "no fixed deadline"),
])
def test_bad_input_gives_a_clear_reason(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("due", *args)


def test_the_console_command_prints_one_line_not_a_traceback():
    result = subprocess.run([sys.executable, "-m", "lantern.cli", "due", "ZZ9", "2025-01-01"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "unknown rule" in result.stderr
