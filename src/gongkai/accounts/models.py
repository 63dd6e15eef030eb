"""Users, their roles at bureaus (Membership) and their password history. A role is held at one bureau;
an account holds at most one of the three administrator roles (separation_refusal, 三员分立).
"""

from datetime import timedelta

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
    # Failed logins before this moment (the last success or unlock) no longer count against the account.
    failures_reset_at = models.DateTimeField(_("failed logins reset at"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # A password set by someone else (an administrator, init_admins) is a one-time password: the
    # account can do nothing but change it at its next login (GB/T 22239-2019 8.1.4.1 a).
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def set_one_time_password(self, raw_password: str, *, set_by=None) -> None:
        """A password chosen by someone else: it works for one login, which must change it."""
        self.set_password(raw_password)
        self._one_time_password = True
        self._changed_by = set_by

    @property
    def password_expired(self) -> bool:
        """Older than settings.PASSWORD_MAX_AGE_DAYS (0 = never). Unknown age (legacy rows) is not expired."""
        from django.conf import settings

        days = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 0)
        if not days or self.password_changed_at is None:
            return False
        return self.password_changed_at + timedelta(days=days) <= timezone.now()

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
        password_set = self._password is not None
        password_changed = password_set and not self._state.adding
        if password_set:
            self.password_changed_at = timezone.now()
            # Set by another person (services mark it): one-time; chosen by the user: theirs.
            self.must_change_password = bool(getattr(self, "_one_time_password", False))
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "password" in update_fields:
                kwargs["update_fields"] = {*update_fields, "password_changed_at", "must_change_password"}
        super().save(*args, **kwargs)
        if password_set and self.password:
            PasswordHistory.remember(self)
        if password_changed:
            from gongkai.core import audit

            audit.record(
                "accounts.user.password_changed",
                # The administrator who set it, or whoever is signed in (the user on their account page).
                user=getattr(self, "_changed_by", None) or audit.current_user(),
                instance=self,
                data={"account": self.get_username()},
            )
            from . import notices

            notices.notify(user=self, kind=notices.PASSWORD_CHANGED, at=self.password_changed_at)  # ASVS 2.2.3


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

        refusal = separation_refusal(self.user_id, self.role, exclude_pk=self.pk) if self.is_active else None
        if refusal is not None:
            raise refusal
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


def separation_refusal(user_id, role: str, *, exclude_pk=None) -> ValidationError | None:
    """Why `user_id` may not hold `role` beside its active roles (三员分立), or None.

    An administrator holds exactly one administrator role and no business role: the system
    administrator with an editor role would read applicants' personal data. The same rule is a
    database trigger (migration accounts 0002), for writes that bypass the model.
    """
    if not user_id:
        return None
    others = Membership.objects.filter(user_id=user_id, is_active=True).exclude(pk=exclude_pk)
    if role in ADMIN_ROLES:
        if others.filter(role__in=ADMIN_ROLES).exclude(role=role).exists():
            return ValidationError(
                _("An account may hold only one of the system, security and audit administrator roles."),
                code="admin_roles_separated",
            )
        if others.exclude(role__in=ADMIN_ROLES).exists():
            return ValidationError(
                _("An administrator account cannot also hold a business role."), code="admin_business_separated"
            )
    elif others.filter(role__in=ADMIN_ROLES).exists():
        return ValidationError(
            _("An administrator account cannot also hold a business role."), code="admin_business_separated"
        )
    return None


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords: none of the last N may be chosen again.

    GB/T 22239-2019 8.1.4.1 a (passwords changed regularly) as assessed at level 3; N is
    settings.PASSWORD_HISTORY_COUNT (default 5), see validators.PasswordHistoryValidator.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password"), max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history entries")
        ordering = ["-created_at", "-pk"]

    @classmethod
    def remember(cls, user) -> None:
        from django.conf import settings

        cls.objects.create(user=user, password=user.password)
        keep = max(1, getattr(settings, "PASSWORD_HISTORY_COUNT", 5))
        stale = cls.objects.filter(user=user).order_by("-created_at", "-pk").values_list("pk", flat=True)[keep:]
        cls.objects.filter(pk__in=list(stale)).delete()
