"""The one permission module: "may this user do this action on this object?".

Every view, Wagtail admin screen, API endpoint and management command asks here, either
through `can()` / `require()` for one object or `scope()` for a queryset. Nothing else in
the code base decides who may do what.

A rule grants an action to a role within a *reach*:

- OWN: objects of the bureau where the user holds the role;
- SUBTREE: objects of that bureau and of every bureau below it (the city supervisor);
- REVIEWED: objects of the bureaus whose government review office is that bureau;
- BELOW: objects of every bureau below that bureau, not of the bureau itself (the leader in charge of a
  parent bureau for the structure of its child units);
- GLOBAL: every object (the three administrators, each for their own actions only).

Objects are tied to a bureau through `register_scope(Model, "path__to__bureau")`.

Kept as one module (about 400 lines) on purpose: the rule table and the reach it grants are what a security
review reads, and per-bureau isolation is enforced in this one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from .roles import Role


class Reach(Enum):
    OWN = "own"
    SUBTREE = "subtree"
    REVIEWED = "reviewed"
    BELOW = "below"
    GLOBAL = "global"


@dataclass(frozen=True)
class Grant:
    role: str
    reach: Reach


def _g(*pairs) -> tuple[Grant, ...]:
    return tuple(Grant(role, reach) for role, reach in pairs)


STAFF_IN_BUREAU = (Role.EDITOR, Role.REVIEWER, Role.LEADER)


def _totp_roles() -> tuple[str, ...]:
    from django.conf import settings

    configured = getattr(settings, "GONGKAI", {}).get("TOTP_ROLES")
    if configured is None:
        return (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    return tuple(Role(role) for role in configured)


# action -> grants. Actions are "<app>.<verb>_<entity>".
RULES: dict[str, tuple[Grant, ...]] = {
    # Admin access (Wagtail's "access_admin"): any staff role.
    "admin.access": _g(*((role, Reach.GLOBAL) for role in Role)),
    # Bureaus. The bureau's own staff propose changes to its public profile (contact, hours, leader);
    # a reviewer or the leader of the same bureau approves them (four eyes, organizations.services).
    "organizations.view_bureau": _g(
        *((r, Reach.OWN) for r in STAFF_IN_BUREAU),
        (Role.LEADER, Reach.BELOW),
        (Role.CITY_SUPERVISOR, Reach.SUBTREE),
        (Role.GOV_REVIEWER, Reach.REVIEWED),
        (Role.SYSTEM_ADMIN, Reach.GLOBAL),
        (Role.SECURITY_ADMIN, Reach.GLOBAL),
    ),
    "organizations.change_bureau": _g((Role.EDITOR, Reach.OWN), (Role.LEADER, Reach.OWN)),
    # How a bureau is supervised (code, kind, parent, review office, active, identity): the security
    # administrator, and the leader in charge of a parent bureau for the units below it, never a bureau
    # for itself (docs/security/bureau-structure.md).
    "organizations.change_bureau_structure": _g((Role.SECURITY_ADMIN, Reach.GLOBAL), (Role.LEADER, Reach.BELOW)),
    "organizations.add_bureau": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    # The screen of pending profile changes; approving one asks require_four_eyes.
    "organizations.review_profile_change": _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
    # Disclosure guide (信息公开指南): drafts are visible to the bureau and the city.
    "portal.view_guide": _g(*((r, Reach.OWN) for r in STAFF_IN_BUREAU), (Role.CITY_SUPERVISOR, Reach.SUBTREE)),
    "portal.change_guide": _g((Role.EDITOR, Reach.OWN), (Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
    # Publishing a guide: a reviewer or the leader, never the guide's own author (portal.services.guide_publish
    # adds require_four_eyes).
    "portal.publish_guide": _g((Role.REVIEWER, Reach.OWN), (Role.LEADER, Reach.OWN)),
    # Accounts: only the security administrator manages accounts, roles and lockouts (三员分立).
    "accounts.view_user": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    "accounts.manage_user": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    "accounts.unlock_user": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    "accounts.manage_membership": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    "accounts.reset_totp": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    # Wagtail's groups grant nothing here (RoleBackend ignores them) but their screens are account management.
    "accounts.manage_group": _g((Role.SECURITY_ADMIN, Reach.GLOBAL)),
    # Enrolling one's own TOTP authenticator: the administrator roles of settings.GONGKAI["TOTP_ROLES"].
    "accounts.enroll_totp": _g(*((role, Reach.GLOBAL) for role in _totp_roles())),
    # Audit: only the audit administrator reads and exports; nobody changes or deletes.
    "core.view_audit": _g((Role.AUDIT_ADMIN, Reach.GLOBAL)),
    "core.export_audit": _g((Role.AUDIT_ADMIN, Reach.GLOBAL)),
    "core.change_audit": (),
    "core.delete_audit": (),
    # Platform configuration: the system administrator.
    "core.change_settings": _g((Role.SYSTEM_ADMIN, Reach.GLOBAL)),
}

# Django/Wagtail permission codenames answered by the roles (see backends.RoleBackend).
DJANGO_PERMS: dict[str, str] = {
    "wagtailadmin.access_admin": "admin.access",
    "accounts.add_user": "accounts.manage_user",
    "accounts.change_user": "accounts.manage_user",
    "accounts.view_user": "accounts.view_user",
    "accounts.delete_user": "accounts.manage_user",
    "organizations.add_bureau": "organizations.add_bureau",
    "organizations.change_bureau": "organizations.change_bureau",
    "organizations.view_bureau": "organizations.view_bureau",
    "core.view_auditlogentry": "core.view_audit",
    "auth.add_group": "accounts.manage_group",
    "auth.change_group": "accounts.manage_group",
    "auth.delete_group": "accounts.manage_group",
    "auth.view_group": "accounts.manage_group",
    "core.change_sitesetting": "core.change_settings",
    "portal.change_disclosureguide": "portal.change_guide",
    "portal.publish_disclosureguide": "portal.publish_guide",
    "portal.view_disclosureguide": "portal.view_guide",
}

_SCOPES: dict[type[Model], str] = {}


def register_scope(model: type[Model], bureau_path: str) -> None:
    """Declare how an object of `model` reaches its bureau ("" means the object is the bureau)."""
    _SCOPES[model] = bureau_path


def register_rules(rules: dict[str, tuple[Grant, ...]], django_perms: dict[str, str] | None = None) -> None:
    """Let a capability app add its actions (called from its AppConfig.ready)."""
    RULES.update(rules)
    DJANGO_PERMS.update(django_perms or {})


class _All:
    """Sentinel: every bureau."""

    def __contains__(self, item):
        return True


ALL = _All()


def _memberships(user) -> list[tuple[str, int]]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(user.memberships.filter(is_active=True, bureau__is_active=True).values_list("role", "bureau_id"))
        user._gongkai_memberships = cached
    return cached


def clear_cache(user) -> None:
    for attr in ("_gongkai_memberships", "_gongkai_reach", "_gongkai_tree", "_role_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def _tree(user) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Every bureau's children and the bureaus each review office reviews, in one query, kept on the user
    object with its reach (one request; `clear_cache` drops both): the admin menu reads the tree once."""
    from gongkai.organizations.models import Bureau

    tree = getattr(user, "_gongkai_tree", None)
    if tree is None:
        children: dict[int, list[int]] = {}
        reviewed: dict[int, list[int]] = {}
        for pk, parent_id, office_id in Bureau.objects.order_by().values_list("pk", "parent_id", "review_office_id"):
            if parent_id is not None:
                children.setdefault(parent_id, []).append(pk)
            if office_id is not None:
                reviewed.setdefault(office_id, []).append(pk)
        tree = (children, reviewed)
        if getattr(user, "is_authenticated", False):
            user._gongkai_tree = tree
    return tree


