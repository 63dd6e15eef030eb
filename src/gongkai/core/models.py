"""Shared base models and the append-only audit log.

The audit log extends Wagtail's log entries (BaseLogEntry) so that Wagtail's own admin
views (history, site history report) show our entries, and adds what GB/T 22239-2019
8.1.4.3 asks of each audit record: date and time, user, event type, success or failure,
plus the source address and the bureau the event concerns.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager, LogEntryQuerySet

from . import access
from .request_context import current_ip


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(models.Model):
    """Marker base: changes to subclasses are logged to AuditLogEntry (see wagtail_hooks)."""

    class Meta:
        abstract = True


def actor_field(verbose_name, **options) -> models.ForeignKey:
    """The person who did something to a row (created, approved, revoked it, ...): optional, kept
    as empty when the account goes, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class ReviewedForPublication(models.Model):
    """The four-eyes fields of a row reviewed through `accounts.review_steps` before it reaches the public:
    who submitted and who approved it, the approver's confidentiality check, when it was published."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidentiality_result = models.CharField(_("confidentiality check"), max_length=30, blank=True)
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        abstract = True


class AuditResult(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AuditLogQuerySet(LogEntryQuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(_("Audit records cannot be changed."))

    def delete(self):
        raise PermissionDenied(_("Audit records cannot be deleted."))


class AuditLogEntryManager(BaseLogEntryManager):
    def get_queryset(self):
        return AuditLogQuerySet(self.model, using=self._db)

    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("object_id", str(instance.pk))
        kwargs.setdefault("ip_address", current_ip())
        bureau = getattr(instance, "audit_bureau_code", None)
        if bureau is not None and "bureau_code" not in kwargs:
            kwargs["bureau_code"] = bureau() if callable(bureau) else bureau
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """Wagtail's reports (site history) ask this: the audit administrator reads everything, nobody else."""
        return self.all() if access.can(user, "core.view_audit") else self.none()


class AuditLogEntry(BaseLogEntry):
    """One append-only audit record. Nobody may change or delete it (also enforced by DB triggers)."""

    object_id = models.CharField(_("object id"), max_length=255, blank=True, db_index=True)
    bureau_code = models.CharField(_("bureau code"), max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=AuditResult.choices, default=AuditResult.SUCCESS)
    username = models.CharField(
        _("user name"), max_length=150, blank=True, help_text=_("Kept even when the account is renamed or unknown.")
    )

    objects = AuditLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied(_("Audit records cannot be changed."))
        if not self.timestamp:
            self.timestamp = timezone.now()
        if self.user_id and not self.username:
            self.username = self.user.get_username()
        # Wagtail's save runs full_clean(), whose foreign-key checks cost two queries per record (the user,
        # the content type): the rows come from live instances and the database enforces the keys, so the
        # values are validated without them, then the row is inserted (Wagtail's save skipped on purpose).
        self.full_clean(exclude=["user", "content_type"], validate_unique=False, validate_constraints=False)
        models.Model.save(self, *args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("Audit records cannot be deleted."))


class SiteSetting(models.Model):
    """Runtime platform settings that staff change (one row)."""

    platform_name = models.CharField(_("platform name"), max_length=100, default="应急管理政务公开平台")
    footer_note = models.TextField(_("footer note"), blank=True)
    # Site identity shown in the portal footer (国办发〔2017〕47号 page-design rules). Blank fields are not shown.
    platform_name_en = models.CharField(
        _("platform name (English)"), max_length=200, blank=True, help_text=_("Shown on the English pages.")
    )
    organizer = models.CharField(
        _("sponsoring body"), max_length=100, blank=True, help_text=_("The body that sponsors the site.")
    )
    operator = models.CharField(
        _("operating body"), max_length=100, blank=True, help_text=_("The body that runs the site.")
    )
    contact_phone = models.CharField(_("site contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("site contact email"), blank=True)
    site_code = models.CharField(
        _("government website identification code"),
        max_length=20,
        blank=True,
        help_text=_("The code issued to every government website, e.g. 4108000001."),
    )
    icp_number = models.CharField(
        _("ICP filing number"), max_length=50, blank=True, help_text=_("MIIT ICP filing number of the domain.")
    )
    public_security_number = models.CharField(
        _("public security filing number"),
        max_length=50,
        blank=True,
        help_text=_("Filing number issued by the public security organ."),
    )
    error_report_url = models.URLField(
        _("error report link"),
        blank=True,
        help_text=_("Link to the national entry where the public reports errors on government websites."),
    )
    # The row's version: public pages read it with their own query and re-read the row only when it changed
    # (gongkai.portal.selectors.site_setting).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("platform setting")
        verbose_name_plural = _("platform settings")

    def __str__(self):
        return self.platform_name


def user_label(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else ""


__all__ = ["AuditLogEntry", "AuditResult", "AuditedModel", "TimestampedModel", "settings"]


class RateCounter(models.Model):
    """One fixed-window count of gongkai.core.ratelimit (used when no Redis is configured)."""

    key = models.CharField(max_length=200)
    bucket = models.BigIntegerField(help_text="Window number: Unix time // window length.")
    count = models.IntegerField(default=0)
    expires = models.BigIntegerField(help_text="Unix time after which the row may be deleted.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "bucket"], name="core_ratecounter_key_bucket")]


class IntakeState(models.TextChoices):
    PENDING = "pending", _("Received, being registered")
    DONE = "done", _("Registered")
    FAILED = "failed", _("Could not be registered")


class IntakeEntry(models.Model):
    """One public submission as it was received: the intake journal (gongkai.core.intake).

    The public POST writes this one row (and its materialisation task) and acknowledges `number`;
    the worker turns it into the capability's own rows (an FOI request, a comment) and marks it done.
    `payload` holds the validated input until then and is emptied once materialised (the capability's
    rows keep the personal data, the journal keeps no second copy)."""

    kind = models.CharField(_("kind"), max_length=32)
    number = models.CharField(_("number"), max_length=32, unique=True)
    client_token = models.UUIDField(_("submission token"), unique=True)
    # Duplicate detection across the journal (e.g. a comment's text hash per consultation); empty: none.
    dedup_key = models.CharField(max_length=80, null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=IntakeState.choices, default=IntakeState.PENDING)
    result = models.CharField(_("materialised as"), max_length=64, blank=True)
    error = models.JSONField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("intake journal entry")
        verbose_name_plural = _("intake journal entries")
        constraints = [models.UniqueConstraint(fields=["kind", "dedup_key"], name="core_intakeentry_dedup")]
        indexes = [
            models.Index(
                fields=["received_at"], name="core_intake_pending", condition=models.Q(state=IntakeState.PENDING)
            )
        ]

    def __str__(self):
        return self.number
