"""The demo FOI requests: every state, consistent rows, the clock's due dates, table 三 per bureau and year,
every step taken through the intake and workflow services (audited like real work).

The organizations demo (bureaus, accounts) and the FOI demo are loaded once for the module, inside a
transaction rolled back at the end; each test runs in its own savepoint. The reply documents the approvals
queue stay queued (KEEPING_QUEUE): one test runs two of those jobs.
"""

import datetime as dt
import re
from collections import Counter
from io import StringIO

import pytest
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.demo import foi_requests as demo
from gongkai.foi_requests import reply_files, reporting
from gongkai.foi_requests.constants import (
    CLOSED_STATES,
    OPEN_STATES,
    REPLY_TYPE_OUTCOMES,
    ApplicantType,
    ExtensionStatus,
    Outcome,
    ReplyStatus,
    State,
)
from gongkai.foi_requests.models import AttachmentRole, FoiRequest, Reply, RequestAttachment
from gongkai.foi_requests.services import workflow
from gongkai.foi_requests.services.deadline import deadline_for
from gongkai.foi_requests.services.intake import SUBMISSION_FIELDS
from gongkai.foi_requests.validation import validate_submission
from gongkai.organizations.models import Bureau

pytestmark = pytest.mark.django_db

CLOSED_WITHOUT_REPLY = {State.CLOSED_ABANDONED_NO_SUPPLEMENT, State.CLOSED_ABANDONED_NO_FEE, State.WITHDRAWN}
REPLIED = {State.ANSWERED, State.CLOSED_NOT_HANDLED, State.DELIVERED}


# The demo's ~320 approvals each queue the rendering of their reply's DOCX + PDF (reply_files); a queue that
# keeps the jobs instead of running them (the test settings' immediate backend would render ~640 documents,
# 40 % of the load) lets the tests check that every approval queued its job, and run the jobs they need.
KEEPING_QUEUE = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    from django.tasks import default_task_backend
    from django.test import override_settings

    from gongkai.demo.management.commands.load_demo import Command

    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(TASKS=KEEPING_QUEUE):
            Command().load()  # bureaus and demo accounts, without the other apps' demos
            out = StringIO()
            totals = demo.load_demo(stdout=out, documents="none")
            queued = list(default_task_backend.results)
        yield totals, out.getvalue(), queued
        transaction.set_rollback(True)


@pytest.fixture
def requests_(loaded):
    return list(
        FoiRequest.objects.select_related("bureau").prefetch_related(
            "events", "consultations", "supplement", "extension", "fee_notice", "reply"
        )
    )


def _one(request, name):
    try:
        return getattr(request, name)
    except Exception:  # RelatedObjectDoesNotExist
        return None


def test_demo_loads_several_hundred_requests_in_every_bureau_and_says_so(loaded):
    totals, output, _queued = loaded
    assert 300 <= totals["requests"] <= 500
    assert f"FOI requests: {totals['requests']} loaded" in output
    for bureau in Bureau.objects.disclosing():
        assert FoiRequest.objects.filter(bureau=bureau).count() >= 25, bureau.code


def test_every_state_applicant_type_and_reply_outcome_is_represented(requests_):
    assert {r.state for r in requests_} == set(State.values)
    assert {r.applicant_type for r in requests_} == set(ApplicantType.values)
    assert {r.outcome for r in requests_ if r.outcome} == set(Outcome.values)
    replies = [r.reply for r in requests_ if _one(r, "reply")]
    assert {reply.reply_type for reply in replies} == set(REPLY_TYPE_OUTCOMES)


def test_walkthrough_bureau_has_its_accounts_and_every_open_situation(loaded):
    mengzhou = Bureau.objects.get(code="mengzhou")
    assert User.objects.filter(username__in=["mengzhou-editor", "mengzhou-reviewer"]).count() == 2
    states = set(FoiRequest.objects.filter(bureau=mengzhou).values_list("state", flat=True))
    assert set(OPEN_STATES) <= states


def test_some_open_requests_are_overdue_and_some_due_soon(loaded):
    today = timezone.localdate()
    open_requests = FoiRequest.objects.filter(state__in=OPEN_STATES)
    assert open_requests.filter(due_on__lt=today).count() >= 5
    assert open_requests.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=9)).exists()


