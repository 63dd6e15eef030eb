"""Timeliness: what is due soon or overdue in a bureau, and each bureau's on-time rate.

Two kinds of duty:
- a record's own due date (its item's rule counted from its event date, stored on the record):
  due soon or overdue while the record is not yet published; met or late once published;
- an item's periodic duty ("半年至少更新1次"): due N months after the item's last publication,
  or after the catalog's publication when the item has none yet.
Event-driven items without a record have nothing due until an event happens.
"Due soon" is `workdays.due.due_soon_until` counted in calendar days (records show "N days left").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from gongkai.catalogs.constants import CatalogStatus
from gongkai.catalogs.models import CatalogItem, CatalogVersion
from gongkai.organizations.models import Bureau
from gongkai.workdays.due import due_soon_until, due_status

from . import deadlines
from .catalog_access import latest_published_version, publishable_items_by_bureau
from .constants import RecordStatus
from .models import Record

PENDING = (RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.APPROVED, RecordStatus.SCHEDULED)


@dataclass
class DueEntry:
    """One thing due: a pending record, or an item's periodic update."""

    item: CatalogItem
    due_date: dt.date
    status: str  # deadlines.DueStatus: due_soon, overdue, open, met, late
    provisional: bool = False
    record: Record | None = None
    last_published: dt.date | None = None

    @property
    def days_left(self) -> int:
        return (self.due_date - timezone.localdate()).days


@dataclass
class ItemDue:
    """The due state of one catalog item (for the item page and the catalog tree)."""

    item: CatalogItem
    due_date: dt.date | None
    status: str
    provisional: bool = False
    last_published: dt.date | None = None
    latest_record: Record | None = None


def _status(due: dt.date, today: dt.date, done_on: dt.date | None = None) -> str:
    return due_status(due, today, done_on=done_on, soon_until=due_soon_until(today, working_days=False))


def _catalog_published_on(bureau) -> dt.date | None:
    catalog_id = CatalogItem.objects.filter(catalog__bureau=bureau).values_list("catalog_id", flat=True).first()
    version = latest_published_version(catalog_id) if catalog_id else None
    if version is None:
        return None
    first = version.catalog.versions.filter(status=version.status).order_by("number").first()
    stamp = first.published_at or first.created_at
    return timezone.localdate(stamp)


def item_due(item: CatalogItem, *, today: dt.date | None = None, cal=None, catalog_published_on=None) -> ItemDue:
    """Due state of one item: its latest record's due date, or the next periodic update."""
    today = today or timezone.localdate()
    rule = item.time_limit_rule or {}
    latest = (
        Record.objects.published()
        .filter(catalog_item=item)
        .only("uuid", "title", "published_at", "due_date", "due_provisional", "catalog_item_id")
        .order_by("-published_at")
        .first()
    )
    last_published = timezone.localdate(latest.published_at) if latest else None
    if rule.get("kind") == "periodic":
        anchor = last_published or catalog_published_on or _catalog_published_on(item.catalog.bureau)
        due = deadlines.item_due(item, last_published=anchor, cal=cal) if anchor else None
        if due is None or due.date is None:
            return ItemDue(item, None, deadlines.DueStatus.WAITING, last_published=last_published, latest_record=latest)
        return ItemDue(item, due.date, _status(due.date, today), due.provisional, last_published, latest)
    if latest is not None and latest.due_date:
        status = _status(latest.due_date, today, last_published)
        return ItemDue(item, latest.due_date, status, latest.due_provisional, last_published, latest)
    if not rule.get("kind") or rule.get("kind") == "retention":
        return ItemDue(item, None, deadlines.DueStatus.NO_DEADLINE, last_published=last_published, latest_record=latest)
    return ItemDue(item, None, deadlines.DueStatus.WAITING, last_published=last_published, latest_record=latest)


def bureau_due(bureau: Bureau, *, today: dt.date | None = None) -> list[DueEntry]:
    """Everything of `bureau` that is due soon or overdue, soonest first."""
    return due_by_bureau([bureau], today=today)[bureau.pk]


def due_by_bureau(bureaus, *, today: dt.date | None = None) -> dict[int, list[DueEntry]]:
    """{bureau id: `bureau_due`} — its pending records due by the horizon, then its periodic updates, soonest
    first — for many bureaus in a fixed number of queries (the supervisor's admin home)."""
    today = today or timezone.localdate()
    horizon = due_soon_until(today, working_days=False)
    found: dict[int, list[DueEntry]] = {getattr(b, "pk", b): [] for b in bureaus}
    pending = (
        Record.objects.filter(bureau__in=list(found), status__in=PENDING, due_date__isnull=False, due_date__lte=horizon)
        .select_related("catalog_item")
        .order_by("due_date", "pk")
    )
    for record in pending:
        found[record.bureau_id].append(
            DueEntry(
                record.catalog_item, record.due_date, _status(record.due_date, today), record.due_provisional, record
            )
        )
    for pk, entries in _periodic_by_bureau(list(found), today=today, horizon=horizon).items():
        found[pk].extend(entries)
    for entries in found.values():
        entries.sort(key=lambda e: e.due_date)
    return found


