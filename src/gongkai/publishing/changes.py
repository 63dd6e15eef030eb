"""What a change re-renders: the audit events that reach the public, and the pages each one touches.

Every service that changes data writes an audit record (`core.audit.record`); the events below change
what the portal shows. `keys_for_event` names the change (`record:<pk>`, `bureau:<code>`,
`guide:<code>`, `bureaus`, `service:<item pk>`, `services:<code>`, `handbook:<scope>`, `lists:<code>`, `new_media`, `new_media:<code>`), `specs_for_keys`
turns names into pages: the record's own pages (and its linked records'), a service item's pages, every
page of a changed bureau, and the pages the dependency map lists under the keys
(lists, feeds, sitemaps, the home page). No change ever re-renders the whole portal.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.organizations.models import Bureau
from gongkai.records.constants import PUBLIC_STATUSES
from gongkai.records.models import Record
from gongkai.service_items.models import CITY_SCOPE, ServiceGuide, ServiceItem

from . import pages, participation_pages, tree
from .models import PageDependency, PublishedPage
from .pages import PageSpec

RECORD_EVENTS = frozenset(
    {
        "records.record.published",
        "records.record.withdrawn",
        "records.record.change_approved",
        "records.record.masked",
        "records.attachment.added",
        "records.attachment.removed",
    }
)
IMPORT_EVENT = "records.record.imported"
BUREAU_EVENTS = frozenset(
    {
        "catalogs.catalog.publish",
        "catalogs.catalog.withdraw",
        "organizations.bureau.changed",
        "organizations.bureau.created",
        "organizations.profile_change.approved",
        "annual_reports.report.published",  # the bureau's 信息公开年报 part and the report's pages
    }
)
GUIDE_EVENTS = frozenset({"portal.guide.published"})
# A service guide approved (the item's pages and its bureau's list; the previous version is superseded in
# the same step) or an item linked to other catalog items (its page lists them).
SERVICE_EVENTS = {"service_items.guide.published": True, "service_items.item.linked": False}
# A new version of a bureau's power or service list, or an item mapped to other catalog items.
LIST_EVENTS = frozenset({"powerlists.list.imported", "powerlists.item.mapped"})
# The worker built a handbook: the bureau's list shows its date; every list links the city's once it exists.
HANDBOOK_EVENT = "service_items.handbook.built"
# A bulletin (通报) published: its bureau's bulletin list.
BULLETIN_EVENT = "supervision.bulletin.published"
# An account opened, changed or closed (its application approved at the last step): the registry pages.
NEW_MEDIA_EVENTS = frozenset({"new_media.account.opened", "new_media.account.changed", "new_media.account.closed"})


def keys_for_event(entry) -> set[str]:
    """The keys of one audit record (`core.models.AuditLogEntry`); empty when it changes nothing public."""
    action, object_id = entry.action, entry.object_id or ""
    if action in RECORD_EVENTS and object_id.isdigit():
        return {f"record:{object_id}"}
    if action == IMPORT_EVENT:  # past publications imported in one batch (records/services/history.py)
        return {f"record:{pk}" for pk in entry.data.get("record_ids", []) if isinstance(pk, int)}
    if action in BUREAU_EVENTS and (code := _bureau_code(entry)):
        return {f"bureau:{code}", "bureaus"}
    if action in GUIDE_EVENTS and (code := _bureau_code(entry)):
        return {f"guide:{code}", "guides"}
    if action in SERVICE_EVENTS and (item := _service_item(entry)) is not None:
        return {f"service:{item.pk}", *([f"services:{item.bureau.code}"] if SERVICE_EVENTS[action] else [])}
    if action in LIST_EVENTS and entry.bureau_code:
        return {f"lists:{entry.bureau_code}"}
    if action == BULLETIN_EVENT and entry.bureau_code:
        return {f"bulletins:{entry.bureau_code}"}
    if action in NEW_MEDIA_EVENTS and entry.bureau_code:
        return {"new_media", f"new_media:{entry.bureau_code}"}
    if keys := participation_pages.keys_for_event(entry):  # decisions, consultations, hearings, surveys, ...
        return keys
    if action == HANDBOOK_EVENT:
        scope = entry.data.get("scope", "")
        return {f"handbook:{scope}"} if scope != CITY_SCOPE or entry.data.get("first") else set()
    return set()


def _service_item(entry):
    """The service item of an audited guide or item (None when it is gone)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is ServiceGuide:
        return ServiceItem.objects.select_related("bureau").filter(guides__pk=entry.object_id).first()
    if model is ServiceItem:
        return ServiceItem.objects.select_related("bureau").filter(pk=entry.object_id).first()
    return None


