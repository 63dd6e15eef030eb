"""services/tracking: one-time codes by email (real SMTP sink) or SMS, expiry, lockout, the tracking session."""

import datetime as dt
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.models import TrackingCode
from gongkai.foi_requests.services import tracking
from tests.smtp_sink import free_port

from .factories import FoiRequestFactory

pytestmark = pytest.mark.django_db


class RecordingGateway:
    sent: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingGateway.sent.append((phone, text))


@pytest.fixture
def foi(xiuwu):
    return FoiRequestFactory(bureau=xiuwu, tracking_number="F20261128K7MQ2XWA")


def error_code(call, *args):
    with pytest.raises(tracking.TrackingError) as caught:
        call(*args)
    return caught.value.code


def test_code_is_sent_by_email_and_opens_the_request(foi, smtp_sink):  # noqa: F811
    assert tracking.issue_code(foi, "email") == "ap***@example.com"
    (message,) = smtp_sink.messages
    assert message["To"] == "applicant@example.com"
    code = smtp_sink.last_code()
    stored = TrackingCode.objects.get(request=foi)
    assert code not in stored.code_hash and stored.sent_to == "ap***@example.com"
    assert stored.expires_at - stored.created_at <= dt.timedelta(minutes=10, seconds=1)
    assert tracking.verify_code(" f20261128k7mq2xwa ", code).pk == foi.pk
    assert AuditLogEntry.objects.filter(action="foi_requests.tracking_code.verified", object_id=str(foi.pk)).exists()


def test_code_is_sent_by_sms(foi, settings):
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingGateway"}
    RecordingGateway.sent.clear()
    assert tracking.issue_code(foi, "phone") == "138****8000"
    ((phone, text),) = RecordingGateway.sent
    code = re.search(r"(?<!\d)\d{6}(?!\d)", text).group()
    assert phone == "13800138000"
    assert tracking.verify_code(foi.tracking_number, code) == foi


def test_code_works_once(foi, smtp_sink):  # noqa: F811
    tracking.issue_code(foi, "email")
    code = smtp_sink.last_code()
    tracking.verify_code(foi.tracking_number, code)
    assert error_code(tracking.verify_code, foi.tracking_number, code) == "code_expired"


def test_expired_code_is_refused(foi, smtp_sink):  # noqa: F811
    tracking.issue_code(foi, "email")
    TrackingCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert error_code(tracking.verify_code, foi.tracking_number, smtp_sink.last_code()) == "code_expired"


def test_wrong_code_counts_down_and_five_wrong_codes_lock_it(foi, smtp_sink):  # noqa: F811
    tracking.issue_code(foi, "email")
    right = smtp_sink.last_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    with pytest.raises(tracking.TrackingError) as caught:
        tracking.verify_code(foi.tracking_number, wrong)
    assert caught.value.code == "code_wrong" and caught.value.params == {"left": 4}
    for _ in range(3):
        assert error_code(tracking.verify_code, foi.tracking_number, wrong) == "code_wrong"
    assert error_code(tracking.verify_code, foi.tracking_number, wrong) == "code_locked"
    assert error_code(tracking.verify_code, foi.tracking_number, right) == "code_locked"
    assert TrackingCode.objects.get().attempts == 5


def test_new_code_replaces_the_previous_one(foi, smtp_sink):  # noqa: F811
    tracking.issue_code(foi, "email")
    first = smtp_sink.last_code()
    tracking.issue_code(foi, "email")
    second = smtp_sink.last_code()
    if first != second:
        assert error_code(tracking.verify_code, foi.tracking_number, first) in ("code_wrong", "code_expired")
    assert tracking.verify_code(foi.tracking_number, second) == foi


def test_at_most_five_codes_an_hour(foi, smtp_sink):  # noqa: F811
    for _ in range(5):
        tracking.issue_code(foi, "email")
    assert error_code(tracking.issue_code, foi, "email") == "too_many_codes"
    assert len(smtp_sink.messages) == 5


def test_code_cannot_go_where_the_applicant_gave_nothing(xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu, email="", phone="0391-3561234")
    assert tracking.destinations(foi) == {}
    assert error_code(tracking.issue_code, foi, "email") == "no_destination"
    assert error_code(tracking.issue_code, foi, "phone") == "no_destination"


def test_unknown_tracking_number_is_a_clear_error(foi):
    assert error_code(tracking.find_request, "F20260101AAAAAAAA") == "unknown_tracking_number"
    assert error_code(tracking.verify_code, "", "123456") == "unknown_tracking_number"


def test_mail_server_down_is_reported_to_the_applicant(foi, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    assert error_code(tracking.issue_code, foi, "email") == "send_failed"


def test_tracking_session_lasts_thirty_minutes(foi):
    http_request = RequestFactory().get("/")
    http_request.session = SessionStore()
    assert not tracking.has_session(http_request, foi)
    tracking.open_session(http_request, foi)
    assert tracking.has_session(http_request, foi)
    until = http_request.session[tracking.SESSION_KEY][str(foi.uuid)]
    assert 29 * 60 < until - timezone.now().timestamp() <= 30 * 60
    http_request.session[tracking.SESSION_KEY] = {str(foi.uuid): timezone.now().timestamp() - 1}
    assert not tracking.has_session(http_request, foi)
