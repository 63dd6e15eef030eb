"""Factories for records tests: a bureau's published catalog, its items, records."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from gongkai.catalogs.constants import CatalogStatus, Domain
from gongkai.catalogs.models import Catalog, CatalogItem, CatalogVersion
from gongkai.records.constants import Genre, RecordStatus
from gongkai.records.models import Record


class CatalogFactory(DjangoModelFactory):
    class Meta:
        model = Catalog
        django_get_or_create = ("bureau",)

    status = CatalogStatus.PUBLISHED


class CatalogItemFactory(DjangoModelFactory):
    class Meta:
        model = CatalogItem

    catalog = factory.SubFactory(CatalogFactory)
    domain = Domain.PRODUCTION_SAFETY
    position = factory.Sequence(int)
    level1 = "安全生产行政执法"
    level2 = factory.Sequence(lambda n: f"行政处罚{n}")
    content = "行政处罚决定书"
    legal_basis = ["《中华人民共和国安全生产法》"]
    time_limit_text = "信息形成或变更之日起20个工作日内"
    time_limit_rule = {"kind": "working_days_after_event", "days": 20, "event": "信息形成或变更"}
    responsible_body = "县应急管理局"
    channels = ["政府网站"]
    audience = ["public"]
    mode = ["proactive"]
    levels = ["county"]


def publish_catalog(bureau, items=None) -> Catalog:
    """Make `bureau`'s catalog published, its snapshot listing `items` (all its items by default)."""
    catalog, _ = Catalog.objects.get_or_create(bureau=bureau, defaults={"status": CatalogStatus.PUBLISHED})
    items = list(items if items is not None else catalog.items.all())
    number = catalog.versions.count() + 1
    CatalogVersion.objects.create(
        catalog=catalog,
        number=number,
        status=CatalogStatus.PUBLISHED,
        items=[{"key": str(item.key), "level1": item.level1, "level2": item.level2} for item in items],
        published_at=timezone.now(),
    )
    catalog.status = CatalogStatus.PUBLISHED
    catalog.save(update_fields=["status"])
    return catalog


def published_item(bureau, **kwargs) -> CatalogItem:
    """A catalog item of `bureau` in a published catalog version."""
    catalog, _ = Catalog.objects.get_or_create(bureau=bureau, defaults={"status": CatalogStatus.PUBLISHED})
    item = CatalogItemFactory(catalog=catalog, **kwargs)
    publish_catalog(bureau)
    return item


class RecordFactory(DjangoModelFactory):
    """A draft record; pass catalog_item=published_item(bureau)."""

    class Meta:
        model = Record

    bureau = factory.SelfAttribute("catalog_item.catalog.bureau")
    title = factory.Sequence(lambda n: f"关于开展安全生产大检查的通知（{n}）")
    body = "<p>各乡镇、各有关单位：现将有关事项通知如下。</p>"
    issuing_body = factory.SelfAttribute("bureau.name")
    date_written = dt.date(2026, 3, 2)
    event_date = dt.date(2026, 3, 2)
    genre = Genre.NOTICE
    status = RecordStatus.DRAFT


def published_record(editor, reviewer, item, **fields) -> Record:
    """Create, submit, approve and publish a record through the services."""
    from gongkai.records import services

    fields.setdefault("title", "关于开展安全生产大检查的通知")
    record = services.record_create_draft(acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, **fields)
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    services.record_publish(acting_user=editor, record=record)
    record.refresh_from_db()
    return record
