"""Bureau use cases: creating and changing a bureau, proposing and approving changes to its public profile.

How a bureau is supervised (its structure: code, kind, parent, government review office, active, and its
registered identity) is changed only by the security administrator, or by the leader in charge of a parent
bureau for the units below it (`organizations.change_bureau_structure`) — never by the bureau itself, so it
cannot rewire its review chain or hide from the city supervisor. Its public profile (contact, hours, leader,
disclosure office) is proposed by its own staff and goes public only when a reviewer or the leader of the
same bureau who is none of the proposal's authors approves it (four eyes; 条例 Art. 17 review before
disclosure). Every change is audited with before/after values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from .models import Bureau, BureauProfileChange, ProfileChangeStatus

STRUCTURE = "organizations.change_bureau_structure"
PROFILE = "organizations.change_bureau"

STRUCTURE_FIELDS = (
    "name",
    "short_name",
    "code",
    "kind",
    "parent",
    "review_office",
    "division_code",
    "credit_code",
    "sort_order",
    "is_active",
)
PUBLIC_FIELDS = (
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "leader_name",
    "leader_title",
    "disclosure_office",
    "disclosure_phone",
    "disclosure_email",
)


def editable_fields(user, bureau: Bureau | None) -> tuple[str, ...]:
    """The fields of `bureau` (None: a new bureau) that `user` may change, structure first."""
    if bureau is None or bureau.pk is None:
        return STRUCTURE_FIELDS + PUBLIC_FIELDS if permissions.can(user, "organizations.add_bureau") else ()
    fields: tuple[str, ...] = ()
    if permissions.can(user, STRUCTURE, bureau):
        fields += STRUCTURE_FIELDS
    if permissions.can(user, PROFILE, bureau):
        fields += PUBLIC_FIELDS
    return fields


def audit_value(value):
    """A field value as the audit record keeps it (a bureau by its code)."""
    if isinstance(value, Bureau):
        return value.code
    if isinstance(value, Model):
        return str(value.pk)
    return value


def _diff(before: dict, after: dict) -> dict:
    return {
        name: [audit_value(before[name]), audit_value(after[name])] for name in after if before[name] != after[name]
    }


@dataclass
class BureauUpdate:
    bureau: Bureau
    structure_changes: dict = field(default_factory=dict)  # {field: [before, after]}, already applied
    proposal: BureauProfileChange | None = None  # the public-profile change waiting for approval


def _check_unknown(fields: dict) -> None:
    unknown = set(fields) - set(STRUCTURE_FIELDS) - set(PUBLIC_FIELDS)
    if unknown:
        raise ValueError(f"Not bureau fields: {sorted(unknown)}")


def _check_new_parent(acting_user, bureau: Bureau, parent: Bureau | None) -> None:
    """No cycle; a user whose reach is the units below their bureau keeps the bureau inside that reach."""
    if (
        parent is not None
        and bureau.pk
        and parent.pk in set(Bureau.objects.descendants_of(bureau).values_list("pk", flat=True))
    ):
        message = _("A bureau cannot sit under itself or one of its own units.")
        raise ValidationError({"parent": ValidationError(message, code="cycle")})
    reach = permissions.bureau_ids(acting_user, STRUCTURE)
    if reach is permissions.ALL:
        return
    below_roles = [grant.role for grant in permissions.RULES[STRUCTURE] if grant.reach is permissions.Reach.BELOW]
    roots = permissions.member_bureau_ids(acting_user, *below_roles)
    if parent is None or not (parent.pk in reach or parent.pk in roots):
        message = _("Choose your own bureau or a unit below it: the bureau must stay under your supervision.")
        raise ValidationError({"parent": ValidationError(message, code="parent_out_of_reach")})


@transaction.atomic
def bureau_create(*, acting_user, request=None, **fields) -> Bureau:
    """Create a bureau (the security administrator). Audited with every value set."""
    _check_unknown(fields)
    permissions.require(acting_user, "organizations.add_bureau")
    bureau = Bureau(**fields)
    bureau.full_clean()
    bureau.save()
    audit.record(
        "organizations.bureau.created",
        user=acting_user,
        instance=bureau,
        request=request,
        data={"values": {name: audit_value(getattr(bureau, name)) for name in STRUCTURE_FIELDS + PUBLIC_FIELDS}},
    )
    return bureau


@transaction.atomic
def bureau_update(*, acting_user, bureau: Bureau, request=None, **fields) -> BureauUpdate:
    """Change `bureau`: structure fields at once (if allowed), public fields as a proposal for approval.

    Raises PermissionDenied when the user may not change one of the fields that differ, ValidationError
    for invalid values. Fields equal to their current value (or pending proposal) are ignored.
    """
    _check_unknown(fields)
    bureau = Bureau.objects.select_for_update().get(pk=bureau.pk)
    structure = {n: v for n, v in fields.items() if n in STRUCTURE_FIELDS and getattr(bureau, n) != v}
    public = {n: v for n, v in fields.items() if n in PUBLIC_FIELDS}
    result = BureauUpdate(bureau=bureau)
    if structure:
        permissions.require(acting_user, STRUCTURE, bureau)
        if "parent" in structure:
            _check_new_parent(acting_user, bureau, structure["parent"])
        before = {name: getattr(bureau, name) for name in structure}
        for name, value in structure.items():
            setattr(bureau, name, value)
        bureau.full_clean()
        bureau.save()
        result.structure_changes = _diff(before, structure)
        audit.record(
            "organizations.bureau.changed",
            user=acting_user,
            instance=bureau,
            request=request,
            data={"changes": result.structure_changes},
        )
        permissions.clear_cache(acting_user)  # its reach may have moved with the bureau
    if public:
        result.proposal = _propose(acting_user, bureau, public, request)
    return result


def proposed_values(bureau: Bureau) -> dict:
    """The public profile as it will be once the pending proposal is approved (what an editor edits)."""
    values = {name: getattr(bureau, name) for name in PUBLIC_FIELDS}
    pending = bureau.profile_changes.filter(status=ProfileChangeStatus.PENDING).first()
    if pending is not None:
        values.update({name: after for name, (_before, after) in pending.changes.items()})
    return values


def _propose(acting_user, bureau: Bureau, public: dict, request) -> BureauProfileChange | None:
    pending = BureauProfileChange.objects.select_for_update().filter(bureau=bureau, status="pending").first()
    target = proposed_values(bureau)
    if all(target[name] == value for name, value in public.items()):
        return pending  # nothing new
    permissions.require(acting_user, PROFILE, bureau)
    target.update(public)
    candidate = Bureau.objects.get(pk=bureau.pk)
    for name, value in target.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=STRUCTURE_FIELDS, validate_unique=False)
    changes = {name: [getattr(bureau, name), value] for name, value in target.items() if getattr(bureau, name) != value}
    authors = list(pending.author_ids) if pending else []
    if acting_user.pk not in authors:
        authors.append(acting_user.pk)
    if pending is not None:
        pending.status = ProfileChangeStatus.SUPERSEDED
        pending.save(update_fields=["status", "updated_at"])
    if not changes:
        audit.record(
            "organizations.profile_change.withdrawn", user=acting_user, instance=pending, request=request, data={}
        )
        return None
    proposal = BureauProfileChange.objects.create(
        bureau=bureau, changes=changes, proposed_by=acting_user, author_ids=authors
    )
    audit.record(
        "organizations.profile_change.proposed",
        user=acting_user,
        instance=proposal,
        request=request,
        data={"changes": changes, "replaces": pending.pk if pending else None},
    )
    return proposal


def _decide(acting_user, change: BureauProfileChange) -> BureauProfileChange:
    change = BureauProfileChange.objects.select_for_update().select_related("bureau").get(pk=change.pk)
    if change.status != ProfileChangeStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."), code="invalid_state")
    permissions.require_four_eyes(acting_user, change.bureau, authors=change.author_ids)
    return change


@transaction.atomic
def profile_change_approve(*, acting_user, change: BureauProfileChange, request=None) -> Bureau:
    """A reviewer or the leader of the bureau, none of its authors, makes the proposal public."""
    change = _decide(acting_user, change)
    bureau = Bureau.objects.select_for_update().get(pk=change.bureau_id)
    before = {name: getattr(bureau, name) for name in change.changes}
    after = {name: value for name, (_old, value) in change.changes.items()}
    for name, value in after.items():
        setattr(bureau, name, value)
    bureau.full_clean(exclude=STRUCTURE_FIELDS, validate_unique=False)
    bureau.save()
    change.status = ProfileChangeStatus.APPROVED
    change.decided_by, change.decided_at = acting_user, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        "organizations.profile_change.approved",
        user=acting_user,
        instance=bureau,
        request=request,
        data={"proposal": change.pk, "changes": _diff(before, after), "authors": change.author_ids},
    )
    return bureau


@transaction.atomic
def profile_change_reject(*, acting_user, change: BureauProfileChange, note: str = "", request=None):
    change = _decide(acting_user, change)
    change.status = ProfileChangeStatus.REJECTED
    change.decided_by, change.decided_at, change.note = acting_user, timezone.now(), (note or "").strip()[:500]
    change.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    audit.record(
        "organizations.profile_change.rejected",
        user=acting_user,
        instance=change,
        request=request,
        data={"changes": change.changes, "note": change.note},
    )
    return change


def pending_changes_for(user):
    """The pending proposals of the bureaus where `user` reviews profile changes."""
    pending = BureauProfileChange.objects.filter(status=ProfileChangeStatus.PENDING)
    bureaus = permissions.scope(user, "organizations.review_profile_change", Bureau.objects.all())
    return pending.filter(bureau__in=bureaus).select_related("bureau", "proposed_by")