def _descendants(children: dict[int, list[int]], root: int) -> set[int]:
    """`root` and every bureau below it (as `Bureau.objects.descendants_of`, inactive bureaus included)."""
    ids, frontier = {root}, [root]
    while frontier:
        frontier = [child for parent in frontier for child in children.get(parent, ()) if child not in ids]
        ids.update(frontier)
    return ids


def bureau_ids(user, action: str):
    """The set of bureau ids on whose objects `user` may do `action` (or ALL)."""
    if action not in RULES:
        raise KeyError(f"Unknown permission action {action!r}; add it to a rule table.")
    cache = getattr(user, "_gongkai_reach", None)
    if cache is None:
        cache = {}
        if getattr(user, "is_authenticated", False):
            user._gongkai_reach = cache
    if action in cache:
        return cache[action]
    grants = RULES[action]
    ids: set[int] = set()
    result = None
    for role, bureau_id in _memberships(user):
        for grant in grants:
            if grant.role != role:
                continue
            if grant.reach is Reach.GLOBAL:
                result = ALL
            elif grant.reach is Reach.OWN:
                ids.add(bureau_id)
            elif grant.reach is Reach.SUBTREE:
                ids |= _descendants(_tree(user)[0], bureau_id)
            elif grant.reach is Reach.REVIEWED:
                ids.update(_tree(user)[1].get(bureau_id, ()))
            elif grant.reach is Reach.BELOW:
                ids |= _descendants(_tree(user)[0], bureau_id) - {bureau_id}
    if result is None:
        result = frozenset(ids)
    cache[action] = result
    return result


