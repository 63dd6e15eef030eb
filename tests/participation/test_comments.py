"""Public comments: moderation, duplicates, links and scripts, rate limits, attachments, nothing lost."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.participation import models
from gongkai.participation.services import comments

from .conftest import make_consultation, publish

pytestmark = pytest.mark.django_db


def submit(c, body, **kwargs):
    return comments.comment_submit(consultation=c, body=body, **kwargs)


def test_post_moderation_publishes_at_once_but_holds_links_scripts_and_personal_data(open_consultation):
    plain, _ = submit(open_consultation, "建议明确举报奖励的发放时限。")
    link, _ = submit(open_consultation, "详见 http://example.com/x")
    script, _ = submit(open_consultation, "<script>alert(1)</script>好")
    pii, _ = submit(open_consultation, "请联系我 13912345678")
    assert plain.state == "published"
    assert [c.state for c in (link, script, pii)] == ["pending"] * 3
    assert comments.counts(open_consultation) == {"received": 4, "published": 1, "pending": 3, "held": 0}


def test_pre_moderation_waits_for_a_moderator(bureau, editor, reviewer):
    c = publish(make_consultation(bureau, editor, moderation="pre"), editor, reviewer)
    comment, created = submit(c, "同意。", name="张三", contact="13912345678")
    assert created and comment.state == "pending"
    comments.comment_moderate(comment=comment, publish=True, acting_user=editor)
    comment.refresh_from_db()
    assert comment.state == "published" and comment.moderated_by == editor


def test_the_same_token_returns_the_first_comment_and_the_same_text_is_a_duplicate(open_consultation):
    first, created = submit(
        open_consultation, "建议增加夜间举报电话。", client_token="6f1c7d1e-1111-4a4a-9b9b-123456789abc"
    )
    again, created_again = submit(open_consultation, "anything", client_token="6f1c7d1e-1111-4a4a-9b9b-123456789abc")
    assert created and not created_again and again.pk == first.pk
    with pytest.raises(ValidationError) as exc:
        submit(open_consultation, "  建议增加夜间举报电话。 ")
    assert exc.value.error_dict["body"][0].code == "duplicate"
    assert models.Comment.objects.count() == 1


def test_an_address_is_limited_per_hour_and_nothing_is_stored_beyond(settings, open_consultation):
    settings.GONGKAI = {**settings.GONGKAI, "PARTICIPATION_COMMENTS_PER_HOUR": 2}
    submit(open_consultation, "一", ip="10.0.0.9")
    submit(open_consultation, "二", ip="10.0.0.9")
    with pytest.raises(ValidationError) as exc:
        submit(open_consultation, "三", ip="10.0.0.9")
    assert exc.value.code == "rate_limited"
    submit(open_consultation, "四", ip="10.0.0.10")
    assert models.Comment.objects.count() == 3


def test_oversized_or_disguised_attachments_are_refused(open_consultation):
    big = ("big.pdf", b"%PDF-1.4\n" + b"0" * (comments.MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(ValidationError) as exc:
        submit(open_consultation, "见附件", attachment=big)
    assert exc.value.error_dict["attachment"][0].code == "too_large"
    with pytest.raises(ValidationError) as exc:
        submit(open_consultation, "见附件二", attachment=("x.exe", b"MZ"))
    assert exc.value.error_dict["attachment"][0].code == "unsupported_type"
    with pytest.raises(ValidationError):
        submit(open_consultation, "见附件三", attachment=("fake.pdf", b"not a pdf"))
    ok, _ = submit(open_consultation, "见附件四", attachment=("note.txt", "意见全文".encode()))
    assert ok.attachment_name == "note.txt" and ok.attachment.read() == "意见全文".encode()


def test_a_closed_or_unpublished_consultation_takes_no_comment(bureau, editor, open_consultation):
    with pytest.raises(ValidationError) as exc:
        submit(open_consultation, "太晚了", now=timezone.now() + dt.timedelta(days=40))
    assert exc.value.code == "not_open"
    draft = make_consultation(bureau, editor)
    with pytest.raises(ValidationError):
        submit(draft, "草稿")


def test_control_characters_are_removed_and_empty_comments_refused(open_consultation):
    comment, _ = submit(open_consultation, "好\u202e意见\x00")
    assert comment.body == "好意见"
    with pytest.raises(ValidationError):
        submit(open_consultation, " \u200b ")


def test_the_xlsx_export_has_every_comment_with_formulas_neutralised(editor, open_consultation):
    from io import BytesIO

    from openpyxl import load_workbook

    submit(open_consultation, '=HYPERLINK("http://x")', name="李四", contact="li@example.com")
    submit(open_consultation, "普通意见")
    sheet = load_workbook(BytesIO(comments.comments_xlsx(consultation=open_consultation, acting_user=editor))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][3].startswith("'=") and rows[1][4] == "李四" and rows[1][5] == "li@example.com"
