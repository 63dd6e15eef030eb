"""services/intake.submit_request: receipt dates per channel (Art. 31), one request per submit, rate limit."""

import datetime as dt
import re
import threading
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.models import FoiRequest, RequestAttachment, RequestEvent
from gongkai.foi_requests.services import intake
from gongkai.workdays.services import calendar_for

from .test_validation import ID18, valid

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class RecordingSms:
    sent: list[tuple[str, str]] = []

    def send(self, phone, text):
        RecordingSms.sent.append((phone, text))


def submit(bureau, **kwargs):
    kwargs.setdefault("data", valid())
    kwargs.setdefault("channel", "internet")
    kwargs.setdefault("ip", IP)
    return intake.submit_request(bureau=bureau, **kwargs)


def test_online_submission_awaits_confirmation_without_a_clock(xiuwu):
    foi, created = submit(xiuwu, client_token=uuid.uuid4())
    assert created
    assert foi.state == "submitted"
    assert foi.received_on is None and foi.due_on is None
    assert re.fullmatch(r"F\d{8}[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", foi.tracking_number)
    assert foi.tracking_number[1:9] == timezone.localdate().strftime("%Y%m%d")
    assert (foi.applicant_name, foi.id_document_number, foi.submitter_ip) == ("张三", ID18, IP)
    event = RequestEvent.objects.get(request=foi)
    assert (event.action, event.to_state, event.public, event.actor) == ("submitted", "submitted", True, None)
    entry = AuditLogEntry.objects.get(action="foi_requests.request.submitted")
    assert (entry.object_id, entry.bureau_code, entry.ip_address) == (str(foi.pk), "xiuwu", IP)


def test_in_person_request_is_received_on_the_day_of_submission(xiuwu, editor):
    foi, _ = submit(xiuwu, channel="in_person", acting_user=editor, ip=None)
    assert foi.state == "received"
    assert foi.received_on == timezone.localdate()
    # The answer clock runs from the receipt date (20 working days, Art. 33).
    due = calendar_for().add_working_days(timezone.localdate(), 20).date
    assert foi.due_on == due and FoiRequest.objects.get(pk=foi.pk).due_on == due
    event = foi.events.get()
    assert (event.to_state, event.on, event.actor) == ("received", timezone.localdate(), editor)


def test_signed_post_is_received_on_the_day_the_bureau_signed(xiuwu, editor):
    signed = timezone.localdate() - dt.timedelta(days=3)
    foi, _ = submit(xiuwu, channel="post_signed", acting_user=editor, arrived_on=signed)
    assert (foi.state, foi.received_on, foi.arrived_on) == ("received", signed, signed)


def test_signed_post_without_the_signing_date_is_refused(xiuwu, editor):
    with pytest.raises(ValidationError) as caught:
        submit(xiuwu, channel="post_signed", acting_user=editor)
    assert caught.value.error_dict["arrived_on"][0].code == "arrived_on_required"
    assert not FoiRequest.objects.exists()


@pytest.mark.parametrize("channel", ["fax", "post_unsigned"])
def test_fax_and_unsigned_post_wait_for_confirmation(xiuwu, editor, channel):
    arrived = timezone.localdate() - dt.timedelta(days=1)
    foi, _ = submit(xiuwu, channel=channel, acting_user=editor, arrived_on=arrived)
    assert (foi.state, foi.received_on, foi.arrived_on) == ("submitted", None, arrived)


def test_arrival_date_in_the_future_is_refused(xiuwu, editor):
    with pytest.raises(ValidationError) as caught:
        submit(xiuwu, channel="fax", acting_user=editor, arrived_on=timezone.localdate() + dt.timedelta(days=1))
    assert caught.value.error_dict["arrived_on"][0].code == "date_in_future"


def test_public_submission_only_by_internet(xiuwu):
    with pytest.raises(ValidationError) as caught:
        submit(xiuwu, channel="in_person")
    assert caught.value.error_dict["channel"][0].code == "channel"


def test_staff_of_another_bureau_cannot_enter_requests(xiuwu, wenxian_editor):
    with pytest.raises(PermissionDenied):
        submit(xiuwu, channel="in_person", acting_user=wenxian_editor)


