"""The public FOI form through the intake journal (core.intake, services.public_intake): acknowledged at the
POST with one durable row, registered once by the worker, with the journal's number and receipt time."""

import datetime as dt
import io
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry, IntakeState
from gongkai.foi_requests.models import FoiRequest, RequestEvent
from gongkai.foi_requests.services import public_intake, tracking

from .killed_child import run_killed_child
from .test_validation import valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_worker(monkeypatch):
    """The POST's process dies before any worker ran: the entry stays pending in the journal."""
    monkeypatch.setattr(journal, "_enqueue", lambda pk: None)


def acknowledge(bureau, token=None, **data):
    return public_intake.acknowledge(
        bureau=bureau, data={**valid(), **data}, client_token=token or uuid.uuid4(), ip="127.0.0.7"
    )


def test_acknowledged_submission_is_one_pending_journal_row_until_the_worker_runs(xiuwu, no_worker):
    entry, created = acknowledge(xiuwu)
    assert created and entry.state == IntakeState.PENDING and entry.number.startswith("F")
    assert entry.payload["data"]["applicant_name"] == "张三" and not FoiRequest.objects.exists()


def test_worker_registers_the_entry_once_even_when_run_twice(xiuwu, no_worker, django_capture_on_commit_callbacks):
    entry, _created = acknowledge(xiuwu)
    with django_capture_on_commit_callbacks(execute=True):  # the acknowledgement email, after the commit
        assert journal.materialise(entry.pk) == IntakeState.DONE
    assert journal.materialise(entry.pk) == IntakeState.DONE
    assert journal.drain() == 0
    foi = FoiRequest.objects.get()
    entry.refresh_from_db()
    assert foi.tracking_number == entry.number and foi.client_token == entry.client_token
    assert entry.result == str(foi.pk) and entry.payload == {}  # no second copy of the personal data
    assert RequestEvent.objects.filter(request=foi, action="submitted").count() == 1
    assert len(mail.outbox) == 1 and entry.number in mail.outbox[0].body


def test_retried_post_with_the_same_token_returns_the_first_entry(xiuwu, no_worker, settings):
    settings.GONGKAI = {**settings.GONGKAI, "FOI_SUBMISSIONS_PER_HOUR": 1}
    token = uuid.uuid4()
    first, created = acknowledge(xiuwu, token)
    again, created_again = acknowledge(xiuwu, token)  # the retry does not count against the limit
    assert created and not created_again and again.number == first.number
    assert IntakeEntry.objects.count() == 1
    journal.drain()
    assert acknowledge(xiuwu, token)[0].number == first.number and FoiRequest.objects.count() == 1


def test_invalid_submission_stores_nothing_and_says_why(xiuwu, no_worker):
    with pytest.raises(ValidationError) as caught:
        acknowledge(xiuwu, id_document_number="410802198001011239", email="x@")
    assert {"id_document_number", "email"} <= set(caught.value.error_dict)
    assert not IntakeEntry.objects.exists()


def test_statutory_dates_come_from_the_journals_receipt_time(xiuwu, no_worker):
    received = timezone.make_aware(dt.datetime(2026, 3, 2, 23, 59))
    entry, _created = acknowledge(xiuwu)
    IntakeEntry.objects.filter(pk=entry.pk).update(received_at=received)  # registered days later
    journal.materialise(entry.pk)
    foi = FoiRequest.objects.get()
    assert foi.submitted_at == received and foi.state == "submitted"
    assert foi.received_on is None  # online: the clock starts when staff confirm receipt (Art. 31)
    event = RequestEvent.objects.get(request=foi, action="submitted")
    assert event.at == received and event.on == dt.date(2026, 3, 2)


def test_tracking_a_number_still_in_the_journal_says_it_is_being_registered(client, xiuwu, no_worker):
    entry, _created = acknowledge(xiuwu)
    with pytest.raises(ValidationError) as caught:
        tracking.find_request(entry.number)
    assert caught.value.code == "being_registered"
    with translation.override("en"):
        response = client.post(reverse("foi:track"), {"tracking_number": entry.number, "via": "email"})
    assert response.status_code == 400 and "is being registered" in response.content.decode()
    journal.materialise(entry.pk)
    assert tracking.find_request(entry.number).tracking_number == entry.number


