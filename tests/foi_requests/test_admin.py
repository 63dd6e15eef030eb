"""Staff screens of FOI requests: scoped lists without personal data, audited personal-data views,
action forms that call the workflow and keep what was typed, staff entry per channel, dashboard."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests import admin_views
from gongkai.foi_requests.constants import (
    Channel,
    ExtensionStatus,
    Outcome,
    ReplyStatus,
    ReplyType,
    State,
)
from gongkai.foi_requests.models import AttachmentRole, Extension, FoiRequest, Reply, RequestEvent
from gongkai.workdays.services import calendar_for

from .factories import FoiRequestFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
EMAIL = "wang.applicant@example.com"
ADDRESS = "修武县七贤镇幸福路88号"


def today():
    return timezone.localdate()


def working_day(offset: int) -> dt.date:
    """The working day `offset` working days from today (negative: before)."""
    calendar = calendar_for([today().year - 1, today().year, today().year + 1])
    if offset >= 0:
        return calendar.add_working_days(today(), offset).date
    return calendar.working_days_before(today(), -offset).date


def make(bureau, **fields):
    defaults = dict(
        bureau=bureau,
        applicant_name="王小明",
        id_document_number=ID_NUMBER,
        phone=PHONE,
        email=EMAIL,
        postal_address=ADDRESS,
        received_on=today(),
        due_on=working_day(20),
    )
    defaults.update(fields)
    return FoiRequestFactory(**defaults)


def refused(response) -> bool:
    """Wagtail turns a PermissionDenied in an admin view into a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def detail_url(foi):
    return reverse("foi_admin:detail", args=[foi.pk])


def act_url(foi, action):
    return reverse("foi_admin:act", args=[foi.pk, action])


# ---- list: scope and personal data ---------------------------------------------------------


def test_county_editor_sees_only_own_bureau_and_other_county_is_404(client, xiuwu, wenxian, wenxian_editor):
    own = make(wenxian)
    other = make(xiuwu)
    client.force_login(wenxian_editor)

    response = client.get(reverse("foi_admin:index"))

    assert response.status_code == 200
    shown = [row.foi.pk for row in response.context["rows"]]
    assert shown == [own.pk]
    assert other.tracking_number not in response.content.decode()
    assert client.get(detail_url(other)).status_code == 404


def test_city_supervisor_sees_both_counties_masked(client, xiuwu, wenxian, supervisor):
    a, b = make(xiuwu), make(wenxian, applicant_name="欧阳娜娜")
    client.force_login(supervisor)

    response = client.get(reverse("foi_admin:index"))

    html = response.content.decode()
    assert {row.foi.pk for row in response.context["rows"]} == {a.pk, b.pk}
    assert "王某某" in html and "欧阳某某" in html  # one name mask: gongkai.screening.masking
    assert "王小明" not in html and "欧阳娜娜" not in html
    # The bureau filter is offered to the supervisor and narrows the list.
    narrowed = client.get(reverse("foi_admin:index"), {"bureau": "wenxian"})
    assert [row.foi.pk for row in narrowed.context["rows"]] == [b.pk]


def test_list_html_has_no_personal_data(client, xiuwu, editor):
    make(xiuwu, contact_person="李联系")
    client.force_login(editor)

    html = client.get(reverse("foi_admin:index")).content.decode()

    for secret in ("王小明", ID_NUMBER, PHONE, EMAIL, ADDRESS, "李联系", "13800138000"):
        assert secret not in html


