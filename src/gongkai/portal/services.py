"""Use cases of the portal: editing and publishing a bureau's disclosure guide."""

from django.db import transaction

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.html import sanitize_html

from .models import DisclosureGuide


@transaction.atomic
def guide_save(*, bureau, body: str, rules_text: str, publish: bool, acting_user, request=None) -> DisclosureGuide:
    """Save a new revision of the bureau's guide; publish it when asked and allowed."""
    guide = DisclosureGuide.objects.select_for_update().filter(bureau=bureau).first()
    permissions.require(acting_user, "portal.change_guide", guide or bureau)
    if publish:
        permissions.require(acting_user, "portal.publish_guide", guide or bureau)
    if guide is None:
        guide = DisclosureGuide(bureau=bureau, live=False)
    guide.body = sanitize_html(body)
    guide.rules_text = sanitize_html(rules_text)
    if guide.pk is None:
        guide.save()
    revision = guide.save_revision(user=acting_user, log_action=True)
    if publish:
        revision.publish(user=acting_user)
        audit.record("portal.guide.published", user=acting_user, instance=guide, request=request)
    return guide