def test_double_submit_returns_the_first_request(xiuwu):
    token = uuid.uuid4()
    first, created_first = submit(xiuwu, client_token=token)
    second, created_second = submit(xiuwu, client_token=str(token), data=valid(description="另一个"))
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert FoiRequest.objects.count() == 1 and RequestEvent.objects.count() == 1


def test_invalid_submission_creates_nothing(xiuwu):
    with pytest.raises(ValidationError) as caught:
        submit(xiuwu, data=valid(id_document_number="410802198001011239", description="x" * 10_000))
    assert set(caught.value.error_dict) == {"id_document_number", "description"}
    assert not FoiRequest.objects.exists()
    assert not RequestEvent.objects.exists()
    assert not AuditLogEntry.objects.filter(action="foi_requests.request.submitted").exists()


def test_attachments_are_stored_with_the_request(xiuwu):
    foi, _ = submit(xiuwu, files=[("委托书.txt", "委托".encode())])
    (attachment,) = RequestAttachment.objects.filter(request=foi)
    assert (attachment.role, attachment.filename, attachment.content_type) == (
        "application",
        "委托书.txt",
        "text/plain",
    )
    assert attachment.visible_to_applicant is False
    assert attachment.file.read() == "委托".encode()


def test_attachment_that_is_not_what_its_extension_says_refuses_the_whole_submission(xiuwu):
    with pytest.raises(ValidationError) as caught:
        submit(xiuwu, files=[("ok.txt", b"ok"), ("id.pdf", b"GIF89a" + b"\x00" * 40)])
    assert [e.code for e in caught.value.error_dict["attachments"]] == ["type_mismatch"]
    assert not FoiRequest.objects.exists()
    assert not RequestAttachment.objects.exists()


def test_submissions_are_rate_limited_per_client_address(xiuwu, settings):
    settings.GONGKAI = {**settings.GONGKAI, "FOI_SUBMISSIONS_PER_HOUR": 2}
    submit(xiuwu)
    token = uuid.uuid4()
    submit(xiuwu, client_token=token)
    with pytest.raises(ValidationError) as caught:
        submit(xiuwu)
    assert caught.value.code == "rate_limited"
    # A repeat of an accepted submission still gets its request, and another address is not limited.
    assert submit(xiuwu, client_token=token)[1] is False
    assert submit(xiuwu, ip="198.51.100.1")[1] is True
    assert FoiRequest.objects.count() == 3


def test_staff_entry_is_not_rate_limited(xiuwu, editor, settings):
    settings.GONGKAI = {**settings.GONGKAI, "FOI_SUBMISSIONS_PER_HOUR": 1}
    for _ in range(3):
        submit(xiuwu, channel="in_person", acting_user=editor)
    assert FoiRequest.objects.count() == 3


def test_tracking_number_collision_is_retried(xiuwu, monkeypatch):
    first, _ = submit(xiuwu)
    numbers = iter([first.tracking_number, "F20260101ZZZZZZZZ"])
    monkeypatch.setattr(intake, "new_tracking_number", lambda on: next(numbers))
    second, created = submit(xiuwu)
    assert created and second.tracking_number == "F20260101ZZZZZZZZ"


def test_applicant_is_acknowledged_by_email_and_sms_after_commit(xiuwu, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingSms"}
    RecordingSms.sent.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        foi, _ = submit(xiuwu)
    assert mail.outbox == [] and RecordingSms.sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["zhang@example.com"]
    assert foi.tracking_number in message.subject and foi.tracking_number in message.body
    assert "/foi/track/" in message.body
    ((phone, text),) = RecordingSms.sent
    assert phone == "13800138000" and foi.tracking_number in text


def test_failed_acknowledgement_does_not_fail_the_submission(xiuwu, settings, django_capture_on_commit_callbacks):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        foi, created = submit(xiuwu, data=valid(phone=""))
    assert created and FoiRequest.objects.filter(pk=foi.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_creates_one_request(xiuwu):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the test SQLite database is one in-memory connection)")
    token = uuid.uuid4()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            results.append(submit(xiuwu, client_token=token))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert len({foi.pk for foi, _ in results}) == 1
    assert FoiRequest.objects.filter(client_token=token).count() == 1
