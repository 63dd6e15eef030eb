"""Consultations: the period is checked by the rules module on save and approval, four eyes on publication,
the adoption summary after closing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.participation import models
from gongkai.participation.services import comments, consultations, publication
from tests.factories import BureauFactory, user_with_role

from .conftest import make_consultation, publish

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_period_shorter_than_the_rule_is_refused_with_the_reason(bureau, editor):
    with pytest.raises(ValidationError) as exc:
        make_consultation(bureau, editor, opens=D(2026, 3, 2), closes=D(2026, 3, 20))
    assert exc.value.error_dict["closes"][0].code == "period"
    assert "2026-04-01" in exc.value.messages[0]
    assert not models.Consultation.objects.exists()


def test_closing_before_opening_is_refused_even_with_an_urgency_reason(bureau, editor):
    with pytest.raises(ValidationError):
        make_consultation(bureau, editor, opens=D(2026, 3, 2), closes=D(2026, 3, 1), urgent_reason="紧急")


def test_a_shortened_period_with_an_urgency_reason_is_kept_and_shown(client, bureau, editor, reviewer):
    today = timezone.localdate()
    c = make_consultation(
        bureau, editor, opens=today, closes=today + dt.timedelta(days=10), urgent_reason="主汛期前须出台"
    )
    publish(c, editor, reviewer)
    page = client.get(f"/b/wuzhi/participation/consultations/{c.uid}/").content.decode()
    assert "主汛期前须出台" in page and 'id="urgent-reason"' in page


def test_an_urgency_reason_is_dropped_when_the_period_is_long_enough(bureau, editor):
    c = make_consultation(bureau, editor, opens=D(2026, 3, 2), closes=D(2026, 4, 10), urgent_reason="不需要")
    assert c.urgent_reason == ""


def test_the_normative_period_counts_working_days(bureau, editor):
    c = make_consultation(bureau, editor, kind="normative", opens=D(2025, 9, 30), closes=D(2025, 10, 16))
    assert c.pk
    with pytest.raises(ValidationError):
        make_consultation(bureau, editor, kind="normative", opens=D(2025, 9, 30), closes=D(2025, 10, 15))


def test_the_author_cannot_approve_and_another_bureau_cannot_see(bureau, editor, reviewer):
    c = make_consultation(bureau, editor)
    publication.submit(c, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        publication.approve(c, acting_user=reviewer, confidentiality_result="passed")
    other = user_with_role(Role.REVIEWER, BureauFactory(code="boai"))
    with pytest.raises(PermissionDenied):
        publication.approve(c, acting_user=other, confidentiality_result="passed")
    leader = user_with_role(Role.LEADER, bureau)
    with pytest.raises(ValidationError):  # the confidentiality check is required
        publication.approve(c, acting_user=leader, confidentiality_result="")
    published = publication.approve(c, acting_user=leader, confidentiality_result="passed")
    assert published.published_at and published.status == "published"
    entry = AuditLogEntry.objects.get(action="participation.consultation.published")
    assert entry.data["confidentiality_result"] == "passed"


def test_personal_data_in_the_draft_blocks_publication(bureau, editor):
    from .conftest import draft_document

    c = make_consultation(bureau, editor)
    c.draft = draft_document(text="联系人手机 13912345678")
    c.save()
    with pytest.raises(ValidationError) as exc:
        publication.submit(c, acting_user=editor)
    assert exc.value.code == "pii_found" and "13912345678" not in str(exc.value)


def test_a_published_consultation_cannot_be_edited(bureau, editor, open_consultation):
    with pytest.raises(ValidationError) as exc:
        consultations.consultation_save(consultation=open_consultation, fields={"title": "x"}, acting_user=editor)
    assert exc.value.code == "published"


def _closed_with_comments(bureau, editor, reviewer):
    today = timezone.localdate()
    opens, closes = today - dt.timedelta(days=40), today - dt.timedelta(days=2)
    c = publish(make_consultation(bureau, editor, opens=opens, closes=closes, moderation="post"), editor, reviewer)
    during = timezone.now() - dt.timedelta(days=10)
    made = [
        comments.comment_submit(consultation=c, body=text, client_token=None, now=during)[0]
        for text in ("奖励标准应提高到十万元。", "应当明确匿名举报的受理方式。", "建议删除第五条。")
    ]
    return c, made


def test_the_adoption_summary_counts_by_theme_and_needs_reasons(bureau, editor, reviewer):
    c, (a, b, d) = _closed_with_comments(bureau, editor, reviewer)
    comments.comment_classify(comment=a, theme="奖励标准", adoption="adopted", acting_user=editor)
    comments.comment_classify(comment=b, theme="受理方式", adoption="partly", acting_user=editor)
    comments.comment_classify(
        comment=d, theme="奖励标准", adoption="not_adopted", reason="第五条为上位法规定", acting_user=editor
    )
    summary = consultations.summary_prepare(consultation=c, acting_user=editor, body="共收到意见3条。")
    assert (summary.received, summary.adopted, summary.not_adopted) == (3, 2, 1)
    rows = {row["theme"]: row for row in summary.themes}
    assert rows["奖励标准"]["reasons"] == "第五条为上位法规定" and rows["受理方式"]["adopted"] == 1
    publish(summary, editor, reviewer)
    assert models.AdoptionSummary.objects.get(consultation=c).published_at


def test_the_summary_waits_for_every_decision_and_for_the_closing(bureau, editor, reviewer, open_consultation):
    with pytest.raises(ValidationError) as exc:
        consultations.summary_prepare(consultation=open_consultation, acting_user=editor)
    assert exc.value.code == "not_closed"
    c, _made = _closed_with_comments(bureau, editor, reviewer)
    summary = consultations.summary_prepare(consultation=c, acting_user=editor)
    with pytest.raises(ValidationError) as exc:
        publication.submit(summary, acting_user=editor)
    assert exc.value.code == "undecided"


def test_a_summary_not_published_by_its_due_day_is_late(bureau, editor, reviewer):
    c, _made = _closed_with_comments(bureau, editor, reviewer)
    assert consultations.summary_due_on(c) == c.closes + dt.timedelta(days=30)
    assert not consultations.summary_late(c)
    assert consultations.summary_late(c, today=c.closes + dt.timedelta(days=31))
