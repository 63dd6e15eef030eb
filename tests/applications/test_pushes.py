"""Pushes: each status event goes to every subscription (email over SMTP to a local sink, SMS through the
pluggable gateway), retried on failure, every attempt logged; and the real worker process delivers them."""

import pytest
from django.test import override_settings

from gongkai.applications import services
from gongkai.applications.constants import PUSH_MAX_ATTEMPTS
from gongkai.applications.models import Application, PushLog
from gongkai.core.models import AuditLogEntry
from tests.worker import DB_TASKS, database_url, rows, run_db_worker


class RecordingSms:
    sent: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingSms.sent.append((phone, text))


class BrokenSms:
    def send(self, phone, text):
        raise ConnectionError(f"gateway down for {phone}")


@pytest.fixture
def sms(settings):
    RecordingSms.sent = []
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingSms"}
    return RecordingSms.sent


@pytest.mark.django_db
def test_an_event_is_pushed_by_email_and_sms_and_logged(
    create, post_event, smtp_sink, sms, django_capture_on_commit_callbacks
):
    create(applicant_email="applicant@example.com", applicant_phone="13800138000")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(status="accepted", note="材料齐全，予以受理。").json()["pushes"] == 2
    (message,) = smtp_sink.to("applicant@example.com")
    assert "WZ-2026-0001" in message["Subject"] and "已受理" in message["Subject"]
    body = smtp_sink.bodies()[0]
    assert "材料齐全，予以受理。" in body and "/services/progress/" in body
    assert sms == [("13800138000", sms[0][1])] and "WZ-2026-0001" in sms[0][1]
    assert sorted(PushLog.objects.values_list("channel", "status", "attempts")) == [
        ("email", "sent", 1),
        ("sms", "sent", 1),
    ]


@pytest.mark.django_db
def test_a_failing_gateway_is_retried_then_given_up_and_audited(
    create, post_event, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.BrokenSms"}
    create(applicant_phone="13800138000")
    with django_capture_on_commit_callbacks(execute=True):
        post_event(status="received")
    push = PushLog.objects.get()
    assert push.status == "failed" and push.attempts == PUSH_MAX_ATTEMPTS
    assert "gateway down" in push.error and "13800138000" not in push.error and "138****8000" in push.error
    assert AuditLogEntry.objects.filter(action="applications.push.failed", result="failure").count() == 1


@pytest.mark.django_db
def test_the_applicant_subscribes_later_and_gets_the_next_event_only(
    create, post_event, smtp_sink, django_capture_on_commit_callbacks
):
    create()
    with django_capture_on_commit_callbacks(execute=True):
        post_event(status="received")
    application = Application.objects.get()
    services.subscribe(application=application, channel="email", to="late@example.com")
    services.subscribe(application=application, channel="email", to="late@example.com")  # idempotent
    with django_capture_on_commit_callbacks(execute=True):
        post_event(status="accepted")
    assert len(smtp_sink.messages) == 1 and PushLog.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="applications.subscription.created").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_delivers_the_pushes(tmp_path, create, post_event, smtp_sink):
    create(applicant_email="applicant@example.com")
    with override_settings(TASKS=DB_TASKS):
        post_event(status="received")
        post_event(status="accepted")
    url, sqlite_copy = database_url(tmp_path)
    email = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    run_db_worker(url, {**email, "EMAIL_PORT": str(smtp_sink.port)})
    assert len(smtp_sink.to("applicant@example.com")) == 2
    assert sorted(rows(sqlite_copy, "SELECT status, attempts FROM applications_pushlog")) == [("sent", 1), ("sent", 1)]