def _bureau_id_of(obj) -> int | None:
    for model, path in _SCOPES.items():
        if isinstance(obj, model):
            if not path:
                return obj.pk
            target = obj
            for part in path.split("__"):
                target = getattr(target, part)
                if target is None:
                    return None
            return target.pk
    raise KeyError(f"{type(obj).__name__} has no registered bureau scope.")


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` on `obj`? Without `obj`: on at least one object."""
    reach = bureau_ids(user, action)
    if reach is ALL:
        return True
    if not reach:
        return False
    if obj is None:
        return True
    return _bureau_id_of(obj) in reach


def require(user, action: str, obj=None) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        from . import denials

        denials.note(user=user, action=action, obj=obj)
        raise PermissionDenied(_("You do not have permission to do this."))


def scope(user, action: str, queryset: QuerySet) -> QuerySet:
    """Limit `queryset` to the objects on which `user` may do `action`."""
    reach = bureau_ids(user, action)
    if reach is ALL:
        return queryset
    if not reach:
        return queryset.none()
    path = _SCOPES[queryset.model]
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: list(reach)})


def active_bureaus(user, action: str) -> QuerySet:
    """The active bureaus on which `user` may do `action`, by code (the bureau choice of a staff form)."""
    from gongkai.organizations.models import Bureau

    return scope(user, action, Bureau.objects.filter(is_active=True)).order_by("code")


def bureau_id_of(obj) -> int | None:
    """The id of the bureau `obj` belongs to, through its model's registered scope."""
    return _bureau_id_of(obj)


def roles_granted(action: str, reach: Reach = Reach.OWN) -> tuple[str, ...]:
    """The roles to which RULES grant `action` with `reach` (e.g. who handles a bureau's own requests)."""
    return tuple(grant.role for grant in RULES[action] if grant.reach is reach)


def has_role(user, *roles: str) -> bool:
    return any(role in roles for role, _bureau in _memberships(user))


def member_bureau_ids(user, *roles: str) -> set[int]:
    """The bureaus where `user` holds one of `roles` (active memberships of active bureaus)."""
    return {bureau_id for role, bureau_id in _memberships(user) if role in roles}


def totp_required(user) -> bool:
    """The roles of settings.GONGKAI["TOTP_ROLES"] (the three administrators) must log in with TOTP."""
    return has_role(user, *_totp_roles())


# ---- four eyes (三审: 公开前审查) -------------------------------------------------------------

# Who may approve content for publication: a reviewer or the leader in charge of the object's own bureau.
APPROVER_ROLES = (Role.REVIEWER, Role.LEADER)


class FourEyesDenied(PermissionDenied):
    """The approver is one of the authors, or holds no approver role at the object's own bureau."""

    def __init__(self, message, code: str):
        super().__init__(message)
        self.code = code


def _user_id(person) -> int | None:
    return getattr(person, "pk", person)


def four_eyes_refusal(user, obj, *, authors) -> FourEyesDenied | None:
    """Why `user` may not approve `obj` for publication, or None when they may.

    The one four-eyes rule for everything that reaches the public (records, interpretations, catalogs,
    guides, FOI replies, later content types): the approver holds the reviewer or leader role at the
    object's **own** bureau (no reach beyond it) and is none of `authors` (its author and last editor;
    users or user ids, None entries ignored).
    """
    author_ids = {_user_id(a) for a in authors if a is not None}
    if getattr(user, "pk", None) in author_ids:
        return FourEyesDenied(_("You wrote or last changed this; another person must approve it."), "own_approval")
    bureau_id = _bureau_id_of(obj)
    if not any(role in APPROVER_ROLES and bid == bureau_id for role, bid in _memberships(user)):
        return FourEyesDenied(
            _("Only a reviewer or the leader in charge of the same bureau may approve this."), "approver_role"
        )
    return None


def may_approve(user, obj, *, authors) -> bool:
    return four_eyes_refusal(user, obj, authors=authors) is None


def require_four_eyes(user, obj, *, authors) -> None:
    """Raise FourEyesDenied (a PermissionDenied with `.code`) unless `may_approve(user, obj, authors=…)`."""
    refusal = four_eyes_refusal(user, obj, authors=authors)
    if refusal is not None:
        raise refusal


# ---- the permission matrix (manage.py permission_matrix) ----------------------------------------
# Each reviewable action of the policy and how the code decides it; tests/accounts/test_policy_matrix.py
# performs every cell through the real services.


@dataclass(frozen=True)
class ByRule:
    """Allowed to a role holding a grant of `action` (on at least one bureau it reaches), within `roles`."""

    action: str
    roles: tuple[str, ...] | None = None

    def allows(self, role: str) -> bool:
        granted = any(grant.role == role for grant in RULES[self.action])
        return granted and (self.roles is None or role in self.roles)


@dataclass(frozen=True)
class Never:
    """Refused to every role, by the rule named in `why`."""

    why: str

    def allows(self, role: str) -> bool:
        return False


_BUREAU_STRUCTURE = ByRule("organizations.change_bureau_structure")

MATRIX: dict[str, ByRule | Never] = {
    "record.create": ByRule("records.add_record"),
    "record.approve_own": Never("four_eyes_refusal: an author or last editor never approves their own work"),
    "record.approve_other": ByRule("records.approve_record", roles=APPROVER_ROLES),
    "record.publish_live_edit": Never("a change to a published record goes live only when another person approves it"),
    "bureau.edit_review_office": _BUREAU_STRUCTURE,
    "bureau.edit_parent": _BUREAU_STRUCTURE,
    "bureau.edit_code": _BUREAU_STRUCTURE,
    "bureau.deactivate": _BUREAU_STRUCTURE,
    "token.create_publish": ByRule("records.create_publish_token"),
    "audit.read": ByRule("core.view_audit"),
    "user.create": ByRule("accounts.manage_user"),
    "user.set_password_of_auditadmin": Never("an administrator only issues a one-time password that must be changed"),
    "foi.read_applicant_pii": ByRule("foi_requests.view_personal_data"),
    "record.import_history": ByRule("records.import_history"),
}


def permission_matrix() -> dict[str, dict[str, bool]]:
    """Every role × matrix action → allowed, as the code decides it (`{"editor": {"record.create": True, …}}`)."""
    return {str(role): {action: rule.allows(role) for action, rule in MATRIX.items()} for role in Role}
