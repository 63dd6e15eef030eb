"""Shared steps of every catalog service, and the edit-lock rule.

Every service locks the catalog row (`_lock`), writes an audit record `catalogs.<entity>.<verb>`
(`_record`) and, for workflow steps, a CatalogEvent (`_event`). The edit-lock rule lives here:
a catalog may change while it is a draft or returned (workflow.EDITABLE); changing a published
catalog first starts a new revision (`_revise`, the REVISE step of workflow.py's table); in any
other status (with the reviewer, approved) it cannot change (ValidationError code "catalog_locked").
`ItemsInvalid` is the error every item check raises.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit

from .. import workflow
from ..constants import CatalogStatus
from ..models import Catalog, CatalogEvent
from ..validation import ItemError

A = workflow.CatalogAction


class ItemsInvalid(ValidationError):
    """One or more items are invalid; `item_errors` names each element, item by item."""

    def __init__(self, item_errors: list[ItemError]):
        self.item_errors = list(item_errors)
        errors: dict[str, list[ValidationError]] = {}
        for e in self.item_errors:
            errors.setdefault(f"items.{e.index}.{e.field}", []).append(ValidationError(e.message, code=e.code))
        super().__init__(errors)


def _user_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def _record(action: str, *, user, instance, data=None, request=None):
    audit.record(f"catalogs.{action}", user=user, instance=instance, data=data or {}, request=request)


def _event(catalog, action, old, new, *, user, comment="", version=None, at=None) -> CatalogEvent:
    campaign = catalog.campaign if catalog.campaign_id and catalog.campaign.is_active else None
    return CatalogEvent.objects.create(
        catalog=catalog,
        action=action,
        from_status=old or "",
        to_status=new,
        version=version,
        campaign=campaign,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_name=_user_name(user),
        comment=comment or "",
        at=at or timezone.now(),
    )


def _lock(catalog: Catalog) -> Catalog:
    return Catalog.objects.select_for_update(of=("self",)).select_related("bureau", "campaign").get(pk=catalog.pk)


def _ensure_editable(catalog: Catalog, user) -> None:
    """Editing a published catalog starts a new revision; a catalog in review cannot change."""
    if catalog.status in workflow.EDITABLE:
        return
    if catalog.status in workflow.EDITABLE_AFTER_REVISE:
        _revise(catalog, user, _("Changes started after publication."))
        return
    raise ValidationError(
        _("The catalog is “%(status)s” and cannot be changed now.") % {"status": CatalogStatus(catalog.status).label},
        code="catalog_locked",
    )


def _revise(catalog: Catalog, user, comment: str) -> None:
    # The catalog keeps its campaign: only the city supervisor puts it under a new one (campaign_assign).
    old, new = catalog.transition(A.REVISE)
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, A.REVISE, old, new, user=user, comment=comment)
    _record("catalog.revise", user=user, instance=catalog, data={"from": old, "to": new})