def _bureau_code(entry) -> str:
    """The bureau the audited object belongs to (a bureau, a guide, a profile change, a catalog)."""
    if entry.bureau_code:
        return entry.bureau_code
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None or not entry.object_id:
        return ""
    instance = model._default_manager.filter(pk=entry.object_id).first()
    if isinstance(instance, Bureau):
        return instance.code
    bureau = getattr(instance, "bureau", None)
    return getattr(bureau, "code", "") or ""


def spec_from_row(row: PublishedPage, deps: tuple[str, ...]) -> PageSpec:
    name = row.file.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1] if name.startswith("index.") else ""
    if extension in tree.INDEX_EXTENSIONS.values():
        extension = ""
    return PageSpec(row.url, deps, row.bureau_code, extension, status=404 if row.status == 404 else 200)


def mapped_specs(keys: Iterable[str]) -> list[PageSpec]:
    """The pages the map lists under any of `keys`, with their recorded dependencies."""
    rows = list(PublishedPage.objects.filter(dependencies__key__in=list(keys)).distinct())
    deps: dict[int, list[str]] = {}
    for page_id, key in PageDependency.objects.filter(page__in=rows).values_list("page_id", "key"):
        deps.setdefault(page_id, []).append(key)
    return [spec_from_row(row, tuple(sorted(deps.get(row.pk, ())))) for row in rows]


URGENT_PARTS = ("/records/", "/services/", "/participation/", "/surveys/", "/inquiries/", "/concerns/")


def is_urgent(spec: PageSpec) -> bool:
    """A record's own page, a list or a feed, a service page: what a visitor waits for. The rest only
    counts records (the column, the catalog pages, the sitemaps) and follows in a second task."""
    if pages.is_later_list_page(spec):
        return False  # page 2 and after of a list: the first page shows the news
    return any(part in spec.url for part in URGENT_PARTS)


def specs_for_keys(keys: Iterable[str]) -> list[PageSpec]:
    keys = set(keys)
    record_ids = {int(k.split(":", 1)[1]) for k in keys if k.startswith("record:")}
    bureau_codes = {k.split(":", 1)[1] for k in keys if k.startswith("bureau:")}
    lookup = set(keys)
    specs: list[PageSpec] = []
    if record_ids:
        public = Record.objects.filter(pk__in=record_ids, status__in=PUBLIC_STATUSES)
        for code, item_id in public.values_list("bureau__code", "catalog_item_id"):
            lookup |= {f"records:{code}", f"item:{item_id}", "records"}
        # the lists the record was on when it was last published (it may have moved to another item)
        own = PageDependency.objects.filter(key__in=[f"record:{pk}" for pk in record_ids]).values("page_id")
        was_in = PageDependency.objects.filter(page_id__in=own, key__startswith="in-item:")
        lookup |= {key.removeprefix("in-") for key in was_in.values_list("key", flat=True)}
        specs += pages.record_specs(record_ids)
    service_ids = {int(k.split(":", 1)[1]) for k in keys if k.startswith("service:")}
    if service_ids:
        specs += pages.service_item_specs(service_ids)
    for code in bureau_codes:
        specs += pages.bureau_specs(code)
    specs += pages.participation_specs(keys)  # new ones too (not in the map yet)
    # a list's later pages as they are now: a publication may add one, a withdrawal drop the last
    list_codes = {k.split(":", 1)[1] for k in lookup if k.startswith("records:")}
    list_items = {int(k.split(":", 1)[1]) for k in lookup if k.startswith("item:")}
    specs += pages.list_page_specs(bureau_codes=list_codes - bureau_codes, item_ids=list_items)
    # lists and feeds before the pages that only count records (columns, catalogs, sitemaps)
    specs += sorted(mapped_specs(lookup), key=lambda spec: not is_urgent(spec))
    unique: dict[str, PageSpec] = {}
    for spec in specs:
        unique.setdefault(spec.url, spec)
    return list(unique.values())
