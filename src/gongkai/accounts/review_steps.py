"""The review steps every published kind shares (guides, annual reports, inquiry answers, surveys, concern
responses): sending a submitted item back to its authors. Approval stays with each kind (what it screens and
publishes differs); who may approve is `permissions.require_four_eyes`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongkai.core import audit

from . import permissions


def return_for_changes(
    obj,
    *,
    acting_user,
    permission: str,
    reason: str,
    submitted,
    back_to,
    event: str,
    not_submitted_message,
    reason_required_message,
    request=None,
):
    """Lock `obj`, ask the permission module for `permission`, check that it is `submitted`, put it back to
    `back_to` and audit `event` with the reason. Call it inside the caller's transaction."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    permissions.require(acting_user, permission, obj)
    if obj.status != submitted:
        raise ValidationError(not_submitted_message, code="not_submitted")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(reason_required_message, code="reason_required")
    obj.status = back_to
    obj.save(update_fields=["status", "updated_at"])
    audit.record(event, user=acting_user, instance=obj, request=request, data={"reason": reason})
    return obj
