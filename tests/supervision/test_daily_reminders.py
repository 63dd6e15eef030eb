"""The worker sends the supervision reminders: the task keeps exactly one run queued for the next day (core.daily),
queued first after `migrate`; the cron command stays."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gongkai.supervision import tasks
from tests.worker import DB_TASKS

pytestmark = pytest.mark.django_db


def test_daily_reminders_keep_one_run_queued_at_half_past_eight():
    with override_settings(TASKS=DB_TASKS):
        now = timezone.now()
        assert tasks.schedule_daily(now) is True
        assert tasks.schedule_daily(now) is False
        tasks.schedule_after_migrate()
        (pending,) = tasks.pending_daily_runs()
        assert timezone.localtime(pending.run_after).time() == dt.time(8, 30)


def test_daily_reminders_task_sends_and_the_command_remains(capsys):
    assert tasks.send_supervision_reminders.enqueue().return_value == 0  # the immediate backend of the tests
    call_command("supervision_reminders")
    assert "reminder(s) sent" in capsys.readouterr().out
