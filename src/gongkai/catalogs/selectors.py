"""Read catalogs: working copies for staff, published versions for the public, status and lateness."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau, BureauKind

from . import deadlines, workflow
from .constants import CatalogStatus, Domain
from .models import Campaign, Catalog, CatalogEvent, CatalogItem, CatalogVersion, ReviewOpinion
from .types import CatalogItemData

DOMAIN_ORDER = {Domain.PRODUCTION_SAFETY: 0, Domain.DISASTER_RELIEF: 1}
# Bureaus that compile their own catalog (township units are covered by their county's catalog).
COMPILING_KINDS = (BureauKind.CITY, BureauKind.COUNTY)


def catalog_for_bureau(bureau: Bureau) -> Catalog | None:
    return Catalog.objects.filter(bureau=bureau).select_related("bureau", "campaign").first()


def _sort_key(item):
    return (DOMAIN_ORDER.get(item.domain, 9), item.position, item.pk or 0)


def active_items(catalog: Catalog) -> list[CatalogItem]:
    items = list(catalog.items.filter(removed_at__isnull=True).select_related("guideline_item__guideline"))
    return sorted(items, key=_sort_key)


def item_to_data(item: CatalogItem) -> CatalogItemData:
    return CatalogItemData(
        domain=item.domain,
        level1=item.level1,
        level2=item.level2,
        level3=item.level3 or "",
        content=item.content,
        legal_basis=list(item.legal_basis or []),
        time_limit_text=item.time_limit_text,
        time_limit_rule=dict(item.time_limit_rule or {}),
        responsible_body=item.responsible_body,
        channels=list(item.channels or []),
        audience=list(item.audience or []),
        mode=list(item.mode or []),
        levels=list(item.levels or []),
        responsible_office=item.responsible_office or "",
        source=item.source,
        key=str(item.key),
        notes=item.notes or "",
        extra=_item_extra(item),
    )


def _item_extra(item: CatalogItem) -> dict:
    extra = {}
    gi = item.guideline_item
    if gi is not None:
        extra["guideline"] = {
            "code": gi.guideline.code,
            "version": gi.guideline.version,
            "seq": gi.seq,
            "verified": gi.verified,
        }
    return extra


def working_items_data(catalog: Catalog) -> list[CatalogItemData]:
    return [item_to_data(i) for i in active_items(catalog)]


# Versions -----------------------------------------------------------------------------------


def published_versions(bureau: Bureau):
    return (
        CatalogVersion.objects.filter(catalog__bureau=bureau, published_at__isnull=False)
        .select_related("catalog__bureau")
        .order_by("-number")
    )


def current_published_version(bureau: Bureau) -> CatalogVersion | None:
    return published_versions(bureau).first()


def published_version(bureau: Bureau, number: int) -> CatalogVersion | None:
    return published_versions(bureau).filter(number=number).first()


def review_version(catalog: Catalog) -> CatalogVersion | None:
    """The version the government reviewer is looking at (the latest submission in review)."""
    if catalog.status not in workflow.IN_REVIEW:
        return None
    return catalog.versions.filter(status__in=workflow.IN_REVIEW).order_by("-number").first()


def previous_version(version: CatalogVersion) -> CatalogVersion | None:
    """The version submitted before this one (what the reviewer compares against)."""
    return version.catalog.versions.filter(number__lt=version.number).order_by("-number").first()


def approved_version(catalog: Catalog) -> CatalogVersion | None:
    return catalog.versions.filter(status=CatalogStatus.APPROVED).order_by("-number").first()


def latest_returned_version(catalog: Catalog) -> CatalogVersion | None:
    return catalog.versions.filter(status=CatalogStatus.RETURNED).order_by("-number").first()


def opinions_by_key(version: CatalogVersion | None) -> dict[str, list[ReviewOpinion]]:
    result: dict[str, list[ReviewOpinion]] = {}
    if version is None:
        return result
    for opinion in version.opinions.all():
        result.setdefault(str(opinion.item_key), []).append(opinion)
    return result


def events(catalog: Catalog):
    return catalog.events.select_related("version", "actor", "campaign").order_by("-at", "-pk")


# Campaigns and lateness ---------------------------------------------------------------------


def city_of(bureau: Bureau) -> Bureau | None:
    node = bureau
    while node is not None:
        if node.kind == BureauKind.CITY:
            return node
        node = node.parent
    return None


def active_campaign_for(bureau: Bureau) -> Campaign | None:
    city = city_of(bureau)
    if city is None:
        return None
    return Campaign.objects.filter(city=city, is_active=True).order_by("-draft_due").first()


def campaign_for(bureau: Bureau, catalog: Catalog | None = None) -> Campaign | None:
    if catalog is not None and catalog.campaign_id:
        return catalog.campaign
    return active_campaign_for(bureau)


def _first(events_list, actions) -> date | None:
    dates = [timezone.localdate(e.at) for e in events_list if e.action in actions]
    return min(dates) if dates else None


def milestones_for(campaign: Campaign | None, campaign_events, today: date | None = None):
    if campaign is None:
        return []
    A = workflow.CatalogAction
    return deadlines.milestones(
        draft_due=campaign.draft_due,
        revision_due=campaign.revision_due,
        approval_due=campaign.approval_due,
        submitted_on=_first(campaign_events, {A.SUBMIT}),
        revised_on=_first(campaign_events, {A.RESUBMIT, A.APPROVE}),
        published_on=_first(campaign_events, {A.PUBLISH}),
        today=today or timezone.localdate(),
    )


@dataclass
class CatalogStatusRow:
    bureau: Bureau
    catalog: Catalog | None
    status: str
    status_changed_at: object
    published: CatalogVersion | None
    campaign: Campaign | None
    milestones: list = field(default_factory=list)

    @property
    def status_label(self):
        return CatalogStatus(self.status).label

    @property
    def is_late(self) -> bool:
        return deadlines.is_overdue(self.milestones)

    @property
    def was_late(self) -> bool:
        return any(m.is_late for m in self.milestones)

    @property
    def next_due(self):
        return deadlines.next_due(self.milestones)


def status_row(bureau: Bureau, catalog: Catalog | None = None, today: date | None = None) -> CatalogStatusRow:
    if catalog is None:
        catalog = catalog_for_bureau(bureau)
    campaign = campaign_for(bureau, catalog)
    campaign_events = []
    published = None
    if catalog is not None:
        prefetched = getattr(catalog, "_prefetched_objects_cache", {})
        all_events = (
            catalog.events.all() if "events" in prefetched else catalog.events.only("action", "at", "campaign_id")
        )
        all_versions = catalog.versions.all() if "versions" in prefetched else catalog.versions.defer("items")
        campaign_events = [e for e in all_events if campaign is not None and e.campaign_id == campaign.pk]
        published = max((v for v in all_versions if v.published_at), key=lambda v: v.number, default=None)
    return CatalogStatusRow(
        bureau=bureau,
        catalog=catalog,
        status=catalog.status if catalog else CatalogStatus.NOT_STARTED,
        status_changed_at=catalog.status_changed_at if catalog else None,
        published=published,
        campaign=campaign,
        milestones=milestones_for(campaign, campaign_events, today),
    )


def status_rows(bureaus=None, today: date | None = None) -> list[CatalogStatusRow]:
    """One row per compiling bureau (city and county level): status, dates, lateness."""
    if bureaus is None:
        bureaus = Bureau.objects.disclosing().filter(kind__in=COMPILING_KINDS)
    bureaus = list(bureaus.select_related("parent", "parent__parent").order_by("sort_order", "code"))
    catalogs = {
        c.bureau_id: c
        for c in Catalog.objects.filter(bureau__in=bureaus)
        .select_related("campaign")
        .prefetch_related(
            Prefetch("events", queryset=CatalogEvent.objects.only("catalog_id", "action", "at", "campaign_id")),
            Prefetch("versions", queryset=CatalogVersion.objects.defer("items")),
        )
    }
    campaigns: dict[int, Campaign | None] = {}
    rows = []
    for bureau in bureaus:
        catalog = catalogs.get(bureau.pk)
        if catalog is None or not catalog.campaign_id:
            city = city_of(bureau)
            key = city.pk if city else 0
            if key not in campaigns:
                campaigns[key] = active_campaign_for(bureau)
        rows.append(status_row(bureau, catalog, today) if catalog else _not_started_row(bureau, campaigns, today))
    return rows


def _not_started_row(bureau, campaigns, today):
    city = city_of(bureau)
    campaign = campaigns.get(city.pk if city else 0)
    return CatalogStatusRow(
        bureau=bureau,
        catalog=None,
        status=CatalogStatus.NOT_STARTED,
        status_changed_at=None,
        published=None,
        campaign=campaign,
        milestones=milestones_for(campaign, [], today),
    )


# Staff scopes -------------------------------------------------------------------------------


def bureaus_visible_to(user):
    """Compiling bureaus whose catalog `user` may see in the admin."""
    return permissions.scope(
        user, "catalogs.view_catalog", Bureau.objects.disclosing().filter(kind__in=COMPILING_KINDS)
    )


def review_queue(user):
    """Catalogs waiting for this government reviewer."""
    qs = Catalog.objects.filter(status__in=workflow.IN_REVIEW).select_related("bureau", "campaign")
    return permissions.scope(user, "catalogs.review_catalog", qs).order_by("status_changed_at")
