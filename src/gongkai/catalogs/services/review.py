"""The review workflow steps and the versions they snapshot.

Each step (submit/resubmit, withdraw, return, approve, publish, revise) is legal only as
catalogs/workflow.py's transition table says (workflow.TransitionNotAllowed, code
"transition_not_allowed") and for the permission the table names. Submitting snapshots the
working copy as a new CatalogVersion (every item must be complete); returning needs an overall
opinion or per-item opinions; publishing follows the four-eyes rule (三审): the publisher is
none of the version's authors (`_authors`). `WORKFLOW_SERVICES` maps each editor's step to its
service.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.confidentiality import clean_confidentiality

from .. import selectors, workflow
from ..constants import CatalogStatus
from ..models import Catalog, CatalogVersion, ReviewOpinion
from ..validation import ItemError, validate_items
from .base import A, ItemsInvalid, _event, _lock, _record, _revise, _user_name


def _snapshot(catalog: Catalog, status: str, user, comment: str) -> CatalogVersion:
    number = (catalog.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return CatalogVersion.objects.create(
        catalog=catalog,
        number=number,
        status=status,
        items=[d.to_dict() for d in selectors.working_items_data(catalog)],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        submitted_at=timezone.now(),
        comment=comment or "",
    )


def _require_move(catalog: Catalog, action: str, user) -> None:
    permissions.require(user, workflow.ACTION_PERMISSIONS[action], catalog)
    if not catalog.can_transition(action):
        raise workflow.TransitionNotAllowed(catalog.status, action)


@transaction.atomic
def catalog_submit(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    """Submit the working copy to the government reviewer (a draft) or for approval (a revised
    catalog that was returned). Snapshots a new version; every item must be complete."""
    catalog = _lock(catalog)
    action = A.RESUBMIT if catalog.status == CatalogStatus.RETURNED else A.SUBMIT
    _require_move(catalog, action, acting_user)
    data = selectors.working_items_data(catalog)
    if not data:
        raise ItemsInvalid([ItemError(0, "items", "empty_catalog", _("The catalog has no items."))])
    errors = validate_items(data)
    if errors:
        raise ItemsInvalid(errors)
    old, new = catalog.transition(action)
    version = _snapshot(catalog, new, acting_user, comment)
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, action, old, new, user=acting_user, comment=comment, version=version)
    _record(f"catalog.{action}", user=acting_user, instance=catalog, data={"version": version.number})
    return version


def _move_version(catalog, action, version, status, *, acting_user, comment, data=None, stamp=""):
    """Move the catalog and its version under review (to `status`) one step: the register event and
    the audit record `catalogs.catalog.<action>`. `stamp` names a version time field set to the move's time."""
    old, new = catalog.transition(action)
    version.status = status
    fields = ["status", "updated_at"]
    if stamp:
        setattr(version, stamp, catalog.status_changed_at)
        fields.insert(1, stamp)
    version.save(update_fields=fields)
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, action, old, new, user=acting_user, comment=comment, version=version)
    _record(f"catalog.{action}", user=acting_user, instance=catalog, data={"version": version.number, **(data or {})})
    return version