def test_requests_received_before_spring_festival_and_national_day_skip_the_holidays(loaded):
    spring = FoiRequest.objects.filter(received_on__range=(dt.date(2026, 2, 9), dt.date(2026, 2, 14)))
    national = FoiRequest.objects.filter(received_on__range=(dt.date(2026, 9, 24), dt.date(2026, 9, 30)))
    assert spring.exists() and national.exists()
    # 20 working days from 2026-02-10 end on 2026-03-16, with 春节 (2-15 to 2-23) skipped (reference §6.3).
    for request in spring.filter(received_on=dt.date(2026, 2, 10), extension=None, consultations=None, supplement=None):
        assert request.due_on == dt.date(2026, 3, 16)
    for request in national.filter(supplement=None, manual_due_on=None):
        # 20 working days are 28 calendar days; 国庆 (10-1 to 10-7) adds at least four more even with the
        # make-up working days (调休) on the weekends around it.
        assert (request.due_on - request.received_on).days >= 32, request.tracking_number


def test_every_due_date_is_what_the_clock_computes(requests_):
    today = timezone.localdate()
    for request in requests_:
        deadline = deadline_for(request, today)
        paused = deadline.paused and request.state in OPEN_STATES
        assert (request.due_on, request.due_provisional, request.clock_paused) == (
            deadline.due_on,
            deadline.provisional,
            paused,
        ), request.tracking_number


def test_table_three_identity_holds_for_every_bureau_and_year(loaded):
    years = range(2025, timezone.localdate().year + 1)
    for bureau in Bureau.objects.disclosing():
        for year in years:
            table = reporting.table3(bureau, year)
            assert table.errors == [], (bureau.code, year, table.errors)


def _check_events(request):
    events = list(request.events.all())
    assert events[0].action == "submitted" and events[0].from_state == ""
    state = events[0].to_state
    for event in events[1:]:
        assert event.from_state == state, (request.tracking_number, event.action)
        state = event.to_state
    assert state == request.state
    assert [e.at for e in events] == sorted(e.at for e in events)


def _check_rows(request):
    state = request.state
    supplement, extension = _one(request, "supplement"), _one(request, "extension")
    fee, reply = _one(request, "fee_notice"), _one(request, "reply")
    if state != State.SUBMITTED and not (state in CLOSED_WITHOUT_REPLY and request.received_on is None):
        assert request.received_on is not None
    if state in CLOSED_STATES:
        assert request.outcome and request.closed_on
    else:
        assert not request.outcome and not request.closed_on
    if state == State.SUPPLEMENT_REQUESTED or state == State.CLOSED_ABANDONED_NO_SUPPLEMENT:
        assert supplement is not None and supplement.supplied_on is None
    if state == State.CONSULTING:
        assert any(c.ended_on is None for c in request.consultations.all())
    else:
        assert all(c.ended_on and c.result for c in request.consultations.all())
    if state == State.EXTENDED:
        assert extension is not None and extension.status == ExtensionStatus.APPROVED
    if extension is not None and extension.status != ExtensionStatus.PENDING:
        assert extension.decided_by_id and extension.decided_by_id != extension.requested_by_id
    if state in (State.FEE_NOTIFIED, State.CLOSED_ABANDONED_NO_FEE):
        assert fee is not None and fee.paid_on is None
    if fee is not None:
        assert fee.amount_yuan > 0 and fee.pay_due_on > fee.sent_on
    closed_without_reply = {o.value for o in Outcome if o.startswith("r6_")}
    if state in REPLIED or (state == State.ARCHIVED and request.outcome not in closed_without_reply):
        assert reply is not None and reply.status == ReplyStatus.APPROVED
        assert reply.outcome == request.outcome and reply.replied_on == request.closed_on
        assert reply.approved_by_id != reply.drafted_by_id
        assert re.search(r"〔\d{4}〕\d+号$", reply.document_number)
        assert reply.outcome in REPLY_TYPE_OUTCOMES[reply.reply_type]
    if state == State.DELIVERED:
        assert reply.delivered_on is not None


def test_no_request_is_half_built(requests_):
    for request in requests_:
        _check_events(request)
        _check_rows(request)


def test_reply_numbers_are_gapless_per_bureau_and_year(requests_):
    numbers = Counter()
    for request in requests_:
        reply = _one(request, "reply")
        if reply is not None and reply.document_number:
            year = int(re.search(r"〔(\d{4})〕", reply.document_number).group(1))
            numbers[(request.bureau.code, year)] += 1
    for (code, year), count in numbers.items():
        found = {
            int(re.search(r"〕(\d+)号", r.reply.document_number).group(1))
            for r in requests_
            if r.bureau.code == code and _one(r, "reply") and f"〔{year}〕" in r.reply.document_number
        }
        assert found == set(range(1, count + 1)), (code, year)


