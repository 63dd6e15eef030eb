"""A change re-renders exactly the pages that show it, through the task queue, after the commit; a
withdrawn record's path gets its 410 notice; a real `db_worker` picks up the job."""

import pytest
from django.test import override_settings
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.publishing import publisher
from gongkai.publishing.models import PublishedPage
from gongkai.records import services
from tests.factories import save_and_publish_guide
from tests.records.factories import published_record

from .conftest import DB_TASKS, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(root, record, settings):
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    return timezone.now()


def _rerendered(since) -> set[str]:
    return set(PublishedPage.objects.filter(rendered_at__gt=since).values_list("url", flat=True))


def _both(*urls) -> set[str]:
    return {u for url in urls for u in (url, "/en" + url)}


def test_publishing_a_record_rerenders_its_page_its_lists_feeds_and_sitemaps_only(
    published, editor, reviewer, item, root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = published_record(editor, reviewer, item, title="新发布的通知")
    key = item.key
    expected = _both(
        f"/records/{new.uuid}/",
        "/b/xiuwu/records/",
        "/b/xiuwu/records/rss/",
        "/b/xiuwu/records/atom/",
        f"/b/xiuwu/items/{key}/records/",
        f"/b/xiuwu/items/{key}/records/rss/",
        f"/b/xiuwu/items/{key}/records/atom/",
        "/sitemap.xml",
        "/sitemap-records.xml",
        # the column and catalog pages count the records of each item
        "/b/xiuwu/",
        "/b/xiuwu/guide/",
        "/b/xiuwu/rules/",
        "/b/xiuwu/statutory/",
        "/b/xiuwu/annual-reports/",
        "/b/xiuwu/catalog/",
        "/b/xiuwu/catalog/v/1/",
        "/b/xiuwu/catalog/v/2/",
        # the home page lists the latest records across bureaus
        "/",
    )
    assert _rerendered(published) == expected
    assert "新发布的通知" in (root / f"records/{new.uuid}/index.html").read_text(encoding="utf-8")
    assert "新发布的通知" in (root / "b/xiuwu/records/index.html").read_text(encoding="utf-8")


def test_withdrawing_writes_the_410_notice_and_takes_the_record_off_its_lists(
    published, record, reviewer, root, django_capture_on_commit_callbacks
):
    directory = root / f"records/{record.uuid}"
    assert (directory / "index.html").is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_withdraw(acting_user=reviewer, record=record, reason="政策已废止")
    assert not (directory / "index.html").exists()
    assert not (directory / "index.html.gz").exists()
    assert "政策已废止" in (directory / "410.html").read_text(encoding="utf-8")
    assert "政策已废止" in (root / f"en/records/{record.uuid}/410.html").read_text(encoding="utf-8")
    assert PublishedPage.objects.get(url=f"/records/{record.uuid}/").status == 410
    assert record.title not in (root / "b/xiuwu/records/index.html").read_text(encoding="utf-8")
    attachments = directory / "attachments"
    assert not any(p.is_file() for p in attachments.rglob("*"))


def test_a_lists_later_pages_are_published_added_and_removed_as_the_list_grows_and_shrinks(
    root, record, editor, reviewer, item, settings, monkeypatch, client, django_capture_on_commit_callbacks
):
    from gongkai.records import selectors

    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 1)
    second = published_record(editor, reviewer, item, title="第二条通知")
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    page2 = root / "b/xiuwu/records/index.page-2.html"
    assert record.title in page2.read_text(encoding="utf-8")  # newest first: the older record is on page 2
    assert page2.read_bytes() == client.get("/b/xiuwu/records/?page=2").content
    assert (root / f"en/b/xiuwu/items/{item.key}/records/index.page-2.html").is_file()
    assert not (root / "b/xiuwu/records/index.page-3.html").exists()
    assert client.get("/b/xiuwu/records/?page=3").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        third = published_record(editor, reviewer, item, title="第三条通知")
    assert record.title in (root / "b/xiuwu/records/index.page-3.html").read_text(encoding="utf-8")
    assert second.title in page2.read_text(encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        services.record_withdraw(acting_user=reviewer, record=third, reason="重复发布")
        services.record_withdraw(acting_user=reviewer, record=second, reason="重复发布")
    assert not page2.exists() and not (root / "b/xiuwu/records/index.page-3.html").exists()
    assert not PublishedPage.objects.filter(url__contains="?page=").exists()


def test_publishing_a_guide_rerenders_the_bureaus_column_and_the_home_page_only(
    published, people, xiuwu, root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_and_publish_guide(
            bureau=xiuwu, body="<p>新版公开指南</p>", rules_text="<p>制度</p>", acting_user=people[Role.EDITOR]
        )
    column = ("/b/xiuwu/", "/b/xiuwu/guide/", "/b/xiuwu/rules/", "/b/xiuwu/statutory/", "/b/xiuwu/annual-reports/")
    assert _rerendered(published) == _both("/", *column)
    assert "新版公开指南" in (root / "b/xiuwu/guide/index.html").read_text(encoding="utf-8")


def test_publishing_a_catalog_version_adds_its_pages_and_rerenders_the_bureau(
    published, item, editor, gov_reviewer, root, django_capture_on_commit_callbacks
):
    from gongkai.catalogs import services as catalog_services
    from tests.catalogs.factories import publisher as catalog_publisher

    catalog = item.catalog
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.catalog_revise(catalog=catalog, acting_user=editor, comment="第三版")
        catalog_services.catalog_submit(catalog=catalog, acting_user=editor, comment="提交")
        catalog_services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
        catalog_services.catalog_publish(
            catalog=catalog, acting_user=catalog_publisher(catalog.bureau), confidentiality_result="passed"
        )
    assert (root / "b/xiuwu/catalog/v/3/index.html").is_file()
    assert (root / "en/b/xiuwu/catalog/diff/2/3/index.html").is_file()
    rerendered = _rerendered(published)
    assert _both("/", "/b/xiuwu/", "/b/xiuwu/catalog/", "/b/xiuwu/catalog/download.json") <= rerendered


def test_a_rolled_back_change_publishes_nothing(published, editor, reviewer, item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published_record(editor, reviewer, item, title="未提交")
    assert callbacks  # enqueued only on commit; here the test's transaction never commits
    assert _rerendered(published) == set()


def test_nothing_is_enqueued_when_publishing_on_change_is_off(
    published, editor, reviewer, item, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISH_ON_CHANGE = False
    with django_capture_on_commit_callbacks(execute=True):
        published_record(editor, reviewer, item, title="不发布")
    assert _rerendered(published) == set()


# ---- a real worker process --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_publishes_a_record_approved_in_another_process(
    root, xiuwu, editor, reviewer, plain_record, tmp_path, settings
):
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    with override_settings(TASKS=DB_TASKS):
        services.record_withdraw(acting_user=reviewer, record=plain_record, reason="内容有误")
    assert (root / f"records/{plain_record.uuid}/index.html").is_file()  # nothing ran in this process
    done = run_worker(root, tmp_path)
    assert "publish_changes" in done.stdout + done.stderr
    assert not (root / f"records/{plain_record.uuid}/index.html").exists()
    assert "内容有误" in (root / f"records/{plain_record.uuid}/410.html").read_text(encoding="utf-8")


def test_nothing_is_enqueued_before_a_first_full_publish(
    root, editor, reviewer, item, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISH_ON_CHANGE = True
    with django_capture_on_commit_callbacks(execute=True):
        published_record(editor, reviewer, item, title="尚无目录树")
    assert not PublishedPage.objects.exists()
    assert not root.exists()
