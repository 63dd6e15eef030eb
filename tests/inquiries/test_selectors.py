"""The late inquiries: overdue ones on the bureau's and the city's admin home; the inspection's rule
(valid messages unanswered > 3 months) as `selectors.unanswered_beyond`."""

import pytest
from django.utils import timezone

from gongkai.inquiries import selectors, services

from .helpers import answered, ask, days_ago

pytestmark = pytest.mark.django_db


def test_unanswered_beyond_counts_valid_open_messages_older_than_the_limit(xiuwu, wenxian, editor, reviewer):
    old = ask(xiuwu, now=days_ago(100), body="旧问题")
    new = ask(xiuwu, now=days_ago(10), body="新问题")
    invalid = ask(xiuwu, now=days_ago(100), body="广告")
    services.mark_invalid(inquiry=invalid, acting_user=reviewer, reason="广告信息")
    answered(xiuwu, editor, reviewer, now=days_ago(120), body="已答复的问题")
    other = ask(wenxian, now=days_ago(95), body="温县问题")
    assert set(selectors.unanswered_beyond(days=90)) == {old, other}
    assert list(selectors.unanswered_beyond(bureau=xiuwu)) == [old]
    assert set(selectors.unanswered_beyond(bureau=xiuwu, days=5)) == {old, new}


def test_an_answer_waiting_for_approval_is_not_an_answer(xiuwu, editor):
    inquiry = ask(xiuwu, now=days_ago(100))
    services.answer_save(inquiry=inquiry, answer_text="答复。", acting_user=editor)
    services.answer_submit(inquiry=inquiry, acting_user=editor)
    assert list(selectors.unanswered_beyond(bureau=xiuwu)) == [inquiry]


def test_late_by_bureau_for_the_bureau_and_the_city_supervisor(xiuwu, wenxian, editor, supervisor, wenxian_editor):
    ask(xiuwu, now=days_ago(40))
    ask(xiuwu, body="今天的问题")
    ask(wenxian, now=days_ago(100), body="温县")
    own = selectors.late_by_bureau(editor)
    assert [(r.bureau.code, r.open, r.overdue, r.beyond_inspection) for r in own] == [("xiuwu", 2, 1, 0)]
    city = {r.bureau.code: (r.open, r.overdue, r.beyond_inspection) for r in selectors.late_by_bureau(supervisor)}
    assert city == {"xiuwu": (2, 1, 0), "wenxian": (1, 1, 1)}


def test_the_late_inquiries_show_on_the_admin_home(client, xiuwu, editor, supervisor):
    late = ask(xiuwu, now=days_ago(40))
    for user in (editor, supervisor):
        client.force_login(user)
        page = client.get("/admin/").content.decode()
        assert "inquiries-late" in page and 'class="inquiry-late"' in page
    client.force_login(editor)
    listing = client.get("/admin/inquiries/?show=overdue").content.decode()
    assert late.tracking_number in listing
    assert late.due_on < timezone.localdate()
