"""Who acts on a record: a staff user (asked through the permission module) or a business system.

A business system acts through a SystemToken. It has no roles: what it may do is the
token's scopes, on its own bureau only. Services accept either and call `check()`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from .constants import TOKEN_SCOPE_PUBLISH, TOKEN_SCOPE_WRITE

# The token scope each record action needs.
ACTION_SCOPES = {
    "records.view_record": TOKEN_SCOPE_WRITE,
    "records.add_record": TOKEN_SCOPE_WRITE,
    "records.change_record": TOKEN_SCOPE_WRITE,
    "records.submit_record": TOKEN_SCOPE_WRITE,
    "records.approve_record": TOKEN_SCOPE_PUBLISH,
    "records.publish_record": TOKEN_SCOPE_PUBLISH,
}


class SystemActor:
    """The principal of a request authenticated by a SystemToken (request.user in the API)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, token):
        self.token = token

    def __str__(self):
        return self.get_username()

    def get_username(self) -> str:
        return f"system:{self.token.bureau.code}:{self.token.name}"

    @property
    def bureau_id(self) -> int:
        return self.token.bureau_id

    def can(self, action: str, obj=None) -> bool:
        scope = ACTION_SCOPES.get(action)
        if scope is None or not self.token.is_active or not self.token.has_scope(scope):
            return False
        if obj is None:
            return True
        return permissions.bureau_id_of(obj) == self.token.bureau_id


class CommandActor:
    """The operator running a management command (no logged-in user): audited as `system:command:<name>`.

    It may do only the actions listed in `allowed` (e.g. `api_token create` → records.manage_token),
    never one kept for a person such as records.create_publish_token.
    """

    is_authenticated = False
    is_anonymous = False
    is_active = True
    pk = None
    id = None

    def __init__(self, command: str, allowed: tuple[str, ...]):
        self.command = command
        self.allowed = frozenset(allowed)

    def __str__(self):
        return self.get_username()

    def get_username(self) -> str:
        return f"system:command:{self.command}"

    def can(self, action: str, obj=None) -> bool:
        return action in self.allowed


def can(actor, action: str, obj=None) -> bool:
    if isinstance(actor, (SystemActor, CommandActor)):
        return actor.can(action, obj)
    if actor is None:
        return False
    return permissions.can(actor, action, obj)


def check(actor, action: str, obj=None) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def audit_entry(event: str, actor, *, instance=None, request=None, data=None, result=None):
    """The audit record of one event done by a user, a business system, or the scheduler (actor None),
    not saved yet (`audit.record_many` saves a batch)."""
    kwargs = {"instance": instance, "request": request, "data": dict(data or {})}
    if result is not None:
        kwargs["result"] = result
    if isinstance(actor, SystemActor):
        kwargs["username"] = actor.get_username()
        kwargs["data"]["token"] = actor.token.prefix
    elif isinstance(actor, CommandActor):
        kwargs["username"] = actor.get_username()
    elif actor is None:
        kwargs["username"] = "system:scheduler"
    else:
        kwargs["user"] = actor
    return audit.entry(event, **kwargs)


def record_audit(event: str, actor, *, instance=None, request=None, data=None, result=None) -> None:
    """Audit one event done by a user, a business system, or the scheduler (actor None)."""
    audit_entry(event, actor, instance=instance, request=request, data=data, result=result).save(force_insert=True)
