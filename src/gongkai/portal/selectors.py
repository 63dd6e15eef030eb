"""Read public data for the portal. Only published, public information leaves here."""

from django.db.models import OuterRef, Subquery

from gongkai.core.models import SiteSetting
from gongkai.organizations.models import Bureau

from .models import DisclosureGuide

_UNKNOWN = object()

# The settings row as last read by this process, with the version it was read for: (version, row).
_site_copy: tuple | None = None


def site_setting_version() -> Subquery:
    """The settings row's version (`updated_at`; NULL without a row), as a subquery to annotate onto
    the page's own query, so that `site_setting(version=…)` needs no query of its own."""
    return Subquery(SiteSetting.objects.order_by("pk").values("updated_at")[:1])


def site_setting(version=_UNKNOWN) -> SiteSetting:
    """The platform settings row, or an unsaved one with the defaults when none exists yet.

    `version`: the row's version as the caller's own query read it in this request (see
    `site_setting_version`; the raw database value is fine). When it matches the copy this process read
    last, that copy is returned without a query; any save changes the version, in every process.
    Callers must not modify the returned object.
    """
    global _site_copy
    if version is None:
        return SiteSetting()
    if version is not _UNKNOWN:
        held = _site_copy
        if held is not None and held[0] == version:
            return held[1]
    site = SiteSetting.objects.order_by("pk").first() or SiteSetting()
    if version is not _UNKNOWN and site.pk is not None:
        # Held under the value the caller read (a string on SQLite, a datetime on PostgreSQL). A save
        # between the caller's read and this one only costs the next request a query.
        _site_copy = (version, site)
    return site


def forget_site_setting(**kwargs) -> None:
    global _site_copy
    _site_copy = None


def platform_name() -> str:
    return site_setting().platform_name


def bureau_list_public():
    """Disclosing bureaus, each annotated with `guide_published_at` (None when no guide is live)."""
    live_guide = DisclosureGuide.objects.filter(bureau=OuterRef("pk"), live=True)
    return (
        Bureau.objects.disclosing()
        .select_related("parent")
        .annotate(guide_published_at=Subquery(live_guide.values("last_published_at")[:1]))
        .order_by("sort_order", "code")
    )


def bureau_get_public(code: str) -> Bureau:
    return Bureau.objects.disclosing().select_related("parent").get(code=code)


def guide_get_live(bureau: Bureau):
    """The published version of the bureau's guide, or None. Drafts never reach the portal.

    `last_published_at` is the time the live version was published (kept on the row, not in
    the revision), so a pending draft does not change the date the public sees.
    """
    guide = DisclosureGuide.objects.filter(bureau=bureau, live=True).first()
    if guide is None:
        return None
    if guide.has_unpublished_changes and guide.live_revision_id:
        live = guide.live_revision.as_object()
        live.last_published_at = guide.last_published_at
        return live
    return guide


def guide_get_working_copy(bureau: Bureau) -> DisclosureGuide:
    """The latest (possibly draft) version of the guide, for staff."""
    guide = DisclosureGuide.objects.filter(bureau=bureau).first()
    if guide is None:
        return DisclosureGuide(bureau=bureau, live=False)
    return guide.get_latest_revision_as_object()
