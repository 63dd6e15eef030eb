"""Read public data for the portal. Only published, public information leaves here."""

from django.db.models import OuterRef, Subquery

from gongkai.core.models import SiteSetting
from gongkai.organizations.models import Bureau

from .models import DisclosureGuide


def site_setting() -> SiteSetting:
    """The platform settings row, or an unsaved one with the defaults when none exists yet."""
    return SiteSetting.objects.order_by("pk").first() or SiteSetting()


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
