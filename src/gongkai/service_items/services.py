"""Use cases of service items and their guides: create an item, edit its working guide, submit, approve.

A guide reaches the public only through `guide_approve`: a reviewer or the leader of the item's own bureau
who wrote, edited or submitted none of the version (four eyes, `permissions.require_four_eyes`; 条例 Art. 17:
review before disclosure) records the confidentiality check (保密审查), and the personal-data screen runs on
every published field and form template (`screening.require_clean`). Editing a published guide starts a
new version; the public keeps the published one until the new one is approved. Every step is audited as
`service_items.<entity>.<verb>`; `guide_published` is sent after the commit (the handbook listens).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts import permissions, review_steps
from gongkai.core import audit

from . import elements, screening
from .models import (
    GUIDE_CONTENT_FIELDS,
    WORKING_STATUSES,
    GuideMaterial,
    GuideStatus,
    ItemType,
    ServiceGuide,
    ServiceItem,
)
from .rules import APPROVE_GUIDE, CHANGE_ITEM

# Sent after the commit of every approval: kwargs `item`, `guide`.
guide_published = Signal()

EDITABLE_FIELDS = (*GUIDE_CONTENT_FIELDS, "faq")
MATERIAL_FIELDS = ("name", "form", "count", "template", "required", "condition")


@transaction.atomic
def item_create(*, bureau, code: str, name: str, item_type: str, acting_user, request=None) -> ServiceItem:
    """A new service item of `bureau` with an empty draft guide (version 1); not public until approved."""
    permissions.require(acting_user, CHANGE_ITEM, bureau)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise ValidationError(_("An item needs a code and a name."), code="required")
    if item_type not in ItemType.values:
        raise ValidationError(_("Choose the type of the item."), code="invalid_type")
    if ServiceItem.objects.filter(bureau=bureau, code=code).exists():
        raise ValidationError(
            _("This bureau already has an item with the code %(code)s."), code="duplicate_code", params={"code": code}
        )
    position = ServiceItem.objects.filter(bureau=bureau).count()
    item = ServiceItem.objects.create(
        bureau=bureau, code=code, name=name, item_type=item_type, position=position, created_by=acting_user
    )
    ServiceGuide.objects.create(
        item=item, number=1, name=name, item_type=item_type, created_by=acting_user, last_edited_by=acting_user
    )
    audit.record("service_items.item.created", user=acting_user, instance=item, request=request, data={"code": code})
    return item


def working_guide(item: ServiceItem) -> ServiceGuide | None:
    return item.guides.filter(status__in=WORKING_STATUSES).order_by("-number").first()


def _copy_guide(source: ServiceGuide, acting_user) -> ServiceGuide:
    """A new draft version with the content and materials of `source`."""
    guide = ServiceGuide.objects.get(pk=source.pk)
    guide.pk = None
    guide.number = source.item.guides.order_by("-number").values_list("number", flat=True)[0] + 1
    guide.status = GuideStatus.DRAFT
    guide.created_by = guide.last_edited_by = acting_user
    guide.submitted_by = guide.approved_by = None
    guide.submitted_at = guide.approved_at = None
    guide.confidentiality_result = guide.confidentiality_notes = ""
    guide.save()
    for material in source.materials.all():
        material.pk = None
        material.guide = guide
        material.save()
    return guide


def _content(guide: ServiceGuide) -> dict:
    data = {name: getattr(guide, name) for name in EDITABLE_FIELDS}
    data["materials"] = [
        {**{f: getattr(m, f) for f in MATERIAL_FIELDS if f != "template"}, "template": m.template_id}
        for m in guide.materials.all()
    ]
    return data


@transaction.atomic
def guide_save(*, item: ServiceItem, fields: dict, materials: list[dict] | None = None, acting_user, request=None):
    """Change the item's working guide (a published guide gets a new draft version first); `materials`, when
    given, replaces the list. Editing a submitted guide takes it back to draft (it must be submitted again)."""
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    permissions.require(acting_user, CHANGE_ITEM, item)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(names)s"),
            code="unknown_fields",
            params={"names": ", ".join(sorted(unknown))},
        )
    guide = working_guide(item) or _copy_guide(item.live_guide or item.guides.order_by("-number").first(), acting_user)
    before = _content(guide)
    for name, value in fields.items():
        setattr(guide, name, value.strip() if isinstance(value, str) else value)
    if guide.item_type not in ItemType.values:
        raise ValidationError(_("Choose the type of the item."), code="invalid_type")
    guide.full_clean(exclude=["item", "created_by", "last_edited_by", "submitted_by", "approved_by"])
    if materials is not None:
        guide.materials.all().delete()
        for position, material in enumerate(materials):
            row = GuideMaterial(
                guide=guide, position=position, **{k: material[k] for k in MATERIAL_FIELDS if k in material}
            )
            row.full_clean(exclude=["guide", "template"])
            row.save()
    after = _content(guide)
    if after == before:
        return guide
    guide.status = GuideStatus.DRAFT
    guide.submitted_by, guide.submitted_at = None, None
    guide.last_edited_by = acting_user
    guide.save()
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record(
        "service_items.guide.changed",
        user=acting_user,
        instance=guide,
        request=request,
        data={"item": item.code, "version": guide.number, "changes": changes},
    )
    return guide


def guide_problems(guide: ServiceGuide) -> list[str]:
    """Why `guide` may not be submitted yet: missing key elements and inconsistent limits."""
    data = _content(guide)
    missing = elements.missing_elements(data)
    problems = []
    if missing:
        labels = "、".join(str(elements.ELEMENT_LABELS[key]) for key in missing)
        problems.append(_("These elements of the guide are missing: %(labels)s") % {"labels": labels})
    return problems + elements.limit_problems(data)


def _check_submittable(guide: ServiceGuide) -> None:
    problems = guide_problems(guide)
    if problems:
        raise ValidationError(problems, code="incomplete")
    screening.require_clean(guide)


def guide_authors(guide: ServiceGuide) -> list:
    """The people who may not approve `guide`: who created, last edited and submitted the version."""
    return [guide.created_by_id, guide.last_edited_by_id, guide.submitted_by_id]


REVIEW = review_steps.Review(
    change=CHANGE_ITEM,
    approve=APPROVE_GUIDE,
    draft=GuideStatus.DRAFT,
    submitted=GuideStatus.SUBMITTED,
    authors=guide_authors,
    submitted_event="service_items.guide.submitted",
    published_event="service_items.guide.published",
    returned_event="service_items.guide.returned",
    not_submitted=gettext_noop("Only a submitted guide can be approved."),
    not_returnable=gettext_noop("Only a submitted guide can be returned."),
    reason_required=gettext_noop("Say why the guide is returned."),
    submitted_at="submitted_at",
    related=("item__bureau",),
)


@transaction.atomic
def guide_submit(*, guide: ServiceGuide, acting_user, request=None) -> ServiceGuide:
    """Submit the working guide for approval: complete, and free of personal data."""
    return review_steps.submit_for_review(
        REVIEW,
        guide,
        acting_user=acting_user,
        check=_check_submittable,
        data=lambda guide: {"version": guide.number},
        request=request,
    )


def may_approve(user, guide: ServiceGuide) -> bool:
    return review_steps.may_approve(REVIEW, user, guide)


def _publish(guide: ServiceGuide, acting_user) -> dict:
    """Put `guide` in place of its item's published version; the audit data of the publication."""
    item = ServiceItem.objects.select_for_update().get(pk=guide.item_id)
    now = timezone.now()
    previous = item.live_guide_id
    ServiceGuide.objects.filter(item=item, status=GuideStatus.PUBLISHED).update(status=GuideStatus.SUPERSEDED)
    guide.status = GuideStatus.PUBLISHED
    guide.approved_by, guide.approved_at = acting_user, now
    guide.save()
    item.live_guide, item.published_at = guide, now
    item.name, item.item_type = guide.name, guide.item_type
    item.save(update_fields=["live_guide", "published_at", "name", "item_type", "updated_at"])
    transaction.on_commit(lambda: guide_published.send(sender=ServiceGuide, item=item, guide=guide))
    return {"item": item.code, "version": guide.number, "replaces": previous}