def _periodic(items) -> list[CatalogItem]:
    return [i for i in items if (i.time_limit_rule or {}).get("kind") == "periodic"]


def _last_published(items) -> dict[int, dt.datetime]:
    return dict(
        Record.objects.published()
        .filter(catalog_item__in=items)
        .values("catalog_item_id")
        .annotate(last=Max("published_at"))
        .values_list("catalog_item_id", "last")
    )


def _periodic_entries(periodic, *, published_on, last, cal, today, horizon) -> list[DueEntry]:
    """The next update of each periodic item, anchored on its last record (else the catalog's publication)."""
    entries = []
    for item in periodic:
        anchor = timezone.localdate(last[item.pk]) if item.pk in last else published_on
        if anchor is None:
            continue
        due = deadlines.item_due(item, last_published=anchor, cal=cal)
        if due.date is not None and due.date <= horizon:
            entries.append(
                DueEntry(
                    item,
                    due.date,
                    _status(due.date, today),
                    due.provisional,
                    last_published=anchor if item.pk in last else None,
                )
            )
    return entries


def _periodic_by_bureau(bureaus, *, today: dt.date, horizon: dt.date) -> dict[int, list[DueEntry]]:
    """{bureau id: the periodic updates due by `horizon`} for many bureaus in a fixed number of queries."""
    periodic = {pk: _periodic(items) for pk, items in publishable_items_by_bureau(bureaus).items()}
    every = [item for items in periodic.values() for item in items]
    if not every:
        return {pk: [] for pk in periodic}
    first_published: dict[int, dt.date] = {}
    versions = (
        CatalogVersion.objects.filter(catalog__bureau__in=[pk for pk, items in periodic.items() if items])
        .filter(status=CatalogStatus.PUBLISHED)
        .order_by("catalog_id", "number")
        .values_list("catalog__bureau_id", "published_at", "created_at")
    )
    for bureau_id, published_at, created_at in versions:
        first_published.setdefault(bureau_id, timezone.localdate(published_at or created_at))
    last, cal = _last_published(every), deadlines.calendar()
    return {
        pk: _periodic_entries(
            items, published_on=first_published.get(pk), last=last, cal=cal, today=today, horizon=horizon
        )
        for pk, items in periodic.items()
    }


def overdue_columns_by_bureau(bureaus, *, today: dt.date | None = None) -> dict[int, int]:
    """{bureau id: periodic columns overdue for an update} — `bureau_due`'s entries without a record and
    overdue — for many bureaus in a fixed number of queries (the evaluation's stale-columns indicator)."""
    today = today or timezone.localdate()
    horizon = due_soon_until(today, working_days=False)
    periodic = _periodic_by_bureau(bureaus, today=today, horizon=horizon)
    return {pk: sum(1 for e in entries if e.status == "overdue") for pk, entries in periodic.items()}


@dataclass
class BureauRate:
    bureau: Bureau
    with_due: int = 0
    on_time: int = 0
    overdue_pending: int = 0
    published: int = 0
    items: list = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.on_time / self.with_due if self.with_due else None


def on_time_rates(bureaus, *, year: int | None = None, today: dt.date | None = None) -> list[BureauRate]:
    """Per bureau: published records with a due date (in `year` if given), how many on time, overdue pending."""
    today = today or timezone.localdate()
    bureaus = list(bureaus)
    published = Record.objects.published().filter(bureau__in=bureaus, due_date__isnull=False)
    if year:
        published = published.filter(index_year=year)
    counts = {
        row["bureau_id"]: row
        for row in published.values("bureau_id").annotate(
            with_due=Count("pk"),
            on_time=Count("pk", filter=Q(published_at__date__lte=F("due_date"))),
        )
    }
    overdue = dict(
        Record.objects.filter(bureau__in=bureaus, status__in=PENDING, due_date__lt=today)
        .values("bureau_id")
        .annotate(n=Count("pk"))
        .values_list("bureau_id", "n")
    )
    totals = dict(
        Record.objects.published()
        .filter(bureau__in=bureaus)
        .values("bureau_id")
        .annotate(n=Count("pk"))
        .values_list("bureau_id", "n")
    )
    rates = []
    for bureau in bureaus:
        row = counts.get(bureau.pk, {})
        rates.append(
            BureauRate(
                bureau,
                with_due=row.get("with_due", 0),
                on_time=row.get("on_time", 0),
                overdue_pending=overdue.get(bureau.pk, 0),
                published=totals.get(bureau.pk, 0),
            )
        )
    return rates


def monthly_on_time(bureaus, *, year: int) -> dict[int, tuple[int, int]]:
    """{month: (published records with a due date, of which on time)} for the records of `bureaus`
    published in `year` (the timeliness trend of the supervision dashboard), in one query."""
    rows = (
        Record.objects.published()
        .filter(bureau__in=list(bureaus), due_date__isnull=False, published_at__year=year)
        .annotate(month=ExtractMonth("published_at"))
        .values("month")
        .annotate(with_due=Count("pk"), on_time=Count("pk", filter=Q(published_at__date__lte=F("due_date"))))
    )
    return {row["month"]: (row["with_due"], row["on_time"]) for row in rows}
