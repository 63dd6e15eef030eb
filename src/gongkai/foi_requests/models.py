"""FOI requests (依申请公开申请) and everything that happens to them.

A request belongs to one bureau (the agency asked, 条例 Art. 27). Its state changes only through
the service functions in `services/workflow.py`; each change writes a `RequestEvent` (the register
of 条例 Art. 45) and an audit entry. The answer deadline is never stored as the truth: `clock.py`
computes it from the dated facts below (receipt, supplement, consultations, extension, fee, Art. 35
override); `due_on` is a denormalized copy refreshed on every transition, for lists and reminders.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel

from .constants import (
    DESCRIPTION_MAX_LENGTH,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationResult,
    DeliveryChannel,
    DeliveryForm,
    ExtensionStatus,
    FeeMethod,
    IdDocumentType,
    Outcome,
    ReplyStatus,
    ReplyType,
    State,
)


class FoiRequest(AuditedModel, TimestampedModel):
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    tracking_number = models.CharField(_("tracking number"), max_length=32, unique=True, editable=False)
    # One request per form submission: the form carries a token made when it was shown, so a
    # double submit (or a retried POST after a lost response) finds the first request.
    client_token = models.UUIDField(_("submission token"), null=True, blank=True, unique=True, editable=False)
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="foi_requests"
    )
    state = models.CharField(_("state"), max_length=40, choices=State.choices, default=State.SUBMITTED, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    # Applicant (条例 Art. 29(1)). Personal data: never on public pages, masked in staff lists.
    applicant_type = models.CharField(_("applicant type"), max_length=24, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("applicant name"), max_length=100)
    id_document_type = models.CharField(_("ID document type"), max_length=32, choices=IdDocumentType.choices)
    id_document_number = models.CharField(_("ID document number"), max_length=40)
    contact_person = models.CharField(
        _("contact person"), max_length=50, blank=True, help_text=_("For organizations: who to contact.")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    applicant_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_requests",
    )

    # Information sought (条例 Art. 29(2)) and how it is wanted (Art. 29(3)).
    description = models.TextField(_("information sought"), max_length=DESCRIPTION_MAX_LENGTH)
    document_number_hint = models.CharField(_("document number (if known)"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose"), max_length=1000, blank=True)
    delivery_form = models.CharField(_("form of delivery"), max_length=20, choices=DeliveryForm.choices)
    delivery_channel = models.CharField(_("delivery channel"), max_length=20, choices=DeliveryChannel.choices)

    # Dates. submitted_at: when the bureau's system or staff first held it. received_on: 条例 Art. 31.
    submitted_at = models.DateTimeField(_("submitted at"))
    arrived_on = models.DateField(
        _("arrived on"), null=True, blank=True, help_text=_("Post and fax: the day it reached the office.")
    )
    received_on = models.DateField(_("received on"), null=True, blank=True, db_index=True)
    receipt_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receipt confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt_confirmation_note = models.CharField(_("how receipt was confirmed"), max_length=300, blank=True)

    # Art. 35: a deadline set by the bureau replaces the formula; its basis is recorded.
    manual_due_on = models.DateField(_("deadline set under Art. 35"), null=True, blank=True)
    manual_due_basis = models.CharField(_("basis of the set deadline"), max_length=300, blank=True)

    # Derived, refreshed by services.workflow after every change (clock.py is the truth).
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    clock_paused = models.BooleanField(_("clock paused"), default=False)

    outcome = models.CharField(_("outcome"), max_length=48, choices=Outcome.choices, blank=True, db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    submitter_ip = models.GenericIPAddressField(_("submitter IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("FOI request")
        verbose_name_plural = _("FOI requests")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["bureau", "state", "due_on"])]
        permissions = [
            ("handle_foirequest", "Can handle FOI requests"),
        ]

    def __str__(self):
        return self.tracking_number

    def audit_bureau_code(self):
        return self.bureau.code


class RequestEvent(models.Model):
    """The register (条例 Art. 45): every step, dated, with who did it; `public` ones the applicant sees."""

    request = models.ForeignKey(FoiRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40)
    at = models.DateTimeField(_("at"))
    on = models.DateField(_("effective date"), help_text=_("The legal date of the step (e.g. receipt date)."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("shown to the applicant"), default=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]


def _attachment_path(instance, filename):
    return f"foi/{instance.request.uuid}/{uuid.uuid4().hex}/{filename}"


class AttachmentRole(models.TextChoices):
    APPLICATION = "application", _("Application material")
    SUPPLEMENT = "supplement", _("Supplement")
    REPLY = "reply", _("Reply document")
    NOTICE = "notice", _("Notice")
    RECEIPT = "receipt", _("Receipt")


class RequestAttachment(TimestampedModel):
    """Files: what the applicant sent, and the documents the bureau generated (receipt, notices, reply)."""

    request = models.ForeignKey(FoiRequest, on_delete=models.CASCADE, related_name="attachments")
    role = models.CharField(_("role"), max_length=20, choices=AttachmentRole.choices)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, blank=True)
    visible_to_applicant = models.BooleanField(_("visible to the applicant"), default=False)

    class Meta:
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")
        ordering = ["created_at", "pk"]


class SupplementRequest(TimestampedModel):
    """条例 Art. 30: the one supplement notice (一次性告知) and its answer."""

    request = models.OneToOneField(FoiRequest, on_delete=models.CASCADE, related_name="supplement")
    items = models.TextField(_("what to supplement"))
    sent_on = models.DateField(_("sent on"))
    period_working_days = models.PositiveSmallIntegerField(_("period (working days)"))
    supply_due_on = models.DateField(_("supplement due on"))
    supplied_on = models.DateField(_("supplement received on"), null=True, blank=True)
    supplied_text = models.TextField(_("supplement"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")


class Consultation(TimestampedModel):
    """条例 Arts 32–34: the time between sending and the reply (or the end of the window) does not count."""

    request = models.ForeignKey(FoiRequest, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("consulted party"), max_length=200)
    subject = models.TextField(_("what was asked"), blank=True)
    sent_on = models.DateField(_("sent on"))
    reply_due_on = models.DateField(_("reply due on"))
    ended_on = models.DateField(_("reply received / ended on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=ConsultationResult.choices, blank=True)
    result_note = models.TextField(_("result note"), blank=True)
    resume_state = models.CharField(max_length=40, default=State.IN_PROGRESS)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["sent_on", "pk"]


class Extension(TimestampedModel):
    """条例 Art. 33 para 2: at most 20 working days, approved by the head of the disclosure office."""

    request = models.OneToOneField(FoiRequest, on_delete=models.CASCADE, related_name="extension")
    working_days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=ExtensionStatus.choices, default="pending")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")


class FeeNotice(TimestampedModel):
    """费用办法: one method per request; the notice goes out within the processing period."""

    request = models.OneToOneField(FoiRequest, on_delete=models.CASCADE, related_name="fee_notice")
    method = models.CharField(_("method"), max_length=20, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField(
        _("quantity"), help_text=_("Items this calendar month (per item) or pages of this request (per page).")
    )
    amount_yuan = models.PositiveIntegerField(_("amount (yuan)"))
    sent_on = models.DateField(_("sent on"))
    pay_due_on = models.DateField(_("payment due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    resume_state = models.CharField(max_length=40, default=State.IN_PROGRESS)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")


class Reply(TimestampedModel):
    """条例 Arts 36–39: exactly one reply type and, where it has several, one sub-reason (= outcome)."""

    request = models.OneToOneField(FoiRequest, on_delete=models.CASCADE, related_name="reply")
    reply_type = models.CharField(_("reply type"), max_length=20, choices=ReplyType.choices)
    outcome = models.CharField(_("sub-reason"), max_length=48, choices=Outcome.choices)
    body = models.TextField(_("reply text"), max_length=20000)
    withheld_reason = models.TextField(_("reasons for what is withheld"), blank=True, max_length=5000)
    referral = models.CharField(
        _("responsible agency and contact"), max_length=300, blank=True, help_text=_("Art. 36(5).")
    )
    status = models.CharField(_("status"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    document_number = models.CharField(_("reply document number"), max_length=60, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_note = models.CharField(_("delivery note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")


class TrackingCode(models.Model):
    """A one-time code sent to the applicant's email or phone to open the tracking page."""

    request = models.ForeignKey(FoiRequest, on_delete=models.CASCADE, related_name="tracking_codes")
    code_hash = models.CharField(max_length=128)
    sent_to = models.CharField(_("sent to (masked)"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class ReminderLog(models.Model):
    """One row per reminder sent, so the daily job never sends the same reminder twice."""

    request = models.ForeignKey(FoiRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)
    on = models.DateField()
    channel = models.CharField(max_length=20)
    recipient = models.CharField(max_length=200)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "on", "channel", "recipient"], name="foi_reminder_once")
        ]
