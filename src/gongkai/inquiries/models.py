"""Public inquiries (政务咨询/留言): a citizen's question to a bureau and the bureau's answer.

An `Inquiry` is stored in full the moment it is acknowledged (its tracking number shown); nothing is ever
deleted. Staff write an answer (`answer_text`), submit it, and a reviewer or the leader of the same bureau
approves it (four eyes with the confidentiality check). The answer is published (`published_at`) only when
the asker consented and staff chose to publish; the public sees `public_subject`, `public_body` (which
staff may edit to remove personal data) and the answer, never the name or the contact. `due_on` is the
answer limit in working days (`InquiryPolicy` per bureau, else GONGKAI["INQUIRY_ANSWER_WORKING_DAYS"]).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimestampedModel


class Topic(models.TextChoices):
    PRODUCTION_SAFETY = "production_safety", _("Production safety")
    DISASTER_RELIEF = "disaster_relief", _("Disaster prevention and relief")
    EMERGENCY_RESCUE = "emergency_rescue", _("Emergency rescue")
    SERVICES = "services", _("Licences and services")
    POLICY = "policy", _("Policies and rules")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    KIOSK = "kiosk", _("Kiosk in a service hall")


class InquiryStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not yet answered")
    ANSWER_SUBMITTED = "answer_submitted", _("Answer waiting for approval")
    ANSWERED = "answered", _("Answered")
    INVALID = "invalid", _("Not a valid message")


OPEN_STATUSES = (InquiryStatus.RECEIVED, InquiryStatus.ANSWER_SUBMITTED)


class InquiryPolicy(TimestampedModel):
    """A bureau's own answer time (working days); without a row the platform default applies."""

    bureau = models.OneToOneField(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="+"
    )
    answer_working_days = models.PositiveSmallIntegerField(_("answer within (working days)"))

    class Meta:
        verbose_name = _("inquiry answer time")
        verbose_name_plural = _("inquiry answer times")

    def __str__(self):
        return f"{self.bureau_id}: {self.answer_working_days}"


class Inquiry(TimestampedModel):
    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="inquiries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact (phone or email)"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, default=Topic.OTHER)
    body = models.TextField(_("message"))
    consent_publish = models.BooleanField(_("consents to publication"), default=False)
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    submitter_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.RECEIVED, db_index=True
    )
    invalid_reason = models.CharField(_("why it is not valid"), max_length=300, blank=True)
    # The answer and what the public sees.
    answer_text = models.TextField(_("answer"), blank=True)
    public_subject = models.CharField(_("subject as published"), max_length=200, blank=True)
    public_body = models.TextField(_("message as published"), blank=True)
    publish = models.BooleanField(_("publish with the answer"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_submitted_at = models.DateTimeField(_("answer submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    confidentiality_result = models.CharField(_("confidentiality check"), max_length=30, blank=True)
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["bureau", "status", "due_on"], name="inquiry_bureau_status_due")]

    def __str__(self):
        return f"{self.tracking_number} {self.subject}"

    def audit_bureau_code(self):
        return self.bureau.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
