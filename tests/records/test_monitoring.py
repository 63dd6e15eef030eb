import datetime as dt

import pytest
from django.utils import timezone

from gongkai.records import monitoring, services
from gongkai.records.models import Record
from gongkai.workdays.due import DueStatus

from .factories import published_item, published_record

pytestmark = pytest.mark.django_db


def test_published_on_time_is_met(editor, reviewer, xiuwu):
    item = published_item(xiuwu)
    today = timezone.localdate()
    record = published_record(editor, reviewer, item, event_date=today)
    assert record.due_date > today
    assert record.due_met is True
    state = monitoring.item_due(item)
    assert state.status == DueStatus.MET and state.due_date == record.due_date


def test_pending_record_past_due_is_overdue(editor, xiuwu):
    item = published_item(xiuwu)
    old = timezone.localdate() - dt.timedelta(days=60)
    record = services.record_create_draft(
        acting_user=editor, bureau=xiuwu, catalog_item=item, title="逾期未公开", event_date=old
    )
    assert record.due_date is not None and record.due_date < timezone.localdate()
    entries = monitoring.bureau_due(xiuwu)
    assert [(e.record.pk, e.status) for e in entries] == [(record.pk, DueStatus.OVERDUE)]


def test_periodic_item_without_record_is_due_after_catalog_publication(xiuwu):
    item = published_item(
        xiuwu, time_limit_text="半年至少更新1次", time_limit_rule={"kind": "periodic", "months": 6, "min_updates": 1}
    )
    far = timezone.localdate() + dt.timedelta(days=400)
    state = monitoring.item_due(item, today=far)
    assert state.status == DueStatus.OVERDUE
    assert state.due_date is not None
    entries = monitoring.bureau_due(xiuwu, today=far)
    assert [e.item.pk for e in entries] == [item.pk]


def test_city_on_time_rate_per_bureau(editor, reviewer, xiuwu, wenxian):
    item = published_item(xiuwu)
    today = timezone.localdate()
    published_record(editor, reviewer, item, event_date=today)
    late = published_record(editor, reviewer, item, title="迟发", event_date=today - dt.timedelta(days=90))
    assert late.due_met is False
    rates = {r.bureau.code: r for r in monitoring.on_time_rates([xiuwu, wenxian])}
    assert (rates["xiuwu"].with_due, rates["xiuwu"].on_time, rates["xiuwu"].rate) == (2, 1, 0.5)
    assert rates["wenxian"].rate is None
    assert Record.objects.count() == 2
