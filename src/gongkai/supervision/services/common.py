"""What the supervision services share: editable states, the submit and review steps, who files for a bureau."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.accounts.models import Membership
from gongkai.accounts.roles import Role
from gongkai.core import audit

from ..models import ReviewStatus
from ..rules import FILE, MANAGE, REVIEW

EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
REPORT_TEXT_FIELDS = ("progress", "catalog_progress", "problems", "next_steps")


def _today(today):
    return today or timezone.localdate()


def _submit(obj, *, acting_user, today, event, request):
    permissions.require(acting_user, FILE, obj.bureau)
    if obj.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned one can be submitted."), code="not_editable")
    obj.status = ReviewStatus.SUBMITTED
    obj.submitted_at, obj.submitted_by = timezone.now(), acting_user
    obj.first_submitted_on = obj.first_submitted_on or _today(today)
    obj.save()
    audit.record(event, user=acting_user, instance=obj, request=request)
    return obj


def _review(obj, *, acting_user, accept: bool, comment: str, event_prefix: str, request):
    permissions.require(acting_user, REVIEW, obj.bureau)
    if obj.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted one can be reviewed."), code="not_submitted")
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Say what must change."), code="comment_required")
    obj.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.RETURNED
    obj.reviewed_at, obj.reviewed_by, obj.review_comment = timezone.now(), acting_user, comment
    obj.save()
    verb = "accepted" if accept else "returned"
    audit.record(f"{event_prefix}.{verb}", user=acting_user, instance=obj, request=request, data={"comment": comment})
    return obj


def _require_supervisor(user):
    if not permissions.can(user, MANAGE):
        permissions.require(user, MANAGE)


def filers_of(bureau):
    """The people who file for `bureau` (reminder recipients): its editors, reviewers and leader."""
    return [
        m.user
        for m in Membership.objects.filter(
            bureau=bureau, is_active=True, role__in=(Role.EDITOR, Role.REVIEWER, Role.LEADER)
        )
        .select_related("user")
        .order_by("pk")
        if m.user.is_active and m.user.email
    ]
