"""The rest of issue 14's walk-through in Chromium, on the demo's participation data (one load, one test):
a citizen answers 武陟县's survey with a code received by SMS and sees the charts; 武陟县 announces a forum
(four eyes), a citizen registers, staff select and publish the participant list, the forum is held and its
minutes are published; a citizen asks a question, staff answer it and a reviewer publishes it; the demo's
unanswered question shows as late on the editor's admin home. (The consultation part is
test_participation.py.)"""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from .conftest import log_in, submit

pytestmark = pytest.mark.browser

TEXTS: list[tuple[str, str]] = []


class RecordingSms:
    def send(self, phone, text):
        TEXTS.append((phone, text))


@pytest.fixture
def participation_demo(demo, settings):
    from gongkai.demo import interaction, participation

    participation.load_demo()
    interaction.load_demo()
    TEXTS.clear()
    settings.GONGKAI = {**settings.GONGKAI, "SMS_BACKEND": f"{__name__}.RecordingSms"}


def _survey(page):
    from gongkai.surveys.models import Survey

    survey = Survey.objects.get(bureau__code="wuzhi")
    before = survey.responses.count()
    page.goto(f"/b/wuzhi/surveys/{survey.pk}/")
    page.fill("#id_email", "+86 138 0000 1234")
    submit(page, page.locator("button[name=send_code]"))
    phone, text = TEXTS[-1]
    assert phone == "13800001234"
    page.fill("#id_code", re.search(r"\d{6}", text).group(0))
    questions = list(survey.questions.all())
    page.locator(f"input[name={questions[0].field_name}]").first.check()
    page.locator(f"input[name={questions[1].field_name}]").first.check()
    page.locator(f"input[name={questions[2].field_name}][value='4']").check()
    submit(page, page.locator("button[name=submit_answers]"))
    assert page.url.endswith(f"/surveys/{survey.pk}/results/")
    assert f"已收到答卷：{before + 1}份" in page.content()
    assert page.locator("svg").count() >= 3  # one bar chart per choice or rating question


def _hearing(page):
    from gongkai.participation.models import Hearing
    from gongkai.participation.services import hearings

    log_in(page, "wuzhi-editor")
    page.goto("/admin/participation/hearings/new/")
    page.select_option("#id_kind", "forum")
    page.fill("#id_title", "安全生产举报奖励办法企业座谈会")
    page.fill("#id_place", "武陟县应急管理局三楼会议室")
    held_at = timezone.localtime() + dt.timedelta(days=12)
    page.fill("#id_held_at", held_at.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_selection_method", "按报名先后顺序确定，兼顾不同行业")
    page.fill("#id_registration_closes", (timezone.localdate() + dt.timedelta(days=2)).isoformat())
    submit(page, page.locator("form.participation-form button[type=submit]"))
    hearing = Hearing.objects.get(title="安全生产举报奖励办法企业座谈会")
    submit(page, page.get_by_role("button", name="提交审核"))
    log_in(page, "wuzhi-reviewer")
    page.goto(f"/admin/participation/hearing/{hearing.pk}/review/")
    page.select_option("#id_confidentiality_result", "passed")
    submit(page, page.locator("button[name=approve]"))

    page.context.clear_cookies()
    public = f"/b/wuzhi/participation/hearings/{hearing.uid}/"
    page.goto(public)
    submit(page, page.locator("#register-link"))
    page.fill("#id_name", "赵企业")
    page.fill("#id_organisation", "某建材有限公司")
    page.fill("#id_contact", "13900001111")
    submit(page, page.locator("form button[type=submit]").last)
    assert hearing.registrations.count() == 1

    log_in(page, "wuzhi-editor")
    page.goto(f"/admin/participation/hearings/{hearing.pk}/")
    page.locator("input[name=selected]").first.check()
    submit(page, page.locator("button[name=select]"))
    log_in(page, "wuzhi-reviewer")
    page.goto(f"/admin/participation/hearings/{hearing.pk}/")
    page.select_option("#id_participants-confidentiality_result", "passed")
    submit(page, page.locator("button[name=publish_participants]"))
    page.context.clear_cookies()
    page.goto(public)
    assert "赵企业" in page.locator("#participants").inner_text()
    assert "13900001111" not in page.content()

    # the meeting takes place (materials 7 days before, signed record, minutes approved by another person)
    from gongkai.accounts.models import User

    editor, reviewer = User.objects.get(username="wuzhi-editor"), User.objects.get(username="wuzhi-reviewer")
    hearings.record_materials(hearing=hearing, delivered_on=held_at.date() - dt.timedelta(days=7), acting_user=editor)
    Hearing.objects.filter(pk=hearing.pk).update(held_at=timezone.now() - dt.timedelta(hours=2))
    record = Document.objects.create(title="签字记录", file=ContentFile(b"signed", name="record.txt"))
    hearings.record_held(hearing=hearing, signed_record=record, acting_user=editor)
    from gongkai.participation.services import publication

    minutes = hearings.minutes_save(hearing=hearing, body="与会企业代表一致同意明确奖励发放时限。", acting_user=editor)
    publication.submit(minutes, acting_user=editor)
    publication.approve(minutes, acting_user=reviewer, confidentiality_result="passed")
    page.goto(public)
    assert "与会企业代表一致同意" in page.locator("#minutes").inner_text()


def _inquiry(page):
    from gongkai.inquiries.models import Inquiry

    page.context.clear_cookies()
    page.goto("/b/wuzhi/inquiries/ask/")
    page.fill("#id_name", "钱市民")
    page.fill("#id_contact", "qian@example.com")
    page.fill("#id_subject", "防汛物资储备点在哪里")
    page.fill("#id_body", "请问县里的防汛物资储备点设在哪些乡镇？")
    page.locator("#id_consent_publish").check()
    submit(page, page.locator("form button[type=submit]").last)
    inquiry = Inquiry.objects.get(subject="防汛物资储备点在哪里")

    log_in(page, "wuzhi-editor")
    page.goto("/admin/")
    assert page.locator(".inquiry-late").count() >= 1  # the demo's unanswered question, past its limit
    page.goto(f"/admin/inquiries/{inquiry.pk}/")
    page.fill("#id_answer_text", "县防汛物资储备点设在木城、詹店和嘉应观三个乡镇。")
    page.locator("#id_publish").check()
    submit(page, page.locator("button[name=submit]"))
    log_in(page, "wuzhi-reviewer")
    page.goto(f"/admin/inquiries/{inquiry.pk}/review/")
    page.select_option("#id_confidentiality_result", "passed")
    submit(page, page.locator("button[name=approve]"))

    page.context.clear_cookies()
    page.goto("/b/wuzhi/inquiries/")
    assert "防汛物资储备点在哪里" in page.content() and "钱市民" not in page.content()
    page.goto(f"/b/wuzhi/inquiries/{inquiry.pk}/")
    assert "詹店" in page.content() and "qian@example.com" not in page.content()


def test_a_survey_a_forum_and_an_inquiry_from_the_demo(page, participation_demo):
    _survey(page)
    _hearing(page)
    _inquiry(page)
