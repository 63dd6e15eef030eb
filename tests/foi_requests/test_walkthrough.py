"""Issue 5 "done when", end to end over HTTP: a request filed on the portal, handled by the 孟州市 bureau
(receipt, supplement, extension with approval, a 部分公开 reply with its generated document), followed by the
applicant at every step. Then the same path on fixed dates across 国庆 2026 and its 调休, through the services."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gongkai.accounts.roles import Role
from gongkai.foi_requests.constants import Outcome, ReplyType, State
from gongkai.foi_requests.models import AttachmentRole, FoiRequest
from gongkai.foi_requests.services import workflow
from gongkai.foi_requests.services.deadline import deadline_for
from gongkai.foi_requests.views_status import EVENT_LABELS
from gongkai.workdays.services import calendar_for
from tests.factories import BureauFactory, ReviewOfficeFactory, user_with_role

from .test_validation import valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mengzhou(city):
    gov = ReviewOfficeFactory(code="mengzhou-gov", name="孟州市人民政府办公室")
    return BureauFactory(code="mengzhou", name="孟州市应急管理局", short_name="孟州市", parent=city, review_office=gov)


@pytest.fixture
def staff(mengzhou):
    return {role: user_with_role(role, mengzhou) for role in (Role.EDITOR, Role.REVIEWER)}


def act(client, foi, action, data=None):
    response = client.post(reverse("foi_admin:act", kwargs={"pk": foi.pk, "action": action}), data or {})
    assert response.status_code == 302, response.content.decode()[:3000]
    foi.refresh_from_db()
    return foi


def file_request(client):
    page = client.get(reverse("foi:apply", kwargs={"code": "mengzhou"})).content.decode()
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', page).group(1)
    response = client.post(reverse("foi:apply", kwargs={"code": "mengzhou"}), {**valid(), "client_token": token})
    assert response.status_code == 200 and 'id="tracking-number"' in response.content.decode()
    return FoiRequest.objects.get(), response.content.decode()


def open_with_code(client, foi):
    client.post(reverse("foi:track"), {"tracking_number": foi.tracking_number, "via": "email"})
    code = re.search(r"(?<!\d)\d{6}(?!\d)", mail.outbox[-1].body).group()
    response = client.post(reverse("foi:track_code"), {"code": code})
    assert response["Location"] == reverse("foi:status", kwargs={"uuid": foi.uuid})


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_file_handle_and_follow_a_request_to_a_partial_reply(client, mengzhou, staff):
    applicant, editor, reviewer = client, client_class(), client_class()
    editor.force_login(staff[Role.EDITOR])
    reviewer.force_login(staff[Role.REVIEWER])
    today = timezone.localdate()
    cal = calendar_for()

    # The applicant files on the portal: a tracking number in the answer, and a PDF receipt after tracking.
    foi, done = file_request(applicant)
    assert foi.tracking_number in done and foi.state == State.SUBMITTED and foi.due_on is None
    open_with_code(applicant, foi)
    receipt = applicant.get(reverse("foi:receipt", kwargs={"uuid": foi.uuid}))
    assert receipt["Content-Type"] == "application/pdf" and foi.tracking_number in pdf_text(receipt.content)

    # The 孟州市 editor sees it, confirms receipt (Art. 31) and asks for a supplement (Art. 30).
    assert foi.tracking_number in editor.get(reverse("foi_admin:index")).content.decode()
    act(editor, foi, "confirm_receipt", {"received_on": today.isoformat(), "note": "电话与申请人确认"})
    assert foi.state == State.RECEIVED and foi.due_on == cal.add_working_days(today, 20).date
    act(
        editor,
        foi,
        "request_supplement",
        {"items": "请说明所需处罚决定书的年份和企业名称。", "period_working_days": 15},
    )
    assert foi.state == State.SUPPLEMENT_REQUESTED and foi.due_on is None

    # The applicant follows it with a one-time code, sees the notice and supplies what is missing.
    open_with_code(applicant, foi)
    status = applicant.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).content.decode()
    assert "请说明所需处罚决定书的年份和企业名称。" in status
    response = applicant.post(reverse("foi:supply", kwargs={"uuid": foi.uuid}), {"text": "2025年，某化工有限公司"})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.state == State.IN_PROGRESS and foi.supplement.supplied_on == today

    # Extension approved by the head of the disclosure office (Art. 33), then a 部分公开 reply.
    act(editor, foi, "request_extension", {"working_days": 20, "reason": "涉及档案调阅，需征询有关企业"})
    act(reviewer, foi, "decide_extension", {"decision": "approve", "note": "同意"})
    assert foi.state == State.EXTENDED
    assert foi.due_on == cal.add_working_days(today, 40).date  # afresh from the supplement, + 20
    act(
        editor,
        foi,
        "draft_reply",
        {
            "reply_type": ReplyType.PARTIAL,
            "body": "现将可以公开的部分随附。",
            "withheld_reason": "涉及第三方商业秘密。",
        },
    )
    act(reviewer, foi, "approve_reply")
    assert foi.state == State.ANSWERED and foi.outcome == Outcome.R2_PARTIAL

    # The applicant sees every step and the due date, and downloads the generated reply.
    page = applicant.get(reverse("foi:status", kwargs={"uuid": foi.uuid}))
    actions = [event.action for event in foi.events.filter(public=True)]
    assert actions[:3] == ["submitted", "confirm_receipt", "request_supplement"]
    assert {"receive_supplement", "approve_extension", "approve_reply"} <= set(actions)
    html = page.content.decode()
    assert foi.due_on.isoformat() in html
    assert str(EVENT_LABELS["approve_extension"]) in html
    replies = foi.attachments.filter(role=AttachmentRole.REPLY, visible_to_applicant=True)
    assert {a.content_type for a in replies} == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    pdf = replies.get(content_type="application/pdf")
    download = applicant.get(reverse("foi:document", kwargs={"uuid": foi.uuid, "pk": pdf.pk}))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert foi.tracking_number in text or foi.reply.document_number in text
    assert "部分公开" in text

    # Nobody else can open the status page or the reply.
    stranger = client_class()
    assert stranger.get(reverse("foi:status", kwargs={"uuid": foi.uuid})).status_code == 302
    assert stranger.get(reverse("foi:document", kwargs={"uuid": foi.uuid, "pk": pdf.pk})).status_code in (302, 403)


def client_class():
    from django.test import Client

    return Client()


def test_due_dates_across_national_day_2026_and_its_adjusted_working_days(mengzhou, staff):
    """Received Mon 28 Sep 2026: 国庆 1–7 Oct off, Sat 10 Oct worked (调休)."""
    editor, reviewer = staff[Role.EDITOR], staff[Role.REVIEWER]
    foi = FoiRequest.objects.create(
        tracking_number="F20260928TESTNDAY",
        bureau=mengzhou,
        channel="internet",
        submitted_at=timezone.make_aware(dt.datetime(2026, 9, 27, 21, 0)),
        **{k: v for k, v in valid().items()},
    )
    workflow.confirm_receipt(
        foi, acting_user=editor, received_on=dt.date(2026, 9, 28), note="邮件确认", today=dt.date(2026, 9, 28)
    )
    assert foi.due_on == dt.date(2026, 10, 30)
    workflow.request_supplement(
        foi, acting_user=editor, items="请补充年份", period_working_days=10, today=dt.date(2026, 9, 30)
    )
    # 10 working days after 30 Sep: 8, 9, 10 (Saturday, 调休), 12–16, 19, 20 October.
    assert foi.supplement.supply_due_on == dt.date(2026, 10, 20)
    workflow.receive_supplement(foi, acting_user=None, text="2025年", today=dt.date(2026, 10, 9))
    assert foi.due_on == dt.date(2026, 11, 5)  # 20 working days counted afresh from 9 Oct; Sat 10 Oct is day 1
    workflow.request_extension(foi, acting_user=editor, working_days=20, reason="档案量大", today=dt.date(2026, 11, 2))
    workflow.decide_extension(foi.extension, acting_user=reviewer, approve=True, today=dt.date(2026, 11, 3))
    foi.refresh_from_db()
    assert foi.due_on == dt.date(2026, 12, 3)
    lines = "\n".join(deadline_for(foi).lines)
    assert "2026-10-09" in lines and "2026-12-03" in lines
