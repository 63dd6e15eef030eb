"""Read public data for the portal. Only published, public information leaves here."""

from gongkai.core.models import SiteSetting
from gongkai.organizations.models import Bureau

from .models import DisclosureGuide


def platform_name() -> str:
    setting = SiteSetting.objects.first()
    return setting.platform_name if setting else SiteSetting._meta.get_field("platform_name").default


def bureau_list_public():
    return Bureau.objects.disclosing().select_related("parent").order_by("sort_order", "code")


def bureau_get_public(code: str) -> Bureau:
    return Bureau.objects.disclosing().select_related("parent").get(code=code)


def guide_get_live(bureau: Bureau):
    """The published version of the bureau's guide, or None. Drafts never reach the portal."""
    guide = DisclosureGuide.objects.filter(bureau=bureau, live=True).first()
    if guide is None:
        return None
    if guide.has_unpublished_changes and guide.live_revision_id:
        return guide.live_revision.as_object()
    return guide


def guide_get_working_copy(bureau: Bureau) -> DisclosureGuide:
    """The latest (possibly draft) version of the guide, for staff."""
    guide = DisclosureGuide.objects.filter(bureau=bureau).first()
    if guide is None:
        return DisclosureGuide(bureau=bureau, live=False)
    return guide.get_latest_revision_as_object()
