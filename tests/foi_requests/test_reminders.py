"""Daily reminders: email over SMTP (a real local sink) and SMS to each bureau's handlers, once a day;
the task that re-queues itself for 08:00; and a real `db_worker` process running it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.foi_requests import tasks
from gongkai.foi_requests.constants import FeeMethod, State
from gongkai.foi_requests.models import FeeNotice, ReminderLog, SupplementRequest
from gongkai.foi_requests.reminders import collect, send_due_reminders
from gongkai.workdays.services import calendar_for
from tests.worker import DB_TASKS, database_url, rows, run_db_worker

from .factories import FoiRequestFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SENT_SMS = []


class RecordingSms:
    def send(self, phone, text):
        SENT_SMS.append((phone, text))


def today():
    return timezone.localdate()


def working_day(offset: int) -> dt.date:
    calendar = calendar_for([today().year - 1, today().year, today().year + 1])
    if offset >= 0:
        return calendar.add_working_days(today(), offset).date
    return calendar.working_days_before(today(), -offset).date


@pytest.fixture
def sms(settings):
    SENT_SMS.clear()
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingSms"}
    return SENT_SMS


@pytest.fixture
def handlers(people, xiuwu, editor, reviewer, leader, wenxian_editor):
    editor.email, editor.phone = "editor@xiuwu.example", "13700000001"
    reviewer.email = "reviewer@xiuwu.example"
    wenxian_editor.email = "editor@wenxian.example"
    for user in (editor, reviewer, wenxian_editor):
        user.save()
    # A government reviewer is not a handler of the bureau's requests.
    gov = people[Role.GOV_REVIEWER]
    gov.email = "gov@xiuwu.example"
    gov.save()
    return {"editor": editor, "reviewer": reviewer, "leader": leader, "wenxian": wenxian_editor}


@pytest.fixture
def due(xiuwu, wenxian, editor):
    """One request of each kind that needs a reminder, and some that do not."""
    made = {
        "due_soon": FoiRequestFactory(bureau=xiuwu, received_on=working_day(-15), due_on=working_day(3)),
        "overdue": FoiRequestFactory(bureau=xiuwu, received_on=working_day(-25), due_on=working_day(-2)),
        "unconfirmed": FoiRequestFactory(bureau=xiuwu, state=State.SUBMITTED, received_on=None),
        "far": FoiRequestFactory(bureau=xiuwu, received_on=today(), due_on=working_day(20)),
        "answered": FoiRequestFactory(bureau=xiuwu, state=State.ANSWERED, due_on=working_day(-3)),
        "paused": FoiRequestFactory(bureau=xiuwu, state=State.CONSULTING, clock_paused=True, due_on=working_day(-1)),
        "supplement": FoiRequestFactory(bureau=xiuwu, state=State.SUPPLEMENT_REQUESTED, due_on=None),
        "fee": FoiRequestFactory(bureau=xiuwu, state=State.FEE_NOTIFIED, due_on=working_day(10)),
        "wenxian": FoiRequestFactory(bureau=wenxian, received_on=working_day(-25), due_on=working_day(-1)),
    }
    SupplementRequest.objects.create(
        request=made["supplement"],
        items="请写明年份",
        sent_on=working_day(-12),
        period_working_days=10,
        supply_due_on=working_day(-2),
        sent_by=editor,
    )
    FeeNotice.objects.create(
        request=made["fee"],
        method=FeeMethod.PER_PAGE,
        quantity=40,
        amount_yuan=100,
        sent_on=working_day(-25),
        pay_due_on=working_day(-4),
        sent_by=editor,
    )
    return made


def test_collect_finds_each_kind_and_skips_the_rest(due):
    found = {(r.request.pk, r.kind) for r in collect(today())}

    expected = {
        (due["due_soon"].pk, "due_soon"),
        (due["overdue"].pk, "overdue"),
        (due["unconfirmed"].pk, "unconfirmed"),
        (due["supplement"].pk, "supplement_expired"),
        (due["fee"].pk, "fee_expired"),
        (due["wenxian"].pk, "overdue"),
    }
    assert found == expected


def test_reminders_arrive_by_smtp_and_sms_once_a_day(smtp_sink, sms, handlers, due):
    sent = send_due_reminders()

    # xiuwu editor: email + SMS; xiuwu reviewer: email; wenxian editor: email; the leader has no contact.
    assert sent == 4
    assert len(smtp_sink.messages) == 3
    editor_mail = smtp_sink.to("editor@xiuwu.example")
    assert len(editor_mail) == 1
    body = editor_mail[0].get_content()
    for name in ("due_soon", "overdue", "unconfirmed", "supplement", "fee"):
        assert due[name].tracking_number in body
    for name in ("far", "answered", "paused", "wenxian"):
        assert due[name].tracking_number not in body
    assert f"/admin/foi/{due['overdue'].pk}/" in body
    # Reminders never carry the applicant's personal data.
    for secret in ("张三", "11010519491231002X", "13800138000", "applicant@example.com"):
        assert secret not in body and secret not in str(editor_mail[0]["Subject"])
    wenxian_mail = smtp_sink.to("editor@wenxian.example")[0].get_content()
    assert due["wenxian"].tracking_number in wenxian_mail and due["overdue"].tracking_number not in wenxian_mail
    assert not smtp_sink.to("gov@xiuwu.example")
    assert [phone for phone, _text in sms] == ["13700000001"]

    assert send_due_reminders() == 0
    assert len(smtp_sink.messages) == 3 and len(sms) == 1
    assert ReminderLog.objects.filter(channel="email", recipient="editor@xiuwu.example").count() == 5

    # The next day they come again (still open, still overdue).
    assert send_due_reminders(today() + dt.timedelta(days=1)) >= 3
    assert len(smtp_sink.to("editor@xiuwu.example")) == 2


def test_a_failed_send_is_retried_on_the_next_run(settings, smtp_sink, sms, handlers, due):
    dead = smtp_sink.mailers()
    dead["default"]["OPTIONS"] = {**dead["default"]["OPTIONS"], "port": 9, "timeout": 2}
    settings.MAILERS = dead

    assert send_due_reminders() == 1  # only the SMS went out
    assert not ReminderLog.objects.filter(channel="email").exists()

    settings.MAILERS = smtp_sink.mailers()
    assert send_due_reminders() == 3
    assert len(smtp_sink.messages) == 3


def test_management_command_runs_once(smtp_sink, sms, handlers, due, capsys):
    call_command("foi_send_reminders")
    assert "4 reminder messages sent." in capsys.readouterr().out
    call_command("foi_send_reminders", "--date", today().isoformat())
    assert "0 reminder messages sent." in capsys.readouterr().out


# ---- the daily task ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 3, 10, 7, 59), dt.datetime(2026, 3, 10, 8, 0)),
        (dt.datetime(2026, 3, 10, 8, 0), dt.datetime(2026, 3, 11, 8, 0)),
        (dt.datetime(2026, 12, 31, 23, 30), dt.datetime(2027, 1, 1, 8, 0)),
    ],
)
def test_next_run_is_the_next_8_oclock_local(now, expected):
    assert tasks.next_run_at(now.replace(tzinfo=SHANGHAI)) == expected.replace(tzinfo=SHANGHAI)


def test_only_one_future_run_is_queued():
    with override_settings(TASKS=DB_TASKS):
        now = timezone.now()
        assert tasks.schedule_daily_reminders(now) is True
        assert tasks.schedule_daily_reminders(now) is False
        tasks.schedule_after_migrate()
        pending = list(tasks.pending_daily_runs())
        assert len(pending) == 1 and pending[0].run_after == tasks.next_run_at(now)


def test_immediate_backend_queues_nothing(smtp_sink, sms, handlers, due):
    assert tasks.schedule_daily_reminders() is False
    result = tasks.send_daily_reminders.enqueue()  # runs at once in the tests' backend
    assert result.return_value == 4


def test_the_task_sends_and_requeues_itself(smtp_sink, sms, handlers, due):
    with override_settings(TASKS=DB_TASKS):
        assert tasks.send_daily_reminders.call() == 4
        assert tasks.pending_daily_runs().count() == 1


# ---- a real worker process --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_runs_the_daily_task_and_queues_the_next(tmp_path, smtp_sink, handlers, due):
    with override_settings(TASKS=DB_TASKS):
        tasks.send_daily_reminders.enqueue()
    url, sqlite_copy = database_url(tmp_path)
    email = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    run_db_worker(url, {**email, "EMAIL_PORT": str(smtp_sink.port)})

    assert len(smtp_sink.messages) == 3  # the SMS goes to the logging gateway in the worker
    assert smtp_sink.to("editor@xiuwu.example")
    path = tasks.send_daily_reminders.module_path
    found = rows(
        sqlite_copy,
        f"SELECT status, return_value, run_after FROM django_tasks_database_dbtaskresult WHERE task_path = '{path}'",
    )
    statuses = sorted(str(status) for status, _value, _after in found)
    assert statuses == ["READY", "SUCCESSFUL"]
    assert [str(value) for status, value, _after in found if status == "SUCCESSFUL"] == ["4"]
    # 5 reminders for each of the two 修武县 handlers with an email, 1 for the 温县 editor.
    assert rows(sqlite_copy, "SELECT COUNT(*) FROM foi_requests_reminderlog WHERE channel = 'email'")[0][0] == 11
