"""Applications (办件) reported by business systems, their status events, subscriptions and the push log.

An `Application` is identified by its external number, unique per bureau; the public finds it with the
number and the look-up code given to the applicant (only its SHA-256 is kept). The applicant's email and
phone are personal data: never on a public page or in a public answer, masked in the admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.messaging import mask_email, mask_phone
from gongkai.core.models import AuditedModel, TimestampedModel

from .constants import Channel, PushStatus, Status


class Application(AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField(_("application number"), max_length=64)
    service_item = models.ForeignKey(
        "service_items.ServiceItem", verbose_name=_("service item"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_email = models.EmailField(_("applicant's email"), blank=True)
    applicant_phone = models.CharField(_("applicant's mobile number"), max_length=20, blank=True)
    lookup_hash = models.CharField(_("look-up code hash"), max_length=64, editable=False)
    source_system = models.CharField(_("reported by"), max_length=100, blank=True)
    status = models.CharField(_("current status"), max_length=20, choices=Status.choices, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["bureau", "number"], name="applications_number_per_bureau")]
        indexes = [models.Index(fields=["number", "lookup_hash"], name="applications_lookup")]
        default_permissions = ("view",)

    def __str__(self):
        return self.number

    def audit_bureau_code(self):
        return self.bureau.code


class ApplicationEvent(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.status}"


class Subscription(TimestampedModel):
    """The applicant asked for pushes of every new status to this address (email) or number (SMS)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["application", "channel", "to"], name="applications_one_subscription")
        ]

    @property
    def to_masked(self) -> str:
        return mask(self.channel, self.to)


class PushLog(TimestampedModel):
    """One push of one status event to one subscription: every attempt counted, the last error kept."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="pushes"
    )
    event = models.ForeignKey(ApplicationEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254)
    status = models.CharField(_("status"), max_length=10, choices=PushStatus.choices, default=PushStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("push")
        verbose_name_plural = _("push log")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel", "to"], name="applications_one_push_per_event")
        ]

    @property
    def to_masked(self) -> str:
        return mask(self.channel, self.to)


def mask(channel: str, to: str) -> str:
    return mask_email(to) if channel == Channel.EMAIL else mask_phone(to)
