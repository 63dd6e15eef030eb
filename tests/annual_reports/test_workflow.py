"""Generate → edit → submit → approve (four eyes, confidentiality check) → published to the bureau's
信息公开年报 part; the public page and downloads; the staff screens; the reminder of an unpublished report."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.permissions import FourEyesDenied
from gongkai.accounts.roles import Role
from gongkai.annual_reports import reminders, services
from gongkai.annual_reports.models import ReportStatus
from gongkai.core.models import AuditLogEntry
from tests.factories import BureauFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(bureau, editor, items):
    return services.report_open(bureau=bureau, year=2026, acting_user=editor)


def submitted(draft, editor):
    return services.report_submit(report_obj=draft, acting_user=editor)


def test_the_editor_cannot_approve_and_the_author_reviewer_neither(draft, editor, reviewer, leader):
    services.report_save(report_obj=draft, acting_user=reviewer, texts={"other": "本年无其他事项。"})
    obj = submitted(draft, editor)
    with pytest.raises(PermissionDenied):
        services.report_approve(report_obj=obj, acting_user=editor, confidentiality_result="passed")
    with pytest.raises(FourEyesDenied) as refused:
        services.report_approve(report_obj=obj, acting_user=reviewer, confidentiality_result="passed")
    assert refused.value.code == "own_approval"
    services.report_approve(report_obj=obj, acting_user=leader, confidentiality_result="passed")
    obj.refresh_from_db()
    assert obj.status == ReportStatus.PUBLISHED and obj.approved_by == leader


def test_a_reviewer_of_another_bureau_cannot_approve(draft, editor):
    other = user_with_role(Role.REVIEWER, BureauFactory(code="xiuwu", name="修武县应急管理局", short_name="修武县局"))
    obj = submitted(draft, editor)
    with pytest.raises(PermissionDenied):
        services.report_approve(report_obj=obj, acting_user=other, confidentiality_result="passed")


def test_approval_requires_and_records_the_confidentiality_check(draft, editor, reviewer):
    obj = submitted(draft, editor)
    with pytest.raises(ValidationError) as missing:
        services.report_approve(report_obj=obj, acting_user=reviewer, confidentiality_result="")
    assert "confidentiality_result" in missing.value.message_dict
    services.report_approve(report_obj=obj, acting_user=reviewer, confidentiality_result="passed")
    obj.refresh_from_db()
    assert obj.confidentiality_result == "passed" and obj.published_content["meta"]["version"] == 1
    entry = AuditLogEntry.objects.get(action="annual_reports.report.published")
    assert entry.data["confidentiality_result"] == "passed" and entry.bureau_code == "wenxian"


def test_a_failing_sum_check_blocks_submission(draft, editor):
    services.report_save(report_obj=draft, acting_user=editor, table4={"litigation_direct": {"upheld": 1, "total": 3}})
    with pytest.raises(ValidationError) as refused:
        submitted(draft, editor)
    assert refused.value.error_list[0].code == "checks_failed"
    assert any("3" in m for m in refused.value.messages)


def test_personal_data_in_a_text_blocks_submission(draft, editor):
    services.report_save(report_obj=draft, acting_user=editor, texts={"other": "联系人张三，电话13812345678。"})
    with pytest.raises(ValidationError) as refused:
        submitted(draft, editor)
    assert refused.value.code == "pii_found" and "13812345678" not in " ".join(refused.value.messages)


def test_the_public_keeps_the_approved_version_while_a_change_waits(client, draft, editor, reviewer):
    services.report_approve(report_obj=submitted(draft, editor), acting_user=reviewer, confidentiality_result="passed")
    services.report_save(report_obj=draft, acting_user=editor, texts={"other": "尚未审核的新文字。"})
    page = client.get("/b/wenxian/annual-reports/2026/").content.decode()
    assert "温县应急管理局2026年政府信息公开工作年度报告" in page and "尚未审核的新文字" not in page
    assert "三、收到和处理政府信息公开申请情况" in page and "(本列数据的勾稽关系为" in page


def test_the_published_report_is_listed_in_the_bureaus_annual_report_part_with_downloads(
    client, draft, editor, reviewer
):
    assert client.get("/b/wenxian/annual-reports/2026/").status_code == 404
    services.report_approve(report_obj=submitted(draft, editor), acting_user=reviewer, confidentiality_result="passed")
    part = client.get("/b/wenxian/annual-reports/").content.decode()
    assert "/b/wenxian/annual-reports/2026/" in part and "/b/wenxian/annual-reports/2026.pdf" in part
    pdf = client.get("/b/wenxian/annual-reports/2026.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get("/b/wenxian/annual-reports/2026.docx")
    assert docx.content.startswith(b"PK")
    # the same published report gives the same bytes (the static publisher writes it)
    assert client.get("/b/wenxian/annual-reports/2026.docx").content == docx.content
    assert client.get("/b/wenxian/annual-reports/2026.txt").status_code == 404
    assert client.get("/en/b/wenxian/annual-reports/2026/").status_code == 200


def test_the_staff_screens_generate_edit_submit_and_approve(client, bureau, editor, reviewer, items):
    client.force_login(editor)
    assert client.get("/admin/annual-reports/").status_code == 200
    response = client.post("/admin/annual-reports/open/", {"bureau": bureau.pk, "year": 2026})
    edit_url = response["Location"]
    page = client.get(edit_url)
    assert page.status_code == 200 and "总体情况" in page.content.decode()
    form = page.context["form"]
    post = {name: ("" if value is None else value) for name, value in form.initial.items() if name != "not_applicable"}
    post.update(
        {
            f"text_{k}": form.fields[f"text_{k}"].initial
            for k in ("overview", "proactive", "requests", "remedies", "issues", "other")
        }
    )
    post["text_issues"] = "存在的主要问题：栏目更新不及时。"
    post["not_applicable"] = ["rules"]
    post["t4_reconsideration__upheld"] = "1"
    post["t4_reconsideration__total"] = ""
    assert client.post(edit_url, post).status_code == 302
    assert client.get(edit_url.rstrip("/") + "/preview/").status_code == 200
    client.post(edit_url.rstrip("/") + "/submit/")
    client.force_login(reviewer)
    review = client.get(edit_url.rstrip("/") + "/review/")
    assert review.status_code == 200 and "栏目更新不及时" in review.content.decode()
    client.post(edit_url.rstrip("/") + "/review/", {"approve": "1", "confidentiality_result": "passed"})
    public = client.get("/b/wenxian/annual-reports/2026/").content.decode()
    assert "栏目更新不及时" in public


def test_the_reminder_mails_the_staff_of_an_unpublished_report_once_a_day(bureau, editor, reviewer, settings):
    editor.email, reviewer.email = "editor@example.com", "reviewer@example.com"
    editor.save(), reviewer.save()
    assert reminders.send_due_reminders(dt.date(2026, 12, 20)) == 0  # not the season
    assert reminders.send_due_reminders(dt.date(2027, 1, 5)) == 2
    assert reminders.send_due_reminders(dt.date(2027, 1, 5)) == 0
    assert "2027-01-31" in mail.outbox[0].body
    assert reminders.send_due_reminders(dt.date(2027, 2, 2)) == 2
    assert "late" in mail.outbox[-1].body or "逾期" in mail.outbox[-1].body or "迟" in mail.outbox[-1].body


def test_no_reminder_once_the_report_is_published(bureau, editor, reviewer, items):
    editor.email = "editor@example.com"
    editor.save()
    obj = services.report_open(bureau=bureau, year=2026, acting_user=editor)
    services.report_approve(report_obj=submitted(obj, editor), acting_user=reviewer, confidentiality_result="passed")
    assert reminders.send_due_reminders(dt.date(2027, 1, 5)) == 0