@transaction.atomic
def catalog_withdraw(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    """Take a submission back from the reviewer (before a decision)."""
    catalog = _lock(catalog)
    _require_move(catalog, A.WITHDRAW, acting_user)
    version = selectors.review_version(catalog)
    return _move_version(catalog, A.WITHDRAW, version, CatalogStatus.DRAFT, acting_user=acting_user, comment=comment)


@transaction.atomic
def catalog_return(
    *, catalog, acting_user, comment: str = "", opinions: dict[str, str] | None = None
) -> CatalogVersion:
    """Return the submitted version with an overall comment and per-item opinions (by item key)."""
    catalog = _lock(catalog)
    _require_move(catalog, A.RETURN, acting_user)
    version = selectors.review_version(catalog)
    opinions = {str(k): (v or "").strip() for k, v in (opinions or {}).items() if (v or "").strip()}
    if not comment.strip() and not opinions:
        raise ValidationError(_("Give an overall opinion or an opinion on at least one item."), code="opinion_required")
    items = {i["key"]: i for i in version.items}
    unknown = [k for k in opinions if k not in items]
    if unknown:
        raise ValidationError(_("An opinion names an item that is not in this version."), code="unknown_item")
    for key, text in opinions.items():
        item = items[key]
        ReviewOpinion.objects.create(
            version=version,
            item_key=key,
            item_label=" / ".join(p for p in (item["level1"], item["level2"], item.get("level3") or "") if p),
            text=text,
            author=acting_user,
            author_name=_user_name(acting_user),
        )
    return _move_version(
        catalog,
        A.RETURN,
        version,
        CatalogStatus.RETURNED,
        acting_user=acting_user,
        comment=comment,
        data={"opinions": len(opinions)},
    )


@transaction.atomic
def catalog_approve(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    catalog = _lock(catalog)
    _require_move(catalog, A.APPROVE, acting_user)
    version = selectors.review_version(catalog)
    return _move_version(
        catalog,
        A.APPROVE,
        version,
        CatalogStatus.APPROVED,
        acting_user=acting_user,
        comment=comment,
        stamp="approved_at",
    )


@transaction.atomic
def catalog_publish(
    *, catalog, acting_user, comment: str = "", confidentiality_result: str = "", notes: str = ""
) -> CatalogVersion:
    """Publish the approved version: it becomes the bureau's current catalog on the portal and API.

    Four eyes (三审): the publisher is a reviewer or the leader of the bureau and none of the version's authors,
    and records the confidentiality check (保密审查, 条例 Art. 17): its result, and notes when it found something.
    """
    catalog = _lock(catalog)
    version = selectors.approved_version(catalog) if catalog.status == CatalogStatus.APPROVED else None
    if version is not None:
        permissions.require_four_eyes(acting_user, catalog, authors=_authors(catalog, version))
    _require_move(catalog, A.PUBLISH, acting_user)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    # Who and when: the audit entry's user and time, and the publish event's actor and time.
    check = {"result": result, "notes": notes}
    return _move_version(
        catalog,
        A.PUBLISH,
        version,
        CatalogStatus.PUBLISHED,
        acting_user=acting_user,
        comment=comment,
        data={"confidentiality_check": check},
        stamp="published_at",
    )


def may_publish(user, catalog: Catalog) -> bool:
    """May `user` publish the approved version of `catalog` now (four eyes included)?"""
    if catalog.status != CatalogStatus.APPROVED or not permissions.can(user, "catalogs.publish_catalog", catalog):
        return False
    return permissions.may_approve(user, catalog, authors=_authors(catalog, selectors.approved_version(catalog)))


def _authors(catalog: Catalog, version: CatalogVersion) -> list:
    """Who wrote the version: its submitter and whoever moved it since the last publication (creator, reviser)."""
    last = catalog.events.filter(action=A.PUBLISH).order_by("-at", "-pk").values_list("at", flat=True).first()
    moves = catalog.events.filter(action__in=[A.CREATE, A.REVISE, A.SUBMIT, A.RESUBMIT, A.WITHDRAW])
    if last is not None:
        moves = moves.filter(at__gt=last)
    return [version.created_by_id, *moves.values_list("actor_id", flat=True)]


@transaction.atomic
def catalog_revise(*, catalog, acting_user, comment: str = "") -> Catalog:
    """Start a new revision of a published catalog; the published version stays public."""
    catalog = _lock(catalog)
    _require_move(catalog, A.REVISE, acting_user)
    _revise(catalog, acting_user, comment)
    return catalog


WORKFLOW_SERVICES = {
    A.SUBMIT: catalog_submit,
    A.RESUBMIT: catalog_submit,
    A.WITHDRAW: catalog_withdraw,
    A.APPROVE: catalog_approve,
    A.PUBLISH: catalog_publish,
    A.REVISE: catalog_revise,
}
