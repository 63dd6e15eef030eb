"""Participation in Chromium, the walk-through of issue 14: 武陟县's editor opens a consultation on a draft,
the reviewer approves it (four eyes), a citizen comments (and one comment with a link is held for
moderation), the consultation closes, the editor classifies the comments and writes the adoption summary,
the reviewer publishes it, and the consultation page links to it. axe-core finds no serious violation on
the public pages on the way."""

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import log_in, submit
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


def test_a_consultation_from_draft_to_published_adoption_summary(page, tmp_path):
    from gongkai.participation.models import Comment, Consultation

    today = timezone.localdate()
    draft = tmp_path / "draft.txt"
    draft.write_text("第一条 为了规范安全生产举报奖励工作……", encoding="utf-8")

    log_in(page, "wuzhi-editor")
    page.goto("/admin/participation/consultations/new/")
    page.select_option("#id_kind", "normative")
    page.fill("#id_title", "《武陟县安全生产举报奖励实施办法（征求意见稿）》")
    page.set_input_files("#id_draft_file", str(draft))
    page.fill("#id_opens", today.isoformat())
    page.fill("#id_closes", (today + dt.timedelta(days=3)).isoformat())
    submit(page, page.locator("form.participation-form button[type=submit]"))
    assert "工作日" in page.content()  # too short for a normative document, and no urgency reason
    page.set_input_files("#id_draft_file", str(draft))
    page.fill("#id_closes", (today + dt.timedelta(days=21)).isoformat())
    page.select_option("#id_moderation", "post")
    submit(page, page.locator("form.participation-form button[type=submit]"))
    consultation = Consultation.objects.get()
    submit(page, page.get_by_role("button", name="提交审核"))

    log_in(page, "wuzhi-reviewer")
    page.goto(f"/admin/participation/consultation/{consultation.pk}/review/")
    page.select_option("#id_confidentiality_result", "passed")
    submit(page, page.locator("button[name=approve]"))

    page.context.clear_cookies()
    public = f"/b/wuzhi/participation/consultations/{consultation.uid}/"
    page.goto(public)
    assert blocking_violations(page) == []
    submit(page, page.locator("#comment-link"))
    page.fill("#id_body", "建议把举报奖励的发放时限写明为15个工作日。")
    submit(page, page.get_by_role("button", name="提交意见"))
    assert page.locator("#comment-number").inner_text().startswith("C")
    assert blocking_violations(page) == []
    page.goto(public + "comment/")
    page.fill("#id_body", "更多意见见 http://example.com/spam")
    submit(page, page.get_by_role("button", name="提交意见"))
    held_number = page.locator("#comment-number").inner_text()  # acknowledged at once, registered by the worker
    page.goto(public + f"comment/{held_number}/")
    assert "审核后公开" in page.content()
    page.goto(public)
    assert "共收到2条，已公开1条，待审核1条" in page.locator("#comment-counts").inner_text()
    assert "example.com/spam" not in page.content()

    Consultation.objects.filter(pk=consultation.pk).update(  # the consultation closes
        opens=today - dt.timedelta(days=30), closes=today - dt.timedelta(days=1)
    )
    log_in(page, "wuzhi-editor")
    page.goto(f"/admin/participation/consultations/{consultation.pk}/")
    for comment, adoption, reason in (
        (Comment.objects.get(state="published"), "adopted", ""),
        (Comment.objects.get(state="pending"), "not_adopted", "与本办法无关"),
    ):
        row = page.locator(f"#comment-{comment.number}")
        row.locator("input[name=theme]").fill("发放时限" if adoption == "adopted" else "其他")
        row.locator("select[name=adoption]").select_option(adoption)
        row.locator("input[name=adoption_reason]").fill(reason)
        submit(page, row.locator("button[name=classify]"))
    page.goto(f"/admin/participation/consultations/{consultation.pk}/summary/")
    page.fill("#id_body", "共收到意见2条，采纳1条。")
    submit(page, page.get_by_role("button", name="保存意见采纳情况"))
    submit(page, page.locator("button[name=submit-summary]"))

    log_in(page, "wuzhi-reviewer")
    summary = Consultation.objects.get().adoption_summary
    page.goto(f"/admin/participation/summary/{summary.pk}/review/")
    page.select_option("#id_confidentiality_result", "passed")
    submit(page, page.locator("button[name=approve]"))

    page.context.clear_cookies()
    page.goto(public)
    submit(page, page.locator("#summary-link"))
    assert "共收到2条，采纳1条，未采纳1条" in page.locator("#summary-counts").inner_text()
    assert "与本办法无关" in page.content()
    assert blocking_violations(page) == []
