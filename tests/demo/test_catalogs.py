import io

import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.catalogs import selectors
from gongkai.catalogs.constants import CatalogStatus
from gongkai.catalogs.document import validate_document
from gongkai.catalogs.models import Catalog, Guideline, ReviewOpinion
from gongkai.demo import catalogs as demo
from gongkai.demo.management.commands.load_demo import Command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The Jiaozuo bureaus, demo accounts and catalogs demo, loaded once for the module inside a transaction
    rolled back at the end; each test runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        Command().load()  # the Jiaozuo bureaus and demo accounts
        out = io.StringIO()
        demo.load_demo(stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_catalogs(loaded, db):
    return loaded


def test_demo_gives_every_bureau_a_catalog_in_a_realistic_state(demo_catalogs):
    assert "Catalogs:" in demo_catalogs
    rows = {r.bureau.code: r for r in selectors.status_rows()}
    assert len(rows) == 12 and all(r.catalog is not None for r in rows.values())
    statuses = [r.status for r in rows.values()]
    assert statuses.count(CatalogStatus.PUBLISHED) >= 7
    assert rows["macun"].status == CatalogStatus.SUBMITTED
    assert rows["shanyang"].status == CatalogStatus.RESUBMITTED
    assert rows["xiuwu"].status == CatalogStatus.RETURNED
    assert ReviewOpinion.objects.filter(version__catalog__bureau__code="xiuwu").count() == 3
    late = [code for code, r in rows.items() if r.is_late]
    assert late == ["boai"]
    assert rows["shifanqu"].was_late and not rows["shifanqu"].is_late
    assert Guideline.objects.count() == 2


def test_demo_has_versions_to_compare_and_wenxian_ready_for_the_walkthrough(client, demo_catalogs):
    published = [v.number for v in selectors.published_versions(Catalog.objects.get(bureau__code="jiefang").bureau)]
    assert published == [3, 2]
    assert client.get(reverse("catalogs:diff", kwargs={"code": "jiefang", "a": 2, "b": 3})).status_code == 200
    wenxian = Catalog.objects.get(bureau__code="wenxian")
    assert wenxian.status == CatalogStatus.PUBLISHED and wenxian.versions.count() == 1
    document = client.get(reverse("api:bureau-catalog", kwargs={"code": "wenxian"})).json()
    assert validate_document(document) == []
    assert client.get(reverse("catalogs:status")).status_code == 200


def test_demo_loader_is_idempotent(demo_catalogs):
    before = list(Catalog.objects.values_list("bureau__code", "status").order_by("pk"))
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert list(Catalog.objects.values_list("bureau__code", "status").order_by("pk")) == before
    assert "already exist" in out.getvalue()


def test_demo_accounts_see_their_screens(client, demo_catalogs):
    from gongkai.accounts.models import User

    client.force_login(User.objects.get(username="xiuwu-editor"))
    page = client.get(reverse("catalogs_admin:detail", kwargs={"code": "xiuwu"})).content.decode()
    assert "请逐项列明本级实施的行政许可事项" in page
    client.force_login(User.objects.get(username="macun-gov-reviewer"))
    assert client.get(reverse("catalogs_admin:review", kwargs={"code": "macun"})).status_code == 200
    client.force_login(User.objects.get(username="jz-supervisor"))
    html = client.get(reverse("catalogs_admin:index")).content.decode()
    assert "博爱县应急管理局" in html and "温县应急管理局" in html
