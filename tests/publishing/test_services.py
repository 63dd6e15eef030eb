"""The service pages are published (a bureau's list, an item's page, its one-time notice and the notice's PDF)
with the bytes of the dynamic portal in both languages; approving a guide re-renders exactly the item's pages
and its bureau's list; a handbook build re-renders the list that links it."""

import time
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from gongkai.publishing import publisher
from gongkai.publishing.models import PublishedPage
from gongkai.service_items import handbook, services
from tests.service_items.factories import published_item

from .conftest import DB_TASKS, run_worker

pytestmark = pytest.mark.django_db

CODE = "410821-XK-001"
LIST = "/b/xiuwu/services/"
ITEM_PAGES = (f"{LIST}{CODE}/", f"{LIST}{CODE}/notice/", f"{LIST}{CODE}/notice.pdf")


@pytest.fixture
def service(root_collection, xiuwu, editor, reviewer):
    return published_item(bureau=xiuwu, editor=editor, reviewer=reviewer, code=CODE)


def _both(*urls) -> set[str]:
    return {u for url in urls for u in (url, "/en" + url)}


def _published(root, url: str) -> bytes:
    relative = url.lstrip("/")
    return (root / (relative + "index.html" if relative.endswith("/") else relative)).read_bytes()


def _dynamic(client, settings, url: str) -> bytes:
    host = urlsplit(settings.GONGKAI["PUBLIC_BASE_URL"]).netloc
    settings.ALLOWED_HOSTS = [host.split(":")[0]]
    response = client.get(url, headers={"host": host})
    assert response.status_code == 200, url
    return response.content


def _rerendered(since) -> set[str]:
    return set(PublishedPage.objects.filter(rendered_at__gt=since).values_list("url", flat=True))


def test_service_pages_have_the_bytes_of_the_dynamic_portal_in_both_languages(client, service, root, settings):
    publisher.rebuild()
    for url in sorted(_both(LIST, *ITEM_PAGES)):
        assert _published(root, url) == _dynamic(client, settings, url), url
    assert _published(root, ITEM_PAGES[2]).startswith(b"%PDF")
    assert "危险化学品经营许可" in _published(root, LIST).decode()
    assert LIST.encode() in _published(root, "/b/xiuwu/")


def test_an_unpublished_item_has_no_published_pages(xiuwu, editor, root_collection, root):
    from tests.service_items.factories import draft_item

    draft_item(bureau=xiuwu, editor=editor, code="DRAFT-1")
    publisher.rebuild()
    assert not PublishedPage.objects.filter(url__contains="DRAFT-1").exists()
    assert (root / "b/xiuwu/services/index.html").is_file()


@pytest.fixture
def published(service, root, settings):
    """The tree with the item, and both handbooks built once (as the worker does after an approval)."""
    handbook.rebuild("xiuwu")
    handbook.rebuild("city")
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    return timezone.now()


def _approve_new_version(item, editor, reviewer, **fields):
    services.guide_save(item=item, fields=fields, acting_user=editor)
    guide = services.working_guide(item)
    services.guide_submit(guide=guide, acting_user=editor)
    services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")


def test_approving_a_guide_rerenders_exactly_the_items_pages_and_its_bureaus_list(
    published, service, editor, reviewer, root, client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _approve_new_version(service, editor, reviewer, office_hours="工作日 8:30—17:30")
    assert _rerendered(published) == _both(LIST, *ITEM_PAGES)
    assert "8:30—17:30" in _published(root, ITEM_PAGES[0]).decode()
    for url in _both(LIST, *ITEM_PAGES):
        assert _published(root, url) == _dynamic(client, settings, url), url


def test_a_newly_published_item_gets_its_pages(
    published, xiuwu, editor, reviewer, root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published_item(bureau=xiuwu, editor=editor, reviewer=reviewer, code="410821-XK-002", name="烟花爆竹经营许可")
    new = "/b/xiuwu/services/410821-XK-002/"
    assert _both(LIST, new, f"{new}notice/", f"{new}notice.pdf") <= _rerendered(published)
    assert "烟花爆竹经营许可" in _published(root, LIST).decode()
    assert "烟花爆竹经营许可" in _published(root, "/en" + new).decode()


def test_linking_catalog_items_rerenders_only_the_items_pages(
    item, published, service, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.item_set_catalog_items(item=service, catalog_items=[item], acting_user=editor)
    assert _rerendered(published) == _both(*ITEM_PAGES)


def test_the_first_handbook_build_publishes_the_list_that_links_it(
    service, root, client, settings, django_capture_on_commit_callbacks
):
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    assert b"handbook.pdf" not in _published(root, LIST)
    with django_capture_on_commit_callbacks(execute=True):
        handbook.rebuild("xiuwu")
    assert b"/b/xiuwu/services/handbook.pdf" in _published(root, LIST)
    assert _published(root, "/en" + LIST) == _dynamic(client, settings, "/en" + LIST)


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_publishes_an_approved_guide_and_then_the_list_with_its_handbook(
    root_collection, xiuwu, editor, reviewer, root, tmp_path, settings
):
    with override_settings(TASKS=DB_TASKS):
        item = published_item(bureau=xiuwu, editor=editor, reviewer=reviewer, code=CODE)
        publisher.rebuild()  # the handbooks are queued, not built: the list links none yet
        assert b"handbook.pdf" not in _published(root, LIST)
        settings.PUBLISH_ON_CHANGE = True
        _approve_new_version(item, editor, reviewer, office_hours="工作日 8:30—17:30")
    assert "8:30—17:30" not in _published(root, ITEM_PAGES[0]).decode()  # nothing ran in this process
    done = run_worker(root, tmp_path)
    assert "rebuild_handbook" in done.stdout + done.stderr
    assert "8:30—17:30" in _published(root, "/en" + ITEM_PAGES[0]).decode()
    assert b"/b/xiuwu/services/handbook.pdf" in _published(root, LIST)


def test_the_notice_pdf_has_the_same_bytes_at_every_render(service):
    from gongkai.service_items import pdf

    first = pdf.render_notice(service)
    time.sleep(1.1)  # reportlab dates a document to the second unless it is written invariant
    assert pdf.render_notice(service) == first
