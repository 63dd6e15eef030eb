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
    before = _audit_values(guide)
    guide.body = sanitize_html(body)
    guide.rules_text = sanitize_html(rules_text)
    if guide.pk is None:
        guide.save()
    revision = guide.save_revision(user=acting_user, log_action=True)
    changes = _changes(before, _audit_values(guide))
    data = {"revision": revision.pk, "changes": changes}
    audit.record("portal.guide.changed", user=acting_user, instance=guide, request=request, data=data)
    if publish:
        revision.publish(user=acting_user)
        audit.record("portal.guide.published", user=acting_user, instance=guide, request=request, data=data)
    return guide


AUDITED_FIELDS = ("body", "rules_text")


def _audit_values(guide) -> dict:
    """The guide's text as the row holds it (the live text; a new guide's is empty)."""
    guide.normalize_richtext()
    return {name: getattr(guide, name) for name in AUDITED_FIELDS}


def _changes(before: dict, after: dict) -> dict:
    """{field: [before, after]} of the fields that differ (before: the live text, after: this revision)."""
    return {name: [before[name], after[name]] for name in after if before[name] != after[name]}


def guide_edit_audited(*, guide: DisclosureGuide, acting_user, request=None) -> None:
    """Audit a save of the guide in Wagtail's admin with before/after values (previous revision → this one)."""
    revisions = list(guide.revisions.order_by("-created_at", "-pk")[:2])
    if not revisions:
        return
    after = {name: revisions[0].content.get(name, "") for name in AUDITED_FIELDS}
    before = {name: revisions[1].content.get(name, "") for name in AUDITED_FIELDS} if len(revisions) > 1 else {}
    before = {name: before.get(name, "") for name in AUDITED_FIELDS}
    data = {"revision": revisions[0].pk, "changes": _changes(before, after)}
    audit.record("portal.guide.changed", user=acting_user, instance=guide, request=request, data=data)
