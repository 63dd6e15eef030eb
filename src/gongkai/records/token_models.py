"""Business systems' API tokens: which system may write or publish records of which bureau, until when.

A token belongs to one bureau and carries scopes (records:write, records:publish, applications:write); the secret is
shown once at creation and only its SHA-256 is kept; a token is revoked, never deleted. Issued and
revoked through records.services.tokens, checked by records.authentication. Imported by models.py
(Django finds the model there).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field

__all__ = ["SystemToken"]


class SystemToken(AuditedModel, TimestampedModel):
    """A business system's API token for one bureau. The secret is shown once; only its SHA-256 is kept."""

    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="system_tokens"
    )
    name = models.CharField(_("system name"), max_length=100, help_text=_("The business system, e.g. 执法信息系统."))
    prefix = models.CharField(_("token prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = actor_field(_("created by"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = actor_field(_("revoked by"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("system token")
        verbose_name_plural = _("system tokens")
        ordering = ["bureau", "-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def audit_bureau_code(self):
        return self.bureau.code

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])
