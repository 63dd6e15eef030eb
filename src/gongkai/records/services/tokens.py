"""Business-system tokens: creating and revoking the API keys of a bureau's business systems.

A token is shown once (only its SHA-256 hash is stored, `hash_token`), has scopes among `TOKEN_SCOPES`
(code "invalid_scope") and a name. A token with the records:publish scope is created only by the
bureau's leader (`records.create_publish_token`): no administrator role, and not `manage.py api_token`
(a `CommandActor`), can mint one. Revoking is final and idempotent.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..actors import check, record_audit
from ..constants import TOKEN_SCOPE_PUBLISH, TOKEN_SCOPES
from ..models import SystemToken
from .common import _field_error, _user_or_none

TOKEN_PREFIX = "gk"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def system_token_create(
    *, acting_user, bureau, name: str, scopes: list[str], expires_at=None, request=None
) -> tuple[SystemToken, str]:
    """Create a token for a business system of `bureau`. Returns (token, raw key): the key is shown once.

    A token with the records:publish scope only by the bureau's leader (`records.create_publish_token`):
    no administrator role, and not `manage.py api_token` (a `CommandActor`), can mint one.
    """
    check(acting_user, "records.manage_token", bureau)
    scopes = sorted(set(scopes or []))
    if TOKEN_SCOPE_PUBLISH in scopes:
        check(acting_user, "records.create_publish_token", bureau)
    unknown = set(scopes) - set(TOKEN_SCOPES)
    if unknown or not scopes:
        raise _field_error(
            "scopes", _("Choose scopes among: %(scopes)s.") % {"scopes": ", ".join(TOKEN_SCOPES)}, "invalid_scope"
        )
    if not (name or "").strip():
        raise _field_error("name", _("Name the business system."), "required")
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = SystemToken.objects.create(
        bureau=bureau,
        name=name.strip(),
        prefix=prefix,
        key_hash=hash_token(raw),
        scopes=scopes,
        created_by=_user_or_none(acting_user),
        expires_at=expires_at,
    )
    record_audit(
        "records.token.created",
        acting_user,
        instance=token,
        request=request,
        data={"scopes": scopes, "name": token.name, "prefix": prefix, "by": str(acting_user)},
    )
    return token, raw


@transaction.atomic
def system_token_revoke(*, acting_user, token: SystemToken, request=None) -> SystemToken:
    check(acting_user, "records.manage_token", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = _user_or_none(acting_user)
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        record_audit("records.token.revoked", acting_user, instance=token, request=request)
    return token
