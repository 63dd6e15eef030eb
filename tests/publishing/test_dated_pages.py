"""The daily task re-renders exactly the published pages whose date-relative content changed (issue 13)."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from gongkai.catalogs.models import CatalogItem
from gongkai.core import daily
from gongkai.publishing import dated, participation_pages, publisher, tasks
from gongkai.publishing.models import PublishedPage
from gongkai.records.models import Record

from .conftest import DB_TASKS

pytestmark = pytest.mark.django_db

PERIODIC = {"kind": "periodic", "months": 6, "min_updates": 1}


@pytest.fixture
def periodic_tree(root, item, plain_record, settings):
    """A half-yearly item whose only record was published 7 months ago, on a tree rendered 60 days ago
    (when the next update was not yet due): today the item is overdue, the published list says open."""
    CatalogItem.objects.filter(pk=item.pk).update(time_limit_rule=PERIODIC)
    publisher.rebuild()
    now = timezone.now()
    Record.objects.filter(pk=plain_record.pk).update(published_at=now - dt.timedelta(days=213))
    PublishedPage.objects.update(rendered_at=now - dt.timedelta(days=60))
    settings.PUBLISH_ON_CHANGE = True
    return item


def test_daily_task_rerenders_the_lists_of_an_item_that_became_overdue_and_nothing_else(periodic_tree, root):
    item = periodic_tree
    lists = {f"/b/xiuwu/items/{item.key}/records/", f"/en/b/xiuwu/items/{item.key}/records/"}
    assert {spec.url for spec in dated.stale_item_lists()} == lists
    before = timezone.now()
    result = tasks.republish_dated_pages.call()
    assert result["written"] == 2  # the two lists; the catalog status page is rendered, its bytes unchanged
    rerendered = set(PublishedPage.objects.filter(rendered_at__gte=before).values_list("url", flat=True))
    dated_by_phase = set(  # the participation pages keyed `today` (a consultation's phase), rendered nightly too
        PublishedPage.objects.filter(dependencies__key=participation_pages.TODAY).values_list("url", flat=True)
    )
    assert rerendered == lists | set(dated.STATUS_URLS) | dated_by_phase
    page = (root / f"b/xiuwu/items/{item.key}/records/index.html").read_text(encoding="utf-8")
    assert "item-due--overdue" in page
    assert not dated.stale_item_lists()  # rendered today: nothing left for today


def test_an_item_whose_state_did_not_change_is_not_rerendered(root, item, plain_record, settings):
    CatalogItem.objects.filter(pk=item.pk).update(time_limit_rule=PERIODIC)
    publisher.rebuild()
    PublishedPage.objects.update(rendered_at=timezone.now() - dt.timedelta(days=3))  # open then, open today
    assert dated.stale_item_lists() == []


def test_daily_task_writes_nothing_when_publishing_on_change_is_off(periodic_tree, settings, root):
    settings.PUBLISH_ON_CHANGE = False
    assert tasks.republish_dated_pages.call() == {"written": 0, "unchanged": 0, "removed": 0}
    page = (root / f"b/xiuwu/items/{periodic_tree.key}/records/index.html").read_text(encoding="utf-8")
    assert "item-due--overdue" not in page


def test_daily_task_keeps_one_run_queued_after_midnight():
    with override_settings(TASKS=DB_TASKS):
        now = timezone.now()
        assert tasks.schedule_dated_pages(now) is True
        assert tasks.schedule_dated_pages(now) is False
        tasks.schedule_after_migrate()
        (pending,) = daily.pending_runs(tasks.republish_dated_pages)
        assert timezone.localtime(pending.run_after).time() == tasks.DAILY_AT
