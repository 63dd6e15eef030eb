"""Scheduling a publication tells the worker when to publish, through a signal (services never import tasks)."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.records import services, signals, tasks

from .factories import published_item

pytestmark = pytest.mark.django_db


def test_scheduling_a_record_announces_its_time_after_commit(
    editor, reviewer, xiuwu, django_capture_on_commit_callbacks
):
    record = services.record_create_draft(
        acting_user=editor,
        bureau=xiuwu,
        catalog_item=published_item(xiuwu),
        title="关于做好汛期安全生产工作的通知",
        body="<p>各乡镇：请做好汛期安全生产工作。</p>",
        event_date=dt.date(2026, 6, 1),
    )
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    heard = []

    def listener(sender, *, at, **kwargs):
        heard.append(at)

    signals.publication_scheduled.connect(listener)
    try:
        at = timezone.now() + dt.timedelta(hours=2)
        with django_capture_on_commit_callbacks(execute=True):
            services.record_publish(acting_user=editor, record=record, at=at)
    finally:
        signals.publication_scheduled.disconnect(listener)
    assert heard == [at]


def test_the_worker_listens_for_scheduled_publications():
    was_connected = signals.publication_scheduled.disconnect(tasks.enqueue_publication)
    signals.publication_scheduled.connect(tasks.enqueue_publication)
    assert was_connected
