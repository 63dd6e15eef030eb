"""DRF authentication and throttling for business systems (`Authorization: Token gk_…`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from .actors import SystemActor
from .constants import TOKEN_SCOPE_WRITE
from .models import SystemToken

LAST_USED_RESOLUTION = timedelta(minutes=1)


class SystemTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        from .services import hash_token

        token = SystemToken.objects.select_related("bureau").filter(key_hash=hash_token(raw)).first()
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed(_("The token is unknown, revoked or expired."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            SystemToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return SystemActor(token), token

    def authenticate_header(self, request):
        return self.keyword


class HasSystemToken(permissions.BasePermission):
    """A business system with the `records:write` scope."""

    message = _("A business-system token with the records:write scope is required.")

    def has_permission(self, request, view):
        return isinstance(request.user, SystemActor) and request.user.token.has_scope(TOKEN_SCOPE_WRITE)


class SystemTokenThrottle(throttling.SimpleRateThrottle):
    """Requests per token; the rate is settings.RECORDS_API_THROTTLE_RATE (default 600/min)."""

    scope = "system_token"

    def get_rate(self):
        return getattr(settings, "RECORDS_API_THROTTLE_RATE", "600/min")

    def get_cache_key(self, request, view):
        if isinstance(request.user, SystemActor):
            return self.cache_format % {"scope": self.scope, "ident": request.user.token.prefix}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SystemTokenScheme(OpenApiAuthenticationExtension):
    target_class = SystemTokenAuthentication
    name = "systemToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A business system's token, sent as `Authorization: Token gk_…`. Created and revoked by the "
            "bureau's leader in charge (or the system administrator); scoped (records:write, records:publish, applications:write).",
        }
