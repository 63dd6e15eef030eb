"""Use cases of the portal: editing and publishing a bureau's disclosure guide.

Every change of a guide, from the API or the Wagtail admin, goes through `guide_save` (HTML sanitised, a new
revision, audited with before/after); the portal keeps showing the live version. Publishing is four eyes
(三审): `guide_publish` by a reviewer or the leader of the bureau who wrote none of the unpublished
revisions, with the confidentiality check (保密审查) recorded in the audit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality
from gongkai.core.html import sanitize_html

from .models import DisclosureGuide


def _content(guide: DisclosureGuide) -> dict:
    working = guide.get_latest_revision_as_object() if guide.pk and guide.latest_revision_id else guide
    return {"body": working.body, "rules_text": working.rules_text}


@transaction.atomic
def guide_save(
    *,
    bureau,
    body: str,
    rules_text: str,
    publish: bool,
    acting_user,
    confidentiality_result: str = "",
    notes: str = "",
    request=None,
) -> DisclosureGuide:
    """Save a new revision of the bureau's guide (when its content changed); with `publish`, publish the
    latest revision through `guide_publish` (four eyes: so never a revision the same person just wrote)."""
    guide = DisclosureGuide.objects.select_for_update().filter(bureau=bureau).first()
    permissions.require(acting_user, "portal.change_guide", guide or bureau)
    if guide is None:
        guide = DisclosureGuide(bureau=bureau, live=False)
    before = _content(guide) if guide.pk else {"body": "", "rules_text": ""}
    guide.body = sanitize_html(body)
    guide.rules_text = sanitize_html(rules_text)
    guide.normalize_richtext()
    after = {"body": guide.body, "rules_text": guide.rules_text}
    if guide.pk is None:
        guide.save()
    if after != before or guide.latest_revision_id is None:
        guide.save_revision(user=acting_user, log_action=True)
        audit.record(
            "portal.guide.changed",
            user=acting_user,
            instance=guide,
            request=request,
            data={"before": before, "after": after, "changes": _changes(before, after)},
        )
    if publish:
        guide_publish(
            guide=guide,
            acting_user=acting_user,
            confidentiality_result=confidentiality_result,
            notes=notes,
            request=request,
        )
    return guide


def guide_authors(guide: DisclosureGuide) -> list:
    """Everyone who wrote a revision not yet published (the author and every later editor)."""
    revisions = guide.revisions.all()
    if guide.live_revision_id:
        revisions = revisions.filter(created_at__gt=guide.live_revision.created_at)
    return list(revisions.values_list("user_id", flat=True))


def may_publish(user, guide: DisclosureGuide) -> bool:
    return (
        guide.has_unpublished_changes
        and permissions.can(user, "portal.publish_guide", guide)
        and permissions.may_approve(user, guide, authors=guide_authors(guide))
    )


@transaction.atomic
def guide_publish(
    *, guide: DisclosureGuide, acting_user, confidentiality_result: str, notes: str = "", request=None
) -> DisclosureGuide:
    """Publish the latest revision of the guide: approver ≠ any author of it, confidentiality check recorded."""
    guide = DisclosureGuide.objects.select_for_update().get(pk=guide.pk)
    revision = guide.latest_revision
    if revision is None or (guide.live and not guide.has_unpublished_changes):
        raise ValidationError(_("There is no unpublished change to publish."), code="nothing_to_publish")
    authors = guide_authors(guide)
    permissions.require_four_eyes(acting_user, guide, authors=authors)
    permissions.require(acting_user, "portal.publish_guide", guide)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    revision.publish(user=acting_user, skip_permission_checks=True)
    audit.record(
        "portal.guide.published",
        user=acting_user,
        instance=guide,
        request=request,
        data={
            "revision": revision.pk,
            "authors": sorted({a for a in authors if a is not None}),
            "confidentiality_result": result,
            "notes": notes,
        },
    )
    return guide


AUDITED_FIELDS = ("body", "rules_text")


def _audit_values(guide) -> dict:
    """The guide's text as the row holds it (the live text; a new guide's is empty)."""
    guide.normalize_richtext()
    return {name: getattr(guide, name) for name in AUDITED_FIELDS}


def _changes(before: dict, after: dict) -> dict:
    """{field: [before, after]} of the fields that differ (before: the live text, after: this revision)."""
    return {name: [before[name], after[name]] for name in after if before[name] != after[name]}
