"""The audit chain: intact after writes, and any edit, deletion or insertion behind
the application's back is found and named."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from lantern.audit.chain import append, verify
from lantern.audit.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    actor = world.users["team_manager"]
    for i in range(5):
        append(actor=actor, at=timezone.now(), action=f"Test event {i}", obj=world.child,
               child=world.child, after={"i": i})
    return actor


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_chain_verifies_with_its_count(chain, capsys):
    assert verify().intact
    assert verify().count == 5
    call_command("audit", "verify")
    assert "intact: 5 events" in capsys.readouterr().out


def test_editing_a_row_is_found(chain):
    _sql("UPDATE audit_auditevent SET action = %s WHERE seq = 3", ["Something else"])
    verdict = verify()
    assert not verdict.intact and verdict.broken_seq == 3
    with pytest.raises(CommandError, match="event 3"):
        call_command("audit", "verify")


def test_deleting_a_row_in_the_middle_is_found(chain):
    _sql("DELETE FROM audit_auditevent WHERE seq = 2")
    verdict = verify()
    assert not verdict.intact and verdict.broken_seq == 2


def test_deleting_the_newest_row_is_found(chain):
    _sql("DELETE FROM audit_auditevent WHERE seq = 5")
    verdict = verify()
    assert not verdict.intact and verdict.broken_seq == 5


def test_inserting_a_row_is_found(chain):
    last = AuditEvent.objects.order_by("-seq").first()
    _sql(
        "INSERT INTO audit_auditevent (seq, at, actor_id, action, object_type, object_id, child_id,"
        " before, after, reason, prev_hash, hash) VALUES (%s, %s, %s, %s, '', '', NULL, NULL, NULL, '', %s, %s)",
        [6, timezone.now(), chain.pk, "Forged", last.hash, "f" * 64],
    )
    verdict = verify()
    assert not verdict.intact and verdict.broken_seq == 6


def test_the_model_refuses_changes_and_deletion(chain):
    event = AuditEvent.objects.first()
    event.action = "Changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_the_command_prints_one_line_and_exits_1_on_a_break(chain, tmp_path):
    _sql("UPDATE audit_auditevent SET reason = 'x' WHERE seq = 4")
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert "\n" not in str(caught.value)


def test_an_unknown_action_is_a_one_line_error_not_a_traceback():
    result = subprocess.run([sys.executable, "-m", "lantern.cli", "audit", "mend"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_events_written_in_london_time_still_verify(world):
    from datetime import datetime

    from lantern.core.calendar import LONDON

    append(actor=world.users["team_manager"], at=datetime(2026, 7, 1, 9, 30, tzinfo=LONDON),
           action="Summer event", obj=world.child, child=world.child)
    assert verify().intact
