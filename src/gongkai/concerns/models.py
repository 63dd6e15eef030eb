"""Public concerns (政务舆情) about a bureau and its responses (回应).

A `Concern` is an event of public opinion with its level (`major`: 特别重大、重大突发事件; `other`) and the
time it was detected; its deadlines are computed, never stored (`gongkai.participation.rules`). Each
`ConcernResponse` is one release of authoritative information, press conference or response text; it
reaches the public through four-eyes approval. `escalations` remembers which reminders went out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import ReviewedForPublication, TimestampedModel


class Level(models.TextChoices):
    MAJOR = "major", _("Particularly serious or serious emergency (特别重大、重大突发事件)")
    OTHER = "other", _("Other public opinion")


class ResponseKind(models.TextChoices):
    """The same codes as the deadlines of `participation.rules.concern_deadlines`."""

    AUTHORITATIVE_RELEASE = "authoritative_release", _("Release of authoritative information")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    RESPONSE = "response", _("Response")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", _("Published")


class Concern(TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="concerns"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what the public is concerned about"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    detected_at = models.DateTimeField(_("detected at"))
    escalations = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("first response published at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("public concern")
        verbose_name_plural = _("public concerns")
        ordering = ["-detected_at"]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.bureau.code


class ConcernResponse(ReviewedForPublication, TimestampedModel):
    concern = models.ForeignKey(Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("kind"), max_length=30, choices=ResponseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    occurred_at = models.DateTimeField(_("released or held at"))
    status = models.CharField(_("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["concern", "occurred_at", "pk"]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.concern.bureau.code