def test_applicant_data_is_fake_but_valid(requests_):
    numbers = [r.tracking_number for r in requests_]
    assert len(set(numbers)) == len(numbers)
    for request in requests_:
        assert re.fullmatch(r"F\d{8}[2-9A-HJ-NP-Z]{8}", request.tracking_number)
        data = {field: getattr(request, field) for field in SUBMISSION_FIELDS}
        validate_submission(data, channel=request.channel)  # raises on anything invalid
        assert request.email.endswith("@example.com")
        if request.id_document_type == "resident_id":
            assert request.id_document_number.startswith("410800")


def test_demo_requests_go_on_through_the_workflow_services(loaded):
    editor = User.objects.get(username="mengzhou-editor")
    reviewer = User.objects.get(username="mengzhou-reviewer")
    submitted = FoiRequest.objects.filter(bureau__code="mengzhou", state=State.SUBMITTED).first()
    today = timezone.localdate()
    workflow.confirm_receipt(submitted, acting_user=editor, received_on=today)
    workflow.start_processing(submitted, acting_user=editor)
    workflow.draft_reply(submitted, acting_user=editor, reply_type="granted", body="现予以公开。")
    workflow.approve_reply(submitted.reply, acting_user=reviewer)
    submitted.refresh_from_db()
    assert submitted.state == State.ANSWERED
    for request in FoiRequest.objects.filter(bureau__code="mengzhou", state__in=OPEN_STATES):
        assert workflow.available_actions(request, editor, today), request.state


def test_every_demo_step_went_through_the_services_and_is_audited(requests_):
    from gongkai.core.models import AuditLogEntry

    audited = Counter(
        AuditLogEntry.objects.filter(action__startswith="foi_requests.").values_list("object_id", flat=True)
    )
    for request in requests_:
        assert audited[str(request.pk)] == len(request.events.all()), request.tracking_number


def test_documents_are_made_once(loaded):
    requests = FoiRequest.objects.filter(bureau__code="mengzhou", reply__status=ReplyStatus.APPROVED)[:2]
    ids = [r.pk for r in requests]
    with_notice = FoiRequest.objects.filter(bureau__code="mengzhou", supplement__isnull=False).first()
    ids.append(with_notice.pk)
    # Every approval (workflow.approve_reply, as on the staff screen) queued its reply's DOCX + PDF; the
    # worker's job makes them.
    _totals, _output, queued = loaded
    jobs = {r.args[0]: r.task for r in queued if r.task.name == reply_files.render_reply_documents.name}
    approved = Reply.objects.filter(status=ReplyStatus.APPROVED)
    assert set(approved.values_list("pk", flat=True)) <= set(jobs) and len(jobs) >= 300
    for reply in approved.filter(request_id__in=ids[:2]):
        assert jobs[reply.pk].call(reply.pk) == 2
    assert RequestAttachment.objects.filter(request_id__in=ids[:2], role=AttachmentRole.REPLY).count() == 4
    made = demo.make_documents(ids)
    assert made >= 1  # the supplement notice
    assert RequestAttachment.objects.filter(request=with_notice, role=AttachmentRole.NOTICE).exists()
    assert demo.make_documents(ids) == 0


def test_loading_twice_changes_nothing(loaded):
    count = FoiRequest.objects.count()
    totals = demo.load_demo(documents="none")
    assert totals["requests"] == 0
    assert FoiRequest.objects.count() == count


def test_staff_and_applicant_pages_show_a_demo_request_in_every_state(loaded, client):
    from django.urls import reverse

    from gongkai.foi_requests.services.tracking import SESSION_KEY

    editor = User.objects.get(username="mengzhou-editor")
    samples = {}
    for request in FoiRequest.objects.filter(bureau__code="mengzhou").order_by("pk"):
        samples.setdefault(request.state, request)
    client.force_login(editor)
    assert client.get(reverse("foi_admin:index")).status_code == 200
    for state, request in samples.items():
        response = client.get(reverse("foi_admin:detail", args=[request.pk]))
        assert response.status_code == 200, state
        assert request.tracking_number in response.content.decode()
    client.logout()
    session = client.session
    until = (timezone.now() + dt.timedelta(minutes=30)).timestamp()
    session[SESSION_KEY] = {str(r.uuid): until for r in samples.values()}
    session.save()
    for state, request in samples.items():
        response = client.get(reverse("foi:status", args=[request.uuid]))
        assert response.status_code == 200, state
        assert request.id_document_number not in response.content.decode()  # shown masked, even to the applicant
