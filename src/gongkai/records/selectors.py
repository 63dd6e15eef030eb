"""Read records safely: public reads (published only) and staff reads (scoped by the permission module)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from gongkai.accounts import permissions
from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau

from .constants import Genre, RecordStatus
from .models import Attachment, Record

PUBLIC_PAGE_SIZE = 20

_LIST_FIELDS = (
    "id",
    "uuid",
    "title",
    "index_number",
    "document_number",
    "published_at",
    "genre",
    "subject",
    "validity",
    "status",
    "bureau_id",
    "catalog_item_id",
)


def _active_attachments():
    return Prefetch(
        "attachments", queryset=Attachment.objects.filter(removed_at__isnull=True).order_by("position", "pk")
    )


# ---- public -----------------------------------------------------------------------------


def record_get_public(uuid) -> Record:
    """A published or withdrawn record with everything its page shows, in one query.

    The record with its bureau, the bureau's parent, its item, its current attachments (as
    `public_attachments`), the records it links to or that link to it and the platform settings' version
    (see `page_query`). The links are set as `linked_interpretations`, `linked_replaces`, `linked_policy`
    and `linked_replaced_by`. Raises Record.DoesNotExist.
    """
    from . import page_query

    record = page_query.fetch(uuid)
    if record is None:
        raise Record.DoesNotExist
    linked = record.linked
    record.linked_interpretations = [r for r in linked if r.interprets_id == record.pk]
    record.linked_replaces = [r for r in linked if r.replaced_by_id == record.pk]
    record.linked_policy = next((r for r in linked if r.pk == record.interprets_id), None)
    record.linked_replaced_by = next((r for r in linked if r.pk == record.replaced_by_id), None)
    return record


def record_list_public(*, bureau=None, catalog_item=None) -> QuerySet[Record]:
    qs = Record.objects.published().only(*_LIST_FIELDS).order_by("-published_at", "-pk")
    if bureau is not None:
        qs = qs.filter(bureau=bureau)
    if catalog_item is not None:
        qs = qs.filter(catalog_item=catalog_item)
    return qs


def record_page_public(qs: QuerySet[Record], page: int = 1, per_page: int | None = None):
    """Page `page` of a public list; a page after the last raises django.core.paginator.EmptyPage (the views
    answer 404), so that a list page that no longer exists disappears from the published tree too."""
    return Paginator(qs, per_page or PUBLIC_PAGE_SIZE).page(page)


def _pages(count: int, per_page: int | None) -> int:
    return max(1, -(-count // (per_page or PUBLIC_PAGE_SIZE)))  # an empty list is one empty page


def list_page_count(*, bureau=None, catalog_item=None, per_page: int | None = None) -> int:
    """How many pages a public list has."""
    return _pages(record_list_public(bureau=bureau, catalog_item=catalog_item).count(), per_page)


def list_page_counts_by_item(bureau, per_page: int | None = None) -> dict[int, int]:
    """{catalog item id: pages of its public list} for the bureau's items that have published records."""
    rows = Record.objects.published().filter(bureau=bureau).values("catalog_item_id").annotate(n=Count("pk"))
    return {row["catalog_item_id"]: _pages(row["n"], per_page) for row in rows.order_by()}


def bureau_get_public(code: str) -> Bureau:
    return Bureau.objects.disclosing().select_related("parent").get(code=code)


def catalog_item_get_public(bureau: Bureau, key) -> CatalogItem:
    """A catalog item of a bureau's published catalog (raises CatalogItem.DoesNotExist)."""
    from .catalog_access import publishable_items

    return publishable_items(bureau).get(key=key)


def records_for_item_count(item: CatalogItem) -> int:
    """How many published records an item has (for the catalog tree)."""
    return Record.objects.published().filter(catalog_item=item).count()


def records_count_by_item_of(bureaus) -> dict[int, int]:
    """{catalog item id: published record count} for many bureaus, in one query."""
    rows = (
        Record.objects.published()
        .filter(bureau__in=bureaus)
        .order_by()
        .values("catalog_item_id")
        .annotate(n=Count("pk"))
        .values_list("catalog_item_id", "n")
    )
    return dict(rows)


def records_count_by_item(bureau: Bureau) -> dict[int, int]:
    """{catalog item id: published record count} for a bureau, in one query (for the catalog tree)."""
    rows = (
        Record.objects.published()
        .filter(bureau=bureau)
        .values("catalog_item_id")
        .annotate(n=Count("pk"))
        .values_list("catalog_item_id", "n")
    )
    return dict(rows)


def last_published_by_item(bureau: Bureau) -> dict:
    """{catalog item id: the newest publication time of its published records} for a bureau, in one query
    (the self-inspection's stale columns)."""
    rows = (
        Record.objects.published()
        .filter(bureau=bureau)
        .values("catalog_item_id")
        .annotate(last=Max("published_at"))
        .values_list("catalog_item_id", "last")
    )
    return dict(rows)


def published_for_index() -> QuerySet:
    """The records a full rebuild of the search index covers: the published ones, with their attachments."""
    return Record.objects.published().prefetch_related("attachments").order_by("pk")


def record_get_public_by_ref(ref: str) -> Record:
    """By numeric id or UUID (the API accepts both)."""
    qs = Record.objects.filter(status=RecordStatus.PUBLISHED).select_related(
        "bureau", "catalog_item", "interprets", "replaced_by"
    )
    qs = qs.prefetch_related(_active_attachments(), "interpretations")
    return qs.get(**ref_lookup(ref))


def ref_lookup(ref) -> dict:
    """The lookup for a numeric id or a UUID. Only ASCII digits are an id ("³".isdigit() is true)."""
    ref = str(ref)
    return {"pk": int(ref)} if ref.isascii() and ref.isdigit() else {"uuid": ref}


# ---- staff ------------------------------------------------------------------------------


def record_list_for_user(user, *, filters: dict | None = None) -> QuerySet[Record]:
    qs = permissions.scope(user, "records.view_record", Record.objects.all()).select_related("bureau", "catalog_item")
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if str(filters.get("bureau") or "").isascii() and str(filters.get("bureau") or "").isdigit():
        qs = qs.filter(bureau_id=int(filters["bureau"]))
    if filters.get("q"):
        qs = qs.filter(Q(title__contains=filters["q"]) | Q(index_number__contains=filters["q"]))
    return qs.order_by("-updated_at", "-pk")


def record_get_for_user(user, pk) -> Record:
    """A record the user may see (raises Record.DoesNotExist otherwise: another bureau's record is a 404)."""
    return record_list_for_user(user).get(pk=pk)


def leader_interpretations_by_bureau(bureaus, year: int) -> dict[int, int]:
    """{bureau id: interpretations published in `year` marked as given by the leader} (the leader's yearly duty)."""
    rows = (
        Record.objects.published()
        .filter(bureau__in=list(bureaus), given_by_leader=True, genre=Genre.INTERPRETATION, published_at__year=year)
        .values("bureau_id")
        .annotate(n=Count("pk"))
        .values_list("bureau_id", "n")
    )
    return dict(rows)


def latest_public(*, bureau=None, genre: str | None = None, limit: int = 8) -> list[Record]:
    """The newest published records (of `bureau`, of `genre`), with their bureau, newest first."""
    qs = (
        record_list_public(bureau=bureau)
        .select_related("bureau")
        .only(*_LIST_FIELDS, "bureau__name", "bureau__short_name")
    )
    if genre:
        qs = qs.filter(genre=genre)
    return list(qs[:limit])