@transaction.atomic
def guide_approve(
    *, guide: ServiceGuide, acting_user, confidentiality_result: str, notes: str = "", request=None
) -> ServiceGuide:
    """Approve the submitted guide and publish it in place of the item's published version."""
    return review_steps.approve(
        REVIEW,
        guide,
        acting_user=acting_user,
        confidentiality_result=confidentiality_result,
        notes=notes,
        check=screening.require_clean,
        publish=lambda guide, _checked: _publish(guide, acting_user),
        request=request,
    )


@transaction.atomic
def guide_return(*, guide: ServiceGuide, acting_user, reason: str, request=None) -> ServiceGuide:
    """Send a submitted guide back to its authors as a draft, with the reason."""
    return review_steps.return_for_changes(REVIEW, guide, acting_user=acting_user, reason=reason, request=request)


@transaction.atomic
def item_set_catalog_items(*, item: ServiceItem, catalog_items, acting_user, request=None) -> ServiceItem:
    """Link the item to the catalog items of its own bureau's catalog that publish it."""
    permissions.require(acting_user, CHANGE_ITEM, item)
    catalog_items = list(catalog_items)
    if any(ci.catalog.bureau_id != item.bureau_id for ci in catalog_items):
        raise ValidationError(_("Link only items of this bureau's own catalog."), code="other_bureau")
    item.catalog_items.set(catalog_items)
    audit.record(
        "service_items.item.linked",
        user=acting_user,
        instance=item,
        request=request,
        data={"catalog_items": sorted(str(ci.key) for ci in catalog_items)},
    )
    return item