def test_failed_registration_is_kept_and_told_on_tracking(xiuwu, no_worker):
    entry, _created = acknowledge(xiuwu)
    xiuwu.is_active = False
    xiuwu.save(update_fields=["is_active"])
    assert journal.materialise(entry.pk) == IntakeState.FAILED
    with pytest.raises(ValidationError) as caught:
        tracking.find_request(entry.number)
    assert caught.value.code == "not_registered"


def test_failed_entry_keeps_its_content_warns_staff_and_registers_on_retry(xiuwu, no_worker):
    from django.core.management import call_command

    from gongkai.core.intake import check_failed_entries

    entry, _created = acknowledge(xiuwu)
    xiuwu.is_active = False
    xiuwu.save(update_fields=["is_active"])
    journal.materialise(entry.pk)
    entry.refresh_from_db()
    assert entry.payload["data"]["applicant_name"] == "张三"  # nothing acknowledged is lost
    warnings = check_failed_entries()
    assert [w.id for w in warnings] == ["gongkai.W102"] and entry.number in warnings[0].msg
    xiuwu.is_active = True
    xiuwu.save(update_fields=["is_active"])
    call_command("intake_drain", "--retry-failed", stdout=io.StringIO())
    entry.refresh_from_db()
    assert entry.state == IntakeState.DONE and entry.payload == {}
    assert tracking.find_request(entry.number).tracking_number == entry.number
    assert check_failed_entries() == []


def test_form_post_answers_with_the_number_and_writes_no_session(client, xiuwu, no_worker):
    page = client.get(reverse("foi:apply", kwargs={"code": "xiuwu"})).content.decode()
    token = page.split('name="client_token" value="')[1][:36]
    response = client.post(reverse("foi:apply", kwargs={"code": "xiuwu"}), {**valid(), "client_token": token})
    entry = IntakeEntry.objects.get()
    assert response.status_code == 200 and f'id="tracking-number">{entry.number}<' in response.content.decode()
    assert settings_session_cookie() not in response.cookies


def settings_session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


ACKNOWLEDGE = """
from gongkai.foi_requests.services import public_intake
entry, created = public_intake.acknowledge(
    bureau=Bureau.objects.get(code="xiuwu"), data=data, client_token=token, ip="127.0.0.9"
)
number = entry.number
"""


@pytest.mark.django_db(transaction=True)
def test_journal_row_and_its_task_survive_a_process_killed_after_the_acknowledgement(xiuwu, tmp_path):
    token = str(uuid.uuid4())
    child = run_killed_child(tmp_path, ACKNOWLEDGE, valid(), token)
    number = child.number
    entry_sql = "SELECT id, state FROM core_intakeentry WHERE number = %s AND client_token = %s"
    task_sql = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND CAST(args_kwargs AS TEXT) LIKE %s"
    )
    pk, state = child.query(entry_sql, [number, child.uuid(token)])
    assert state == "pending"
    argument = f"%[{pk}]%" if child.sqlite_path else f'%["{number}"]%'  # PostgreSQL: core.intake_statement
    assert child.query(task_sql, ["%materialise_task", argument]) == (1,)
    if child.sqlite_path is None:  # PostgreSQL: the worker's step, twice, registers it once
        journal.materialise(pk)
        journal.materialise(pk)
        assert FoiRequest.objects.filter(tracking_number=number).count() == 1


def test_form_page_is_rendered_once_with_fresh_tokens_for_each_first_visitor(xiuwu, settings):
    from django.test import Client

    from gongkai.core import form_pages

    settings.GONGKAI = {**settings.GONGKAI, "FORM_PAGE_SECONDS": 60}
    form_pages.clear()
    url = reverse("foi:apply", kwargs={"code": "xiuwu"})
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [c.get(url).content.decode() for c in (first, second)]
    tokens = [p.split('name="client_token" value="')[1][:36] for p in pages]
    csrf = [p.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for p in pages]
    assert tokens[0] != tokens[1] and str(form_pages.SENTINEL) not in pages[0] + pages[1]
    assert csrf[0] != csrf[1] and "csrftoken" in first.cookies and "csrftoken" in second.cookies
    response = second.post(url, {**valid(), "client_token": tokens[1], "csrfmiddlewaretoken": csrf[1]})
    assert response.status_code == 200 and 'id="tracking-number"' in response.content.decode()
    forged = first.post(url, {**valid(), "client_token": str(uuid.uuid4()), "csrfmiddlewaretoken": csrf[1]})
    assert forged.status_code == 403  # another visitor's CSRF token does not match this visitor's cookie
    form_pages.clear()
