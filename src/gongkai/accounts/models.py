from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel

from .roles import ADMIN_ROLES, Role


class User(AbstractUser):
    """A staff account. The public needs no account to read the portal."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    failed_login_count = models.PositiveIntegerField(_("consecutive failed logins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def role_set(self) -> set[str]:
        if not hasattr(self, "_role_cache"):
            self._role_cache = set(self.memberships.filter(is_active=True).values_list("role", flat=True))
        return self._role_cache

    def audit_bureau_code(self):
        return ""

    def save(self, *args, **kwargs):
        # Django sets `_password` only on a real change (not on a hash upgrade at login).
        password_changed = self._password is not None and not self._state.adding
        if self._password is not None:
            self.password_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "password" in update_fields:
                kwargs["update_fields"] = {*update_fields, "password_changed_at"}
        super().save(*args, **kwargs)
        if password_changed:
            from gongkai.core import audit

            audit.record(
                "accounts.user.password_changed",
                # The administrator who set it, or whoever is signed in (the user on their account page).
                user=getattr(self, "_changed_by", None) or audit.current_user(),
                instance=self,
                data={"account": self.get_username()},
            )


class Membership(AuditedModel, TimestampedModel):
    """A user's role at one bureau. Roles are what the permission module reads."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "bureau", "role"], name="unique_membership_role"),
        ]
        ordering = ["bureau__sort_order", "user__username"]

    def __str__(self):
        return f"{self.user} · {self.bureau.short_name} · {self.get_role_display()}"

    def audit_bureau_code(self):
        return self.bureau.code

    def clean(self):
        from gongkai.organizations.models import BureauKind

        if self.role in ADMIN_ROLES and self.user_id:
            others = (
                Membership.objects.filter(user_id=self.user_id, role__in=ADMIN_ROLES, is_active=True)
                .exclude(role=self.role)
                .exclude(pk=self.pk)
            )
            if others.exists():
                raise ValidationError(
                    _("An account may hold only one of the system, security and audit administrator roles."),
                    code="admin_roles_separated",
                )
        if self.role == Role.GOV_REVIEWER and self.bureau_id and self.bureau.kind != BureauKind.REVIEW_OFFICE:
            raise ValidationError(
                {"bureau": _("A government reviewer belongs to a government review office.")}, code="wrong_bureau_kind"
            )
        if self.role in (Role.EDITOR, Role.REVIEWER, Role.LEADER) and self.bureau_id:
            if self.bureau.kind == BureauKind.REVIEW_OFFICE:
                raise ValidationError(
                    {"bureau": _("Editors, reviewers and leaders belong to a bureau, not a review office.")},
                    code="wrong_bureau_kind",
                )