def test_list_filters_due_soon_overdue_state_channel_year_and_search(client, xiuwu, editor):
    soon = make(xiuwu, due_on=working_day(3))
    late = make(xiuwu, due_on=working_day(-2), received_on=working_day(-30))
    later = make(xiuwu, due_on=working_day(15), channel=Channel.FAX)
    paused = make(xiuwu, due_on=working_day(-1), clock_paused=True, state=State.CONSULTING)
    answered = make(xiuwu, due_on=working_day(-3), state=State.ANSWERED)
    old = make(xiuwu, received_on=dt.date(2025, 6, 2), due_on=working_day(10))
    client.force_login(editor)

    def shown(**params):
        response = client.get(reverse("foi_admin:index"), params)
        assert response.status_code == 200
        return {row.foi.pk for row in response.context["rows"]}

    assert shown(due="soon") == {soon.pk}
    assert shown(due="overdue") == {late.pk}
    assert paused.pk not in shown(due="overdue") and answered.pk not in shown(due="overdue")
    assert shown(state=State.ANSWERED) == {answered.pk}
    assert shown(channel=Channel.FAX) == {later.pk}
    assert old.pk in shown(year=2025) and soon.pk not in shown(year=2025)
    assert shown(q=later.tracking_number.lower()) == {later.pk}


def test_list_shows_badges_and_working_days_left(client, xiuwu, editor):
    make(xiuwu, due_on=working_day(3), due_provisional=True)
    make(xiuwu, due_on=working_day(-2), received_on=working_day(-30))
    client.force_login(editor)

    response = client.get(reverse("foi_admin:index"))

    html = response.content.decode()
    assert "foi-badge-provisional" in html and "foi-overdue" in html
    rows = {row.foi.due_on: row for row in response.context["rows"]}
    assert rows[working_day(3)].days_left == 3
    calendar = calendar_for([today().year])
    assert rows[working_day(-2)].overdue_by == max(1, -calendar.count_working_days(today(), working_day(-2)))


def test_list_paginates(client, xiuwu, editor):
    for _ in range(admin_views.PAGE_SIZE + 3):
        make(xiuwu)
    client.force_login(editor)

    first = client.get(reverse("foi_admin:index"))
    second = client.get(reverse("foi_admin:index"), {"p": 2})

    assert len(first.context["rows"]) == admin_views.PAGE_SIZE and len(second.context["rows"]) == 3


def test_staff_without_foi_role_get_403(client, gov_reviewer):
    client.force_login(gov_reviewer)
    assert refused(client.get(reverse("foi_admin:index")))


def test_menu_item_for_handlers_only(client, editor, gov_reviewer):
    client.force_login(editor)
    assert reverse("foi_admin:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(gov_reviewer)
    assert reverse("foi_admin:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


# ---- personal data ---------------------------------------------------------------------------


def test_detail_masks_personal_data_until_shown_and_each_view_is_audited(client, xiuwu, editor):
    foi = make(xiuwu)
    client.force_login(editor)

    masked = client.get(detail_url(foi)).content.decode()
    assert ID_NUMBER not in masked and PHONE not in masked and EMAIL not in masked and "王小明" not in masked
    assert 'id="show-personal-data"' in masked

    for _ in range(2):
        shown = client.post(reverse("foi_admin:personal_data", args=[foi.pk])).content.decode()
        assert ID_NUMBER in shown and PHONE in shown and EMAIL in shown and "王小明" in shown and ADDRESS in shown

    entries = AuditLogEntry.objects.filter(action="foi_requests.personal_data.viewed", object_id=str(foi.pk))
    assert entries.count() == 2
    assert {e.user_id for e in entries} == {editor.pk}


def test_supervisor_cannot_unmask_personal_data(client, xiuwu, supervisor):
    foi = make(xiuwu)
    client.force_login(supervisor)

    page = client.get(detail_url(foi))
    assert page.status_code == 200 and 'id="show-personal-data"' not in page.content.decode()
    assert refused(client.post(reverse("foi_admin:personal_data", args=[foi.pk])))
    assert not AuditLogEntry.objects.filter(action="foi_requests.personal_data.viewed").exists()


def test_personal_data_needs_a_post(client, xiuwu, editor):
    foi = make(xiuwu)
    client.force_login(editor)
    assert client.get(reverse("foi_admin:personal_data", args=[foi.pk])).status_code == 405


def test_detail_shows_the_due_date_explanation_and_history(client, xiuwu, editor):
    foi = make(xiuwu, state=State.SUBMITTED, received_on=None, due_on=None, channel=Channel.POST_UNSIGNED)
    client.force_login(editor)

    page = client.get(detail_url(foi)).content.decode()
    assert 'id="confirmation-prompt"' in page  # Art. 31: confirm on the day the letter arrives
    response = client.post(act_url(foi, "confirm_receipt"), {"received_on": today(), "note": "电话与申请人确认"})
    assert response.status_code == 302

    page = client.get(detail_url(foi))
    assert page.context["deadline"].lines and page.context["due_on"] == working_day(20)
    html = page.content.decode()
    assert all(line in html for line in page.context["deadline"].lines)
    assert [e.action for e in page.context["events"]] == ["confirm_receipt"]


# ---- actions ---------------------------------------------------------------------------------


def test_confirm_receipt_records_who_how_and_when(client, xiuwu, editor):
    foi = make(xiuwu, state=State.SUBMITTED, received_on=None, due_on=None, channel=Channel.POST_UNSIGNED)
    client.force_login(editor)

    client.post(act_url(foi, "confirm_receipt"), {"received_on": today(), "note": "电话确认"})

    foi.refresh_from_db()
    assert (foi.state, foi.received_on, foi.receipt_confirmed_by, foi.receipt_confirmation_note) == (
        State.RECEIVED,
        today(),
        editor,
        "电话确认",
    )
    assert foi.due_on == working_day(20)


def test_action_error_is_shown_next_to_the_form_and_typed_text_kept(client, xiuwu, editor):
    foi = make(xiuwu)
    client.force_login(editor)
    assert (
        client.post(act_url(foi, "request_supplement"), {"items": "请写明年份", "period_working_days": 10}).status_code
        == 302
    )
    assert foi.attachments.filter(role=AttachmentRole.NOTICE).count() == 1  # the 补正告知书

    # A second supplement request is refused; the form is shown again with its error and the text.
    foi2 = make(xiuwu)
    client.post(act_url(foi2, "start_processing"))
    response = client.post(
        act_url(foi2, "request_extension"), {"working_days": 25, "reason": "档案需要调阅，理由很长的文字"}
    )
    assert response.status_code == 200
    failed = [item for item in response.context["action_forms"] if item["failed"]]
    assert failed and failed[0]["action"].name == "request_extension"
    form = failed[0]["form"]
    assert form.errors  # the workflow's message, next to the form
    html = response.content.decode()
    assert "档案需要调阅，理由很长的文字" in html
    assert not Extension.objects.filter(request=foi2).exists()


def test_second_supplement_request_is_refused_with_a_message(client, xiuwu, editor):
    foi = make(xiuwu)
    client.force_login(editor)
    client.post(act_url(foi, "request_supplement"), {"items": "请写明年份", "period_working_days": 10})
    client.post(act_url(foi, "receive_supplement"), {"supplied_on": today(), "text": "2025年"})
    response = client.post(act_url(foi, "request_supplement"), {"items": "再补一次", "period_working_days": 5})

    assert response.status_code == 200
    form = next(item["form"] for item in response.context["action_forms"] if item["failed"])
    assert form.errors and "再补一次" in response.content.decode()
    assert foi.supplement.items == "请写明年份"


def test_supplement_file_must_be_what_its_extension_says(client, xiuwu, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.foi_requests.documents import OfficialDocument, render_pdf

    foi = make(xiuwu)
    client.force_login(editor)
    client.post(act_url(foi, "request_supplement"), {"items": "请写明年份", "period_working_days": 10})
    fake = SimpleUploadedFile("补正材料.pdf", b"<html>not a pdf</html>", content_type="application/pdf")

    response = client.post(act_url(foi, "receive_supplement"), {"supplied_on": today(), "text": "见附件", "file": fake})

    assert response.status_code == 200
    form = next(item["form"] for item in response.context["action_forms"] if item["failed"])
    assert "file" in form.errors and "见附件" in response.content.decode()
    foi.refresh_from_db()
    assert foi.state == State.SUPPLEMENT_REQUESTED and not foi.attachments.filter(role=AttachmentRole.SUPPLEMENT)

    pdf = render_pdf(OfficialDocument("修武县应急管理局", "补正材料", "", "", ["2025年"], today()))
    real = SimpleUploadedFile("补正材料.pdf", pdf, content_type="application/pdf")
    response = client.post(act_url(foi, "receive_supplement"), {"supplied_on": today(), "text": "", "file": real})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.state == State.IN_PROGRESS and foi.attachments.filter(role=AttachmentRole.SUPPLEMENT).count() == 1


def test_reply_without_a_type_is_refused_and_the_text_kept(client, xiuwu, editor):
    foi = make(xiuwu, state=State.IN_PROGRESS)
    client.force_login(editor)

    response = client.post(act_url(foi, "draft_reply"), {"reply_type": "", "body": "答复正文<script>x</script>"})

    assert response.status_code == 200
    form = next(item["form"] for item in response.context["action_forms"] if item["failed"])
    assert "reply_type" in form.errors
    html = response.content.decode()
    assert "答复正文&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html
    assert not Reply.objects.filter(request=foi).exists()


def test_draft_approve_and_documents_through_the_forms(client, xiuwu, editor, reviewer):
    foi = make(xiuwu, state=State.IN_PROGRESS)
    client.force_login(editor)
    response = client.post(
        act_url(foi, "draft_reply"),
        {
            "reply_type": ReplyType.PARTIAL,
            "body": "现将可以公开的部分随附。",
            "withheld_reason": "涉及第三方商业秘密。",
        },
    )
    assert response.status_code == 302
    page = client.get(detail_url(foi))
    assert "approve_reply" not in [item["action"].name for item in page.context["action_forms"]]  # not own draft

    client.force_login(reviewer)
    assert client.post(act_url(foi, "approve_reply")).status_code == 302

    foi.refresh_from_db()
    reply = foi.reply
    assert foi.state == State.ANSWERED and reply.status == ReplyStatus.APPROVED
    assert reply.document_number == f"修武县应急依复〔{today().year}〕1号"
    files = foi.attachments.filter(role=AttachmentRole.REPLY)
    assert sorted(a.content_type for a in files) == sorted(
        ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    )
    assert all(a.visible_to_applicant for a in files)


def test_extension_approval_generates_the_notice(client, xiuwu, editor, reviewer):
    foi = make(xiuwu, state=State.IN_PROGRESS)
    client.force_login(editor)
    client.post(act_url(foi, "request_extension"), {"working_days": 20, "reason": "需调阅档案"})
    client.force_login(reviewer)

    response = client.post(act_url(foi, "decide_extension"), {"decision": "approve", "note": ""})

    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.state == State.EXTENDED and foi.extension.status == ExtensionStatus.APPROVED
    assert foi.attachments.filter(role=AttachmentRole.NOTICE, filename__startswith="延期答复告知书").count() == 1


def test_fee_notice_generates_the_notice(client, xiuwu, editor):
    foi = make(xiuwu, state=State.IN_PROGRESS)
    client.force_login(editor)

    response = client.post(act_url(foi, "send_fee_notice"), {"method": "per_page", "quantity": 101, "sent_on": today()})

    assert response.status_code == 302
    foi.refresh_from_db()
    assert foi.state == State.FEE_NOTIFIED and foi.fee_notice.amount_yuan == 720
    assert foi.attachments.filter(role=AttachmentRole.NOTICE, filename__startswith="收费通知书").exists()


def test_action_not_allowed_to_role_is_refused(client, xiuwu, supervisor):
    foi = make(xiuwu)
    client.force_login(supervisor)

    response = client.post(act_url(foi, "start_processing"))

    assert response.status_code == 403
    foi.refresh_from_db()
    assert foi.state == State.RECEIVED


def test_unknown_action_is_404(client, xiuwu, editor):
    foi = make(xiuwu)
    client.force_login(editor)
    assert client.post(act_url(foi, "delete_everything")).status_code == 404


def test_attachment_download_is_audited_and_for_handlers_only(client, xiuwu, editor, supervisor):
    foi = make(xiuwu)
    client.force_login(editor)
    client.post(act_url(foi, "request_supplement"), {"items": "请写明年份", "period_working_days": 10})
    notice = foi.attachments.get()
    url = reverse("foi_admin:attachment", args=[foi.pk, notice.pk])

    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditLogEntry.objects.filter(action="foi_requests.personal_data.viewed", object_id=str(foi.pk)).exists()
    client.force_login(supervisor)
    assert refused(client.get(url))


# ---- staff entry -----------------------------------------------------------------------------


def entry(channel, **extra):
    data = {
        "client_token": str(uuid.uuid4()),
        "channel": channel,
        "applicant_type": "natural_person",
        "applicant_name": "赵六",
        "id_document_type": "resident_id",
        "id_document_number": ID_NUMBER,
        "phone": PHONE,
        "email": "",
        "description": "请公开本局2025年度安全生产执法检查计划。",
        "delivery_form": "paper",
        "delivery_channel": "post",
        "postal_address": ADDRESS,
        "postal_code": "454350",
    }
    data.update(extra)
    return data


def test_staff_entry_in_person_is_received_today(client, xiuwu, editor):
    client.force_login(editor)
    response = client.post(reverse("foi_admin:create"), entry(Channel.IN_PERSON, bureau=xiuwu.pk))

    foi = FoiRequest.objects.get()
    assert response.status_code == 302 and response.url == detail_url(foi)
    assert (foi.state, foi.channel, foi.received_on, foi.bureau) == (State.RECEIVED, Channel.IN_PERSON, today(), xiuwu)
    assert RequestEvent.objects.filter(request=foi, action="submitted", actor=editor).exists()


def test_staff_entry_signed_post_needs_the_sign_date_and_keeps_what_was_typed(client, xiuwu, editor):
    client.force_login(editor)
    data = entry(Channel.POST_SIGNED, bureau=xiuwu.pk)

    response = client.post(reverse("foi_admin:create"), data)

    assert response.status_code == 200 and "arrived_on" in response.context["form"].errors
    assert "请公开本局2025年度安全生产执法检查计划。" in response.content.decode()
    assert not FoiRequest.objects.exists()

    signed = working_day(-1)
    response = client.post(reverse("foi_admin:create"), {**data, "arrived_on": signed})
    foi = FoiRequest.objects.get()
    assert (foi.state, foi.received_on, foi.arrived_on) == (State.RECEIVED, signed, signed)


def test_staff_entry_unsigned_post_and_fax_wait_for_confirmation(client, xiuwu, editor):
    client.force_login(editor)
    page = client.get(reverse("foi_admin:create"))
    assert 'id="unsigned-post-prompt"' in page.content.decode()

    response = client.post(
        reverse("foi_admin:create"), entry(Channel.POST_UNSIGNED, bureau=xiuwu.pk, arrived_on=today()), follow=True
    )
    foi = FoiRequest.objects.get(channel=Channel.POST_UNSIGNED)
    assert foi.state == State.SUBMITTED and foi.received_on is None and foi.arrived_on == today()
    assert 'id="confirmation-prompt"' in response.content.decode()
    assert any(m.level_tag == "warning" for m in response.context["messages"])

    client.post(reverse("foi_admin:create"), entry(Channel.FAX, bureau=xiuwu.pk, arrived_on=today()))
    fax = FoiRequest.objects.get(channel=Channel.FAX)
    assert fax.state == State.SUBMITTED and fax.received_on is None


def test_staff_entry_invalid_id_number_shows_the_error_and_double_submit_makes_one(client, xiuwu, editor):
    client.force_login(editor)
    bad = entry(Channel.IN_PERSON, bureau=xiuwu.pk, id_document_number="110105194912310021")

    response = client.post(reverse("foi_admin:create"), bad)
    assert response.status_code == 200 and "id_document_number" in response.context["form"].errors
    assert not FoiRequest.objects.exists()

    good = entry(Channel.IN_PERSON, bureau=xiuwu.pk)
    client.post(reverse("foi_admin:create"), good)
    client.post(reverse("foi_admin:create"), good)
    assert FoiRequest.objects.count() == 1


def test_staff_entry_only_for_own_bureau(client, xiuwu, wenxian_editor, supervisor):
    client.force_login(wenxian_editor)
    response = client.post(reverse("foi_admin:create"), entry(Channel.IN_PERSON, bureau=xiuwu.pk))
    assert response.status_code == 200 and "bureau" in response.context["form"].errors
    assert not FoiRequest.objects.exists()
    client.force_login(supervisor)
    assert refused(client.get(reverse("foi_admin:create")))


# ---- dashboard -------------------------------------------------------------------------------


def test_dashboard_counts_per_bureau(client, city, xiuwu, wenxian, editor, supervisor):
    year = today().year
    make(xiuwu, due_on=working_day(2))  # open, due soon
    make(xiuwu, due_on=working_day(-1), received_on=working_day(-25))  # open, overdue
    make(xiuwu, due_on=working_day(12))  # open
    make(xiuwu, state=State.SUPPLEMENT_REQUESTED, due_on=None, clock_paused=True)  # open, no clock
    on_time = make(xiuwu, state=State.ANSWERED, due_on=working_day(-1), outcome=Outcome.R1_GRANTED)
    late = make(xiuwu, state=State.DELIVERED, due_on=working_day(-6), outcome=Outcome.R1_GRANTED)
    for foi, replied in ((on_time, working_day(-2)), (late, working_day(-3))):
        Reply.objects.create(
            request=foi,
            reply_type=ReplyType.GRANTED,
            outcome=Outcome.R1_GRANTED,
            body="已公开",
            status=ReplyStatus.APPROVED,
            drafted_by=editor,
            replied_on=replied,
        )
    make(wenxian, due_on=working_day(-4), received_on=working_day(-30))  # wenxian overdue

    client.force_login(editor)
    rows = client.get(reverse("foi_admin:dashboard")).context["figures"]
    assert [r.bureau for r in rows] == [xiuwu]
    row = rows[0]
    assert (row.open, row.due_soon, row.overdue) == (4, 1, 1)
    if working_day(-3).year == year and working_day(-2).year == year:
        assert (row.answered, row.on_time, round(row.rate)) == (2, 1, 50)

    client.force_login(supervisor)
    response = client.get(reverse("foi_admin:dashboard"))
    by_code = {r.bureau.code: r for r in response.context["figures"]}
    assert {"xiuwu", "wenxian"} <= set(by_code)
    assert by_code["wenxian"].overdue == 1 and by_code["xiuwu"].overdue == 1
    assert response.context["totals"].overdue == 2


def test_home_page_panel_shows_due_counts(client, xiuwu, editor, gov_reviewer):
    make(xiuwu, due_on=working_day(-1), received_on=working_day(-25))
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="foi-requests-due' in html or "foi-requests-due" in html
    client.force_login(gov_reviewer)
    assert "foi-requests-due" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_staff_download_the_receipt_of_a_letter_and_it_is_audited(client, xiuwu, editor, supervisor):
    foi = make(xiuwu, state=State.RECEIVED)
    url = reverse("foi_admin:receipt", kwargs={"pk": foi.pk})
    client.force_login(supervisor)
    assert refused(client.get(url))
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditLogEntry.objects.filter(
        action="foi_requests.personal_data.viewed", object_id=str(foi.pk), data__what="receipt"
    ).exists()


def test_list_shows_open_requests_by_due_date_before_closed_ones(client, xiuwu, editor):
    closed = make(xiuwu, state=State.ARCHIVED, due_on=working_day(-30))
    later = make(xiuwu, state=State.IN_PROGRESS, due_on=working_day(10))
    sooner = make(xiuwu, state=State.IN_PROGRESS, due_on=working_day(2))
    client.force_login(editor)
    listed = list(client.get(reverse("foi_admin:index")).context["page_obj"].object_list)
    assert [r.pk for r in listed] == [sooner.pk, later.pk, closed.pk]


def test_dashboard_year_with_a_non_ascii_digit_falls_back_to_this_year(client, supervisor):
    """ "²".isdigit() is true but int("²") fails: the year filter must not answer 500."""
    client.force_login(supervisor)
    for year in ("²⁰²⁶", "２０２６", "٢٠٢٦"):
        response = client.get(reverse("foi_admin:dashboard"), {"year": year})
        assert response.status_code == 200, year
